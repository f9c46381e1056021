#!/usr/bin/env python3
"""Turns a cmark-gfm spec file (test/spec.txt or test/extensions.txt) into the JSON the
conformance test reads: one object per example with example, section, extensions, markdown, html.

Usage: python3 extract.py spec.txt > spec-VERSION.json

The spec format: an example opens with a fence of 32 backticks followed by `example` and,
optionally, the extensions it needs (`example table`, `example disabled`); the Markdown comes
next, then a line holding a single `.`, then the expected HTML, then the closing fence. The
spec shows tabs as `→`; they are restored. `section` is the nearest heading above.
"""
import json
import re
import sys

FENCE = "`" * 32


def extract(lines):
    examples, section, state, markdown, html, extensions = [], "", None, [], [], []
    for line in lines:
        if state is None:
            if line.startswith(FENCE + " example"):
                extensions = line[len(FENCE) + len(" example"):].split()
                state, markdown, html = "markdown", [], []
            elif re.match(r"#{1,6} ", line):
                section = re.sub(r"^#{1,6} +", "", line).rstrip("\n")
        elif state == "markdown":
            if line.rstrip("\n") == ".":
                state = "html"
            else:
                markdown.append(line)
        elif line.startswith(FENCE):
            examples.append({
                "example": len(examples) + 1,
                "section": section,
                "extensions": extensions,
                "markdown": "".join(markdown).replace("→", "\t"),
                "html": "".join(html).replace("→", "\t"),
            })
            state = None
        else:
            html.append(line)
    return examples


if __name__ == "__main__":
    with open(sys.argv[1], encoding="utf-8") as spec:
        print(json.dumps(extract(spec), ensure_ascii=False, indent=1))
