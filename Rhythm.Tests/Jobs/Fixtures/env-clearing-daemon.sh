#!/usr/bin/env bash
# Double-forks a daemon that leaves the session and starts with an empty environment, then exits at once.
# setsid and env exec in place, so $! is the daemon's pid; it goes to the file named by $1.
( setsid env -i sleep 300 & echo $! > "$1" )
echo "daemon started"
