# Two commands set everything up on a fresh Debian machine:
#   make run   installs what is missing, builds, and runs `minaoshi serve` on 127.0.0.1:8080: renders content/
#              into site/, serves it, and rebuilds and reloads open pages when a source changes
#   make test  installs what is missing, runs every test (feeds and open data are read by feedparser,
#              check-jsonschema and Python's csv module: Tests/feeds/test_feeds.py), and every
#              libFuzzer target for 10 s (Tests/Fuzz/README.md)
#   make format rewrites Sources/, Tests/ and Package.swift in the style of .swift-format; make lint checks
#              it (part of make test)
#   make bench builds a release binary and compares it with Debian's hugo on generated corpora
#              (Benchmarks/README.md); BENCH_SIZES=1000,10000,100000 adds the 100k run (long)
SWIFT ?= swift
HOST ?= 127.0.0.1
PORT ?= 8080
MINAOSHI = .build/debug/minaoshi
# Debug builds carry DWARF 4, the version Debian's valgrind 3.19 reads, so that the leak check
# (scripts/leak-check.sh) runs the suite's own test binary (make test's copy) instead of building
# the package again.
# They compile each module whole, in one compiler job whose code is generated on two threads (one
# object per file, as SwiftPM expects): a clean `swift build --build-tests` took 285 s wall and
# 520 s of CPU instead of 366–392 s and 650–683 s with a job per batch of files, which type-checks
# what each batch needs of its module again. A change recompiles its whole module.
# They carry line tables only (-gline-tables-only: each instruction's file, line and function, which
# backtraces, valgrind's stacks and the sanitizers' reports print), not the variables and types a
# debugger shows: a clean `swift build --build-tests` took 295 s wall and 539 s of CPU instead of 324 s
# and 589 s, and the test binary is 88 MB instead of 112 MB (the leak check took as long with either).
# For a debugger: make build DEBUG_FLAGS="-Xswiftc -dwarf-version=4 -Xcc -gdwarf-4".
DEBUG_FLAGS = -Xswiftc -dwarf-version=4 -Xswiftc -gline-tables-only -Xcc -gdwarf-4 -Xswiftc -wmo -Xswiftc -num-threads -Xswiftc 2
BENCH_SIZES ?= 1000,10000
BENCH_RUNS ?= 3

.PHONY: run test tsan build site deps deps-test check clean format lint bench bench-growth bench-steps bench-serve bench-editor bench-incremental

run: build
	$(MINAOSHI) serve --host $(HOST) --port $(PORT)

site: build
	$(MINAOSHI) build --base-url http://$(HOST):$(PORT)/

build: deps
	$(SWIFT) build --product minaoshi $(DEBUG_FLAGS)

check: build
	$(MINAOSHI) check

deps:
	@scripts/install-deps.sh run

deps-test:
	@scripts/install-deps.sh test

# Each step prints its wall time, the CPU its processes used and the machine's idle share
# (scripts/timed.sh): the suite must stay within 25 minutes on a 2-core machine.
# - The builds the last steps need start in the background at the lowest CPU priority, so that they
#   use the CPU the steps between leave idle: the libFuzzer targets (a scratch path of their own)
#   before the build, the ThreadSanitizer build (in .build) once the build is done. Beside them the
#   machine was 0–2% idle from the JavaScript step to html-check (timed.sh's idle share, a fresh
#   clone's run), and the build step leaves 6–9% of the machine idle (its single-threaded phases).
#   In a niced autogroup (EARLY_SESSION) they slow the Swift suite beside them by about 5% (the
#   plain suite took 154 s beside a fuzz build, 146 s alone); when their compilers ran at nice 0,
#   the suite took twice as long (164 s → 347 s), and they started after it. The fuzz-build and
#   tsan steps then wait for them (EARLY_LOCK) and, where one failed, build again themselves,
#   reporting any error.
# - The ThreadSanitizer build rebuilds this package's modules in .build itself (`make tsan` says
#   why), so the steps between run copies of the plain binaries made right after the build
#   (PLAIN, named to them by MINAOSHI_BINARY and MINAOSHI_LEAK_BINARY); the minaoshi beside the
#   copied test binary is the one its CLI tests run.
# - Valgrind's leak check and the fuzz runs use one core each, so they run side by side
#   (scripts/lanes.sh). So do the browser tests, in two lanes of about equal time (accessibility and
#   the editor, about 110 s alone; the rest, about 80 s): each drives one Chromium, and alone they
#   took 285–330 s of a run.
TIMED = scripts/timed.sh
PLAIN = .build/plain
# FUZZ_BUILT and TSAN_BUILT: the early build finished without error in this run, so the step that
# needs it has nothing to build. The steps wait for the early builds by their locks (EARLY_LOCK,
# held while they run) instead of SwiftPM's: a step that ran `swift build` to wait planned the
# whole graph again once it got the lock (15–20 s for nothing, and 100 s when the fuzz targets
# were built one at a time). The builds get no copy of the lock's descriptor (9>&-), so that
# nothing they leave running can hold it.
FUZZ_BUILT = .build/fuzz-built-this-run
TSAN_BUILT = .build/tsan-built-this-run
EARLY_LOCK = .build/early-build
# SwiftPM starts its compilers at nice 0 whatever its own nice, so `nice -n 19 swift build` alone
# competed with the steps as an equal (search-quality took 224 s in one fresh-clone run, 341 s
# beside it in the next). Each build therefore runs in a session of its own (setsid) whose
# autogroup is niced as a whole: the kernel shares the CPU between autogroups first, and the
# compilers stay in their session's. The two builds overlap (they have scratch paths of their
# own): after each other, the fuzz build alone left the machine 42% idle through the 133 s of the
# fuzz-build step (a fresh clone's run) while the ThreadSanitizer build waited its turn.
# EARLY_SESSION: NAME, then the command, holding the lock EARLY_LOCK-NAME.lock while it runs.
EARLY_SESSION = setsid -w bash -c '{ echo 19 > /proc/self/autogroup; } 2>/dev/null; \
	exec 9> $(EARLY_LOCK)-$$0.lock; flock 9; nice -n 19 "$$@" 9>&-'
