#!/usr/bin/env python3
"""A loopback load test of `minaoshi serve` while it rebuilds: wrk asks for pages, feeds, open data,
search files and assets over several connections for 30 s, while a content file is saved every few
seconds so that the site is rebuilt and swapped in under the load. Not part of `make test`
(a load on a shared machine is no pass/fail timing); it fails only on errors or unbounded memory.

    scripts/serve-load-test.py [--minaoshi .build/release/minaoshi] [--seconds 30] [--connections 16]

Prints wrk's report, the number of rebuilds, and the server's resident memory after its first
build and at its peak under load (sampled from /proc every 0.2 s). Exits 1 when wrk saw a socket
error or a response that was not 2xx, when a rebuild failed, or when memory grew: the peak of the
run's last third above --max-growth times the peak of its first third (a build and the load at once
take more than the idle server; that is not growth). Needs wrk (scripts/install-deps.sh bench).
"""
import argparse
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), ".."))

# Every kind of file a build writes; all of them exist in a build of the shipped corpus.
PATHS = [
    "/", "/regulations/", "/cases/", "/categories/visual-inspection/", "/feed.json", "/feed.xml",
    "/feeds/regulations.json", "/api/cases.csv", "/api/regulations.json", "/api/schema/cases.schema.json",
    "/sitemap.xml", "/search/", "/search/manifest.json", "/assets/style.css", "/assets/icon.svg",
    "/assets/search/search-page.js", "/robots.txt", "/_minaoshi/live.js",
]

WRK_SCRIPT = """
paths = {%s}
counter = 0
request = function()
  counter = counter + 1
  return wrk.format("GET", paths[(counter %% #paths) + 1])
end
"""


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def rss_kib(pid):
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    default_binary = os.path.join(ROOT, ".build/release/minaoshi")
    if not os.path.exists(default_binary):
        default_binary = os.path.join(ROOT, ".build/debug/minaoshi")
    parser.add_argument("--minaoshi", default=default_binary)
    parser.add_argument("--seconds", type=int, default=30)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--save-every", type=float, default=3.0, help="seconds between saves of a content file")
    parser.add_argument("--max-growth", type=float, default=1.25)
    args = parser.parse_args()

    work = tempfile.mkdtemp(prefix="minaoshi-load-", dir="/dev/shm" if os.path.isdir("/dev/shm") else None)
    project = os.path.join(work, "project")
    os.makedirs(project)
    for name in ("content", "templates"):
        shutil.copytree(os.path.join(ROOT, name), os.path.join(project, name))
    shutil.copy(os.path.join(ROOT, "minaoshi.yml"), project)
    edited = os.path.join(project, "content/cases", sorted(os.listdir(os.path.join(project, "content/cases")))[0])
    original = open(edited, encoding="utf-8").read()

    port = free_port()
    server = subprocess.Popen([args.minaoshi, "serve", "--root", project, "--port", str(port), "--now", "2026-11-27"],
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    lines = []

    def read_output():
        for line in server.stdout:
            lines.append(line.rstrip("\n"))

    threading.Thread(target=read_output, daemon=True).start()
    deadline = time.time() + 300
    while not any(line.startswith("Serving ") for line in lines):
        if server.poll() is not None or time.time() > deadline:
            sys.exit("serve did not start:\n" + "\n".join(lines))
        time.sleep(0.1)
    time.sleep(1)
    first_rss = rss_kib(server.pid)

    stop = threading.Event()
    samples = []

    def sample():
        while not stop.is_set():
            samples.append(rss_kib(server.pid))
            time.sleep(0.2)

    saves = []

    def save():
        n = 0
        while not stop.wait(args.save_every):
            n += 1
            with open(edited, "w", encoding="utf-8") as f:
                f.write(original + f"\n負荷試験中の保存 {n}。\n")
            saves.append(n)

    threads = [threading.Thread(target=sample), threading.Thread(target=save)]
    for thread in threads:
        thread.start()
    script = os.path.join(work, "paths.lua")
    with open(script, "w") as f:
        f.write(WRK_SCRIPT % ", ".join(f'"{p}"' for p in PATHS))
    wrk = subprocess.run(["wrk", "-t", str(args.threads), "-c", str(args.connections), "-d", f"{args.seconds}s",
                          "--latency", "-s", script, f"http://127.0.0.1:{port}/"], capture_output=True, text=True)
    stop.set()
    for thread in threads:
        thread.join()
    # Let the last rebuild finish before counting.
    time.sleep(3 + args.save_every)
    server.send_signal(signal.SIGINT)
    status = server.wait(timeout=60)
    shutil.rmtree(work, ignore_errors=True)

    print(wrk.stdout)
    rebuilt = [line for line in lines if line.startswith("Rebuilt ")]
    failed = [line for line in lines if "Build failed" in line]
    peak = max(samples) if samples else 0
    third = max(1, len(samples) // 3)
    early, late = max(samples[:third] or [0]), max(samples[-third:] or [0])
    errors = re.search(r"Socket errors: (.*)", wrk.stdout)
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", wrk.stdout)
    print(f"saves: {len(saves)}, rebuilds: {len(rebuilt)}, failed builds: {len(failed)}")
    print(f"resident memory: {first_rss / 1024:.1f} MiB after the first build, peak {peak / 1024:.1f} MiB under load "
          f"({peak / max(first_rss, 1):.2f}x), {samples[-1] / 1024 if samples else 0:.1f} MiB at the end")
    print(f"peak of the first third {early / 1024:.1f} MiB, of the last third {late / 1024:.1f} MiB ({late / max(early, 1):.2f}x)")
    print(f"serve exited with {status} on SIGINT")
    problems = []
    if wrk.returncode != 0:
        problems.append("wrk failed: " + wrk.stderr)
    if errors:
        problems.append("socket errors: " + errors.group(1))
    if non2xx:
        problems.append(f"{non2xx.group(1)} responses were not 2xx or 3xx")
    if failed or len(rebuilt) == 0:
        problems.append("no rebuild happened under load" if not rebuilt else "a rebuild failed")
    if late > args.max_growth * early:
        problems.append(f"memory grew: the last third's peak is over {args.max_growth}x the first third's")
    if status != 0:
        problems.append(f"serve exited with {status}")
    for problem in problems:
        print("FAIL:", problem)
    sys.exit(1 if problems else 0)


if __name__ == "__main__":
    main()
