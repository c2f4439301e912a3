#!/usr/bin/env bash
echo "greeting=$GREETING"
echo "from host=$FROM_HOST"
echo "token=$API_TOKEN"
echo "token on stderr: $API_TOKEN" >&2
