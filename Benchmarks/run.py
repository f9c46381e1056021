#!/usr/bin/env python3
"""Builds generated corpora with `minaoshi build` and with Debian's `hugo`, and measures the floor.

    python3 Benchmarks/run.py [--sizes 1000,10000,100000] [--runs 3] [--minaoshi PATH]

For each size it generates (or reuses) a corpus on /dev/shm with Benchmarks/generate_corpus.py, then
runs, --runs times and alternating the order of the two generators each round:
  minaoshi   minaoshi build --root CORPUS --output OUT/minaoshi
  hugo       hugo --source CORPUS/hugo --destination OUT/hugo --quiet
  cmark-gfm  the floor's first half: Debian's cmark-gfm CLI (tables, task lists, footnotes, no raw
             HTML: Minaoshi's Markdown set) over every Markdown file of the corpus, given many files per
             process (it concatenates them into one document) in as many parallel streams as there
             are cores, output to /dev/shm
  cp -r      the floor's second half: a copy of Minaoshi's output tree on /dev/shm
Outputs are removed between runs. Each run's wall time (measured here), user+system CPU time and peak
RSS (ru_maxrss, reported by GNU time for each command; for the parallel cmark-gfm streams the CPU times
add up and the peak is the largest) are taken; the table shows medians (peak RSS: the largest of the
runs) and the ratios. Needs Linux and /dev/shm.

Installs Debian's hugo, cmark-gfm and time itself when missing (scripts/install-deps.sh bench).
Without --minaoshi it builds the release binary first: swift build -c release --product minaoshi.
"""

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)
GENERATOR = os.path.join(HERE, "generate_corpus.py")
sys.path.insert(0, HERE)
sys.dont_write_bytecode = True  # no __pycache__ in the work tree
from generate_corpus import generator_hash  # noqa: E402

TIME = "/usr/bin/time"  # GNU time (Debian's package time)
REPORTS = "/dev/shm"  # set to the work folder in main()
CMARK_ARGS = ["--extension", "table", "--extension", "tasklist", "--extension", "footnotes", "--to", "html"]
FILES_PER_CMARK = 1000


def log(message):
    print(message, file=sys.stderr, flush=True)


def load():
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


# ---------------------------------------------------------------------------------------------
# Tools

def ensure_tools(minaoshi, skip_build):
    if not (shutil.which("hugo") and shutil.which("cmark-gfm") and os.access(TIME, os.X_OK)):
        log("hugo, cmark-gfm or GNU time is missing: scripts/install-deps.sh bench")
        subprocess.run([os.path.join(REPO, "scripts", "install-deps.sh"), "bench"], check=True)
    if minaoshi:
        path = os.path.abspath(minaoshi)
    else:
        path = os.path.join(REPO, ".build", "release", "minaoshi")
        if not skip_build:
            log("swift build -c release --product minaoshi (up to date: a few seconds; from scratch: minutes)")
            subprocess.run(["swift", "build", "-c", "release", "--product", "minaoshi"], cwd=REPO, check=True)
    if not os.access(path, os.X_OK):
        sys.exit(f"no minaoshi executable at {path}")
    return path


def version(command):
    try:
        return subprocess.run(command, capture_output=True, text=True).stdout.strip().splitlines()[0]
    except (OSError, IndexError):
        return "?"


# ---------------------------------------------------------------------------------------------
# Corpora

def corpus(workdir, count, seed):
    """The corpus for COUNT documents, generated again only when its stamp does not match."""
    path = os.path.join(workdir, f"corpus-{count}")
    want = {"count": count, "seed": seed, "generator": generator_hash()}
    try:
        with open(os.path.join(path, "corpus.json")) as f:
            stamp = json.load(f)
        if all(stamp.get(k) == v for k, v in want.items()):
            # The documents are reused; the templates are the repository's as they are now, so a
            # kept corpus never builds with templates the binary no longer matches.
            shutil.rmtree(os.path.join(path, "templates"), ignore_errors=True)
            shutil.copytree(os.path.join(REPO, "templates"), os.path.join(path, "templates"))
            return path, stamp
    except (OSError, ValueError):
        pass
    shutil.rmtree(path, ignore_errors=True)
    log(f"generating {count} documents into {path}")
    started = time.perf_counter()
    subprocess.run([sys.executable, GENERATOR, str(count), path, "--seed", str(seed)], check=True)
    log(f"  generated in {time.perf_counter() - started:.1f} s")
    with open(os.path.join(path, "corpus.json")) as f:
        return path, json.load(f)


