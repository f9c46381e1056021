"""The `--check` of Benchmarks/search-quality/run.py fails when a target of issue 8 or 23 is missed.

`make test` runs the benchmark with `--check`; these tests give `check` reports that miss each target,
so a check that could not fail would fail here.
"""
import copy
import importlib.util
import os
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
SPEC = importlib.util.spec_from_file_location(
    "search_quality", os.path.join(HERE, "..", "..", "Benchmarks", "search-quality", "run.py"))
run = importlib.util.module_from_spec(SPEC)
SPEC.loader.exec_module(run)


def result(files, kilobytes, counts_kilobytes=30.0):
    """A query's figures: its results' files and bytes, and (Minaoshi) what its facet counts add."""
    return {"files": files, "bytes": int(kilobytes * 1024), "count_files": 7, "count_bytes": int(counts_kilobytes * 1024)}


GOOD = {
    "summary": {"shipped": {
        "minaoshi": {"recall@5": 0.98, "mrr": 1.0},
        "pagefind": {"recall@5": 0.77, "mrr": 0.77},
        "pagefind-docs": {"recall@5": 0.81, "mrr": 0.83},
    }},
    "corpus_10000": {"engines": ["minaoshi", "pagefind-docs"], "queries": {
        "目視": {"minaoshi": result(8, 74.5), "pagefind-docs": result(8, 200.3)},
        "ドローン 点検": {"minaoshi": result(9, 91.3), "pagefind-docs": result(10, 552.3)},
        "道路法": {"minaoshi": result(8, 73.8), "pagefind-docs": result(9, 155.0)},
    }},
}


class CheckTests(unittest.TestCase):
    def test_a_lone_character_over_the_file_budget_fails(self):
        # 法 at 10,000 documents read 11 files (95.5 KB) before its character list (format 7); no
        # query is excused the budget any more.
        report = copy.deepcopy(GOOD)
        report["corpus_10000"]["queries"]["法"] = {"minaoshi": result(11, 95.5), "pagefind-docs": result(10, 300.0)}
        failures = run.check(report)
        self.assertEqual(len(failures), 1, failures)
        self.assertIn("10,000 documents: 法's results fetch 11 files", failures[0])
        report["corpus_10000"]["queries"]["法"]["minaoshi"] = result(7, 66.0)
        self.assertEqual(run.check(report), [])

    def test_a_report_that_meets_every_target_passes(self):
        self.assertEqual(run.check(GOOD), [])

    def test_quality_not_above_pagefind_fails(self):
        report = copy.deepcopy(GOOD)
        report["summary"]["shipped"]["pagefind-docs"]["mrr"] = 1.0  # Minaoshi's, so not above it
        failures = run.check(report)
        self.assertEqual(len(failures), 1)
        self.assertIn("mrr", failures[0])

    def test_quality_below_the_floor_fails_even_above_pagefind(self):
        for measure in ("recall@5", "mrr"):
            report = copy.deepcopy(GOOD)
            report["summary"]["shipped"]["minaoshi"][measure] = 0.979
            failures = run.check(report)
            self.assertEqual(len(failures), 1, failures)
            self.assertIn(f"{measure} 0.979 is below 0.98", failures[0])

    def test_a_query_over_the_budget_fails(self):
        report = copy.deepcopy(GOOD)
        report["corpus_10000"]["queries"]["ドローン 点検"]["minaoshi"] = result(9, 136.0)
        self.assertTrue(any("ドローン 点検" in f and "budget" in f for f in run.check(report)))
        report["corpus_10000"]["queries"]["ドローン 点検"]["minaoshi"] = result(11, 90.0)
        self.assertTrue(any("11 files" in f for f in run.check(report)))

    def test_facet_counts_over_their_budget_fail(self):
        report = copy.deepcopy(GOOD)
        report["corpus_10000"]["queries"]["目視"]["minaoshi"] = result(8, 74.5, 151.0)
        failures = run.check(report)
        self.assertEqual(len(failures), 1)
        self.assertIn("facet counts", failures[0])

    def test_the_budget_holds_at_1000_documents_too(self):
        report = copy.deepcopy(GOOD)
        report["corpus_1000"] = {"engines": ["minaoshi", "pagefind-docs"], "queries": {
            "建築基準法": {"minaoshi": result(11, 60.0), "pagefind-docs": result(8, 90.0)}}}
        failures = run.check(report)
        self.assertEqual(len(failures), 1)
        self.assertIn("1,000 documents: 建築基準法", failures[0])

    def test_more_bytes_than_pagefind_fails_at_any_size(self):
        report = copy.deepcopy(GOOD)
        report["corpus_1000"] = {"engines": ["minaoshi", "pagefind-docs"], "queries": {
            "目視": {"minaoshi": result(8, 60.0), "pagefind-docs": result(8, 46.8)}}}
        failures = run.check(report)
        self.assertEqual(len(failures), 1)
        self.assertIn("1,000 documents", failures[0])


if __name__ == "__main__":
    unittest.main()
