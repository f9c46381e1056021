#!/usr/bin/env bash
# Runs the libFuzzer targets (Tests/Fuzz/README.md) for SECONDS each, one after the other, and
# prints per target its executions, coverage (libFuzzer's cov: and ft:) and findings. Exits non-zero
# on any crash, hang (-timeout), leak (-detect_leaks=1) or memory blow-up (-rss_limit_mb), keeping
# the input that caused it in .build-fuzz/findings/<target>/ (replay: the binary with the file).
#
#   scripts/fuzz.sh [SECONDS] [TARGET…]     default: 60 s, every target
#   scripts/fuzz.sh --build-only            build every target and stop
#   FUZZ_SKIP_BUILD=1 scripts/fuzz.sh …     use the binaries built already (so that two runs can go
#                                           in parallel: `make test` runs two lanes)
#
# Builds every target once into .build-fuzz, debug with line tables only and each module compiled
# whole (as the Makefile's DEBUG_FLAGS), with -sanitize=fuzzer,address (MINAOSHI_FUZZ declares the targets in
# Package.swift). Each run starts from a copy of the committed seed corpus
# (Tests/Fuzz/<target>/corpus) in /dev/shm, so what a run finds does not grow the repository.
set -euo pipefail
cd "$(dirname "$0")/.."

all=(front-matter markdown tokenizer query template csv-import xlsx-import)
build_only=
if [ "${1:-}" = "--build-only" ]; then build_only=1; shift; fi
seconds=${1:-60}
[[ "$seconds" =~ ^[0-9]+$ ]] || { echo "usage: $0 [SECONDS] [TARGET…]; targets: ${all[*]}" >&2; exit 2; }
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=("${all[@]}")
for target in "${targets[@]}"; do
  [ -d "Tests/Fuzz/$target/corpus" ] || { echo "unknown target '$target'; targets: ${all[*]}" >&2; exit 2; }
done

scratch=.build-fuzz
if [ -z "${FUZZ_SKIP_BUILD:-}" ]; then
  # One build for every target (in fuzz mode the package holds only them and what they read).
  # ld.gold warns about every ASan check symbol it cannot export; only errors matter here.
  # A log of this run's own: `make test` starts an early build of the same targets in the background.
  mkdir -p "$scratch"
  log="$scratch/build-$$.log"
  if ! MINAOSHI_FUZZ=1 swift build -c debug --scratch-path "$scratch" -Xswiftc -sanitize=fuzzer,address \
      -Xswiftc -gline-tables-only -Xswiftc -wmo -Xswiftc -num-threads -Xswiftc 2 > "$log" 2>&1; then
    grep -v "Cannot export local symbol" "$log" | tail -40 >&2
    echo "fuzz: building the fuzz targets failed" >&2
    exit 1
  fi
  rm -f "$log"
fi
[ -z "$build_only" ] || exit 0

work=${FUZZ_WORK:-/dev/shm/minaoshi-fuzz-$$}
failed=0
printf '%-14s %12s %8s %8s %8s  %s\n' target executions cov ft seconds result
for target in "${targets[@]}"; do
  binary="$scratch/debug/fuzz-$target"
  findings="$scratch/findings/$target"
  corpus="$work/$target"
  rm -rf "$corpus"; mkdir -p "$corpus" "$findings"
  cp "Tests/Fuzz/$target/corpus/"* "$corpus/"
  dict=()
  [ -f "Tests/Fuzz/$target/fuzz.dict" ] && dict=(-dict="Tests/Fuzz/$target/fuzz.dict")
  log="$work/$target.log"
  before=$(ls "$findings" | wc -l)
  start=$(date +%s)
  # -timeout: one input taking 10 s is a hang. -rss_limit_mb: ASan's shadow memory and
  # libFuzzer's corpus take a few hundred MB; more than 2 GB is a blow-up. -detect_leaks=1: the
  # Swift runtime's caches stay reachable from globals, so LeakSanitizer reports only real leaks;
  # Tests/Fuzz/lsan.supp names the toolchain's own (Foundation's), none of Minaoshi's.
  status=0
  LSAN_OPTIONS="suppressions=$PWD/Tests/Fuzz/lsan.supp:print_suppressions=0${LSAN_OPTIONS:+:$LSAN_OPTIONS}" "$binary" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -malloc_limit_mb=2048 -detect_leaks=1 \
    -max_len=16384 -print_final_stats=1 -artifact_prefix="$findings/" "${dict[@]}" "$corpus" > "$log" 2>&1 || status=$?
  elapsed=$(( $(date +%s) - start ))
  executions=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1 || true)
  coverage=$(grep -Eo 'cov: [0-9]+ ft: [0-9]+' "$log" | tail -1 || true)
  cov=$(awk '{print $2}' <<< "$coverage"); ft=$(awk '{print $4}' <<< "$coverage")
  after=$(ls "$findings" | wc -l)
  if [ "$status" -eq 0 ] && [ "$after" -eq "$before" ]; then
    result=ok
  else
    newest=$(ls -t "$findings" | head -1 || true)
    result="FAILED (exit $status): $findings/$newest, log $log"
    failed=1
  fi
  printf '%-14s %12s %8s %8s %8s  %s\n' "$target" "${executions:-?}" "${cov:-?}" "${ft:-?}" "$elapsed" "$result"
  if [ "$result" != ok ]; then
    grep -E "ERROR|SUMMARY|Fatal error|fatalError|==[0-9]+==" "$log" | head -20 >&2 || true
  fi
done
[ "$failed" -eq 0 ] || { echo "fuzz: a target failed; its input is kept under $scratch/findings/, the logs in $work" >&2; exit 1; }
rm -rf "$work"
