"""`minaoshi serve` in a real browser: headless Debian chromium driven by Selenium. A page reloads
when its content file is saved, a broken front matter shows its positioned problem over the page
(which is not reloaded: the last good site stays), and fixing it takes the overlay away and
reloads. The project's base template declares `default-src 'self'` as its Content-Security-Policy,
so the test also proves that serve's script tag and overlay need no inline script or style.

    python3 -m unittest discover -s Tests/browser -p 'test_*.py'   (needs .build/debug/minaoshi; make test builds it)
"""
import os
import unittest

from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from serve_project import ServedProject, chromium

CASE = "content/cases/alsok-inagi-building-inspection.md"


class ServeReloadTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.served = ServedProject("minaoshi-serve-browser-")
        cls.base = cls.served.base
        cls.case_path = cls.served.path(CASE)
        with open(cls.case_path, encoding="utf-8") as f:
            cls.original = f.read()
        cls.driver = chromium()

    @classmethod
    def tearDownClass(cls):
        cls.driver.quit()
        cls.served.close()

    def save(self, text):
        # As an editor saves: a temporary file renamed over the original.
        temporary = self.case_path + ".saving"
        with open(temporary, "w", encoding="utf-8") as f:
            f.write(text)
        os.replace(temporary, self.case_path)

    def mark(self):
        """Marks the loaded page; a reload loses the mark."""
        self.driver.execute_script("window.minaoshiTestMark = true")

    def reloaded(self):
        return not self.driver.execute_script("return window.minaoshiTestMark === true")

    def overlay_lines(self):
        return [e.text for e in self.driver.find_elements(By.CSS_SELECTOR, "#minaoshi-overlay .minaoshi-diagnostic")]

    def test_edit_break_and_fix(self):
        driver = self.driver
        wait = WebDriverWait(driver, 60)
        driver.get(self.base + "cases/alsok-inagi-building-inspection/")
        self.assertEqual(len(driver.find_elements(By.CSS_SELECTOR, "script[src='/_minaoshi/live.js'][data-build]")), 1)
        self.mark()

        # An edit of the body: the page reloads by itself and shows the new text.
        self.save(self.original + "\n保存したばかりの一文です。\n")
        wait.until(lambda d: self.reloaded() and "保存したばかりの一文です。" in d.find_element(By.TAG_NAME, "main").text)
        self.mark()

        # A broken front matter: the overlay shows the problem with its place; the page stays.
        broken = self.original.replace("\ndate: ", "\ndate: 2024-02-30\nold_date: ", 1)
        self.assertNotEqual(broken, self.original)
        self.save(broken)
        wait.until(lambda d: self.overlay_lines())
        lines = self.overlay_lines()
        self.assertTrue(any(line.startswith(CASE + ":") and "2024-02-30" in line for line in lines), lines)
        self.assertRegex(lines[0], r"^content/cases/[\w.-]+\.md:\d+:\d+: error: ")
        self.assertFalse(self.reloaded())
        self.assertIn("保存したばかりの一文です。", driver.find_element(By.TAG_NAME, "main").text)
        overlay = driver.find_element(By.ID, "minaoshi-overlay")
        self.assertEqual(overlay.value_of_css_property("position"), "fixed")
        self.assertTrue(overlay.is_displayed())

        # Fixed: the overlay goes and the page reloads with the fixed text.
        self.save(self.original + "\n直した後の一文です。\n")
        wait.until(lambda d: self.reloaded() and "直した後の一文です。" in d.find_element(By.TAG_NAME, "main").text)
        self.assertEqual(driver.find_elements(By.ID, "minaoshi-overlay"), [])

        # Nothing serve added broke the page's Content-Security-Policy.
        violations = [entry["message"] for entry in driver.get_log("browser") if "Content Security Policy" in entry["message"]]
        self.assertEqual(violations, [])


if __name__ == "__main__":
    unittest.main()
