"""The editor of `minaoshi serve` in a real browser (headless Debian chromium, Selenium), on a copy
of the shipped project whose base template declares `default-src 'self'`: the new-case form
filled with Japanese text through the keyboard alone, a field error seen and fixed, a review found
and added with the picker, the save, the file's bytes and the rebuilt page; the same form saved
with JavaScript off (a plain POST, the server's error shown, the redirect); an edit of a review's title and its one-line diff; a change on
disk since the form opened refused; writes from another origin or without the token refused; no
check or preview while an input method composes; axe-core on both forms at 1280 and 375 px.

    python3 -m unittest discover -s Tests/browser -p 'test_*.py'   (needs .build/debug/minaoshi; make test builds it)
"""
import difflib
import http.server
import json
import os
import sys
import tempfile
import threading
import time
import unittest

from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.common.exceptions import StaleElementReferenceException
from selenium.webdriver.support.ui import WebDriverWait

sys.path.insert(0, os.path.dirname(__file__))
from browser_site import ROOT  # noqa: E402
from serve_project import ServedProject, chromium  # noqa: E402
from test_accessibility import WCAG_TAGS, axe_source, output_folder, set_width  # noqa: E402


def patient_wait(driver, seconds):
    """A wait that looks again when the page it read was replaced under it: a form posted without
    JavaScript, a redirect or a live reload swaps the document between finding an element and
    reading its text, and that is the page still loading, not a failure."""
    return WebDriverWait(driver, seconds, ignored_exceptions=(StaleElementReferenceException,))


REVIEW = "content/regulations/road-bridge-inspection.md"
TITLE = "ドローンで橋を点検した事例"


class EditorTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.served = ServedProject("minaoshi-editor-browser-", startup_seconds=180)
        cls.tmp, cls.project, cls.base = cls.served.tmp, cls.served.project, cls.served.base
        cls.driver = chromium(["--lang=en-US"])
        cls.driver.set_window_size(1280, 900)
        cls.out = output_folder()

    @classmethod
    def tearDownClass(cls):
        cls.driver.quit()
        cls.served.close()

    def path(self, relative):
        return self.served.path(relative)

    def active_id(self):
        return self.driver.execute_script("return document.activeElement && document.activeElement.id")

    def tab_to(self, element_id, limit=400):
        """Presses Tab until the element has focus: it is reached by the keyboard alone."""
        body = self.driver.find_element(By.TAG_NAME, "body")
        for _ in range(limit):
            if self.active_id() == element_id:
                return self.driver.switch_to.active_element
            self.driver.switch_to.active_element.send_keys(Keys.TAB) if self.active_id() else body.send_keys(Keys.TAB)
        self.fail(f"#{element_id} was not reached with Tab")

    def counts(self):
        form = self.driver.find_element(By.ID, "editor")
        return int(form.get_attribute("data-checks")), int(form.get_attribute("data-previews"))

    def error(self, key):
        return self.driver.find_element(By.ID, "err-" + key).text

    def test_1_new_case_by_keyboard(self):
        driver, wait = self.driver, patient_wait(self.driver, 120)
        driver.get(self.base + "_minaoshi/new/case")
        title = self.tab_to("in-title")
        title.send_keys(TITLE)
        wait.until(lambda d: self.counts()[0] >= 1)

        # An input method composing: no check and no preview until it ends.
        body = driver.find_element(By.ID, "in-body")
        wait.until(lambda d: d.execute_script("return document.readyState") == "complete")
        time.sleep(0.6)
        before = self.counts()
        driver.execute_script("arguments[0].focus(); arguments[0].dispatchEvent(new CompositionEvent('compositionstart', {bubbles: true}))", body)
        body.send_keys("## 課題")
        time.sleep(1.0)
        self.assertEqual(self.counts(), before, "a check or preview ran while composing")
        driver.execute_script("arguments[0].dispatchEvent(new CompositionEvent('compositionend', {bubbles: true, data: '課題'}))", body)
        wait.until(lambda d: self.counts()[0] > before[0] and self.counts()[1] > before[1])
        body.send_keys(Keys.ENTER, Keys.ENTER, "点検に人手がかかっていた。")
        wait.until(lambda d: "課題" in d.find_element(By.CSS_SELECTOR, "#preview h2").text)

        # A warning (a `**` shown as literal characters) in its own slot: the field is not invalid.
        body.send_keys("**「重要」**です")
        patient_wait(driver, 20).until(lambda d: "**" in d.find_element(By.ID, "warn-body").text)
        self.assertIsNone(body.get_attribute("aria-invalid"))
        self.assertEqual(self.error("body"), "")
        self.assertIn("warn-body", body.get_attribute("aria-describedby"))
        driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", driver.find_element(By.ID, "warn-body"))
        driver.save_screenshot(os.path.join(self.out, "editor-warning.png"))
        body.send_keys(Keys.BACKSPACE * len("**「重要」**です"))
        wait.until(lambda d: d.find_element(By.ID, "warn-body").text == "")

        # A field error, tied to its field, then fixed.
        wait.until(lambda d: "1つ以上" in self.error("categories"))
        fieldset = driver.find_element(By.ID, "field-categories")
        self.assertIn("err-categories", fieldset.get_attribute("aria-describedby"))
        self.assertEqual(self.error("categories"), "「アナログ規制の類型」を1つ以上選んでください。")
        box = driver.find_element(By.CSS_SELECTOR, "input[name=categories][value=visual-inspection]")
        self.tab_to(box.get_attribute("id"))
        driver.switch_to.active_element.send_keys(Keys.SPACE)
        wait.until(lambda d: self.error("categories") == "")

        date = self.tab_to("in-date")
        date.send_keys("06282024")
        wait.until(lambda d: d.find_element(By.ID, "in-date").get_attribute("value") == "2024-06-28")
        wait.until(lambda d: d.find_element(By.ID, "reading-date").text == "令和6年6月28日")

        # The picker: the reviews are not in the page; a search finds one, Enter adds it.
        self.assertEqual(driver.find_elements(By.CSS_SELECTOR, "input[name=regulations][type=checkbox]"), [])
        self.tab_to("find-regulations").send_keys("道路橋")
        choice = "choose-regulations-road-bridge-inspection"
        wait.until(lambda d: d.find_elements(By.ID, choice))
        self.assertIn("件見つかりました", driver.find_element(By.ID, "found-status-regulations").text)
        self.tab_to(choice).send_keys(Keys.ENTER)
        wait.until(lambda d: d.find_elements(By.CSS_SELECTOR, "#chosen-regulations li[data-id=road-bridge-inspection]"))
        self.assertEqual(driver.find_element(By.ID, "in-regulations").get_attribute("value"), "road-bridge-inspection")
        self.assertEqual(self.active_id(), "find-regulations")

        self.tab_to("in-sources-title-0").send_keys("市の発表")
        url = self.tab_to("in-sources-url-0")
        url.send_keys("not a url")
        wait.until(lambda d: "http" in self.error("sources"))
        url.send_keys(Keys.CONTROL, "a")
        url.send_keys("https://example.go.jp/drone")
        wait.until(lambda d: self.error("sources") == "")

        self.tab_to("save").send_keys(Keys.ENTER)
        wait.until(lambda d: d.current_url.endswith("/cases/case-2024-06-28/"))
        wait.until(lambda d: TITLE in d.find_element(By.TAG_NAME, "h1").text)
        with open(self.path("content/cases/case-2024-06-28.md"), encoding="utf-8") as f:
            saved = f.read()
        self.assertTrue(saved.startswith(f'---\nid: "case-2024-06-28"\ntitle: "{TITLE}"\n'), saved)
        for line in ('categories: ["visual-inspection"]\n', 'regulations: ["road-bridge-inspection"]\n', "date: 2024-06-28\n",
                     'sources:\n  - {title: "市の発表", url: "https://example.go.jp/drone"}\n---\n'):
            self.assertIn(line, saved)
        self.assertTrue(saved.endswith("---\n\n## 課題\n\n点検に人手がかかっていた。\n"), saved)
        driver.save_screenshot(os.path.join(self.out, "editor-saved-case.png"))
        violations = [e["message"] for e in driver.get_log("browser") if "Content Security Policy" in e["message"]]
        self.assertEqual(violations, [])

    def test_2_edit_a_review_title(self):
        driver, wait = self.driver, patient_wait(self.driver, 30)
        with open(self.path(REVIEW), encoding="utf-8") as f:
            original = f.read()
        # A rebuild still settling (the last test's new case is served from its preview before the
        # rebuild that lists it on this review's page ends) reloads the page (live reload) and takes
        # the focus, or the element being typed into, with it: try again.
        for attempt in range(3):
            try:
                driver.get(self.base + "regulations/road-bridge-inspection/")
                wait.until(lambda d: d.find_elements(By.ID, "minaoshi-edit-link"))
                self.tab_to("minaoshi-edit-link").send_keys(Keys.ENTER)
                patient_wait(driver, 10).until(lambda d: d.find_elements(By.ID, "editor"))
                break
            except Exception:
                if attempt == 2:
                    self.fail(f"the edit link led to {driver.current_url}: {driver.find_element(By.TAG_NAME, 'body').text[:300]}")
        title = self.tab_to("in-title")
        title.send_keys(Keys.CONTROL, "a")
        title.send_keys("道路橋の定期点検（編集の試験）")
        self.tab_to("save").send_keys(Keys.ENTER)
        wait.until(lambda d: d.current_url.endswith("/regulations/road-bridge-inspection/")
                   and "編集の試験" in d.find_element(By.TAG_NAME, "h1").text)
        with open(self.path(REVIEW), encoding="utf-8") as f:
            edited = f.read()
        changed = [line for line in difflib.unified_diff(original.splitlines(), edited.splitlines(), lineterm="", n=0)
                   if line[:1] in "+-" and not line.startswith(("+++", "---"))]
        self.assertEqual(len(changed), 2, changed)
        self.assertTrue(changed[0].startswith("-title:"), changed)
        self.assertEqual(changed[1], '+title: "道路橋の定期点検（編集の試験）"')

    def test_3_a_change_on_disk_is_never_overwritten(self):
        driver, wait = self.driver, patient_wait(self.driver, 120)
        driver.get(self.base + "_minaoshi/edit/regulations/road-bridge-inspection")
        with open(self.path(REVIEW), encoding="utf-8") as f:
            current = f.read()
        changed_elsewhere = current + "\nテキストエディタで足した一文。\n"
        with open(self.path(REVIEW), "w", encoding="utf-8") as f:
            f.write(changed_elsewhere)
        title = self.tab_to("in-title")
        title.send_keys("（衝突）")
        self.tab_to("save").send_keys(Keys.ENTER)
        wait.until(lambda d: "上書きしない" in d.find_element(By.ID, "form-status").text)
        with open(self.path(REVIEW), encoding="utf-8") as f:
            self.assertEqual(f.read(), changed_elsewhere)

    def test_4_writes_from_elsewhere_are_refused(self):
        driver = self.driver
        driver.get(self.base + "_minaoshi/new/case")
        before = sorted(os.listdir(self.path("content/cases")))
        post = ("const done = arguments[arguments.length - 1];"
                "fetch(arguments[0], {method: 'POST', headers: arguments[1], body: 'kind=case&title=x&categories=visual-inspection'})"
                ".then(async (r) => done({status: r.status, body: await r.text()})).catch((e) => done({error: String(e)}));")
        no_token = driver.execute_async_script(post, "/_minaoshi/save", {"Content-Type": "application/x-www-form-urlencoded"})
        self.assertEqual(no_token["status"], 403)
        self.assertIn("再読み込み", json.loads(no_token["body"])["message"])
        # A page of another origin (another port of this machine) posting as a plain form would.
        folder = tempfile.mkdtemp(dir=self.tmp)
        with open(os.path.join(folder, "index.html"), "w", encoding="utf-8") as f:
            f.write('<!DOCTYPE html><html lang="en"><title>other</title><p>other site</p>')
        other = http.server.ThreadingHTTPServer(("127.0.0.1", 0), lambda *a: http.server.SimpleHTTPRequestHandler(*a, directory=folder))
        threading.Thread(target=other.serve_forever, daemon=True).start()
        try:
            driver.get(f"http://127.0.0.1:{other.server_address[1]}/")
            sent = driver.execute_async_script(
                "const done = arguments[arguments.length - 1];"
                "fetch(arguments[0], {method: 'POST', mode: 'no-cors', body: new URLSearchParams('kind=case&title=x')})"
                ".then(() => done('sent')).catch((e) => done(String(e)));", self.base + "_minaoshi/save")
            self.assertEqual(sent, "sent")
            time.sleep(1)
        finally:
            other.shutdown()
            other.server_close()
        self.assertEqual(sorted(os.listdir(self.path("content/cases"))), before)

    def test_6_every_shipped_file_saved_unchanged_keeps_every_byte(self):
        """The edit form as the browser fills it and posts it (FormData), for every shipped review
        and case: the save finds nothing changed, and the file keeps every byte."""
        driver = self.driver
        post = ("const done = arguments[arguments.length - 1];"
                "const form = document.getElementById('editor');"
                "fetch('/_minaoshi/save', {method: 'POST', headers: {'X-Minaoshi-Token': form.dataset.token},"
                " body: new URLSearchParams(new FormData(form))})"
                ".then(async (r) => done({status: r.status, body: await r.text()})).catch((e) => done({error: String(e)}));")
        checked = 0
        for section in ("regulations", "cases"):
            folder = os.path.join(ROOT, "content", section)
            for name in sorted(os.listdir(folder)):
                if not name.endswith(".md"):
                    continue
                with open(os.path.join(folder, name), "rb") as f:
                    shipped = f.read()
                path = self.path(f"content/{section}/{name}")
                with open(path, "wb") as f:
                    f.write(shipped)
                driver.get(self.base + f"_minaoshi/edit/{section}/{name[:-3]}")
                answer = driver.execute_async_script(post)
                self.assertEqual(answer.get("status"), 200, f"{name}: {answer}")
                self.assertEqual(json.loads(answer["body"])["message"], "変更はありませんでした。", name)
                with open(path, "rb") as f:
                    self.assertEqual(f.read(), shipped, name)
                checked += 1
        self.assertGreater(checked, 40)

    def test_5b_a_form_saves_without_javascript(self):
        """The same form in a browser with JavaScript off: a plain POST carrying the token in a
        hidden input, a problem shown beside its field by the server, then the redirect (303) to
        the new page."""
        driver = chromium(["--lang=en-US"], javascript=False)
        try:
            wait = patient_wait(driver, 120)
            driver.get(self.base + "_minaoshi/new/case")
            self.assertFalse(driver.find_element(By.CSS_SELECTOR, "[data-picker=regulations]").is_displayed())
            self.assertEqual(driver.find_element(By.ID, "editor").get_attribute("data-checks"), None)
            title = "スクリプトなしで書いた事例"
            driver.find_element(By.ID, "in-title").send_keys(title)
            driver.find_element(By.ID, "in-regulations").send_keys("road-bridge-inspection")
            driver.find_element(By.ID, "in-date").send_keys("07012024")
            driver.find_element(By.ID, "in-sources-url-0").send_keys("https://example.go.jp/nojs")
            driver.find_element(By.ID, "save").click()
            wait.until(lambda d: "1つ以上" in d.find_element(By.ID, "err-categories").text)
            self.assertEqual(driver.find_element(By.ID, "in-title").get_attribute("value"), title)
            self.assertIn("保存できませんでした", driver.find_element(By.ID, "form-errors").text)
            self.assertEqual(driver.find_element(By.CSS_SELECTOR, "#chosen-regulations li").get_attribute("data-id"),
                             "road-bridge-inspection")
            driver.find_element(By.CSS_SELECTOR, "input[name=categories][value=visual-inspection]").click()
            driver.find_element(By.ID, "save").click()
            wait.until(lambda d: d.current_url.endswith("/cases/case-2024-07-01/"))
            # Without JavaScript no live reload: a page answered before the rebuild ended is reloaded by hand.
            wait.until(lambda d: title in d.find_element(By.TAG_NAME, "h1").text or d.refresh())
            with open(self.path("content/cases/case-2024-07-01.md"), encoding="utf-8") as f:
                saved = f.read()
            for line in (f'title: "{title}"\n', 'categories: ["visual-inspection"]\n',
                         'regulations: ["road-bridge-inspection"]\n', "date: 2024-07-01\n"):
                self.assertIn(line, saved)
        finally:
            driver.quit()

    def test_5_both_forms_are_accessible_at_both_widths(self):
        driver = self.driver
        axe = axe_source()
        failures, report = [], []
        for kind in ("regulation", "case"):
            for width in (1280, 375):
                set_width(driver, width)
                driver.get(self.base + f"_minaoshi/new/{kind}")
                patient_wait(driver, 60).until(lambda d: d.execute_script("return document.readyState") == "complete")
                self.assertLessEqual(driver.execute_script("return document.documentElement.scrollWidth"), width,
                                     f"the {kind} form scrolls sideways at {width} px")
                driver.execute_script(axe)
                driver.set_script_timeout(60)
                result = driver.execute_async_script(
                    "const done = arguments[arguments.length - 1];"
                    "axe.run(document, {runOnly: {type: 'tag', values: arguments[0]}, resultTypes: ['violations']})"
                    ".then((r) => done({version: axe.version, violations: r.violations.map((v) => ({id: v.id, help: v.help,"
                    " nodes: v.nodes.map((n) => n.target)}))})).catch((e) => done({error: String(e)}));", WCAG_TAGS)
                self.assertNotIn("error", result)
                report.append({"form": kind, "width": width, "violations": result["violations"]})
                if result["violations"]:
                    failures.append(f"{kind} at {width} px: {result['violations']}")
                driver.save_screenshot(os.path.join(self.out, f"editor-{kind}-{width}.png"))
        driver.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})
        with open(os.path.join(self.out, "editor-axe-report.json"), "w", encoding="utf-8") as f:
            json.dump(report, f, ensure_ascii=False, indent=1)
        self.assertEqual(failures, [])


if __name__ == "__main__":
    unittest.main()
