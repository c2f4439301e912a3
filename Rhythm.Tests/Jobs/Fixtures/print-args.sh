#!/usr/bin/env bash
# Prints each argument on its own line between < and >, exactly as received.
for argument in "$@"; do
  printf '<%s>\n' "$argument"
done
