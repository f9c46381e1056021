#!/usr/bin/env python3
"""The authoring loop of `minaoshi serve`, measured (issue 20); not a timed test.

    python3 Benchmarks/serve_reload.py [--minaoshi .build/release/minaoshi] [--corpus shipped,10000]
                                       [--saves 20] [--rebuilds 100]

For each corpus (`shipped` is this repository's content; a number is a corpus of that many documents
from Benchmarks/generate_corpus.py), in /dev/shm:
1. starts `minaoshi serve` and opens a case study's page in headless Chromium (Selenium);
2. saves that document `--saves` times (a temporary file renamed over it, as editors save), each time
   waiting for the page to reload with the new text, and takes the time from the save to the
   reloaded page's DOMContentLoaded (the browser's clock and this script's are the same wall clock);
   then waits for the whole rebuild to land (the "Rebuilt" line serve prints: search, feeds and
   lists caught up) and takes the time from the save to that too;
3. saves it again until the session has rebuilt `--rebuilds` times in all, one rebuild at a time;
4. reads the server's peak resident memory (VmHWM in /proc) after its first build and at the end.

Prints the median, 95th percentile (nearest rank) and maximum save-to-reload time, the mean rebuild
time serve printed, and the two peaks with their ratio. Needs chromium, chromium-driver and selenium
(scripts/install-deps.sh bench).
"""
import argparse
import math
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), ".."))


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def status_kib(pid, key):
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith(key + ":"):
                return int(line.split()[1])
    return 0


def percentile(values, p):
    ordered = sorted(values)
    return ordered[max(0, math.ceil(p / 100 * len(ordered)) - 1)]


def make_project(corpus, work):
    project = os.path.join(work, "project")
    if corpus == "shipped":
        os.makedirs(project)
        for name in ("content", "templates"):
            shutil.copytree(os.path.join(ROOT, name), os.path.join(project, name))
        shutil.copy(os.path.join(ROOT, "minaoshi.yml"), project)
    else:
        subprocess.run([sys.executable, os.path.join(ROOT, "Benchmarks/generate_corpus.py"), corpus, project],
                       check=True, stdout=subprocess.DEVNULL)
    cases = os.path.join(project, "content/cases")
    document = os.path.join(cases, sorted(n for n in os.listdir(cases) if n.endswith(".md"))[0])
    with open(document, encoding="utf-8") as f:
        text = f.read()
    identifier = re.search(r"^id: *(\S+)", text, re.M).group(1)
    return project, document, text, f"cases/{identifier}/"


