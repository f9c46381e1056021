#!/usr/bin/env python3
"""The big and pathological inputs of the bad-input catalogue, timed; not a timed test.

    python3 Benchmarks/bad_inputs.py [--minaoshi .build/debug/minaoshi] [NAME…]

Each input of `GeneratedBadInputs` (Tests/MinaoshiCLITests/BadInputCatalogueTests.swift), alone in a
project in /dev/shm with the shipped templates and vocabularies, at its size (x1) and at twice it (x2),
through `minaoshi check` under `ulimit -v 2097152` (2 GiB, as in the test). Prints the exit status, the
seconds and the peak resident memory (GNU time's %e and %M) of each run: if the work grows linearly, x2
takes about twice x1, never four times. The figures are in Tests/Fixtures/sites/bad-inputs/README.md.
"""
import argparse
import os
import shutil
import subprocess

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PARAGRAPH = 'アナログ規制の見直しに関する本文の段落です。目視による点検をドローンに置き換えた。\n\n'


def front_matter(name):
    return (f'---\nid: {name}\ntitle: 事例 {name}\nprefectures: [fukushima]\ncategories: [visual-inspection]\n'
            f'technologies: [drones]\ndate: 2024-01-01\nsources: [{{title: 出典, url: "https://example.go.jp/{name}"}}]\n---\n')


def bodies(k):
    """The bodies at k times the catalogue's size (the same texts as GeneratedBadInputs at k = 1)."""
    n = 50_000 * k
    return {
        'fifty-megabytes': PARAGRAPH * (k * 50 * 1024 * 1024 // len(PARAGRAPH.encode()) + 1),
        'ten-thousand-headings': ''.join(f'## 見出し{i}\n\n本文。\n\n' for i in range(10_000 * k)),
        'one-megabyte-line': '見直し' * (k * 1024 * 1024 // 9 + 1) + '\n',
        'deep-brackets': '[' * n + 'a' + ']' * n + '\n',
        'nested-emphasis': '*a **a ' * n + 'b' + ' a** a*' * n + '\n',
        'nested-block-quotes': '>' * (10_000 * k) + ' a\n',
    }


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('--minaoshi', default=os.path.join(ROOT, '.build/debug/minaoshi'))
    parser.add_argument('names', nargs='*')
    args = parser.parse_args()
    binary = os.path.abspath(args.minaoshi)
    print(f'{"input":24} {"size":4} {"status":>6} {"seconds":>8} {"peak RSS MB":>12}')
    for k in (1, 2):
        for name, body in bodies(k).items():
            if args.names and name not in args.names:
                continue
            project = f'/dev/shm/minaoshi-bad-input-{name}-{k}'
            shutil.rmtree(project, ignore_errors=True)
            os.makedirs(os.path.join(project, 'content/cases'))
            shutil.copytree(os.path.join(ROOT, 'templates'), os.path.join(project, 'templates'))
            shutil.copytree(os.path.join(ROOT, 'content/_data'), os.path.join(project, 'content/_data'))
            with open(os.path.join(project, f'content/cases/{name}.md'), 'w') as file:
                file.write(front_matter(name) + body)
            run = subprocess.run(['/usr/bin/time', '-f', '%e %M', 'sh', '-c', f'ulimit -v 2097152; exec "{binary}" check --now 2026-11-27'],
                                 cwd=project, capture_output=True, text=True)
            seconds, kilobytes = run.stderr.strip().splitlines()[-1].split()[-2:]
            print(f'{name:24} x{k:<3} {run.returncode:>6} {float(seconds):>8.1f} {round(int(kilobytes) / 1000):>12}', flush=True)
            shutil.rmtree(project)


if __name__ == '__main__':
    main()
