"""The search page in a real browser: headless Debian chromium driven by Selenium over a
loopback HTTP server serving a site built from the shipped content. After every test, the
console must hold no Content-Security-Policy violation.

    python3 -m unittest discover -s Tests/browser -p 'test_*.py'   (needs .build/debug/minaoshi; make test builds it)
"""
import json
import os
import re
import unittest
import urllib.parse
import urllib.request

from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

import browser_site
from test_accessibility import set_width

# Every layout shift not caused by the reader's own input, summed (Layout Instability API).
WATCH_SHIFTS = """
window.__shifts = [];
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) if (!entry.hadRecentInput) window.__shifts.push(entry.value);
}).observe({type: 'layout-shift', buffered: true});
"""


class SearchPageTest(unittest.TestCase):
    # The project the site is built from (test_search_notes.py builds another).
    project_root = browser_site.ROOT

    @classmethod
    def setUpClass(cls):
        cls.site = browser_site.ServedSite(root=cls.project_root)
        cls.base = cls.site.base
        cls.driver = browser_site.chromium()

    @classmethod
    def tearDownClass(cls):
        cls.driver.quit()
        cls.site.close()

    def tearDown(self):
        self.assertEqual(self.csp_violations(), [], "the pages this test opened broke the Content-Security-Policy")

    def csp_violations(self):
        """What the console says the policy refused since the last call (reading empties it)."""
        return [entry["message"] for entry in self.driver.get_log("browser")
                if "Content Security Policy" in entry["message"] or "Refused to" in entry["message"]]

    def test_the_violation_check_sees_an_inline_script_and_style(self):
        self.driver.get(self.base)
        self.csp_violations()
        self.driver.execute_script("""
            const script = document.createElement('script');
            script.textContent = 'document.title = "inline"';
            document.body.appendChild(script);
            const div = document.createElement('div');
            div.setAttribute('style', 'color: red');
            document.body.appendChild(div);""")
        seen = []
        WebDriverWait(self.driver, 10).until(lambda d: seen.extend(self.csp_violations()) or len(seen) >= 2)
        self.assertTrue(any("inline script" in message for message in seen), seen)
        self.assertTrue(any("inline style" in message for message in seen), seen)
        self.assertNotEqual(self.driver.title, "inline")

    def test_every_kind_of_page_opens_without_a_violation(self):
        for path in ("", "regulations/", "cases/", "pages/about/", "categories/", "categories/visual-inspection/",
                     "feeds/", "api/", "search/?q=%E7%9B%AE%E8%A6%96", "404.html"):
            self.driver.get(self.base + path)
            WebDriverWait(self.driver, 10).until(lambda d: d.execute_script("return document.readyState") == "complete")
            self.assertEqual(self.csp_violations(), [], path)
        regulations = os.path.join(self.site.folder, "regulations")
        first = sorted(name for name in os.listdir(regulations) if os.path.isdir(os.path.join(regulations, name)) and name != "page")[0]
        self.driver.get(self.base + f"regulations/{first}/")
        self.assertEqual(self.csp_violations(), [], first)

    def test_every_page_carries_the_policy_the_readme_documents(self):
        with open(os.path.join(browser_site.ROOT, "README.md"), encoding="utf-8") as readme:
            documented = re.search(r"^Content-Security-Policy: (.+)$", readme.read(), re.M).group(1)
        pages = 0
        for folder, _, files in os.walk(self.site.folder):
            for name in files:
                if name.endswith(".html"):
                    with open(os.path.join(folder, name), encoding="utf-8") as page:
                        head = page.read().split("</head>")[0]
                    self.assertIn(f'<meta http-equiv="Content-Security-Policy" content="{documented}">', head, name)
                    pages += 1
        self.assertGreater(pages, 100)

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


    def test_on_a_phone_the_results_come_before_the_filters(self):
        driver = self.driver
        set_width(driver, 375)
        try:
            driver.get(self.base + "search/?q=" + urllib.parse.quote("ドローン") + "&type=cases")
            WebDriverWait(driver, 10).until(lambda d: "の検索結果" in d.find_element(By.ID, "search-status").text)
            disclosure = WebDriverWait(driver, 10).until(lambda d: d.find_element(By.ID, "search-filters-disclosure"))
            WebDriverWait(driver, 10).until(lambda d: disclosure.is_displayed())
            first = driver.find_element(By.CSS_SELECTOR, "#search-results li")
            self.assertLess(first.rect["y"], disclosure.rect["y"], "the first result is above the filters")
            self.assertIsNone(disclosure.get_attribute("open"), "on a phone the filters are folded")
            summary = disclosure.find_element(By.TAG_NAME, "summary")
            self.assertEqual(summary.text, "絞り込み（1件選択中）")
            summary.click()
            driver.find_element(By.CSS_SELECTOR, '#search-filters input[name="type"][value="regulations"]').click()
            WebDriverWait(driver, 10).until(lambda d: summary.text == "絞り込み（2件選択中）")
            driver.find_element(By.CSS_SELECTOR, '#search-filters input[name="type"][value="cases"]').click()
            driver.find_element(By.CSS_SELECTOR, '#search-filters input[name="type"][value="regulations"]').click()
            WebDriverWait(driver, 10).until(lambda d: summary.text == "絞り込み（選択なし）")
        finally:
            set_width(driver, 1280)

    def test_nothing_moves_while_the_results_load(self):
        driver = self.driver
        script = driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": WATCH_SHIFTS})
        try:
            for width in (375, 1280):
                with self.subTest(width=width):
                    set_width(driver, width)
                    driver.get(self.base + "search/?q=" + urllib.parse.quote("ドローン 点検"))
                    WebDriverWait(driver, 10).until(lambda d: "の検索結果" in d.find_element(By.ID, "search-status").text)
                    WebDriverWait(driver, 10).until(lambda d: d.find_element(By.ID, "search-filters-disclosure").is_displayed())
                    driver.execute_async_script("requestAnimationFrame(() => requestAnimationFrame(arguments[0]))")
                    shifts = driver.execute_script("return window.__shifts")
                    self.assertEqual(shifts, [], f"layout shifts at {width} px while the results loaded")
        finally:
            driver.execute_cdp_cmd("Page.removeScriptToEvaluateOnNewDocument", {"identifier": script["identifier"]})
            set_width(driver, 1280)


if __name__ == "__main__":
    unittest.main()
