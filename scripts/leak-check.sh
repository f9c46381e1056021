#!/usr/bin/env bash
# Runs the Markdown layer's tests under valgrind and fails on a definite leak (or an invalid
# read, write or free): every cmark-gfm parser, node, iterator and rendered string must be
# freed by MinaoshiMarkdown.
#
# What runs: the package's test binary, with Swift Testing's --filter restricted to
#   default      every test in MinaoshiMarkdownTests: the GFM spec and extension examples
#                (about 2,100 renders), the renderer tests, and 1,800 renders from 8 threads
#   --quick      only MarkdownRendererTests and ParallelRenderTests
#   --self-test  only a canary test that leaks one cmark document on purpose
#                (LeakCheckCanaryTests, skipped in ordinary runs); succeeds when valgrind
#                catches it, which proves this check can fail
#
# Workarounds for Debian bookworm's valgrind 3.19 and the Swift runtime:
#   - it cannot read the DWARF 5 that Swift 6 emits, so the tests are built with DWARF 4, into
#     the scratch path MINAOSHI_LEAK_SCRATCH (default .build-leak). MINAOSHI_LEAK_BINARY names a
#     test binary built so already, and nothing is built: `make test` passes the copy of its own
#     debug build's (.build/plain), which its ThreadSanitizer build in .build leaves alone;
#   - it crashes when an async main parks the main thread in libdispatch's dispatch_main(), as
#     the Swift Testing runner does, so a small preloaded shim replaces dispatch_main() with a
#     loop that drains the main queue on the main thread (what Foundation's run loop does);
#   - --undef-value-errors=no: Swift's optimised runtime and Swift Testing (parameterised tests)
#     make valgrind report uses of uninitialised values that are not about our code; this is a
#     leak check, so only leaks and invalid reads, writes and frees count (and it runs faster).
#
# `make test` runs `--quick` and `--self-test`; the default (every Markdown test) is for a change
# to the cmark layer. Installs valgrind with apt-get if missing (as root).
set -euo pipefail
cd "$(dirname "$0")/.."

mode=${1:-default}
case "$mode" in
  default) filters=(--filter 'MinaoshiMarkdownTests\.') ;;
  --quick) filters=(--filter 'MinaoshiMarkdownTests\.MarkdownRendererTests' --filter 'MinaoshiMarkdownTests\.ParallelRenderTests') ;;
  --self-test) filters=(--filter 'MinaoshiMarkdownTests\.LeakCheckCanaryTests') ;;
  *) echo "usage: $0 [--quick|--self-test]" >&2; exit 2 ;;
esac

if ! command -v valgrind >/dev/null 2>&1; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "valgrind is missing. Run: sudo apt-get update && sudo apt-get install -y valgrind" >&2
    exit 1
  fi
  echo "Installing valgrind"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -q
  apt-get install -y -q --no-install-recommends valgrind
fi

start=$(date +%s)
work=$(mktemp -d "${TMPDIR:-/tmp}/minaoshi-leak-check.XXXXXX")
trap 'rm -rf "$work"' EXIT

cat > "$work/dispatch-main-shim.c" <<'SHIM'
#define _GNU_SOURCE
#include <dlfcn.h>
#include <poll.h>
#include <stdint.h>
#include <unistd.h>

/* Services libdispatch's main queue from the main thread, forever; the test runner ends the
   process with exit(). Looked up at run time so that the shim links against nothing. */
void dispatch_main(void) {
    int (*handle)(void) = (int (*)(void))dlsym(RTLD_DEFAULT, "_dispatch_get_main_queue_handle_4CF");
    void (*drain)(void *) = (void (*)(void *))dlsym(RTLD_DEFAULT, "_dispatch_main_queue_callback_4CF");
    if (!handle || !drain) _exit(70);
    int fd = handle();
    for (;;) {
        struct pollfd ready = { .fd = fd, .events = POLLIN };
        if (poll(&ready, 1, 100) > 0) { uint64_t count; (void)!read(fd, &count, sizeof count); }
        drain(0);
    }
}
SHIM
cc=$(command -v clang || command -v cc)
"$cc" -shared -fPIC -O1 -o "$work/dispatch-main-shim.so" "$work/dispatch-main-shim.c" -ldl

if [ -n "${MINAOSHI_LEAK_BINARY:-}" ]; then
  binary=$MINAOSHI_LEAK_BINARY
else
  scratch=${MINAOSHI_LEAK_SCRATCH:-.build-leak}
  swift build --build-tests --scratch-path "$scratch" -Xswiftc -dwarf-version=4 -Xcc -gdwarf-4
  binary="$scratch/debug/MinaoshiPackageTests.xctest"
fi

log="$work/valgrind.log"
if [ "$mode" = --self-test ]; then export MINAOSHI_LEAK_CANARY=1; fi
# valgrind runs one thread at a time, so the parallel test's workers overlap only by chance here;
# it tells the test not to require an overlap (the renders must still be byte-identical).
export MINAOSHI_UNDER_VALGRIND=1

set +e
LD_PRELOAD="$work/dispatch-main-shim.so" \
  valgrind --leak-check=full --errors-for-leak-kinds=definite --error-exitcode=1 \
  --show-leak-kinds=definite --num-callers=40 --undef-value-errors=no --log-file="$log" \
  "$binary" --testing-library swift-testing "${filters[@]}"
status=$?
set -e

grep -E '^==[0-9]+== +(ERROR SUMMARY|definitely lost|indirectly lost)' "$log" || true
definite=$(grep -cE '^==[0-9]+== [0-9,]+ .*bytes in [0-9,]+ blocks are definitely lost' "$log" || true)
in_cmark=$(grep -cE '^==[0-9]+== +(at|by) 0x[0-9A-F]+: cmark_' "$log" || true)
elapsed=$(( $(date +%s) - start ))

if [ "$mode" = --self-test ]; then
  if [ "$status" -ne 0 ] && [ "$definite" -gt 0 ] && [ "$in_cmark" -gt 0 ]; then
    echo "leak-check self-test: valgrind caught the canary's leaked cmark document, exit $status (${elapsed}s)"
    exit 0
  fi
  cat "$log" >&2
  echo "leak-check self-test: FAILED, valgrind did not report the canary's leak (exit $status)" >&2
  exit 1
fi

if [ "$status" -ne 0 ]; then
  cat "$log" >&2
  if [ "$definite" -gt 0 ]; then
    echo "leak-check: FAILED, $definite definite leak record(s), stacks above (${elapsed}s)" >&2
  else
    echo "leak-check: FAILED, exit $status: a failing test or another valgrind error, see above (${elapsed}s)" >&2
  fi
  exit 1
fi
echo "leak-check: no definite leaks in MinaoshiMarkdownTests (${mode#--}) under valgrind (${elapsed}s)"
