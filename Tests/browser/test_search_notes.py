"""The notes of the search page in a real browser (headless Debian chromium, Selenium, a loopback
server, the shipped content): the synonym note with its exact-search button, and the note that a
typed prefix searched only the most frequent words it begins. Each is compared with what
`minaoshi search` prints for the same query, so the page and the command say the same.

    python3 -m unittest discover -s Tests/browser -p 'test_*.py'   (needs .build/debug/minaoshi)
"""
import itertools
import json
import os
import shutil
import subprocess
import unittest

from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

import test_search_page as page

BINARY = page.browser_site.MINAOSHI


class SearchNotesTest(unittest.TestCase):
    """The shipped project and one page more, 語の一覧, with 80 words that begin with zq (more than
    the 64 a prefix looks up). Site, server and browser are set up as the search page test's."""

    @classmethod
    def setUpClass(cls):
        project = cls.project = os.path.join(os.environ.get("TMPDIR", "/tmp"), f"minaoshi-notes-{os.getpid()}")
        shutil.rmtree(project, ignore_errors=True)
        for name in ("content", "templates"):
            shutil.copytree(os.path.join(page.browser_site.ROOT, name), os.path.join(project, name))
        shutil.copy(os.path.join(page.browser_site.ROOT, "minaoshi.yml"), project)
        words = ["zq" + "".join(letters) for letters in itertools.islice(itertools.product("abcdefghij", repeat=2), 80)]
        with open(os.path.join(project, "content", "pages", "words.md"), "w", encoding="utf-8") as out:
            out.write("---\nid: words\ntitle: 語の一覧\n---\n\n" + " ".join(words) + "\n")
        cls.project_root = project
        page.SearchPageTest.setUpClass.__func__(cls)

    @classmethod
    def tearDownClass(cls):
        page.SearchPageTest.tearDownClass.__func__(cls)
        shutil.rmtree(cls.project, ignore_errors=True)

    type_query = page.SearchPageTest.type_query
    titles = page.SearchPageTest.titles

    def cli(self, query, *extra):
        site = self.site.folder
        return subprocess.run([BINARY, "search", query, "--site", site, "--limit", "5", *extra],
                              check=True, capture_output=True, text=True).stdout

    def wait_for(self, element_id, shown=True):
        return WebDriverWait(self.driver, 10).until(
            lambda d: (lambda e: e if (e.is_displayed() == shown) else None)(d.find_element(By.ID, element_id)))

    def test_a_synonym_search_says_so_and_offers_the_exact_search(self):
        self.type_query("在宅勤務")
        note = self.wait_for("search-synonyms")
        # The note as the command prints it (up to its exact-command part), and the button.
        printed = [line for line in self.cli("在宅勤務").splitlines() if "の同義語" in line][0]
        sentence = printed.split("同義語を含めずに検索")[0].strip()
        # リモートワーク is in no document either: the build marked it, so it is not searched or named.
        self.assertEqual(sentence, "「在宅勤務」の同義語「テレワーク」も含めています。")
        self.assertTrue(note.text.startswith(sentence), note.text)
        results = json.loads(self.cli("在宅勤務", "--json"))
        self.assertGreater(results["total"], 0)
        self.assertEqual(self.titles(), [hit["title"] for hit in results["hits"]][:len(self.titles())])
        button = note.find_element(By.TAG_NAME, "button")
        self.assertEqual(button.text, "「在宅勤務」だけで検索")
        button.click()
        box = self.driver.find_element(By.ID, "search-q")
        WebDriverWait(self.driver, 10).until(lambda d: box.get_attribute("value") == '"在宅勤務"')
        # No document says 在宅勤務: the exact search finds nothing and the note goes away.
        WebDriverWait(self.driver, 10).until(lambda d: not d.find_element(By.ID, "search-synonyms").is_displayed())
        WebDriverWait(self.driver, 10).until(lambda d: self.titles() == [])
        self.assertEqual(json.loads(self.cli('"在宅勤務"', "--json"))["total"], 0)

    def test_a_word_without_synonyms_shows_no_note(self):
        self.type_query("圃場")
        WebDriverWait(self.driver, 10).until(lambda d: self.titles())
        self.assertFalse(self.driver.find_element(By.ID, "search-synonyms").is_displayed())
        self.assertFalse(self.driver.find_element(By.ID, "search-prefix-cap").is_displayed())

    def test_a_capped_prefix_is_stated_as_the_command_states_it(self):
        results = json.loads(self.cli("zq", "--json"))
        self.assertEqual(results["cappedPrefix"], "zq")
        self.assertEqual(results["total"], 1)
        printed = [line for line in self.cli("zq").splitlines() if "で始まる語が多いため" in line]
        self.assertEqual(len(printed), 1)
        self.type_query("zq")
        note = self.wait_for("search-prefix-cap")
        self.assertEqual(note.text, printed[0])
        self.assertIn(f"{results['prefixCap']}語", note.text)
        # A whole word is no prefix of too many: the note goes.
        box = self.driver.find_element(By.ID, "search-q")
        box.send_keys("aa ")
        self.wait_for("search-prefix-cap", shown=False)


if __name__ == "__main__":
    unittest.main()
