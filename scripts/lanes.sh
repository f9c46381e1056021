#!/usr/bin/env bash
# Runs each argument, a shell command, at the same time as the others, and prints each one's output
# when all have ended, in the order given, with its wall time. Exits 1 when any of them failed.
#
#   scripts/lanes.sh 'COMMAND A && COMMAND B' 'COMMAND C'
#
# `make test` runs its single-threaded checks this way (valgrind's leak check and the libFuzzer
# runs each use one core): on a 2-core machine two lanes take half the time of one.
set -uo pipefail

[ $# -gt 0 ] || { echo "usage: $0 COMMAND [COMMAND…]" >&2; exit 2; }
dir=$(mktemp -d "${TMPDIR:-/tmp}/minaoshi-lanes.XXXXXX")
trap 'kill $(jobs -p) 2>/dev/null; rm -rf "$dir"' EXIT
trap 'exit 130' INT TERM

pids=()
for i in $(seq 1 $#); do
  command=${!i}
  (
    start=$(date +%s)
    bash -c "set -euo pipefail; $command" > "$dir/$i.log" 2>&1
    status=$?
    echo "$status $(( $(date +%s) - start ))" > "$dir/$i.status"
    exit "$status"
  ) &
  pids+=($!)
done

failed=0
for i in $(seq 1 $#); do
  wait "${pids[$((i - 1))]}" || true
  read -r status seconds < "$dir/$i.status" || { status=1; seconds='?'; }
  echo "── lane $i (${seconds} s, exit ${status}): ${!i}"
  cat "$dir/$i.log"
  [ "$status" -eq 0 ] || failed=1
done
[ "$failed" -eq 0 ] || { echo "lanes: a lane failed (see its output above)" >&2; exit 1; }