EARLY_FUZZ_BUILD = $(TIMED) early-fuzz-build $(EARLY_SESSION) fuzz bash -c \
	'scripts/fuzz.sh --build-only > .build/early-fuzz-build.log 2>&1 && touch $(FUZZ_BUILT)'
EARLY_TSAN_BUILD = $(TIMED) early-tsan-build $(EARLY_SESSION) tsan bash -c \
	'MINAOSHI_TSAN=1 $(SWIFT) build --build-tests $(DEBUG_FLAGS) > .build/early-tsan-build.log 2>&1 && touch $(TSAN_BUILT)'

# The tests' fixture sites, caches and browser profiles go to TMPDIR: on /dev/shm when it has room
# (scripts/test-tmpdir.sh says why and how much it saves).
test tsan: export TMPDIR := $(shell scripts/test-tmpdir.sh)
test: export MINAOSHI_BINARY := $(CURDIR)/$(PLAIN)/minaoshi

test: deps-test
	@scripts/test-tmpdir.sh --clean >/dev/null
	mkdir -p .build && rm -f $(FUZZ_BUILT) $(TSAN_BUILT)
	$(EARLY_FUZZ_BUILD) &
	$(TIMED) standalone scripts/check-standalone.py --self-test
	$(TIMED) standalone scripts/check-standalone.py
	$(TIMED) lint $(MAKE) lint
	$(TIMED) build $(SWIFT) build --build-tests $(DEBUG_FLAGS)
	rm -rf $(PLAIN) && mkdir -p $(PLAIN) && cp .build/debug/minaoshi .build/debug/MinaoshiPackageTests.xctest $(PLAIN)/
	$(EARLY_TSAN_BUILD) &
	$(TIMED) swift-test $(PLAIN)/MinaoshiPackageTests.xctest --testing-library swift-testing --filter "$(PLAIN_ONLY)"
	$(TIMED) js node --test Tests/js/
	$(TIMED) browser scripts/lanes.sh \
		"python3 -m unittest discover -s Tests/browser -p 'test_[ae]*.py'" \
		"python3 -m unittest discover -s Tests/browser -p 'test_[!ae]*.py'"
	$(TIMED) site python3 -m unittest discover -s Tests/site -p 'test_*.py'
	$(TIMED) searchquality python3 -m unittest discover -s Tests/searchquality -p 'test_*.py'
	$(TIMED) search-quality python3 Benchmarks/search-quality/run.py --check --size 1000,10000 --minaoshi $(MINAOSHI_BINARY)
	$(TIMED) feeds python3 Tests/feeds/test_feeds.py
	$(TIMED) html-check scripts/html-check.sh
	$(TIMED) fuzz-build bash -c 'flock $(EARLY_LOCK)-fuzz.lock true; [ -f $(FUZZ_BUILT) ] || scripts/fuzz.sh --build-only'
	$(TIMED) leak-and-fuzz scripts/lanes.sh \
		'MINAOSHI_LEAK_BINARY=$(PLAIN)/MinaoshiPackageTests.xctest scripts/leak-check.sh --quick && MINAOSHI_LEAK_BINARY=$(PLAIN)/MinaoshiPackageTests.xctest scripts/leak-check.sh --self-test && FUZZ_SKIP_BUILD=1 scripts/fuzz.sh 10 csv-import xlsx-import' \
		'FUZZ_SKIP_BUILD=1 scripts/fuzz.sh 10 front-matter markdown tokenizer query template'
	$(TIMED) tsan bash -c 'flock $(EARLY_LOCK)-tsan.lock true; $(MAKE) tsan TSAN_BUILT_THIS_RUN=$(TSAN_BUILT)'

