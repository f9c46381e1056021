"""Every page of a site built from the shipped content carries OpenGraph and Twitter card tags and
JSON-LD that a JSON parser reads and schema.org's vocabulary allows: each `@type` a schema.org type,
each property one schema.org defines for that type or a supertype (Tests/Fixtures/schemaorg/).
A `BreadcrumbList` ends at every page; reviews carry `Legislation`, cases `Article`, /api/ `Dataset`.
Built for a sub-path (`--base-url https://example.lg.jp/kisei/`), so every URL must be absolute.

    python3 -m unittest discover -s Tests/site -p 'test_*.py'   (needs .build/debug/minaoshi)
"""
import glob
import json
import os
import shutil
import subprocess
import tempfile
import unittest

from test_progress_page import MINAOSHI, NOW, ROOT, parse

BASE = "https://example.lg.jp/kisei/"
with open(os.path.join(ROOT, "Tests/Fixtures/schemaorg/vocabulary.json"), encoding="utf-8") as source:
    VOCABULARY = json.load(source)


def supertypes(name):
    """The type and every type above it."""
    seen, stack = set(), [name]
    while stack:
        current = stack.pop()
        if current not in seen:
            seen.add(current)
            stack += VOCABULARY["types"].get(current, [])
    return seen


def problems_of(node, where):
    """What schema.org's vocabulary does not allow in a JSON-LD node and the nodes inside it."""
    found = []
    if isinstance(node, list):
        for item in node:
            found += problems_of(item, where)
        return found
    if not isinstance(node, dict):
        return found
    kind = node.get("@type")
    if kind not in VOCABULARY["types"]:
        return [f"{where}: '{kind}' is not a schema.org type"]
    allowed_on = supertypes(kind)
    for key, value in node.items():
        if key.startswith("@"):
            continue
        definition = VOCABULARY["properties"].get(key)
        if definition is None:
            found.append(f"{where}: '{key}' is not a schema.org property")
        elif not allowed_on & set(definition["domain"]):
            found.append(f"{where}: schema.org does not define '{key}' on {kind} (only on {', '.join(definition['domain'])})")
        found += problems_of(value, f"{where} {kind}.{key}")
    return found


class StructuredDataTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.mkdtemp(prefix="minaoshi-structured-")
        cls.site = os.path.join(cls.tmp, "site")
        subprocess.run([MINAOSHI, "build", "--root", ROOT, "--output", cls.site, "--base-url", BASE, "--now", NOW],
                       check=True, capture_output=True)
        cls.pages = {}
        for path in sorted(glob.glob(os.path.join(cls.site, "**", "*.html"), recursive=True)):
            relative = os.path.relpath(path, cls.site)
            cls.pages[relative] = parse(path)

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.tmp, ignore_errors=True)

    def blocks(self, page):
        return [json.loads(script.text()) for script in page.all("script", type="application/ld+json")]

    def test_every_block_parses_and_fits_schema_org(self):
        problems, count = [], 0
        for relative, page in self.pages.items():
            for block in self.blocks(page):
                count += 1
                self.assertEqual(block.get("@context"), "https://schema.org", relative)
                problems += problems_of(block, relative)
        self.assertGreater(count, len(self.pages))
        self.assertEqual(problems, [])

    def test_every_page_ends_its_breadcrumb_list_at_itself(self):
        for relative, page in self.pages.items():
            lists = [b for b in self.blocks(page) if b["@type"] == "BreadcrumbList"]
            self.assertEqual(len(lists), 1, relative)
            items = lists[0]["itemListElement"]
            self.assertEqual([item["position"] for item in items], list(range(1, len(items) + 1)))
            self.assertEqual(items[0]["item"], BASE, f"{relative}: the trail starts at home")
            canonical = page.one("link", rel="canonical").attrs["href"]
            self.assertEqual(items[-1]["item"], canonical, relative)
            self.assertTrue(all(item["item"].startswith(BASE) for item in items), relative)

    def test_reviews_cases_and_the_api_say_what_they_are(self):
        def types(relative):
            return [b["@type"] for b in self.blocks(self.pages[relative])]
        reviews = [r for r in self.pages if r.startswith("regulations/") and r.count("/") == 2 and "/page/" not in r]
        cases = [r for r in self.pages if r.startswith("cases/") and r.count("/") == 2 and "/page/" not in r]
        self.assertGreater(len(reviews), 0)
        self.assertGreater(len(cases), 0)
        for relative in reviews:
            legislation = next(b for b in self.blocks(self.pages[relative]) if b["@type"] == "Legislation")
            self.assertTrue(legislation["legislationIdentifier"].startswith(legislation["name"]), relative)
            self.assertEqual(legislation["legislationJurisdiction"]["@type"], "Country")
            self.assertEqual(legislation["subjectOf"]["url"], self.pages[relative].one("link", rel="canonical").attrs["href"])
        for relative in cases:
            self.assertIn("Article", types(relative), relative)
        dataset = next(b for b in self.blocks(self.pages["api/index.html"]) if b["@type"] == "Dataset")
        for download in dataset["distribution"]:
            self.assertTrue(download["contentUrl"].startswith(BASE + "api/"))
            self.assertTrue(os.path.isfile(os.path.join(self.site, download["contentUrl"][len(BASE):])), download["contentUrl"])

    def test_every_page_has_its_card(self):
        for relative, page in self.pages.items():
            meta = {m.attrs.get("property") or m.attrs.get("name"): m.attrs.get("content") for m in page.all("meta")}
            for key in ("og:title", "og:description", "og:url", "og:site_name", "og:image", "twitter:card", "twitter:title", "twitter:image"):
                self.assertTrue(meta.get(key), f"{relative}: no {key}")
            self.assertEqual(meta["og:url"], page.one("link", rel="canonical").attrs["href"])
            self.assertTrue(meta["og:image"].startswith(BASE), "the card's image is on the site itself")
            self.assertTrue(os.path.isfile(os.path.join(self.site, meta["og:image"][len(BASE):])), meta["og:image"])

    def test_the_checker_refuses_what_schema_org_does_not_define(self):
        self.assertEqual(problems_of({"@type": "Article", "headline": "x"}, "t"), [])
        self.assertEqual(len(problems_of({"@type": "Legislation", "headline": "x"}, "t")), 0, "headline is CreativeWork's")
        self.assertEqual(len(problems_of({"@type": "Article", "legislationIdentifier": "x"}, "t")), 1)
        self.assertEqual(len(problems_of({"@type": "Artikel"}, "t")), 1)
        self.assertEqual(len(problems_of({"@type": "BreadcrumbList", "itemListElement": [{"@type": "ListItem", "colour": 1}]}, "t")), 1)


if __name__ == "__main__":
    unittest.main()
