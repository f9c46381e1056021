"""Pagefind's recorded results (RECORDED in Benchmarks/search-quality/run.py), which `--check` reads at
10,000 documents instead of running Pagefind: their key changes with anything they depend on, a live
run that differs from a recording with its key fails the check, and the committed recording answers
this script's queries.
"""
import copy
import importlib.util
import os
import tempfile
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
SPEC = importlib.util.spec_from_file_location(
    "search_quality", os.path.join(HERE, "..", "..", "Benchmarks", "search-quality", "run.py"))
run = importlib.util.module_from_spec(SPEC)
SPEC.loader.exec_module(run)


def write(root, path, text):
    full = os.path.join(root, path)
    os.makedirs(os.path.dirname(full), exist_ok=True)
    with open(full, "w", encoding="utf-8") as file:
        file.write(text)


def live_results(total_bytes=1000):
    """Pagefind's side of one run, a result per query of GENERATED_QUERIES."""
    return [{"paths": [f"/cases/c{i}/"], "files": 3, "bytes": total_bytes + i, "all_files": 6,
             "all_bytes": 2 * total_bytes + i} for i, _ in enumerate(run.GENERATED_QUERIES)]


class KeyTests(unittest.TestCase):
    def test_the_key_changes_with_every_input_and_nothing_else(self):
        with tempfile.TemporaryDirectory() as site:
            write(site, "cases/a/index.html", "<main>目視</main>")
            write(site, "regulations/index.html", "<main>一覧</main>")
            write(site, "index.html", "<main>home</main>")
            key = run.pagefind_key("pagefind 1.5.2", site)
            self.assertEqual(run.pagefind_key("pagefind 1.5.2", site), key)
            # Outside the glob's folders, and Pagefind's own output: not its input.
            write(site, "index.html", "<main>changed home</main>")
            write(site, "pagefind-docs/pagefind-entry.json", "{}")
            write(site, "cases/a/data.json", "{}")
            self.assertEqual(run.pagefind_key("pagefind 1.5.2", site), key)
            self.assertNotEqual(run.pagefind_key("pagefind 1.5.3", site), key)
            write(site, "cases/a/index.html", "<main>目視。</main>")
            changed = run.pagefind_key("pagefind 1.5.2", site)
            self.assertNotEqual(changed, key)
            write(site, "pages/about/index.html", "<main>about</main>")
            self.assertNotEqual(run.pagefind_key("pagefind 1.5.2", site), changed)

    def test_a_page_moved_changes_the_key(self):
        with tempfile.TemporaryDirectory() as one, tempfile.TemporaryDirectory() as other:
            write(one, "cases/a/index.html", "<main>x</main>")
            write(other, "cases/b/index.html", "<main>x</main>")
            self.assertNotEqual(run.pagefind_key("v", one), run.pagefind_key("v", other))


class RecordingTests(unittest.TestCase):
    def test_a_live_run_equal_to_its_recording_passes(self):
        entry = run.pagefind_entry("k", "v", 10.0, (5, 500), live_results())
        self.assertEqual(run.recording_differences(1000, entry, copy.deepcopy(entry)), [])

    def test_a_live_run_that_differs_from_its_recording_fails_the_check(self):
        recorded = run.pagefind_entry("k", "v", 10.0, (5, 500), live_results())
        results = live_results()
        results[0]["bytes"] += 10  # within 1%: Pagefind's bytes vary so much from run to run
        self.assertEqual(run.recording_differences(1000, recorded, run.pagefind_entry("k", "v", 12.0, (5, 504), results)), [])
        results[1]["bytes"] += 20  # 2%
        live = run.pagefind_entry("k", "v", 12.0, (5, 510), results)
        differences = run.recording_differences(1000, recorded, live)
        self.assertEqual(len(differences), 2, differences)
        self.assertIn("index is 5 files and 510 bytes", differences[0])
        self.assertIn(f"{run.query_label(*run.GENERATED_QUERIES[1])} differs from its recording in bytes",
                      differences[1])
        report = {"summary": {"shipped": {
            "minaoshi": {"recall@5": 1.0, "mrr": 1.0}, "pagefind": {"recall@5": 0.5, "mrr": 0.5},
            "pagefind-docs": {"recall@5": 0.5, "mrr": 0.5}}}, "recording_differences": differences}
        self.assertEqual(run.check(report), differences)
        for field, value in (("files", 4), ("paths", ["/cases/other/"])):
            moved = live_results()
            moved[2][field] = value
            self.assertEqual(len(run.recording_differences(1000, recorded, run.pagefind_entry("k", "v", 1.0, (5, 500), moved))), 1)

    def test_the_committed_recording_answers_every_query_in_order(self):
        recorded = run.load_recorded()
        self.assertIn(run.RECORDED_FROM, recorded, f"{run.RECORDED} has no {run.RECORDED_FROM:,}-document recording")
        labels = [run.query_label(*q) for q in run.GENERATED_QUERIES]
        for size, entry in recorded.items():
            self.assertEqual([q["query"] for q in entry["queries"]], labels, size)
            for query in entry["queries"]:
                self.assertEqual(set(query), {"query", *run.RECORDED_FIELDS}, (size, query))
                self.assertGreater(query["bytes"], 0, (size, query))


if __name__ == "__main__":
    unittest.main()
