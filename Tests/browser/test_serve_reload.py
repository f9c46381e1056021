"""`minaoshi serve` in a real browser: headless Debian chromium driven by Selenium. A page reloads
when its content file is saved, a broken front matter shows its positioned problem over the page
(which is not reloaded: the last good site stays), and fixing it takes the overlay away and
reloads. The project's base template declares `default-src 'self'` as its Content-Security-Policy,
so the test also proves that serve's script tag and overlay need no inline script or style.

    python3 -m unittest discover -s Tests/browser -p 'test_*.py'   (needs .build/debug/minaoshi; make test builds it)
"""
import os
import shutil
import signal
import socket
import subprocess
import tempfile
import threading
import time
import unittest

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
CASE = "content/cases/alsok-inagi-building-inspection.md"
CSP = """<meta http-equiv="Content-Security-Policy" content="default-src 'self'">"""


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class ServeReloadTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.mkdtemp(prefix="minaoshi-serve-browser-")
        cls.project = os.path.join(cls.tmp, "project")
        os.makedirs(cls.project)
        for name in ("content", "templates"):
            shutil.copytree(os.path.join(ROOT, name), os.path.join(cls.project, name))
        shutil.copy(os.path.join(ROOT, "minaoshi.yml"), cls.project)
        base = os.path.join(cls.project, "templates/base.mustache")
        with open(base, encoding="utf-8") as f:
            text = f.read()
        assert '<meta charset="utf-8">' in text
        with open(base, "w", encoding="utf-8") as f:
            f.write(text.replace('<meta charset="utf-8">', '<meta charset="utf-8">\n' + CSP, 1))
        cls.case_path = os.path.join(cls.project, CASE)
        with open(cls.case_path, encoding="utf-8") as f:
            cls.original = f.read()
        port = free_port()
        cls.base = f"http://127.0.0.1:{port}/"
        cls.server = subprocess.Popen([os.path.join(ROOT, ".build/debug/minaoshi"), "serve", "--root", cls.project,
                                       "--port", str(port), "--now", "2026-11-27"],
                                      stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        cls.output = []
        threading.Thread(target=lambda: [cls.output.append(line) for line in cls.server.stdout], daemon=True).start()
        deadline = time.time() + 120
        while not any(line.startswith("Serving ") for line in cls.output):
            if cls.server.poll() is not None or time.time() > deadline:
                raise RuntimeError("serve did not start:\n" + "".join(cls.output))
            time.sleep(0.1)
        options = webdriver.ChromeOptions()
        for argument in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"):
            options.add_argument(argument)
        options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
        options.binary_location = shutil.which("chromium") or "/usr/bin/chromium"
        cls.driver = webdriver.Chrome(options=options, service=Service(shutil.which("chromedriver") or "/usr/bin/chromedriver"))

    @classmethod
    def tearDownClass(cls):
        cls.driver.quit()
        cls.server.send_signal(signal.SIGINT)
        cls.server.wait(timeout=30)
        cls.server.stdout.close()
        shutil.rmtree(cls.tmp, ignore_errors=True)

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
