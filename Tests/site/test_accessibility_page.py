"""The accessibility page states the target and shows the latest automated result from
content/_data/accessibility-report.json, row for row.

    python3 -m unittest discover -s Tests/site -p 'test_*.py'   (needs .build/debug/minaoshi)
"""
import json
import os
import shutil
import subprocess
import tempfile
import unittest

from test_progress_page import MINAOSHI, NOW, ROOT, parse


class AccessibilityPageTest(unittest.TestCase):
    def test_the_target_and_the_latest_result(self):
        tmp = tempfile.mkdtemp(prefix="minaoshi-a11y-page-")
        try:
            site = os.path.join(tmp, "site")
            subprocess.run([MINAOSHI, "build", "--root", ROOT, "--output", site, "--base-url", "https://example.lg.jp/kisei/", "--now", NOW],
                           check=True, capture_output=True)
            page = parse(os.path.join(site, "pages", "accessibility", "index.html"))
            with open(os.path.join(ROOT, "content/_data/accessibility-report.json"), encoding="utf-8") as source:
                report = json.load(source)
            text = page.one("main").text()
            for words in ("JIS X 8341-3:2016", "WCAG 2.2", "1280 px", "375 px", "axe-core"):
                self.assertIn(words, text)
            section = page.one("section", class_="accessibility-result")
            self.assertEqual(section.one("time").attrs["datetime"], report["date"])
            self.assertIn(f"axe-core {report['axe']} で {len(report['checks'])} 件", section.text())
            self.assertIn(f"違反は {sum(c['violations'] for c in report['checks'])} 件", section.text())
            rows = [(row.one("th").text(), [td.text() for td in row.all("td")]) for row in section.one("tbody").all("tr")]
            self.assertEqual(rows, [(c["page"], [c["path"], f"{c['width']} px", f"{c['violations']}件"]) for c in report["checks"]])
        finally:
            shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    unittest.main()
