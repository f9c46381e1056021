"""Looks: screenshots of the home page, a review, a case, the dashboard and the search page at
1280 and 375 px, and a review printed to PDF by Chromium, saved to the folder the test prints
(MINAOSHI_BROWSER_OUT, else /dev/shm/minaoshi-browser). Someone looks at them; the test checks
what a machine can: every picture is a PNG of the width asked, the PDF is a PDF of at least one
page, and in print the navigation and search are gone and external links show where they lead.

    python3 -m unittest discover -s Tests/browser -p 'test_looks.py'
"""
import base64
import os
import struct
import unittest
import urllib.parse

from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

import browser_site
from test_accessibility import output_folder, set_width

REVIEW = "regulations/road-bridge-inspection/"
PAGES = [
    ("home", ""),
    ("review", REVIEW),
    ("case", "cases/minamisoma-hojo-dx/"),
    ("progress", "progress/"),
    ("search", "search/?q=" + urllib.parse.quote("ドローン 点検")),
]


def png_size(path):
    with open(path, "rb") as picture:
        head = picture.read(24)
    assert head[:8] == b"\x89PNG\r\n\x1a\n", f"{path} is not a PNG"
    return struct.unpack(">II", head[16:24])


class LooksTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.site = browser_site.ServedSite()
        cls.driver = browser_site.chromium()
        cls.out = os.path.join(output_folder(), "looks")
        os.makedirs(cls.out, exist_ok=True)
        print(f"\nscreenshots and PDF: {cls.out}")

    @classmethod
    def tearDownClass(cls):
        cls.driver.quit()
        cls.site.close()

    def open(self, path, width):
        set_width(self.driver, width)
        self.driver.get(self.site.base + path)
        WebDriverWait(self.driver, 10).until(lambda d: d.execute_script("return document.readyState") == "complete")
        if path.startswith("search/"):
            WebDriverWait(self.driver, 10).until(lambda d: "の検索結果" in d.find_element(By.ID, "search-status").text)

    def test_screenshots_at_both_widths(self):
        for name, path in PAGES:
            for width in (1280, 375):
                self.open(path, width)
                # The whole page in one picture: the viewport as tall as the page (at most 6,000 px).
                height = min(self.driver.execute_script("return document.documentElement.scrollHeight"), 6000)
                self.driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                                            {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": width < 600})
                file = os.path.join(self.out, f"{name}-{width}.png")
                self.driver.save_screenshot(file)
                self.assertEqual(png_size(file), (width, height), file)

    def test_a_review_printed_to_pdf(self):
        self.open(REVIEW, 1280)
        self.driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})
        try:
            hidden = self.driver.execute_script(
                "return ['.site-nav', '.site-search', '.skip-link'].map((s) => getComputedStyle(document.querySelector(s)).display)")
            self.assertEqual(hidden, ["none", "none", "none"])
            external = self.driver.execute_script(
                "const a = document.querySelector('a[rel~=\"external\"]'); return [a.href, getComputedStyle(a, '::after').content]")
            self.assertIn(external[0], external[1], "an external link's address is printed after it")
            self.assertTrue(self.driver.find_element(By.CSS_SELECTOR, ".print-url").is_displayed())
        finally:
            self.driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": ""})
        pdf = base64.b64decode(self.driver.execute_cdp_cmd("Page.printToPDF", {"printBackground": True, "preferCSSPageSize": True})["data"])
        self.assertTrue(pdf.startswith(b"%PDF-"))
        self.assertGreaterEqual(pdf.count(b"/Type /Page") - pdf.count(b"/Type /Pages"), 1)
        with open(os.path.join(self.out, "review-print.pdf"), "wb") as target:
            target.write(pdf)


if __name__ == "__main__":
    unittest.main()
