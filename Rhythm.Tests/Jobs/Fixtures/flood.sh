#!/usr/bin/env bash
# About 50 MB of ordinary lines, then a 5 MB line with no newline in it, then one last line.
yes 'the quick brown fox jumps over the lazy dog 0123456789' | head -c 50000000
head -c 5000000 /dev/zero | tr '\0' 'x'
echo
echo END
