"""Accessibility in a real browser: axe-core 4.x in headless chromium, on one page of every page
kind at 1280 and 375 px, must find no violation of the WCAG 2.0, 2.1 and 2.2 A and AA rules; and
the search page can be used with the keyboard alone.

axe-core is the `axe.min.js` shipped inside the `axe-playwright-python` wheel (installed with
`pip install --no-deps` by scripts/install-deps.sh: only the file is used, not Playwright). The
report of every check is written as JSON to the folder the test prints (MINAOSHI_BROWSER_OUT, else
/dev/shm/minaoshi-browser or the temporary folder), with `accessibility-report.json`, the summary
the accessibility page shows once it is copied to content/_data/.

    python3 -m unittest discover -s Tests/browser -p 'test_accessibility.py'
"""
import datetime
import importlib.metadata
import json
import os
import tempfile
import unittest
import urllib.parse

from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import WebDriverWait

import browser_site

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]
WIDTHS = (1280, 375)


def axe_source():
    """The text of axe.min.js from the installed axe-playwright-python distribution (found through
    its file list, so Playwright, which is not installed, is never imported)."""
    files = importlib.metadata.files("axe-playwright-python") or []
    path = next(f for f in files if f.name == "axe.min.js")
    with open(path.locate(), encoding="utf-8") as source:
        return source.read()


def output_folder():
    folder = os.environ.get("MINAOSHI_BROWSER_OUT")
    if not folder:
        folder = "/dev/shm/minaoshi-browser" if os.path.isdir("/dev/shm") else os.path.join(tempfile.gettempdir(), "minaoshi-browser")
    os.makedirs(folder, exist_ok=True)
    return folder


def set_width(driver, width):
    """The page's viewport as a phone's (375 px, touch, mobile) or a desktop's."""
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                           {"width": width, "height": 812 if width < 600 else 900, "deviceScaleFactor": 1, "mobile": width < 600})


def search_ready(driver):
    """The search page has drawn its filters and its status line has settled on results."""
    return (driver.find_elements(By.CSS_SELECTOR, "#search-filters fieldset")
            and "件" in driver.find_element(By.ID, "search-status").text)


# One page of every page kind: (name, Japanese name for the accessibility page, path, a condition the page
# must meet before axe runs).
PAGES = [
    ("home", "ホーム", "", None),
    ("section regulations", "一覧（規制の見直し）", "regulations/", None),
    ("section regulations page 2", "一覧の2ページ目（規制の見直し）", "regulations/page/2/", None),
    ("section cases", "一覧（実装事例）", "cases/", None),
    ("section cases page 2", "一覧の2ページ目（実装事例）", "cases/page/2/", None),
    ("section pages", "一覧（このサイトについて）", "pages/", None),
    ("regulation", "規制の見直し", "regulations/road-bridge-inspection/", None),
    ("case", "実装事例", "cases/alsok-inagi-building-inspection/", None),
    ("page", "固定ページ", "pages/accessibility/", None),
    ("vocabulary categories", "語彙（類型）", "categories/", None),
    ("vocabulary technologies", "語彙（技術）", "technologies/", None),
    ("vocabulary ministries", "語彙（府省庁）", "ministries/", None),
    ("vocabulary prefectures", "語彙（都道府県）", "prefectures/", None),
    ("vocabulary statuses", "語彙（見直しの状況）", "statuses/", None),
    ("term", "語のページ", "categories/visual-inspection/", None),
    ("progress", "見直しの進み具合", "progress/", None),
    ("search with results", "検索（結果あり）", "search/?q=" + urllib.parse.quote("ドローン"), search_ready),
    ("search with a filter ticked", "検索（絞り込みあり）", "search/?q=" + urllib.parse.quote("ドローン") + "&type=cases", search_ready),
    ("feeds", "フィード一覧", "feeds/", None),
    ("sitemap", "サイトマップ", "sitemap/", None),
    ("api", "オープンデータ（API）", "api/", None),
    ("404", "ページが見つかりません（404）", "404.html", None),
]


class AccessibilityTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        # A page size of 10 gives the small shipped corpus a page 2 in both channel sections.
        cls.site = browser_site.ServedSite(page_size=10)
        cls.driver = browser_site.chromium()
        cls.axe = axe_source()
        cls.out = output_folder()
        print(f"\naccessibility report: {os.path.join(cls.out, 'axe-report.json')}")

    @classmethod
    def tearDownClass(cls):
        cls.driver.quit()
        cls.site.close()

    def run_axe(self):
        self.driver.execute_script(self.axe)
        self.driver.set_script_timeout(60)
        return self.driver.execute_async_script(
            "const done = arguments[arguments.length - 1];"
            "axe.run(document, {runOnly: {type: 'tag', values: arguments[0]}, resultTypes: ['violations']})"
            ".then((r) => done({version: axe.version, violations: r.violations.map((v) => ({id: v.id, impact: v.impact,"
            " help: v.help, nodes: v.nodes.map((n) => ({target: n.target, summary: n.failureSummary}))}))}))"
            ".catch((e) => done({error: String(e)}));", WCAG_TAGS)

    def test_every_page_kind_at_both_widths_has_no_violation(self):
        report = {"tags": WCAG_TAGS, "checks": []}
        failures = []
        for name, label, path, ready in PAGES:
            for width in WIDTHS:
                set_width(self.driver, width)
                self.driver.get(self.site.base + path)
                WebDriverWait(self.driver, 10).until(lambda d: d.execute_script("return document.readyState") == "complete")
                if ready:
                    WebDriverWait(self.driver, 10).until(ready)
                self.assertEqual(self.driver.execute_script("return window.innerWidth"), width)
                result = self.run_axe()
                self.assertNotIn("error", result, f"{name} at {width} px: axe did not run")
                report["axe"] = result["version"]
                report["checks"].append({"page": name, "label": label, "path": "/" + path, "width": width, "violations": result["violations"]})
                for violation in result["violations"]:
                    failures.append(f"{name} (/{path}) at {width} px: {violation['id']} ({violation['impact']}): {violation['help']}: "
                                    + "; ".join(" ".join(node["target"]) for node in violation["nodes"][:5]))
        with open(os.path.join(self.out, "axe-report.json"), "w", encoding="utf-8") as target:
            json.dump(report, target, ensure_ascii=False, indent=1)
        # The summary the accessibility page shows: copy it to content/_data/ to publish it.
        summary = {"date": datetime.date.today().isoformat(), "axe": report["axe"], "tags": WCAG_TAGS,
                   "checks": [{"page": c["label"], "path": c["path"], "width": c["width"], "violations": len(c["violations"])}
                              for c in report["checks"]]}
        with open(os.path.join(self.out, "accessibility-report.json"), "w", encoding="utf-8") as target:
            json.dump(summary, target, ensure_ascii=False, indent=1)
            target.write("\n")
        self.assertEqual(len(report["checks"]), len(PAGES) * len(WIDTHS))
        self.assertTrue(report["axe"].startswith("4."), f"axe-core {report['axe']} is not 4.x")
        self.assertEqual(failures, [], "\n" + "\n".join(failures))