def markdown_files(root):
    files = []
    content = os.path.join(root, "content")
    for folder, dirs, names in os.walk(content):
        dirs[:] = sorted(d for d in dirs if not d.startswith("_"))
        files += [os.path.relpath(os.path.join(folder, n), root) for n in sorted(names) if n.endswith(".md")]
    return files


def count_files(path):
    return sum(len(names) for _, _, names in os.walk(path))


def remove(path):
    if os.path.isdir(path):
        shutil.rmtree(path)
    elif os.path.exists(path):
        os.remove(path)


# ---------------------------------------------------------------------------------------------
# Measuring

class Run:
    def __init__(self, wall, cpu, rss_kib):
        self.wall, self.cpu, self.rss_kib = wall, cpu, rss_kib


def measure(commands, cwd=None):
    """Starts every command at once and waits for all: wall time, summed CPU time, largest peak RSS.

    Each command runs under GNU time, which reports the CPU time and ru_maxrss of what it ran. Taking
    them from wait4 here instead would be wrong for small programs: Linux carries the peak RSS of the
    forking process (this Python, about 20 MiB) across exec into the child's ru_maxrss.
    """
    started = time.perf_counter()
    children = []
    for index, command in enumerate(commands):
        report = os.path.join(REPORTS, f"rusage-{index}")
        process = subprocess.Popen([TIME, "-f", "%U %S %M", "-o", report] + command, cwd=cwd,
                                   stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        children.append((process, report, command))
    cpu, rss = 0.0, 0
    failures = []
    for process, report, command in children:
        _, stderr = process.communicate()
        if process.returncode != 0:
            failures.append(f"{' '.join(command)[:200]} … exited {process.returncode}:\n{stderr.decode(errors='replace')[-3000:]}")
            continue
        with open(report) as f:
            user, system, maxrss = f.read().split()[-3:]
        cpu += float(user) + float(system)
        rss = max(rss, int(maxrss))
    wall = time.perf_counter() - started
    if failures:
        sys.exit("\n".join(failures))
    return Run(wall, cpu, rss)


def bench_size(count, seed, runs, workdir, minaoshi):
    root, stamp = corpus(workdir, count, seed)
    out = os.path.join(workdir, f"out-{count}")
    remove(out)
    os.makedirs(out)
    site = os.path.join(out, "minaoshi")
    hugo_site = os.path.join(out, "hugo")
    copy = os.path.join(out, "cp")
    cmark_out = os.path.join(out, "cmark")
    files = markdown_files(root)
    streams = max(1, os.cpu_count() or 1)
    size = max(1, min(FILES_PER_CMARK, -(-len(files) // streams)))  # every core gets files, even at small N
    batches = [files[i:i + size] for i in range(0, len(files), size)]
    # Several batches per stream run one after another from one shell script (a file: one argument
    # may not exceed 128 KiB), so a stream is one child of GNU time.
    per_stream = [batches[i::streams] for i in range(streams)]
    cmark_commands = []
    for index, stream in enumerate(per_stream):
        if not stream:
            continue
        script = os.path.join(out, f"cmark-{index}.sh")
        with open(script, "w") as f:
            f.write("set -e\n")
            for batch in stream:
                f.write("cmark-gfm " + " ".join(CMARK_ARGS) + " " + " ".join(batch) + f" >> {cmark_out}-{index}.html\n")
        cmark_commands.append(["sh", script])

    tools = {
        "minaoshi": lambda: measure([[minaoshi, "build", "--no-cache", "--root", root, "--output", site]]),
        "hugo": lambda: measure([["hugo", "--source", os.path.join(root, "hugo"), "--destination", hugo_site, "--quiet"]]),
    }
    results = {name: [] for name in ["minaoshi", "hugo", "cmark-gfm", "cp -r"]}
    files_out = {}
    log(f"{count} documents: {runs} rounds (load average {load()})")
    for round_index in range(runs):
        order = ["minaoshi", "hugo"] if round_index % 2 == 0 else ["hugo", "minaoshi"]
        for name in order:
            results[name].append(tools[name]())
        files_out.setdefault("minaoshi", count_files(site))
        files_out.setdefault("hugo", count_files(hugo_site))
        results["cmark-gfm"].append(measure(cmark_commands, cwd=root))
        results["cp -r"].append(measure([["cp", "-r", site, copy]]))
        files_out.setdefault("cmark-gfm", len(files))
        files_out.setdefault("cp -r", count_files(copy))
        for path in [site, hugo_site, copy] + [f"{cmark_out}-{i}.html" for i in range(streams)]:
            remove(path)
        log(f"  round {round_index + 1}: " + ", ".join(f"{name} {results[name][-1].wall:.2f} s" for name in results))
    remove(out)
    return stamp, results, files_out, len(cmark_commands), len(batches)


# ---------------------------------------------------------------------------------------------
# Report

def median_wall(runs):
    return statistics.median(r.wall for r in runs)


def median_cpu(runs):
    return statistics.median(r.cpu for r in runs)


def peak(runs):
    return max(r.rss_kib for r in runs)


def ratio(a, b):
    return f"{a / b:.2f}×" if b else "n/a"


def report(count, stamp, results, files_out, streams, batches, runs):
    print()
    print(f"## {count:,} documents ({stamp['regulations']:,} regulation reviews, {stamp['cases']:,} case studies, "
          f"{stamp['bytes'] / 1e6:.1f} MB of Markdown), {runs} runs each")
    print()
    print(f"| {'':<10} | {'median wall':>11} | {'median CPU':>10} | {'peak RSS':>9} | {'files out':>9} | walls of the runs |")
    print(f"|{'-' * 12}|{'-' * 12}:|{'-' * 11}:|{'-' * 10}:|{'-' * 10}:|{'-' * 19}|")
    for name, runs_of in results.items():
        walls = " ".join(f"{r.wall:.2f}" for r in runs_of)
        print(f"| {name:<10} | {median_wall(runs_of):>9.2f} s | {median_cpu(runs_of):>8.2f} s | "
              f"{peak(runs_of) / 1024:>5.0f} MiB | {files_out[name]:>9,} | {walls} |")
    floor_wall = median_wall(results["cmark-gfm"]) + median_wall(results["cp -r"])
    floor_cpu = median_cpu(results["cmark-gfm"]) + median_cpu(results["cp -r"])
    m, h = results["minaoshi"], results["hugo"]
    print(f"| {'floor':<10} | {floor_wall:>9.2f} s | {floor_cpu:>8.2f} s | {'':>9} | {'':>9} | cmark-gfm + cp -r |")
    print()
    print(f"- minaoshi / hugo: wall {ratio(median_wall(m), median_wall(h))}, CPU {ratio(median_cpu(m), median_cpu(h))}, "
          f"peak RSS {ratio(peak(m), peak(h))}")
    print(f"- minaoshi / floor: wall {ratio(median_wall(m), floor_wall)}, CPU {ratio(median_cpu(m), floor_cpu)}; "
          f"hugo / floor: wall {ratio(median_wall(h), floor_wall)}")
    print(f"- cmark-gfm ran in {streams} parallel stream(s) of {batches} process(es) in all, "
          f"up to {FILES_PER_CMARK} files each")


def scaling(all_results):
    sizes = sorted(all_results)
    if len(sizes) < 2:
        return
    print()
    print("## Growth (time ratio ÷ size ratio; 1.00 is linear, above 1 worse than linear)")
    print()
    for small, large in zip(sizes, sizes[1:]):
        factor = large / small
        parts = []
        for name in ["minaoshi", "hugo", "cmark-gfm", "cp -r"]:
            a, b = median_wall(all_results[small][name]), median_wall(all_results[large][name])
            parts.append(f"{name} {b / a / factor:.2f}" if a else f"{name} n/a")
        peak_growth = peak(all_results[large]["minaoshi"]) / peak(all_results[small]["minaoshi"]) / factor
        print(f"- {small:,} → {large:,} (×{factor:g}): " + ", ".join(parts) + f"; minaoshi peak RSS {peak_growth:.2f}")


def growth(small, large, runs, seed, workdir, minaoshi):
    """Minaoshi's growth from `small` to `large` documents, measured so that machine drift cancels:
    builds alternate small, large, small, … and each large build is compared with the mean of the
    small builds on either side of it. Separate runs of the two sizes can differ by a third on
    this shared machine, which is more than the growth being measured."""
    roots = {count: corpus(workdir, count, seed)[0] for count in (small, large)}
    out = os.path.join(workdir, "out-growth")
    factor = large / small
    log(f"growth {small} → {large}: {runs} large build(s) between {runs + 1} small ones (load average {load()})")
    sequence = [small] + [large, small] * runs
    measured = []
    for count in sequence:
        remove(out)
        measured.append(measure([[minaoshi, "build", "--no-cache", "--root", roots[count], "--output", out]]))
        log(f"  {count}: {measured[-1].wall:.2f} s")
    remove(out)
    print()
    print(f"## Growth of minaoshi build, {small:,} → {large:,} documents (×{factor:g}), alternating runs")
    print()
    print("(time of the large build) ÷ (mean of the small builds either side) ÷ the size ratio; 1.00 is linear.")
    print()
    print("| large build | wall | CPU | wall growth | CPU growth | peak RSS |")
    print("|---:|---:|---:|---:|---:|---:|")
    walls, cpus = [], []
    for index in range(runs):
        before, run, after = measured[2 * index], measured[2 * index + 1], measured[2 * index + 2]
        wall = run.wall / ((before.wall + after.wall) / 2) / factor
        cpu = run.cpu / ((before.cpu + after.cpu) / 2) / factor
        walls.append(wall)
        cpus.append(cpu)
        print(f"| {index + 1} | {run.wall:.2f} s | {run.cpu:.2f} s | {wall:.2f} | {cpu:.2f} | {run.rss_kib / 1024:.0f} MiB |")
    print()
    print(f"- median growth: wall {statistics.median(walls):.2f}, CPU {statistics.median(cpus):.2f}")
    print(f"- small builds: walls " + " ".join(f"{measured[i].wall:.2f}" for i in range(0, len(measured), 2)) + " s")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="1000,10000", help="comma-separated corpus sizes (default 1000,10000; add 100000 for the full run)")
    parser.add_argument("--runs", type=int, default=3, help="runs of each tool per size (default 3)")
    parser.add_argument("--minaoshi", help="minaoshi executable to measure (default: build .build/release/minaoshi)")
    parser.add_argument("--no-build", action="store_true", help="use .build/release/minaoshi as it is")
    parser.add_argument("--seed", type=int, default=1, help="corpus seed (default 1)")
    parser.add_argument("--workdir", default="/dev/shm/minaoshi-bench", help="where corpora and outputs go (default /dev/shm/minaoshi-bench)")
    parser.add_argument("--growth", metavar="SMALL,LARGE",
                        help="measure only minaoshi's growth from SMALL to LARGE documents, alternating builds "
                             "(--runs large builds); e.g. --growth 10000,100000")
    parser.add_argument("--steps", type=int, metavar="N",
                        help="time each build step on N documents, --runs builds in one process "
                             "(Benchmarks/StepTimes); e.g. --steps 10000")
    args = parser.parse_args()
    if args.steps:
        os.makedirs(args.workdir, exist_ok=True)
        subprocess.run(["swift", "build", "-c", "release", "--product", "minaoshi-step-times"], cwd=REPO, check=True)
        path, _ = corpus(args.workdir, args.steps, args.seed)
        subprocess.run([os.path.join(REPO, ".build/release/minaoshi-step-times"), path, str(max(args.runs, 5)),
                        os.path.join(args.workdir, "step-times")], check=True)
        return
    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    if args.runs < 1 or not sizes or min(sizes) < 1:
        parser.error("--runs and every size must be at least 1")

    minaoshi = ensure_tools(args.minaoshi, args.no_build)
    os.makedirs(args.workdir, exist_ok=True)
    global REPORTS
    REPORTS = args.workdir
    print("# Minaoshi benchmark")
    print()
    print(f"- minaoshi: {minaoshi} ({version([minaoshi, '--version'])})")
    print(f"- hugo: {version(['hugo', 'version'])}")
    print(f"- cmark-gfm: {version(['cmark-gfm', '--version'])}")
    print(f"- {os.cpu_count()} cores; work folder {args.workdir}; seed {args.seed}")
    print(f"- load average at start: {load()}")
    sys.stdout.flush()
    if args.growth:
        small, large = sorted(int(s) for s in args.growth.split(","))
        growth(small, large, args.runs, args.seed, args.workdir, minaoshi)
        print()
        print(f"- load average at end: {load()}")
        return
    all_results = {}
    for count in sizes:
        stamp, results, files_out, streams, batches = bench_size(count, args.seed, args.runs, args.workdir, minaoshi)
        all_results[count] = results
        report(count, stamp, results, files_out, streams, batches, args.runs)
        sys.stdout.flush()
    scaling(all_results)
    print()
    print(f"- load average at end: {load()} (1, 5 and 15 minutes; the machine is shared, so compare ratios, not seconds)")


if __name__ == "__main__":
    main()
