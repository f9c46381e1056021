#!/usr/bin/env bash
# Runs a command and then prints how long it took: `make test` names each of its steps so, because
# the whole suite must stay within its 25-minute budget on a 2-core machine and the figures say
# which step to look at first.
#
#   scripts/timed.sh NAME COMMAND [ARG…]
set -uo pipefail
[ $# -ge 2 ] || { echo "usage: $0 NAME COMMAND [ARG…]" >&2; exit 2; }
name=$1; shift
start=$(date +%s)
status=0
"$@" || status=$?
echo "make test: step '$name' took $(( $(date +%s) - start )) s (exit $status)"
exit "$status"