class Server:
    def __init__(self, minaoshi, project):
        self.port = free_port()
        self.process = subprocess.Popen([minaoshi, "serve", "--root", project, "--port", str(self.port),
                                         "--now", "2026-11-27"],
                                        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        self.lines = []
        threading.Thread(target=self.read, daemon=True).start()

    def read(self):
        for line in self.process.stdout:
            self.lines.append(line.rstrip("\n"))

    def rebuilds(self):
        return [float(m.group(1)) for line in list(self.lines) if (m := re.match(r"Rebuilt \d+ pages in ([\d.]+) s", line))]

    def wait_for(self, predicate, seconds=600):
        deadline = time.time() + seconds
        while not predicate():
            if self.process.poll() is not None or time.time() > deadline:
                raise RuntimeError("serve stopped or took too long:\n" + "\n".join(self.lines[-20:]))
            time.sleep(0.02)

    def stop(self):
        self.process.send_signal(signal.SIGINT)
        self.process.wait(timeout=120)


def chromium():
    """Headless Debian chromium driven by Selenium (the editor's benchmark starts it the same way)."""
    options = webdriver.ChromeOptions()
    for argument in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"):
        options.add_argument(argument)
    options.binary_location = shutil.which("chromium") or "/usr/bin/chromium"
    return webdriver.Chrome(options=options, service=Service(shutil.which("chromedriver") or "/usr/bin/chromedriver"))


def save(path, text):
    temporary = path + ".saving"
    with open(temporary, "w", encoding="utf-8") as f:
        f.write(text)
    os.replace(temporary, path)


def measure(corpus, args):
    work = tempfile.mkdtemp(prefix=f"minaoshi-serve-bench-{corpus}-", dir="/dev/shm")
    try:
        project, document, original, page = make_project(corpus, work)
        server = Server(args.minaoshi, project)
        server.wait_for(lambda: any(line.startswith("Serving ") for line in server.lines))
        first_peak = status_kib(server.process.pid, "VmHWM")
        first_build = next(float(m.group(1)) for line in server.lines if (m := re.match(r"Built \d+ pages in ([\d.]+) s", line)))

        driver = chromium()
        latencies = []
        landed = []
        try:
            driver.get(f"http://127.0.0.1:{server.port}/{page}")
            wait = WebDriverWait(driver, 600, poll_frequency=0.01)
            # Let the page's event stream connect before the first save.
            time.sleep(1)
            for n in range(1, args.saves + 1):
                marker = f"ベンチマークの保存 {n} 回目。"
                driver.execute_script("window.minaoshiBenchMark = true")
                rebuilt_before = len(server.rebuilds())
                saved = time.time()
                save(document, original + f"\n{marker}\n")
                wait.until(lambda d: not d.execute_script("return window.minaoshiBenchMark === true")
                           and marker in d.find_element(By.TAG_NAME, "main").text)
                loaded = driver.execute_script("return performance.timing.domContentLoadedEventEnd") / 1000
                latencies.append(loaded - saved)
                # The page reloads from serve's preview of the edit; search, feeds and lists catch up
                # when the whole rebuild lands. Wait for it before the next save, as a person would.
                server.wait_for(lambda: len(server.rebuilds()) > rebuilt_before)
                landed.append(time.time() - saved)
                time.sleep(0.3)
        finally:
            driver.quit()

        while len(server.rebuilds()) < args.rebuilds:
            count = len(server.rebuilds())
            save(document, original + f"\n再ビルド {count}。\n")
            server.wait_for(lambda: len(server.rebuilds()) > count)
        final_peak = status_kib(server.process.pid, "VmHWM")
        rebuild_times = server.rebuilds()
        server.stop()
        return {
            "corpus": corpus, "first build s": first_build, "saves": len(latencies),
            "reload median ms": statistics.median(latencies) * 1000, "reload p95 ms": percentile(latencies, 95) * 1000,
            "reload max ms": max(latencies) * 1000,
            "rebuild lands median ms": statistics.median(landed) * 1000,
            "rebuild lands p95 ms": percentile(landed, 95) * 1000, "rebuilds": len(rebuild_times),
            "mean rebuild s": statistics.mean(rebuild_times),
            "peak after first build MiB": first_peak / 1024, "peak after all rebuilds MiB": final_peak / 1024,
            "peak ratio": final_peak / first_peak,
        }
    finally:
        shutil.rmtree(work, ignore_errors=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--minaoshi", default=os.path.join(ROOT, ".build/release/minaoshi"))
    parser.add_argument("--corpus", default="shipped,10000")
    parser.add_argument("--saves", type=int, default=20)
    parser.add_argument("--rebuilds", type=int, default=100)
    args = parser.parse_args()
    results = []
    for corpus in args.corpus.split(","):
        result = measure(corpus, args)
        results.append(result)
        print(" ".join(f"{key}: {value:.3f}" if isinstance(value, float) else f"{key}: {value}" for key, value in result.items()),
              flush=True)
    print()
    print("| corpus | first build | save → reload median | p95 | max | rebuilds | mean rebuild | peak after 1st build | peak after all | ratio |")
    print("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |")
    for r in results:
        print(f"| {r['corpus']} | {r['first build s']:.2f} s | {r['reload median ms']:.0f} ms | {r['reload p95 ms']:.0f} ms "
              f"| {r['reload max ms']:.0f} ms | {r['rebuilds']} | {r['mean rebuild s']:.2f} s | {r['peak after first build MiB']:.0f} MiB "
              f"| {r['peak after all rebuilds MiB']:.0f} MiB | {r['peak ratio']:.2f}x |")


if __name__ == "__main__":
    main()
