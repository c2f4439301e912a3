#!/usr/bin/env bash
# Exits at once and successfully, leaving a background process that still holds its stdout.
sleep 300 &
echo $! > "$1"
echo "left $!"
