#!/usr/bin/env python3
"""`minaoshi build` with its cache after a one-file edit, against a clean build; not a timed test.

    python3 Benchmarks/incremental.py [--size 10000] [--runs 3] [--minaoshi PATH] [--no-build]

On the generated corpus of --size documents (Benchmarks/generate_corpus.py, kept in the work folder on
/dev/shm as Benchmarks/run.py keeps it), each round times, alternating:
  body        one regulation's body edited, then minaoshi build (the cache of the previous build)
  title       the same document's title edited, then minaoshi build
  term        the same document's first category changed to another, then minaoshi build
  clean       minaoshi build --no-cache of the same sources into a folder of its own (renders
              everything, as before the cache; the edits' folder and cache stay as they were)
and checks that the last edit's site is byte-identical to the clean build's (diff -r). Prints each
kind's median wall and CPU time, its ratio to the clean build, and the bodies the cache gave after an
unmeasured edit of each kind (`--verbose`). The machine is shared: compare ratios, not seconds.
"""
import argparse
import os
import re
import statistics
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.dont_write_bytecode = True
import run  # noqa: E402  (corpus(), measure(), ensure_tools())


def edit(path, kind, round_number):
    with open(path, encoding="utf-8") as f:
        text = f.read()
    if kind == "body":
        text = text.rstrip("\n") + f"\n\n編集{round_number}回目の追記です。\n"
    elif kind == "title":
        text = re.sub(r"^title: .*$", f"title: 編集{round_number}回目の題名", text, count=1, flags=re.M)
    elif kind == "term":
        def swap(match):
            terms = [t.strip() for t in match.group(1).split(",")]
            terms[0] = "on-site-audit" if terms[0] != "on-site-audit" else "visual-inspection"
            return "categories: [" + ", ".join(terms) + "]"
        text, count = re.subn(r"^categories: \[([^\]]*)\]", swap, text, count=1, flags=re.M)
        if count == 0:
            sys.exit(f"{path} has no inline categories list to edit")
    temporary = path + ".tmp"
    with open(temporary, "w", encoding="utf-8") as f:
        f.write(text)
    os.replace(temporary, path)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", type=int, default=10000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--minaoshi")
    parser.add_argument("--no-build", action="store_true")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--workdir", default="/dev/shm/minaoshi-bench")
    args = parser.parse_args()
    os.makedirs(args.workdir, exist_ok=True)
    run.REPORTS = args.workdir
    minaoshi = run.ensure_tools(args.minaoshi, args.no_build)
    root, _ = run.corpus(args.workdir, args.size, args.seed)
    out = os.path.join(args.workdir, f"incremental-{args.size}")
    site, reference = os.path.join(out, "site"), os.path.join(out, "reference")
    os.makedirs(out, exist_ok=True)
    regulations = os.path.join(root, "content", "regulations")
    document = os.path.join(regulations, sorted(n for n in os.listdir(regulations) if n.endswith(".md"))[0])
    with open(document, encoding="utf-8") as f:
        original = f.read()
    build = [minaoshi, "build", "--root", root, "--output", site, "--now", "2026-11-27"]
    clean_build = [minaoshi, "build", "--root", root, "--output", reference, "--now", "2026-11-27", "--no-cache"]
    kinds = ["body", "title", "term"]
    times = {kind: [] for kind in ["clean"] + kinds}
    reused = {}
    print(f"# Incremental builds at {args.size} documents ({minaoshi}; load average {run.load()})")
    try:
        # The cache's first fill, then one unmeasured edit of each kind to read what the cache gave.
        subprocess.run(build + ["--clean"], check=True, stdout=subprocess.DEVNULL)
        for kind in kinds:
            edit(document, kind, -1)
            verbose = subprocess.run(build + ["--verbose"], check=True, capture_output=True, text=True).stdout
            match = re.search(r"(\d+) bodies reused from the cache, (\d+) rendered", verbose)
            reused[kind] = match.group(0) if match else "?"
        for round_number in range(args.runs):
            for kind in kinds:
                edit(document, kind, round_number)
                times[kind].append(run.measure([build]))
            # The clean build of the same sources, into its own folder: built into the edited
            # site's, it would replace the tree the cache describes and the next edit would keep
            # no page. It is also the reference the last edit's site must equal.
            times["clean"].append(run.measure([clean_build]))
            subprocess.run(["diff", "-r", "-q", site, reference], check=True)
            run.log(f"round {round_number + 1}: identical to a clean build")
    finally:
        with open(document, "w", encoding="utf-8") as f:
            f.write(original)
    clean = statistics.median(r.wall for r in times["clean"])
    print()
    print("| build | wall (median) | CPU (median) | ratio to clean (wall) | peak RSS |")
    print("|---|---|---|---|---|")
    for kind, runs in times.items():
        wall = statistics.median(r.wall for r in runs)
        cpu = statistics.median(r.cpu for r in runs)
        print(f"| {kind} | {wall:.2f} s | {cpu:.2f} s | {wall / clean:.2f}× | {max(r.rss_kib for r in runs) // 1024} MiB |")
    print()
    for kind in kinds:
        print(f"- {kind} edit (an unmeasured one before the rounds): {reused[kind]}")
    print(f"- load average at end: {run.load()}")


if __name__ == "__main__":
    main()
