#!/usr/bin/env bash
# Runs a command and then prints how long it took: `make test` names each of its steps so, because
# the whole suite must stay within its 25-minute budget on a 2-core machine and the figures say
# which step to look at first.
#
#   scripts/timed.sh NAME COMMAND [ARG…]
set -uo pipefail
[ $# -ge 2 ] || { echo "usage: $0 NAME COMMAND [ARG…]" >&2; exit 2; }
name=$1; shift
# `times` prints minutes and seconds (1m2.500s); the sum in whole seconds.
cpu_seconds() {
  awk -v a="$1" -v b="$2" 'function s(t) { split(t, p, /[ms]/); return p[1] * 60 + p[2] }
    BEGIN { printf "%d", s(a) + s(b) }'
}
# The whole machine's idle share over the step, from /proc/stat (idle and iowait of every CPU):
# the CPU above counts only processes the step waited for, not those their children left behind
# (Chromium's renderers outlive their parent), nor what runs beside the step.
idle_jiffies() { awk '/^cpu / { print $5 + $6, $2 + $3 + $4 + $5 + $6 + $7 + $8 + $9 }' /proc/stat; }
read -r idle_before all_before <<< "$(idle_jiffies)"
start=$(date +%s)
status=0
"$@" || status=$?
# The CPU the step's processes used (user and system, of every process it waited for): beside the
# wall time, it says whether a step waits (on a browser, a server) or competes for the 2 cores.
# (`times` in this shell: in a pipe or a $(…) it would report a subshell's.)
cpu_record=$(mktemp); times > "$cpu_record"
read -r _ _ cpu_user cpu_system <<< "$(tr '\n' ' ' < "$cpu_record")"; rm -f "$cpu_record"
read -r idle_after all_after <<< "$(idle_jiffies)"
idle=$(( (idle_after - idle_before) * 100 / (all_after - all_before > 0 ? all_after - all_before : 1) ))
echo "make test: step '$name' took $(( $(date +%s) - start )) s, CPU $(cpu_seconds "$cpu_user" "$cpu_system") s," \
  "machine idle ${idle}% (exit $status)"
exit "$status"
