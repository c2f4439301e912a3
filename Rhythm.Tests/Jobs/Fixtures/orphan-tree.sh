#!/usr/bin/env bash
# Plays a step tree whose host crashed. Writes "root PID STARTTIME" and "child PID" lines to $1.
# With $2 = leave, the root exits after starting its child, so only the child survives.
echo "root $$ $(cut -d' ' -f22 /proc/$$/stat)" >> "$1"
sleep 300 &
echo "child $!" >> "$1"
if [ "$2" = leave ]; then
  exit 0
fi
sleep 300 &
echo "child $!" >> "$1"
wait
