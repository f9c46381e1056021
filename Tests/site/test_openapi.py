"""/api/openapi.json describes the static API of a site built from the shipped content (ten
documents a page): the
OpenAPI 3.1 validator (`openapi-spec-validator`, which also follows the `$ref`s to the published
JSON Schemas) accepts it, every path it names exists, and every file under /api/ and every feed is
named by one of its paths.

    python3 -m unittest discover -s Tests/site -p 'test_*.py'   (needs .build/debug/minaoshi)
"""
import glob
import json
import os
import re
import shutil
import subprocess
import tempfile
import unittest

from test_progress_page import MINAOSHI, NOW, ROOT, parse


def pattern(template):
    """`/feeds/{vocabulary}/{term}.json` → a regular expression over site paths."""
    return re.compile("^" + re.sub(r"\\\{[a-z]+\\\}", "[^/]+", re.escape(template)) + "$")


class OpenAPITest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.mkdtemp(prefix="minaoshi-openapi-")
        cls.site = os.path.join(cls.tmp, "site")
        # Ten documents a list page, so that the small shipped corpus has the later feed pages too.
        project = os.path.join(cls.tmp, "project")
        for folder in ("content", "templates"):
            shutil.copytree(os.path.join(ROOT, folder), os.path.join(project, folder))
        with open(os.path.join(ROOT, "minaoshi.yml"), encoding="utf-8") as source, \
                open(os.path.join(project, "minaoshi.yml"), "w", encoding="utf-8") as target:
            target.write(source.read().rstrip("\n") + "\npage_size: 10\n")
        subprocess.run([MINAOSHI, "build", "--root", project, "--output", cls.site, "--base-url", "https://example.lg.jp/kisei/",
                        "--now", NOW], check=True, capture_output=True)
        cls.spec_path = os.path.join(cls.site, "api", "openapi.json")
        with open(cls.spec_path, encoding="utf-8") as source:
            cls.spec = json.load(source)
        cls.files = sorted("/" + os.path.relpath(path, cls.site) for path in glob.glob(os.path.join(cls.site, "**", "*"), recursive=True)
                           if os.path.isfile(path))

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.tmp, ignore_errors=True)

    def test_the_validator_accepts_it(self):
        result = subprocess.run(["openapi-spec-validator", self.spec_path], capture_output=True, text=True)
        self.assertEqual(result.returncode, 0, result.stdout + result.stderr)
        self.assertIn("OK", result.stdout)
        self.assertEqual(self.spec["openapi"], "3.1.0")

    def test_the_validator_can_fail(self):
        broken = os.path.join(self.tmp, "site", "api", "broken.json")
        with open(broken, "w", encoding="utf-8") as target:
            json.dump(dict(self.spec, paths={"/api/x.json": {"get": {"responses": {"200": {"description": "x", "content": {
                "application/json": {"schema": {"$ref": "schema/missing.schema.json"}}}}}}}}), target)
        try:
            result = subprocess.run(["openapi-spec-validator", broken], capture_output=True, text=True)
            self.assertNotEqual(result.returncode, 0)
        finally:
            os.remove(broken)

    def test_every_path_it_names_exists(self):
        for template in self.spec["paths"]:
            matcher = pattern(template)
            self.assertTrue(any(matcher.match(path) for path in self.files), f"no file for {template}")

    def test_every_data_file_and_feed_is_described(self):
        matchers = [pattern(template) for template in self.spec["paths"]]
        served = [path for path in self.files if path.endswith((".json", ".xml", ".csv"))
                  and (path.startswith(("/api/", "/feeds/", "/feed/")) or path in ("/feed.json", "/feed.xml"))
                  and path != "/api/openapi.json"]
        self.assertGreater(len(served), 50)
        self.assertEqual([path for path in served if not any(m.match(path) for m in matchers)], [])

    def test_the_api_page_links_it(self):
        page = parse(os.path.join(self.site, "api", "index.html"))
        self.assertIn("/kisei/api/openapi.json", [a.attrs.get("href") for a in page.all("a")])


if __name__ == "__main__":
    unittest.main()
