#!/usr/bin/env bash
# Field 6 of /proc/PID/stat is the session id (bash's name has no spaces, so plain splitting is safe).
echo "pid=$$ session=$(cut -d' ' -f6 /proc/$$/stat)"
