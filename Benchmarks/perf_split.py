#!/usr/bin/env python3
"""A perf profile's samples split by the frames on their stacks.

    perf record -F 2000 -g -o build.perf -- minaoshi build ...
    python3 Benchmarks/perf_split.py build.perf 'load=BuildStep.load' 'parse=readFrontMatter' ...

Each NAME=MARKER counts the samples whose stack (demangled) holds MARKER (`A&&B`: both), the first
that matches in the order given; the rest is `(rest)`. Prints each share of all samples (issue 20's
body-edit profiles were split so).
"""
import collections
import subprocess
import sys


def main():
    markers = [argument.split("=", 1) for argument in sys.argv[2:]]
    script = subprocess.run(
        f"perf script -i {sys.argv[1]} -F comm,ip,sym 2>/dev/null | swift demangle --simplified",
        shell=True, capture_output=True, text=True, check=True).stdout
    samples, current = [], []
    for line in script.splitlines():
        if line.strip():
            current.append(line)
        elif current:
            samples.append("\n".join(current))
            current = []
    if current:
        samples.append("\n".join(current))
    counts = collections.Counter()
    for stack in samples:
        for name, marker in markers:
            if all(part in stack for part in marker.split("&&")):
                counts[name] += 1
                break
        else:
            counts["(rest)"] += 1
    for name, _ in markers + [("(rest)", "")]:
        print(f"| {name} | {100 * counts[name] / max(1, len(samples)):.1f}% |")
    print(f"samples: {len(samples)}")


if __name__ == "__main__":
    main()
