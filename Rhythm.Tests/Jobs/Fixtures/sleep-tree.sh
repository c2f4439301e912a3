#!/usr/bin/env bash
# A step that runs until stopped: its pid and its child's pid go to the file named by $1.
sleep 300 &
echo $! >> "$1"
echo $$ >> "$1"
echo started
wait
