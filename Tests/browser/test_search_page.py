"""The search page in a real browser: headless Debian chromium driven by Selenium over a
loopback HTTP server serving a site built from the shipped content.

    python3 -m unittest discover -s Tests/browser -p 'test_*.py'   (needs .build/debug/minaoshi; make test builds it)
"""
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import unittest
import urllib.request

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class SearchPageTest(unittest.TestCase):
    # The project the site is built from (test_search_notes.py builds another).
    project_root = ROOT

    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.mkdtemp(prefix="minaoshi-browser-")
        site = os.path.join(cls.tmp, "site")
        port = free_port()
        base = f"http://127.0.0.1:{port}/"
        subprocess.run([os.path.join(ROOT, ".build/debug/minaoshi"), "build", "--root", cls.project_root, "--output", site,
                        "--base-url", base, "--now", "2026-11-27"], check=True, capture_output=True)
        cls.server = subprocess.Popen([sys.executable, "-m", "http.server", str(port), "--bind", "127.0.0.1", "--directory", site],
                                      stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        for _ in range(100):
            try:
                urllib.request.urlopen(base, timeout=1)
                break
            except OSError:
                time.sleep(0.1)
        cls.base = base
        options = webdriver.ChromeOptions()
        for argument in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"):
            options.add_argument(argument)
        options.binary_location = shutil.which("chromium") or "/usr/bin/chromium"
        cls.driver = webdriver.Chrome(options=options, service=Service(shutil.which("chromedriver") or "/usr/bin/chromedriver"))

    @classmethod
    def tearDownClass(cls):
        cls.driver.quit()
        cls.server.terminate()
        cls.server.wait()
        shutil.rmtree(cls.tmp, ignore_errors=True)

    def type_query(self, text):
        driver = self.driver
        driver.get(self.base + "search/")
        box = WebDriverWait(driver, 10).until(lambda d: d.find_element(By.ID, "search-q"))
        WebDriverWait(driver, 10).until(lambda d: d.find_elements(By.CSS_SELECTOR, "#search-filters fieldset"))
        box.send_keys(text)
        WebDriverWait(driver, 10).until(lambda d: "の検索結果" in d.find_element(By.ID, "search-status").text
                                        and text.split()[-1] in d.find_element(By.ID, "search-status").text)

    def titles(self):
        return [a.text for a in self.driver.find_elements(By.CSS_SELECTOR, "#search-results h2 a")]

    def count(self, key, value):
        box = self.driver.find_element(By.CSS_SELECTOR, f'#search-filters input[name="{key}"][value="{value}"]')
        label = box.find_element(By.XPATH, "..")
        return label.find_element(By.TAG_NAME, "span").text

    def test_opening_the_page_fetches_only_the_manifest(self):
        driver = self.driver
        driver.get(self.base + "search/")
        WebDriverWait(driver, 10).until(lambda d: "全" in d.find_element(By.ID, "search-status").text)
        manifest = json.loads(urllib.request.urlopen(self.base + "search/manifest.json").read())
        self.assertIn(f"全{manifest['documents']}件", driver.find_element(By.ID, "search-status").text)
        types = next(f for f in manifest["facets"] if f["key"] == "type")
        for value in types["values"]:
            self.assertEqual(self.count("type", value["id"]), f"({value['count']})")
        fetched = driver.execute_script("return performance.getEntriesByType('resource').map((e) => e.name)")
        index_files = [name for name in fetched if "/search/" in name and "/assets/" not in name]
        self.assertEqual([name.rsplit("/", 1)[1] for name in index_files], ["manifest.json"], "the facet table and fragments wait for a query")

    def test_hojo_finds_the_farmland_cases_with_counts(self):
        self.type_query("圃場")
        status = self.driver.find_element(By.ID, "search-status").text
        self.assertIn("「圃場」の検索結果：6件", status)
        titles = self.titles()
        self.assertEqual(titles[0], "衛星データとAIで作付確認を効率化する「圃場DX」（南相馬市）")
        self.assertEqual(len(titles), 5)
        marks = [m.text for m in self.driver.find_elements(By.CSS_SELECTOR, "#search-results mark")]
        self.assertIn("圃場", marks)
        self.assertEqual(self.count("type", "cases"), "(3)")
        self.assertEqual(self.count("type", "pages"), "(2)")
        self.assertEqual(self.count("type", "regulations"), "(1)")
        self.assertIn("q=%E5%9C%83%E5%A0%B4", self.driver.current_url)

    def test_drone_inspection_and_a_filter(self):
        self.type_query("ドローン 点検")
        status = self.driver.find_element(By.ID, "search-status").text
        self.assertIn("「ドローン 点検」の検索結果：11件", status)
        self.assertIn("道路橋・トンネルの定期点検で近接目視と同等の方法（ドローン等）を容認", self.titles())
        regulations = self.count("type", "regulations")
        self.driver.find_element(By.CSS_SELECTOR, '#search-filters input[name="type"][value="cases"]').click()
        WebDriverWait(self.driver, 10).until(lambda d: "type=cases" in d.current_url)
        WebDriverWait(self.driver, 10).until(lambda d: "件" in d.find_element(By.ID, "search-status").text
                                             and all("/cases/" in a.get_attribute("href") for a in d.find_elements(By.CSS_SELECTOR, "#search-results h2 a")))
        self.assertEqual(self.count("type", "regulations"), regulations, "a key's counts ignore its own filter")

    def test_the_header_box_leads_to_the_search(self):
        self.driver.get(self.base)
        box = self.driver.find_element(By.ID, "site-search-q")
        box.send_keys("近接目視")
        box.submit()
        WebDriverWait(self.driver, 10).until(lambda d: "の検索結果" in d.find_element(By.ID, "search-status").text)
        self.assertEqual(self.titles(), ["道路橋・トンネルの定期点検で近接目視と同等の方法（ドローン等）を容認"])


if __name__ == "__main__":
    unittest.main()
