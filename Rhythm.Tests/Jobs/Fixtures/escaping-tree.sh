#!/usr/bin/env bash
# Everything a badly behaved step can do to outlive its run: it ignores SIGTERM (and so does everything it
# starts), forks a child and a grandchild, and double-forks a daemon that leaves the session with setsid.
# Every pid goes to the file named by $1, one per line; six in all.
pids="$1"
trap '' TERM
sleep 300 &
echo $! >> "$pids"
bash -c 'sleep 300 & echo $! >> "$1"; echo $$ >> "$1"; wait' child "$pids" &
( setsid bash -c 'sleep 300 & echo $! >> "$1"; echo $$ >> "$1"; wait' daemon "$pids" & )
echo $$ >> "$pids"
echo started
wait
