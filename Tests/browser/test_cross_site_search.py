"""Search across sites in a real browser (issue 23): the municipal fixture site lists the national
one; each is built and served on its own loopback port (the national one by a static server that
sends Access-Control-Allow-Origin, as the README asks of a host), and the municipal search page in
headless chromium must show what one build of both corpora gives: the same results in the same order,
the same total and the same facet counts. With the national server gone, the page names it and the
municipal results still come.

    python3 -m unittest discover -s Tests/browser -p 'test_cross_site_search.py'
"""
import functools
import http.server
import json
import os
import shutil
import subprocess
import tempfile
import threading
import unittest
import urllib.parse

from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

import browser_site

FIXTURES = os.path.join(browser_site.ROOT, "Tests", "Fixtures", "sites", "cross-site")
QUERIES = ["ドローン", "点検", "目視 点検", "下水道", "公告", "カメラ 市"]


class CORSHandler(http.server.SimpleHTTPRequestHandler):
    """Python's static file server, sending the header another site's search page needs."""

    def end_headers(self):
        self.send_header("Access-Control-Allow-Origin", "*")
        super().end_headers()

    def log_message(self, *args):
        pass


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def serve(folder, handler):
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(handler, directory=folder))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/"


def project(tmp, name, parts, config):
    """A project of the fixtures' `parts` (their content folders merged) with the real templates."""
    root = os.path.join(tmp, name)
    for part in parts:
        shutil.copytree(os.path.join(FIXTURES, part, "content"), os.path.join(root, "content"), dirs_exist_ok=True)
    shutil.copytree(os.path.join(browser_site.ROOT, "templates"), os.path.join(root, "templates"))
    with open(os.path.join(root, "minaoshi.yml"), "w", encoding="utf-8") as file:
        file.write(config)
    return root


def build(root, output, base):
    subprocess.run([browser_site.MINAOSHI, "build", "--root", root, "--output", output, "--base-url", base,
                    "--now", browser_site.NOW], check=True, capture_output=True)


class CrossSiteSearchTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.mkdtemp(prefix="minaoshi-cross-site-")
        national_out = os.path.join(cls.tmp, "national-site")
        os.makedirs(national_out)
        cls.national, cls.national_base = serve(national_out, CORSHandler)
        build(project(cls.tmp, "national", ["national"], "title: 見直し（国）\n"), national_out, cls.national_base)

        municipal_out = os.path.join(cls.tmp, "municipal-site")
        os.makedirs(municipal_out)
        cls.municipal, cls.base = serve(municipal_out, QuietHandler)
        config = f'title: 秋野市 見直し\nsearch:\n  sites:\n    - {{url: "{cls.national_base}", label: 国の見直し事例集}}\n'
        build(project(cls.tmp, "municipal", ["municipal"], config), municipal_out, cls.base)

        cls.both = os.path.join(cls.tmp, "both-site")
        build(project(cls.tmp, "both", ["national", "municipal"], "title: 両方\n"), cls.both, "http://127.0.0.1:9/")
        cls.driver = browser_site.chromium()

    @classmethod
    def tearDownClass(cls):
        cls.driver.quit()
        cls.municipal.shutdown()
        cls.national.shutdown()
        shutil.rmtree(cls.tmp, ignore_errors=True)

    def tearDown(self):
        refused = [entry["message"] for entry in self.driver.get_log("browser")
                   if "Content Security Policy" in entry["message"] or "Refused to" in entry["message"]]
        self.assertEqual(refused, [], "the page broke its Content-Security-Policy")

    def one_build(self, query, filters=()):
        """What `minaoshi search` answers over one build of both corpora: site paths, total, counts."""
        arguments = [browser_site.MINAOSHI, "search", query, "--site", self.both, "--json", "--limit", "100"]
        for f in filters:
            arguments += ["--filter", f]
        results = json.loads(subprocess.run(arguments, check=True, capture_output=True, text=True).stdout)
        counts = {f"{key['key']}={value['id']}": value["count"] for key in results["facets"] for value in key["values"]}
        return [hit["path"] for hit in results["hits"]], results["total"], counts

    def page(self, query, filters=()):
        """The municipal search page's answer, with every result shown ("さらに表示" until none is left)."""
        driver = self.driver
        params = [("q", query)] + [tuple(f.split("=", 1)) for f in filters]
        driver.get(self.base + "search/?" + urllib.parse.urlencode(params))
        status = lambda d: d.find_element(By.ID, "search-status").text
        WebDriverWait(driver, 20).until(lambda d: "検索結果" in status(d) or "絞り込みの結果" in status(d))
        while driver.find_element(By.ID, "search-more").is_displayed():
            shown = len(driver.find_elements(By.CSS_SELECTOR, "#search-results li"))
            driver.find_element(By.ID, "search-more").click()
            WebDriverWait(driver, 20).until(lambda d: len(d.find_elements(By.CSS_SELECTOR, "#search-results li")) > shown)
        links = [a.get_attribute("href") for a in driver.find_elements(By.CSS_SELECTOR, "#search-results h2 a")]
        paths = [urllib.parse.urlparse(link).path for link in links]
        total = int(status(driver).split("：")[1].split("件")[0])
        counts = {}
        for box in driver.find_elements(By.CSS_SELECTOR, "#search-filters input"):
            label = box.find_element(By.XPATH, "..")
            counts[f"{box.get_attribute('name')}={box.get_attribute('value')}"] = int(label.find_element(By.TAG_NAME, "span").get_attribute("textContent").strip("()"))
        metas = [p.text for p in driver.find_elements(By.CSS_SELECTOR, "#search-results .search__meta")]
        return paths, total, counts, links, metas

    def test_the_page_merges_both_sites_as_one_build(self):
        for query, filters in [(q, ()) for q in QUERIES] + [("点検", ("type=cases",)), ("", ("category=periodic-inspection",))]:
            with self.subTest(query=query, filters=filters):
                expected_paths, expected_total, expected_counts = self.one_build(query, filters)
                paths, total, counts, links, metas = self.page(query, filters)
                self.assertGreater(expected_total, 0)
                self.assertEqual(paths, expected_paths)
                self.assertEqual(total, expected_total)
                self.assertEqual(counts, expected_counts)
                # Each result names its site and links to its page there.
                for path, link, meta in zip(paths, links, metas):
                    site, label = (self.base, "秋野市 見直し") if path.startswith("/cases/akino-") else (self.national_base, "国の見直し事例集")
                    self.assertEqual(link, site + path.lstrip("/"))
                    self.assertTrue(meta.startswith(label + " ／ "), meta)
        self.assertEqual(self.driver.find_element(By.ID, "search-unreachable").is_displayed(), False)

    def test_the_policy_allows_exactly_the_listed_index(self):
        with open(os.path.join(self.tmp, "municipal-site", "search", "index.html"), encoding="utf-8") as page:
            head = page.read().split("</head>")[0]
        self.assertIn(f"connect-src 'self' {self.national_base}search/;", head)

    def test_an_unreachable_site_is_named_and_this_site_still_answers(self):
        # A municipal site listing a site no server answers for (a port free a moment ago).
        output = os.path.join(self.tmp, "lonely-site")
        os.makedirs(output)
        server, base = serve(output, QuietHandler)
        try:
            config = f'title: 秋野市 見直し\nsearch:\n  sites:\n    - {{url: "http://127.0.0.1:{browser_site.free_port()}/", label: 国の見直し事例集}}\n'
            build(project(self.tmp, "lonely", ["municipal"], config), output, base)
            home, self.base = self.base, base
            try:
                paths, total, _, _, metas = self.page("点検")
            finally:
                self.base = home
            note = self.driver.find_element(By.ID, "search-unreachable")
            self.assertTrue(note.is_displayed())
            self.assertIn("国の見直し事例集の索引に接続できませんでした", note.text)
            self.assertGreater(total, 0)
            self.assertEqual(len(paths), total)
            self.assertTrue(all(path.startswith("/cases/akino-") for path in paths), paths)
            self.assertTrue(all(meta.startswith("秋野市 見直し ／ ") for meta in metas), metas)
        finally:
            server.shutdown()
            server.server_close()

if __name__ == "__main__":
    unittest.main()
