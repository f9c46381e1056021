"""Links: a crawler over the built files, from the home page, follows every internal link (`href`
and `src`, pages, feeds, data, assets) and every fragment, for a site built at the root of its
host and one built under a sub-path (`--base-url https://example.lg.jp/kisei/`). Every link must
lead to a file, every `#fragment` to an element with that id, and every page must be reached.

    python3 -m unittest discover -s Tests/site -p 'test_*.py'   (needs .build/debug/minaoshi)
"""
import glob
import os
import shutil
import subprocess
import tempfile
import unittest
import urllib.parse

from test_progress_page import MINAOSHI, NOW, ROOT, parse


class Crawl:
    def __init__(self, site, base_url):
        self.site, self.base_url = site, base_url
        self.base_path = urllib.parse.urlsplit(base_url).path
        self.ids, self.broken, self.reached = {}, [], set()

    def file_for(self, path):
        """The built file a site path names, or None (`/kisei/cases/` → cases/index.html)."""
        if not path.startswith(self.base_path):
            return None
        relative = urllib.parse.unquote(path[len(self.base_path):])
        candidate = os.path.join(self.site, relative)
        if relative == "" or relative.endswith("/"):
            candidate = os.path.join(candidate, "index.html")
        return candidate if os.path.isfile(candidate) else None

    def ids_of(self, file):
        if file not in self.ids:
            page = parse(file)
            self.ids[file] = {node.attrs["id"] for node in page.all() if "id" in node.attrs}
        return self.ids[file]

    def run(self):
        queue = [os.path.join(self.site, "index.html"), os.path.join(self.site, "404.html")]
        while queue:
            file = queue.pop()
            if file in self.reached:
                continue
            self.reached.add(file)
            if not file.endswith(".html"):
                continue
            page_path = self.base_path + os.path.relpath(file, self.site).replace("index.html", "")
            for node in parse(file).all():
                for attribute in ("href", "src"):
                    target = node.attrs.get(attribute)
                    if target is None:
                        continue
                    url = urllib.parse.urljoin(self.base_url + page_path[len(self.base_path):], target)
                    parts = urllib.parse.urlsplit(url)
                    if f"{parts.scheme}://{parts.netloc}" != f"{urllib.parse.urlsplit(self.base_url).scheme}://{urllib.parse.urlsplit(self.base_url).netloc}":
                        continue  # another host: an external link
                    where = f"{os.path.relpath(file, self.site)}: <{node.tag} {attribute}=\"{target}\">"
                    found = self.file_for(parts.path)
                    if found is None:
                        self.broken.append(f"{where} leads to no file")
                        continue
                    fragment = urllib.parse.unquote(parts.fragment)
                    if fragment and found.endswith(".html") and fragment not in self.ids_of(found):
                        self.broken.append(f"{where}: no element with id '{fragment}'")
                    if found not in self.reached:
                        queue.append(found)
        return self


class LinksTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.mkdtemp(prefix="minaoshi-links-")

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.tmp, ignore_errors=True)

    def crawl(self, base_url, name):
        site = os.path.join(self.tmp, name)
        subprocess.run([MINAOSHI, "build", "--root", ROOT, "--output", site, "--base-url", base_url, "--now", NOW],
                       check=True, capture_output=True)
        crawl = Crawl(site, base_url).run()
        self.assertEqual(crawl.broken, [])
        pages = {path for path in glob.glob(os.path.join(site, "**", "*.html"), recursive=True)}
        self.assertEqual(sorted(os.path.relpath(p, site) for p in pages - crawl.reached), [], "pages no link leads to")
        self.assertGreater(len(crawl.reached), 100)
        return crawl

    def test_a_root_build(self):
        self.crawl("https://example.lg.jp/", "root")

    def test_a_sub_path_build(self):
        self.crawl("https://example.lg.jp/kisei/", "kisei")

    def test_the_crawler_finds_a_broken_link_and_fragment(self):
        site = os.path.join(self.tmp, "broken")
        os.makedirs(os.path.join(site, "a"))
        with open(os.path.join(site, "index.html"), "w", encoding="utf-8") as page:
            page.write('<a href="/kisei/a/">a</a> <a href="/kisei/missing/">m</a> <a href="/kisei/a/#nowhere">f</a> <a href="https://other.example/">x</a>')
        with open(os.path.join(site, "404.html"), "w", encoding="utf-8") as page:
            page.write("<p>404</p>")
        with open(os.path.join(site, "a", "index.html"), "w", encoding="utf-8") as page:
            page.write('<h1 id="here">a</h1>')
        crawl = Crawl(site, "https://example.lg.jp/kisei/").run()
        self.assertEqual(crawl.broken, ['index.html: <a href="/kisei/missing/"> leads to no file',
                                        "index.html: <a href=\"/kisei/a/#nowhere\">: no element with id 'nowhere'"])


if __name__ == "__main__":
    unittest.main()
