#!/usr/bin/env python3
"""Fails when a file of the repository reads something outside it.

A clone into an empty folder has nothing beside it, so a path that climbs above the package
root (the team's hand-over folder beside the checkout, say) works on a developer's machine and
fails for a user. Two rules, reported as file:line: error: … and all in one run:

1. No tracked file names a folder outside the repository: the hand-over folders that sit beside a
   developer's checkout (`shared`, `.library`), an absolute path into the machine's work or home
   folders, or, in scripts and the Makefile, a relative path that climbs above the root from the
   file's own folder.
2. No Swift file climbs from its own `#filePath` above the package root: the number of
   `.deletingLastPathComponent()` calls chained on `#filePath` is at most the file's depth, and
   nothing climbs from `packageRoot`.

Usage: scripts/check-standalone.py [ROOT]      check ROOT (default: the repository of this script)
       scripts/check-standalone.py --self-test  prove each rule fires on a repository that breaks it
"""
import os
import re
import subprocess
import sys
import tempfile

# Built from pieces so this file does not trip its own rule.
UP = ".." + "/"
ABSOLUTE = re.compile(r"(?<![\w.])/(?:work|root|home)/[\w.-]+")
CLIMB = re.compile(r"(?<![\w.])((?:\.\./)+)([\w.-]*)")
FILE_PATH_CHAIN = re.compile(r"#filePath\)?((?:\s*\.deletingLastPathComponent\(\))+)")
FROM_ROOT = re.compile(r"packageRoot\s*\.deletingLastPathComponent\(\)")
BESIDE = {"shared", ".library"}  # folders beside the checkout on a developer's machine only
SKIPPED_SUFFIXES = (".json", ".csv", ".png", ".jpg", ".ico", ".woff2")


def tracked_files(root):
    out = subprocess.run(["git", "-C", root, "ls-files", "-z"], check=True, capture_output=True).stdout
    return sorted(p for p in out.decode().split("\0") if p)


def problems_in(root):
    files = tracked_files(root)
    problems = []
    for path in files:
        if path.endswith(SKIPPED_SUFFIXES):
            continue
        try:
            with open(os.path.join(root, path), encoding="utf-8") as f:
                lines = f.read().split("\n")
        except (UnicodeDecodeError, FileNotFoundError, IsADirectoryError):
            continue
        text = "\n".join(lines)
        depth = path.count("/") + 1  # folders from the root down to the file's own name
        for number, line in enumerate(lines, 1):
            for match in ABSOLUTE.finditer(line):
                problems.append(f"{path}:{number}:{match.start() + 1}: error: absolute path '{match.group(0)}' "
                                "outside the repository; keep what is needed inside it and use a path from the root")
            for match in CLIMB.finditer(line):
                ups, name = match.group(1).count(UP), match.group(2)
                # The team's hand-over folders beside a checkout are wrong wherever they are named.
                # Scripts and the Makefile resolve a climb from their own folder: it must stay inside.
                # Markdown (content links) and Swift (whose #filePath climbs are checked below) may
                # hold relative paths as data, so only the named folders count there.
                names_beside = name in BESIDE
                leaves_root = ups >= depth and not path.endswith((".md", ".swift"))
                if names_beside or leaves_root:
                    problems.append(f"{path}:{number}:{match.start() + 1}: error: '{match.group(0)}' climbs above the "
                                    "repository root; a clone into an empty folder has nothing there: copy what is "
                                    "needed into the repository (with its source and licence) and read it from there")
        if path.endswith(".swift"):
            for match in FILE_PATH_CHAIN.finditer(text):
                climbs = match.group(1).count("deletingLastPathComponent")
                if climbs > depth:
                    number = text.count("\n", 0, match.start()) + 1
                    problems.append(f"{path}:{number}: error: #filePath climbs {climbs} folders from a file "
                                    f"{depth - 1} folders deep, above the package root")
            for match in FROM_ROOT.finditer(text):
                number = text.count("\n", 0, match.start()) + 1
                problems.append(f"{path}:{number}: error: climbs above packageRoot")
    return problems


def check(root):
    problems = problems_in(root)
    for problem in problems:
        print(problem, file=sys.stderr)
    files = len(tracked_files(root))
    if problems:
        print(f"check-standalone: {len(problems)} problem(s) in {files} tracked files", file=sys.stderr)
        return 1
    print(f"check-standalone: {files} tracked files read nothing outside the repository")
    return 0


def self_test():
    """Each rule must fire on a repository made to break it, and stay quiet on a clean one."""
    bad = {
        "Tests/A/GFM.swift": 'let u = URL(fileURLWithPath: #filePath)\n    .deletingLastPathComponent()\n'
                             '    .deletingLastPathComponent()\n    .deletingLastPathComponent()\n'
                             '    .deletingLastPathComponent()\n',
        "Tests/A/Root.swift": 'let beside = packageRoot.deletingLastPathComponent()\n',
        "Tests/A/Shared.swift": 'let data = root.appendingPathComponent("' + UP + 'shared/testdata")\n',
        "scripts/run.sh": 'cd "$(dirname "$0")/' + UP + UP + '"\n',
        "Makefile": "x:\n\tcat /" + "work/shared/facts.yaml\n",
    }
    clean = {
        "Tests/A/Fine.swift": 'let u = URL(fileURLWithPath: #filePath).deletingLastPathComponent()\n'
                              '    .deletingLastPathComponent().deletingLastPathComponent()\n'
                              'let p = "' + UP + 'escape.html"\n',
        "content/cases/a.md": "[link](" + UP + "regulations/b.md)\n",
        "scripts/ok.sh": 'cd "$(dirname "$0")/' + UP + '"\n',
    }
    failures = 0
    with tempfile.TemporaryDirectory() as tmp:
        for name, files in (("bad", bad), ("clean", clean)):
            root = os.path.join(tmp, name)
            for path, text in files.items():
                os.makedirs(os.path.dirname(os.path.join(root, path)) or root, exist_ok=True)
                with open(os.path.join(root, path), "w", encoding="utf-8") as f:
                    f.write(text)
            subprocess.run(["git", "init", "-q", root], check=True)
            subprocess.run(["git", "-C", root, "add", "."], check=True)
            found = problems_in(root)
            if name == "clean":
                if found:
                    print("self-test: a clean repository was flagged:\n  " + "\n  ".join(found), file=sys.stderr)
                    failures += 1
                continue
            for path in files:
                if not any(p.startswith(path + ":") for p in found):
                    print(f"self-test: {path} breaks a rule but was not reported", file=sys.stderr)
                    failures += 1
    if failures:
        return 1
    print(f"check-standalone self-test: {len(bad)} broken files reported, clean files passed")
    return 0


if __name__ == "__main__":
    if sys.argv[1:] == ["--self-test"]:
        sys.exit(self_test())
    here = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    sys.exit(check(sys.argv[1] if len(sys.argv) > 1 else here))
