#!/usr/bin/env python3
"""The editor of `minaoshi serve`, measured (issue 21); not a timed test.

    python3 Benchmarks/editor_save.py [--minaoshi .build/release/minaoshi] [--corpus shipped,10000] [--saves 5]
                                      [--loads 0]

For each corpus (`shipped` is this repository's content; a number is a corpus of that many documents
from Benchmarks/generate_corpus.py), in /dev/shm, with `minaoshi serve` and headless Chromium (Selenium):
opens the new-case form, fills it by script (a person's typing is not machine time), saves, and waits
for the saved document's page. Machine time is the form's load (navigation start to DOMContentLoaded)
plus the save (the submit to the new page's DOMContentLoaded, which includes writing the file and
serve's preview of the saved page, which it renders before it answers; the whole rebuild follows, and
a save the preview refuses waits for it; with `--edit`, the edit form of an existing case, whose title
is changed). Prints each part's median and the rebuild time serve printed, and the
live check's round trip as the form's script makes it (three after each form load: the first after a
build or a change, when the editor works out its view of the corpus again; the next from what it keeps). `--loads N`
opens the form N more times before the first save (each load measured the same way and counted in the
form-load median), so that a slow corpus can give a median of form loads without as many rebuilds.
"""
import argparse
import os
import shutil
import statistics
import sys
import tempfile
import time

from selenium.common.exceptions import StaleElementReferenceException
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

sys.path.insert(0, os.path.dirname(__file__))
from serve_reload import ROOT, Server, chromium, make_project  # noqa: E402

FILL = """
const form = document.getElementById("editor");
form.elements.namedItem("title").value = arguments[0];
form.querySelector("input[name=categories][value=visual-inspection]").checked = true;
form.elements.namedItem("date").value = "2024-06-28";
form.querySelector("input[name='sources.url']").value = "https://example.go.jp/bench";
form.elements.namedItem("body").value = "## 課題\\n\\nベンチマークの本文。";
"""

# The live check as editor.js posts it, three times in a row; answers each round trip in ms.
CHECK = """
const done = arguments[arguments.length - 1];
const form = document.getElementById("editor");
(async () => {
  const times = [];
  for (let i = 0; i < 3; i++) {
    const started = performance.now();
    const response = await fetch("/_minaoshi/check", {
      method: "POST", body: new URLSearchParams(new FormData(form)), credentials: "same-origin",
      headers: {"X-Minaoshi-Token": form.dataset.token, "Content-Type": "application/x-www-form-urlencoded;charset=UTF-8"},
    });
    await response.json();
    times.push(performance.now() - started);
  }
  done(times);
})();
"""


FILL_TITLE = """
document.getElementById("editor").elements.namedItem("title").value = arguments[0];
"""


def measure(corpus, args):
    work = tempfile.mkdtemp(prefix=f"minaoshi-editor-bench-{corpus}-", dir="/dev/shm")
    try:
        project, _, _, page = make_project(corpus, work)
        # The new-case form, or with --edit the edit form of an existing case (which serve previews).
        form = f"/_minaoshi/edit/{page.rstrip('/')}" if args.edit else "/_minaoshi/new/case"
        server = Server(args.minaoshi, project)
        server.wait_for(lambda: any(line.startswith("Serving ") for line in server.lines))
        driver = chromium()
        loads, saves, checks_first, checks_kept = [], [], [], []
        try:
            # A page may be replaced under the wait (live reload after a later build).
            wait = WebDriverWait(driver, 600, poll_frequency=0.01, ignored_exceptions=[StaleElementReferenceException])
            for _ in range(args.loads):
                driver.get(f"http://127.0.0.1:{server.port}{form}")
                timing = driver.execute_script("return [performance.timing.navigationStart, performance.timing.domContentLoadedEventEnd]")
                loads.append((timing[1] - timing[0]) / 1000)
            for n in range(1, args.saves + 1):
                driver.get(f"http://127.0.0.1:{server.port}{form}")
                timing = driver.execute_script("return [performance.timing.navigationStart, performance.timing.domContentLoadedEventEnd]")
                loads.append((timing[1] - timing[0]) / 1000)
                title = f"ベンチマークの事例 {n}"
                driver.execute_script(FILL_TITLE if args.edit else FILL, title)
                times = driver.execute_async_script(CHECK)
                checks_first.append(times[0] / 1000)
                checks_kept.extend(t / 1000 for t in times[1:])
                rebuilt = len(server.rebuilds())
                submitted = time.time()
                driver.find_element(By.ID, "save").click()
                # The edit form's own address has /cases/ in it; the heading is read in one script,
                # so that a navigation between finding it and reading it cannot fail the wait.
                wait.until(lambda d: "/_minaoshi/" not in d.current_url and "/cases/" in d.current_url
                           and title in (d.execute_script("return document.querySelector('h1')?.textContent") or ""))
                loaded = driver.execute_script("return performance.timing.domContentLoadedEventEnd") / 1000
                saves.append(loaded - submitted)
                server.wait_for(lambda: len(server.rebuilds()) > rebuilt)
                time.sleep(0.5)
        finally:
            driver.quit()
        rebuilds = server.rebuilds()
        server.stop()
        return {"corpus": corpus, "saves": len(saves), "loads": len(loads),
                "form load median ms": statistics.median(loads) * 1000,
                "form load max ms": max(loads) * 1000,
                "save to page median ms": statistics.median(saves) * 1000,
                "machine time median ms": (statistics.median(loads) + statistics.median(saves)) * 1000,
                "first check median ms": statistics.median(checks_first) * 1000,
                "kept check median ms": statistics.median(checks_kept) * 1000,
                "mean rebuild s": statistics.mean(rebuilds) if rebuilds else float("nan")}
    finally:
        shutil.rmtree(work, ignore_errors=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--minaoshi", default=os.path.join(ROOT, ".build/release/minaoshi"))
    parser.add_argument("--corpus", default="shipped,10000")
    parser.add_argument("--saves", type=int, default=5)
    parser.add_argument("--loads", type=int, default=0)
    parser.add_argument("--edit", action="store_true", help="edit an existing case's title instead of making new cases")
    args = parser.parse_args()
    print("| corpus | saves | form load (median of n, max) | save → page | machine time | mean rebuild "
          "| live check: first, kept |")
    print("| --- | --- | --- | --- | --- | --- | --- |")
    for corpus in args.corpus.split(","):
        r = measure(corpus, args)
        print(f"| {r['corpus']} | {r['saves']} | {r['form load median ms']:.0f} ms (n={r['loads']}, max "
              f"{r['form load max ms']:.0f} ms) | {r['save to page median ms']:.0f} ms "
              f"| {r['machine time median ms']:.0f} ms | {r['mean rebuild s']:.2f} s "
              f"| {r['first check median ms']:.0f} ms, {r['kept check median ms']:.0f} ms |", flush=True)


if __name__ == "__main__":
    main()
