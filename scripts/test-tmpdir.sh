#!/usr/bin/env bash
# Prints the folder `make test` gives its tests as TMPDIR: /dev/shm/minaoshi-tests when /dev/shm is a
# tmpfs with at least 4 GiB free, else the TMPDIR it was given (or /tmp).
#
# The suites write thousands of small fixture files, build caches and sites, and sync and rename them
# as a build must; on this machine's ext4 root the randomised incremental-build test alone spent 61 s
# of system CPU on that (13 s on /dev/shm), and the kill test 50 s (25 s). Nothing a test asserts
# depends on the file system: the kill tests kill the process, not the machine, and rename and link
# stay within one folder. The Makefile asks for the folder when it reads itself, for any target.
#
#   scripts/test-tmpdir.sh           the folder (made if missing)
#   scripts/test-tmpdir.sh --clean   also removes what runs killed a day or more ago left in it
set -euo pipefail
fallback=${TMPDIR:-/tmp}
shm=/dev/shm
folder=$shm/minaoshi-tests
needed_kib=$((4 * 1024 * 1024))
if [ "$(stat -f -c %T "$shm" 2>/dev/null)" = tmpfs ] && [ -w "$shm" ] \
    && [ "$(df --output=avail -k "$shm" | tail -n 1 | tr -d ' ')" -ge "$needed_kib" ]; then
    mkdir -p "$folder"
    if [ "${1:-}" = --clean ]; then
        find "$folder" -mindepth 1 -maxdepth 1 -mmin +1440 -exec rm -rf {} +
    fi
    echo "$folder"
else
    echo "$fallback"
fi
