#!/usr/bin/env bash
# On SIGTERM, run a clean-up that starts commands of its own, counting how often the handler starts.
# $1: the file the handler appends to.
log="$1"
cleanup() {
  echo start >> "$log"
  sleep 0.3 || echo interrupted >> "$log"
  echo done >> "$log"
  exit 0
}
trap cleanup TERM
echo ready >> "$log"
while :; do sleep 0.05; done
