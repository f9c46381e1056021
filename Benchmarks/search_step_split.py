#!/usr/bin/env python3
"""Splits the search-index step of a profiled build into its parts; not a test.

    perf record -F 2000 -g -o perf.data minaoshi build --root ROOT --output SITE --now 2026-11-27
    perf script -i perf.data -F comm,tid,ip,sym > perf.txt
    python3 Benchmarks/search_step_split.py perf.txt

Each sample whose stack holds a frame of the step (MinaoshiSearch, SiteSearch, the step itself) is
counted once, under the first part found walking its stack from the leaf up: writing files (a
StagedOutput write under the step), the token cache's parts (SearchTokenReuse, SearchTokenCache),
tokenizing, the posting lists' merge, shard encoding, fragments, facets, hashing, the synonym
dictionary's pruning, the documents' construction; what matches none is "other" (mostly retain and
release, and page faults of new memory). The names are Swift's mangled ones: a renamed function
moves its samples to "other", so look at "other" when it grows.
"""
import collections
import re
import sys

PARTS = [
    ("token cache: document hashes", r"documentHash"),
    ("token cache: chunk encode", r"ChunkC7encoded"),
    ("token cache: write", r"SearchTokenCacheV5write"),
    ("token cache: read+decode", r"ChunkC6decode|BodySegmentsV4read|SearchTokenCacheV5reuse|SearchTokenCacheV7entries"
     r"|TokenReuseC10makeChunks"),
    ("prune", r"SynonymIndex.*prune"),
    ("hashing", r"ContentHasher|BackgroundHasher|contentHash"),
    ("tokenize (chunks)", r"PostingBuilderO5chunk|IndexTokenizer"),
    ("posting merge", r"PostingBuilderO5build|PostingBuilderO5Lists.*countSizes|PhraseTable"),
    ("shard encode", r"ShardSeries|appendPostings|appendPositions"),
    ("fragments", r"writeFragments|Fragment"),
    ("facets", r"writeFacets|FacetTable"),
    ("manifest/synonyms", r"writeManifest|SynonymIndexO5write"),
    ("documents (SearchDocument)", r"0B8DocumentV0A4SiteE|SiteSearchO9documents|releasePlainText"),
]
WRITING = re.compile(r"StagedOutputC5write|StagedOutputC4move")
STEP = re.compile(r"BuildStepV11searchIndex|MinaoshiSearch|SiteSearch|SearchToken")


def main(path):
    parts = [(name, re.compile(pattern)) for name, pattern in PARTS]
    counts = collections.Counter()
    total = in_step = 0
    with open(path, errors="replace") as f:
        blocks = f.read().split("\n\n")
    for block in blocks:
        lines = block.strip().split("\n")
        if len(lines) < 2:
            continue
        total += 1
        frames = [line.strip().split(" ", 1)[-1] for line in lines[1:]]
        if not STEP.search("\n".join(frames)):
            continue
        in_step += 1
        part = None
        for frame in frames:
            if WRITING.search(frame):
                part = "writing files"
            else:
                part = next((name for name, pattern in parts if pattern.search(frame)), None)
            if part:
                break
        counts[part or "other"] += 1
    print(f"samples: {total}; in the search step: {in_step} ({100 * in_step / max(1, total):.1f}% of the build)")
    for part, count in counts.most_common():
        print(f"  {part:30s} {count:6d}  {100 * count / max(1, in_step):5.1f}% of the step")


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    main(sys.argv[1])
