#!/usr/bin/env bash
# The race detector's own check, before `make tsan` trusts a quiet suite: runs the canary test
# (Tests/MinaoshiSupportTests/ThreadSanitizerCanaryTests.swift, two threads adding to one counter
# without a lock) in the ThreadSanitizer build and succeeds only when ThreadSanitizer reports the
# race and fails the run. A build without the instrumentation passes every other test in silence.
#
#   scripts/tsan-self-test.sh .build/debug/MinaoshiPackageTests.xctest
set -uo pipefail
[ $# -eq 1 ] || { echo "usage: $0 TEST-BINARY" >&2; exit 2; }
binary=$1
log=$(mktemp "${TMPDIR:-/tmp}/minaoshi-tsan-canary.XXXXXX")
trap 'rm -f "$log"' EXIT

MINAOSHI_TSAN_CANARY=1 TSAN_OPTIONS=halt_on_error=1 \
  "$binary" --testing-library swift-testing --filter 'ThreadSanitizerCanaryTests' > "$log" 2>&1
status=$?
if [ "$status" -ne 0 ] && grep -qE 'WARNING: ThreadSanitizer: (data|Swift access) race' "$log" \
    && grep -q 'twoThreadsRaceOnOneCounter' "$log"; then
  echo "tsan self-test: ThreadSanitizer reported the canary's race, exit $status"
  exit 0
fi
cat "$log" >&2
echo "tsan self-test: FAILED, ThreadSanitizer did not report the canary's race (exit $status)" >&2
exit 1
