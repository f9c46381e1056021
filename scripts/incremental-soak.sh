#!/bin/sh
# The randomised equivalence test of the incremental build (Tests/MinaoshiSiteTests/
# IncrementalEquivalenceTests.swift) for many more steps than `make test` runs: ROUNDS seeds of
# STEPS random edits each, every step's cached build compared byte for byte with a clean one.
#
#     scripts/incremental-soak.sh [ROUNDS] [STEPS] [FIRST_SEED]     (default 10 rounds of 300 steps)
#
# Each round prints its seed; a failure names the seed and step to run again with
#     MINAOSHI_INCREMENTAL_SEED=S MINAOSHI_INCREMENTAL_STEPS=N swift test --skip-build --filter IncrementalEquivalence
set -eu
cd "$(dirname "$0")/.."
rounds=${1:-10}
steps=${2:-300}
seed=${3:-$(date +%s)}
swift build --build-tests >/dev/null
failed=0
round=1
while [ "$round" -le "$rounds" ]; do
    echo "round $round of $rounds: seed $seed, $steps steps"
    if ! MINAOSHI_INCREMENTAL_SEED=$seed MINAOSHI_INCREMENTAL_STEPS=$steps TMPDIR=${TMPDIR:-/dev/shm} \
        swift test --skip-build --filter IncrementalEquivalenceTests >/dev/shm/incremental-soak-$seed.log 2>&1; then
        echo "  FAILED: see /dev/shm/incremental-soak-$seed.log"
        grep -m 5 "rerun with\|differs\|failed" /dev/shm/incremental-soak-$seed.log || true
        failed=$((failed + 1))
    fi
    seed=$((seed + 1))
    round=$((round + 1))
done
echo "$rounds rounds of $steps steps: $failed failed"
[ "$failed" -eq 0 ]
