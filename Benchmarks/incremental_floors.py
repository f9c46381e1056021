#!/usr/bin/env python3
"""What no build cache removes from a one-file-edit `minaoshi build`: best of 5, wall and CPU.

    python3 Benchmarks/incremental_floors.py MINAOSHI CORPUS SITE

CORPUS is a generated corpus (Benchmarks/incremental.py keeps one in its work folder), SITE a site
built from it with its cache (`.minaoshi-cache/` beside it). Each line is a floor under a rebuild
with an atomic published tree, measured with standard tools as a lower bound of what the build
does: the process's start, one stat of every source, reading every cache file. The last two lines,
hard-linking the published tree into an empty staging tree and deleting the old tree, are what
publishing cost before builds staged into the standby (`StagedOutput`: a build with its cache now
pays neither, only two stats per kept page); they stay as the floor of a build without a standby
(the first with a cache, or after `--no-cache`).
Not a timed test; compare the figures with a clean build's on the same machine (issue 20).
"""
import os
import resource
import subprocess
import sys


def best(label, command, pre=None):
    runs = []
    for _ in range(5):
        if pre:
            subprocess.run(pre, shell=True, check=True)
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        started = os.times().elapsed
        subprocess.run(command, shell=True, check=True, stdout=subprocess.DEVNULL)
        wall = os.times().elapsed - started
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        runs.append((wall, after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime))
    wall, cpu = min(runs)
    print(f"| {label} | {wall:.3f} s | {cpu:.3f} s |")


def main():
    minaoshi, corpus, site = sys.argv[1:4]
    parent, name = os.path.dirname(os.path.abspath(site)), os.path.basename(site)
    cache = os.path.join(parent, ".minaoshi-cache")
    print("| floor | wall (best of 5) | CPU |\n|---|---|---|")
    best("process start (`minaoshi --version`)", f"{minaoshi} --version")
    best("stat of every source (`find -printf`)",
         f"find {corpus}/content {corpus}/templates {corpus}/minaoshi.yml -printf '%T@ %s %i\\n'")
    files = [f"{cache}/{name}.{part}" for part in ["cache", "bodies/*", "tokens-index", "tokens/*"]]
    best("read the cache files (`cat`)", "cat " + " ".join(files))
    staging, old = os.path.join(parent, "floor-staging"), os.path.join(parent, "floor-old")
    best("without a standby: hard-link the site into a staging tree (`cp -al`)", f"cp -al {site} {staging}", pre=f"rm -rf {staging}")
    best("without a standby: delete the old tree (`rm -rf`)", f"rm -rf {old}", pre=f"rm -rf {old}; cp -al {site} {old}")
    subprocess.run(["rm", "-rf", staging, old])


if __name__ == "__main__":
    main()