# The suite under ThreadSanitizer: builds render in parallel, so a data race is a bug.
# MINAOSHI_TSAN (Package.swift) instruments this package's modules and links the race detector, in
# the scratch path TSAN_SCRATCH (default .build): the dependencies' objects there are reused, and
# the next plain build rebuilds this package's modules without it. The whole graph under
# `--sanitize=thread` in a scratch path of its own built every dependency a second time,
# instrumented (a whole build is 1,342 steps; this one, 373). First the canary
# (scripts/tsan-self-test.sh): the race detector must report a race made on purpose.
# Skipped there: the leak canary, the kill test, and the tests that run the binary under a 2 GiB
# address-space limit (`ulimit -v`), which ThreadSanitizer's shadow memory cannot start in; and the
# one-shot CLI suites (check, new, import, search, template errors, cross-site search), whose
# commands run the same load, render and index code that the in-process suites race-check, in a
# binary started once per test. The CLI suites with concurrency of their own stay: build
# (parallel render in the binary), serve and the editor (server, watcher, rebuilds).
# Also skipped there: the suites that build a site only to read what one kind of page or file
# says (the shipped corpus's, snapshots, feeds, the home page, laws, term counts, the tile map,
# structured data, vocabulary fields, search facets and fast paths) and the determinism test (400
# documents built three times): their builds run the pipeline that SiteBuilderTests, PipelineTests
# and the incremental test race-check, and under the race detector they cost about 160 s of CPU
# (of a 25-minute budget on 2 cores) for no code of their own.
# The randomised incremental-build test takes 20 steps there (200 in the plain suite), and the
# front-matter cache's random test 20 (60): enough to run the caches' code under the race detector
# without a slowed build or load per step for every step. The
# randomised preview tests (40 and 14 whole builds, one thread of their own) are skipped there:
# their builds are the incremental test's, and serve's previews run under the race detector in
# ServePreviewTests. DamagedIndexTests and TermFacetCountsTests (thousands of searches on one thread)
# run plain too: they check bounds and counts, which the race detector does not. So do the template
# tests (the Mustache spec, on one thread; sites render templates in parallel in the suites above)
# and the randomised properties whose loops run on the test's own thread: every Unicode scalar
# against the white-space, slug and hash rules, thousands of generated texts through the
# tokenizers, posting heads against a full sort, a lone character against its bigrams, related
# documents in a huge term and cross-site ranking against one index (the parallel related-documents
# and index-writing code they call is race-checked in every site build above). Under the race
# detector these 31 tests took 77 s of CPU one after the other, and 14 s plain.
TSAN_PROPERTIES = fastPathAgreesWithProperties|everyFlippedBitChangesTheHash|whiteSpaceListIsTheUnicodeProperty|spaceOrTabIsFoundationsWhitespaces|generatedTextsIndexAsTheQueryTokenizerReadsThem|generatedDocumentsIndexTheirFieldsAtTheirBases|theFirstPageFromTheHeadsIsTheWholeListsFirstPage|aLoneCharacterIsItsListAndFindsWhatItsBigramsFind|candidatesStayBoundedInAHugeTermAndTheResultIsDeterministic|sitesSearchedTogetherRankAsOneIndexOfAllTheirDocuments|^MinaoshiTemplateTests\.
TSAN_SKIPPED = $(TSAN_PROPERTIES)|DamagedIndexTests|TermFacetCountsTests|LeakCheckCanary|aKilledBuild|previewsAreThePagesTheWholeBuildPublishes|addedDocumentsArePreviewedAsTheWholeBuildPublishesThem|CheckCommandTests|NewCommandTests|ImportCommandTests|SearchCommandTests|TemplateErrorCommandTests|CrossSiteSearchTests|anAliasBombIsRefusedInBoundedMemory|checkReportsEveryBadInputExactly|theAcceptedInputsBuildInBoundedMemory|aCSVImportReportsEveryBrokenRowExactly|DeterminismTests|ShippedCorpus|ShippedSearchFastPathTests|SnapshotTests|FeedTests|HomePageTests|LawsTests|TermCountsTests|TileMapTests|StructuredDataTests|VocabularyFieldTests|SearchFacetsTests
# In `make test` the plain suite runs only what the ThreadSanitizer run leaves out (PLAIN_ONLY: the
# tests TSAN_SKIPPED names) and the two randomised tests at their full number of steps: every other
# test runs once, under the race detector, with the same assertions.
PLAIN_ONLY = $(TSAN_SKIPPED)|IncrementalEquivalenceTests|FrontMatterCacheTests
# TSAN_BUILT_THIS_RUN: make test's early build left this file, having built the suite under
# ThreadSanitizer in this run with nothing changed since, so there is nothing to build.
# The tests run in three processes side by side (scripts/lanes.sh), by test module: the site,
# serve and Markdown tests; the CLI tests; and every other module (so that a new one runs
# too). Each process still runs its tests in parallel. In one process the run took 225–257 s of wall
# time for 284–306 s of CPU in fresh-clone runs: about 1.2 of the 2 cores, whatever the tests did
# (serially it took 245 s). In three processes it took 132 s (lanes of 118, 132 and 58 s, on an
# otherwise idle machine). A race between two tests of different lanes' modules is no longer seen;
# the tests' own threads (parallel builds, the server, the watcher, rebuilds) run as before.
TSAN_SCRATCH ?= .build
TSAN_BUILT_THIS_RUN ?=
TSAN_LANE_SITE = MinaoshiSiteTests|MinaoshiServeTests|MinaoshiMarkdownTests
TSAN_LANE_CLI = MinaoshiCLITests
TSAN_RUN = TSAN_OPTIONS=halt_on_error=1 MINAOSHI_INCREMENTAL_STEPS=20 MINAOSHI_FRONT_MATTER_STEPS=20 MINAOSHI_TSAN=1 \
	$(TSAN_SCRATCH)/debug/MinaoshiPackageTests.xctest --testing-library swift-testing
