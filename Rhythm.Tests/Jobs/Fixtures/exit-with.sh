#!/usr/bin/env bash
echo "exiting with $1"
exit "$1"