tsan:
	if [ -z "$(TSAN_BUILT_THIS_RUN)" ] || [ ! -f "$(TSAN_BUILT_THIS_RUN)" ]; then \
		MINAOSHI_TSAN=1 $(SWIFT) build --build-tests $(DEBUG_FLAGS) --scratch-path $(TSAN_SCRATCH); fi
	scripts/tsan-self-test.sh $(TSAN_SCRATCH)/debug/MinaoshiPackageTests.xctest
	scripts/lanes.sh \
		'$(TSAN_RUN) --skip "$(TSAN_SKIPPED)" --filter "^($(TSAN_LANE_SITE))\."' \
		'$(TSAN_RUN) --skip "$(TSAN_SKIPPED)" --filter "^($(TSAN_LANE_CLI))\."' \
		'$(TSAN_RUN) --skip "$(TSAN_SKIPPED)|^($(TSAN_LANE_SITE)|$(TSAN_LANE_CLI))\."'

# The toolchain's formatter with .swift-format: 4-space indent, 120 columns, no trailing commas
# in collections, and the house style's rule choices (short statements may share a line with
# `;`, related bindings a `let`; hash constants stay as published; static names may repeat
# their type: `License.publicDataLicense`).
FORMATTED = Sources Tests Package.swift

format:
	$(SWIFT) format format --in-place --parallel -r $(FORMATTED)

lint:
	$(SWIFT) format lint --strict --parallel -r $(FORMATTED)

# Not a test: timings on a shared machine are noise for pass/fail. Corpora and outputs go to /dev/shm.
bench:
	@scripts/install-deps.sh bench
	python3 Benchmarks/run.py --sizes $(BENCH_SIZES) --runs $(BENCH_RUNS)

# Minaoshi's growth from 10k to 100k documents, builds alternating so that machine drift cancels.
bench-growth:
	@scripts/install-deps.sh bench
	python3 Benchmarks/run.py --growth 10000,100000 --runs 3

# Each build step's fastest of several builds in one process: steadier than whole builds.
bench-steps:
	@scripts/install-deps.sh bench
	python3 Benchmarks/run.py --steps 10000 --runs 7

# A build after a one-file edit (body, title, category) with the build cache, against a clean build,
# at 10,000 documents; each edited site is checked against a --no-cache build (Benchmarks/incremental.py).
bench-incremental:
	@scripts/install-deps.sh bench
	python3 Benchmarks/incremental.py --size 10000 --runs 3

# serve's authoring loop: save-to-reload time in headless Chromium and peak memory over 100 rebuilds
# (Benchmarks/serve_reload.py), on the shipped corpus and 10,000 generated documents.
bench-serve:
	@scripts/install-deps.sh bench
	$(SWIFT) build -c release --product minaoshi
	python3 Benchmarks/serve_reload.py --minaoshi .build/release/minaoshi --corpus shipped,10000

# serve's editor: from opening the new-case form to the saved document's page (Benchmarks/editor_save.py).
bench-editor:
	@scripts/install-deps.sh bench
	$(SWIFT) build -c release --product minaoshi
	python3 Benchmarks/editor_save.py --minaoshi .build/release/minaoshi --corpus shipped,10000

clean:
	rm -rf .build .build-leak .build-tsan .build-fuzz site .minaoshi-cache
