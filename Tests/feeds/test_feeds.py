#!/usr/bin/env python3
"""Feeds and open data read by real consumers.

Builds the shipped project (and altered copies of it) with the debug binary, then reads every
Atom feed with Python's feedparser, every JSON feed with jsonfeed-util, every JSON document with check-jsonschema against its schema,
Atom with ElementTree, and the CSV files with the csv module. Run from `make test`:

    python3 Tests/feeds/test_feeds.py            (after `swift build --build-tests`)

MINAOSHI_BINARY names another build of minaoshi (make test names its own copy); MINAOSHI_FEED_SITE checks an already built site folder (the
10k corpus, say) with the consumer tests only, leaving out the ones that rebuild the project.
"""
import csv
import datetime
import html.parser
import io
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import unittest
import xml.etree.ElementTree as ET
from pathlib import Path

import feedparser
import jsonfeed

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(os.environ.get("MINAOSHI_BINARY") or ROOT / ".build" / "debug" / "minaoshi")
EXTERNAL_SITE = os.environ.get("MINAOSHI_FEED_SITE")
ATOM = "{http://www.w3.org/2005/Atom}"
NOW = "2026-11-29"
# What each vocabulary's channel is filed by in the open data (regulations.json / cases.json).
VOCABULARY_FIELDS = {"ministries": "ministry", "categories": "categories", "technologies": "technologies",
                     "prefectures": "prefectures", "statuses": "status", "laws": "laws"}

_temp = tempfile.TemporaryDirectory(prefix="minaoshi-feeds-")
TEMP = Path(_temp.name)


def copy_project(name):
    """A copy of the shipped project (config, templates, content) to alter."""
    project = TEMP / name
    project.mkdir()
    shutil.copy(ROOT / "minaoshi.yml", project / "minaoshi.yml")
    shutil.copytree(ROOT / "templates", project / "templates")
    shutil.copytree(ROOT / "content", project / "content")
    return project


def build(project, name):
    out = TEMP / name
    result = subprocess.run([str(BIN), "build", "--root", str(project), "--output", str(out), "--now", NOW],
                            capture_output=True, text=True)
    if result.returncode != 0:
        raise AssertionError(f"build of {project} failed:\n{result.stdout}\n{result.stderr}")
    return out


_built = {}

# What a spreadsheet runs as a formula (OWASP's CSV injection rule), the same rule as Swift's
# SpreadsheetCell: a tab or CR first, or `=`, `+`, `-`, `@` (ASCII or full-width) first after any
# whitespace, unless the cell is plainly a number.
FORMULA_STARTS = "=+-@\uff1d\uff0b\uff0d\uff20"
PLAIN_NUMBER = re.compile(r"[+-](\d+(\.\d+)?|\.\d+)")


def starts_a_formula(cell):
    if cell[:1] in ("\t", "\r"):
        return True
    stripped = cell.lstrip()
    if stripped[:1] in ("\t", "\r"):
        return True
    return stripped[:1] in FORMULA_STARTS and stripped != "" and not PLAIN_NUMBER.fullmatch(cell)


def neutralised(cell):
    return "'" + cell if starts_a_formula(cell) else cell


def shipped_site():
    if EXTERNAL_SITE:
        return Path(EXTERNAL_SITE)
    if "shipped" not in _built:
        _built["shipped"] = build(ROOT, "shipped")
    return _built["shipped"]


def local_path(site, url, base):
    assert url.startswith(base), f"{url} is not under {base}"
    return site / url[len(base):]


def base_url(site):
    return json.loads((site / "feed.json").read_text(encoding="utf-8"))["home_page_url"]


def channel_firsts(site):
    """Page 1 of every channel, JSON and Atom: (json path, atom path)."""
    firsts = [(site / "feed.json", site / "feed.xml")]
    for path in sorted((site / "feeds").rglob("*.json")):
        if "page" not in path.relative_to(site / "feeds").parts:
            firsts.append((path, path.with_suffix(".xml")))
    return firsts


def json_chain(site, first):
    """Every page of a JSON Feed channel, following next_url; fails on a loop."""
    base, pages, seen, path = base_url(site), [], set(), first
    while path is not None:
        assert path not in seen, f"next_url loops back to {path}"
        assert len(seen) < 10_000, "next_url chain does not end"
        seen.add(path)
        feed = json.loads(path.read_text(encoding="utf-8"))
        pages.append((path, feed))
        path = local_path(site, feed["next_url"], base) if "next_url" in feed else None
    return pages


def atom_chain(site, first):
    base, pages, seen, path = base_url(site), [], set(), first
    while path is not None:
        assert path not in seen, f"rel=next loops back to {path}"
        seen.add(path)
        root = ET.parse(path).getroot()
        pages.append((path, root))
        nexts = [link.get("href") for link in root.findall(f"{ATOM}link") if link.get("rel") == "next"]
        path = local_path(site, nexts[0], base) if nexts else None
    return pages


def parse_feed(path):
    """feedparser as a reader uses it, with the type the server sends. No released feedparser
    (6.0.x) reads JSON Feed, so JSON feeds are read with json and checked against JSON Feed 1.1's
    rules and feed.schema.json instead (see test_json_feed_follows_the_1_1_rules)."""
    assert path.suffix == ".xml", path
    return feedparser.parse(path.read_bytes(), response_headers={"content-type": "application/atom+xml"})


def parse_rfc3339(text):
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(Z|[+-]\d{2}:\d{2})", text), text
    return datetime.datetime.fromisoformat(text.replace("Z", "+00:00"))


def feed_entries(site):
    """(id, date_published, date_modified) of every item of every feed file, by file."""
    result = {}
    for path in sorted(site.rglob("*.json")):
        relative = path.relative_to(site).as_posix()
        if relative == "feed.json" or relative.startswith("feed/") or relative.startswith("feeds/"):
            feed = json.loads(path.read_text(encoding="utf-8"))
            result[relative] = [(item["id"], item.get("date_published"), item.get("date_modified")) for item in feed["items"]]
    for path in sorted(site.rglob("*.xml")):
        relative = path.relative_to(site).as_posix()
        if relative == "feed.xml" or relative.startswith("feed/") or relative.startswith("feeds/"):
            root = ET.parse(path).getroot()
            result[relative] = [(entry.findtext(f"{ATOM}id"), entry.findtext(f"{ATOM}published"), entry.findtext(f"{ATOM}updated"))
                                for entry in root.findall(f"{ATOM}entry")]
    return result


class ConsumerTests(unittest.TestCase):
    """What a feed reader or a program sees on the shipped site (or MINAOSHI_FEED_SITE)."""

    @classmethod
    def setUpClass(cls):
        cls.site = shipped_site()
        cls.base = base_url(cls.site)
        cls.regulations = json.loads((cls.site / "api/regulations.json").read_text(encoding="utf-8"))
        cls.cases = json.loads((cls.site / "api/cases.json").read_text(encoding="utf-8"))

    def expected_ids(self, json_path):
        """The feed ids a channel must carry, worked out from the open data, not from the feeds."""
        records = [("regulations", r) for r in self.regulations["items"]] + [("cases", c) for c in self.cases["items"]]
        relative = json_path.relative_to(self.site).as_posix()
        if relative == "feed.json":
            chosen = records
        elif relative in ("feeds/regulations.json", "feeds/cases.json"):
            chosen = [r for r in records if r[0] == relative[len("feeds/"):-len(".json")]]
        else:
            _, vocabulary, name = relative.split("/")
            term, field = name[:-len(".json")], VOCABULARY_FIELDS[vocabulary]

            def filed(record):
                value = record.get(field)
                return term in value if isinstance(value, list) else value == term
            chosen = [r for r in records if filed(r[1])]
        return sorted(record["feed_id"] for _, record in chosen)

    def test_every_atom_feed_parses_in_feedparser_without_bozo(self):
        files = sorted(self.site.glob("feed.xml")) + sorted((self.site / "feed").rglob("*.xml")) + \
            sorted((self.site / "feeds").rglob("*.xml"))
        self.assertGreater(len(files), 10)
        for path in files:
            parsed = parse_feed(path)
            self.assertFalse(parsed.bozo, f"{path}: {parsed.get('bozo_exception')}")
            self.assertTrue(parsed.entries, f"{path} has no items")
            for entry in parsed.entries:
                self.assertTrue(entry.get("id"), f"{path}: an item without id")
                self.assertIsNotNone(entry.get("updated_parsed") or entry.get("published_parsed"), f"{path}: {entry.get('id')} date")

    def test_every_json_feed_parses_in_a_json_feed_reader(self):
        """jsonfeed-util reads JSON Feed as a consumer would (feedparser reads only XML feeds)."""
        files = sorted(self.site.glob("feed.json")) + sorted((self.site / "feed").rglob("*.json")) + \
            sorted((self.site / "feeds").rglob("*.json"))
        self.assertGreater(len(files), 10)
        for path in files:
            data = json.loads(path.read_text(encoding="utf-8"))
            parsed = jsonfeed.Feed.parse(data)
            self.assertEqual(parsed.title, data["title"], path)
            self.assertEqual(parsed.next_url, data.get("next_url"), path)
            self.assertEqual([item.id for item in parsed.items], [item["id"] for item in data["items"]], path)
            for item in parsed.items:
                self.assertTrue(item.content_html or item.content_text, f"{path}: {item.id} has no content")
                self.assertTrue(item.url and item.title, f"{path}: {item.id}")

    def test_channels_carry_the_corpus_with_the_same_ids_in_json_and_atom(self):
        firsts = channel_firsts(self.site)
        self.assertGreaterEqual(len(firsts), 3)
        for json_first, atom_first in firsts:
            json_pages, atom_pages = json_chain(self.site, json_first), atom_chain(self.site, atom_first)
            json_ids = [item["id"] for _, feed in json_pages for item in feed["items"]]
            atom_ids = [entry.findtext(f"{ATOM}id") for _, root in atom_pages for entry in root.findall(f"{ATOM}entry")]
            self.assertEqual(len(json_ids), len(set(json_ids)), f"{json_first}: duplicate ids")
            self.assertEqual(json_ids, atom_ids, f"{json_first} and {atom_first} disagree")
            self.assertEqual(sorted(json_ids), self.expected_ids(json_first), f"{json_first} does not carry its corpus")
            self.assertEqual(len(json_pages), len(atom_pages))
            # Newest first by last major change, across pages; undated documents (some cases) last.
            modified = [item.get("date_modified") for _, feed in json_pages for item in feed["items"]]
            dated = [parse_rfc3339(m) for m in modified if m is not None]
            self.assertEqual(modified[:len(dated)], [m for m in modified if m is not None], f"{json_first}: undated items come last")
            self.assertEqual(dated, sorted(dated, reverse=True), f"{json_first} is not newest first")
            for path, feed in json_pages:
                self.assertLessEqual(len(feed["items"]), 50, f"{path} has more than 50 items")

    def test_json_feed_follows_the_1_1_rules(self):
        known_top = {"version", "title", "home_page_url", "feed_url", "description", "user_comment", "next_url", "icon", "favicon",
                     "authors", "language", "expired", "hubs", "items"}
        known_item = {"id", "url", "external_url", "title", "content_html", "content_text", "summary", "image", "banner_image",
                      "date_published", "date_modified", "authors", "tags", "language", "attachments"}
        for json_first, _ in channel_firsts(self.site):
            for path, feed in json_chain(self.site, json_first):
                self.assertEqual(feed["version"], "https://jsonfeed.org/version/1.1")
                self.assertIsInstance(feed["title"], str)
                self.assertEqual(feed["language"], "ja")
                self.assertEqual(local_path(self.site, feed["feed_url"], self.base), path, "feed_url is the file itself")
                for key in feed:
                    self.assertTrue(key in known_top or key.startswith("_"), f"{path}: unknown key {key}")
                self.assertEqual(feed["_minaoshi"]["license"]["name"], "公共データ利用規約 第1.0版 (PDL1.0)")
                for item in feed["items"]:
                    self.assertIsInstance(item["id"], str)
                    self.assertTrue("content_html" in item or "content_text" in item)
                    for key in item:
                        self.assertTrue(key in known_item or key.startswith("_"), f"{path}: unknown item key {key}")
                    if "date_published" in item:
                        self.assertEqual(parse_rfc3339(item["date_published"]).utcoffset(), datetime.timedelta(hours=9))
                        self.assertGreaterEqual(parse_rfc3339(item["date_modified"]), parse_rfc3339(item["date_published"]))
                    self.assertIn("about", item["_minaoshi"])
                    self.assertIsInstance(item["_minaoshi"]["sources"], list)

    def test_atom_has_the_required_elements(self):
        for _, atom_first in channel_firsts(self.site):
            for path, root in atom_chain(self.site, atom_first):
                self.assertEqual(root.tag, f"{ATOM}feed")
                for name in ("id", "title", "updated"):
                    self.assertEqual(len(root.findall(f"{ATOM}{name}")), 1, f"{path}: feed {name}")
                self.assertEqual(len(root.findall(f"{ATOM}author")), 1, f"{path}: author")
                rels = [link.get("rel") for link in root.findall(f"{ATOM}link")]
                self.assertIn("self", rels)
                self.assertIn("alternate", rels)
                self.assertIn("license", rels)
                self.assertIsNotNone(root.find(f"{ATOM}rights"))
                parse_rfc3339(root.findtext(f"{ATOM}updated"))
                for entry in root.findall(f"{ATOM}entry"):
                    for name in ("id", "title", "updated"):
                        self.assertEqual(len(entry.findall(f"{ATOM}{name}")), 1, f"{path}: entry {name}")
                    parse_rfc3339(entry.findtext(f"{ATOM}updated"))
                    self.assertTrue(entry.findtext(f"{ATOM}id").startswith("tag:minaoshi,2026:"))
                    self.assertTrue([l for l in entry.findall(f"{ATOM}link") if l.get("rel") == "alternate"])

    def test_json_documents_validate_against_their_schemas(self):
        schema = self.site / "api/schema"
        checks = [(schema / f"{name}.schema.json", [self.site / f"api/{name}.json"]) for name in ("regulations", "cases", "vocabularies")]
        feeds = [path for first, _ in channel_firsts(self.site) for path, _ in json_chain(self.site, first)]
        checks.append((schema / "feed.schema.json", feeds))
        for schemafile, instances in checks:
            for start in range(0, len(instances), 500):
                result = subprocess.run(["check-jsonschema", "--schemafile", str(schemafile)] + [str(p) for p in instances[start:start + 500]],
                                        capture_output=True, text=True)
                self.assertEqual(result.returncode, 0, f"{schemafile.name}:\n{result.stdout}\n{result.stderr}")

    def test_open_data_carries_licence_version_and_sources(self):
        for document in (self.regulations, self.cases):
            self.assertEqual(document["schema_version"], 1)
            self.assertEqual(document["license"]["url"], "https://www.digital.go.jp/resources/open_data/public_data_license_v1.0")
            self.assertEqual(document["count"], len(document["items"]))
            for item in document["items"]:
                self.assertTrue(item["sources"], f"{item['id']} has no sources")
        vocabularies = json.loads((self.site / "api/vocabularies.json").read_text(encoding="utf-8"))
        self.assertEqual(set(vocabularies["vocabularies"]), set(VOCABULARY_FIELDS))

    def test_the_api_page_documents_every_field(self):
        page = (self.site / "api/index.html").read_text(encoding="utf-8")
        vocabularies = json.loads((self.site / "api/vocabularies.json").read_text(encoding="utf-8"))
        terms = [t for ts in vocabularies["vocabularies"].values() for t in ts]
        for records in (self.regulations["items"], self.cases["items"], terms):
            for key in records[0]:
                self.assertIn(f'<th scope="row"><code>{key}</code></th>', page)
        for key in list(self.regulations) + list(vocabularies):
            self.assertIn(f'<th scope="row"><code>{key}</code></th>', page)

    def test_csv_round_trips_with_the_json(self):
        for name in ("regulations", "cases"):
            raw = (self.site / f"api/{name}.csv").read_bytes()
            self.assertTrue(raw.startswith(b"\xef\xbb\xbf"), "UTF-8 byte order mark")
            rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"), newline="")))
            items = json.loads((self.site / f"api/{name}.json").read_text(encoding="utf-8"))["items"]
            self.assertEqual(len(rows), len(items))
            self.assertEqual(list(rows[0].keys()), list(items[0].keys()))
            for row, item in zip(rows, items):
                for key, value in item.items():
                    if isinstance(value, list):
                        cells = [v["url"] if key == "sources" else v for v in value if not isinstance(v, dict) or key == "sources"]
                        if key in ("sources",) or all(isinstance(v, str) for v in value):
                            self.assertEqual(row[key], neutralised(";".join(cells)), f"{name} {item['id']} {key}")
                    else:
                        self.assertEqual(row[key], neutralised("" if value is None else str(value)), f"{name} {item['id']} {key}")
            # Writing the rows back gives the same text: quoting is RFC 4180's.
            out = io.StringIO(newline="")
            writer = csv.DictWriter(out, fieldnames=list(rows[0].keys()), lineterminator="\r\n")
            writer.writeheader()
            writer.writerows(rows)
            self.assertEqual(out.getvalue(), raw.decode("utf-8-sig"))

    def test_no_csv_cell_is_a_formula(self):
        for path in sorted(self.site.rglob("*.csv")):
            for row in csv.reader(io.StringIO(path.read_bytes().decode("utf-8-sig"), newline="")):
                for cell in row:
                    self.assertFalse(starts_a_formula(cell), f"{path.name}: {cell!r}")

    def test_pages_link_their_channels_for_autodiscovery(self):
        if EXTERNAL_SITE:
            self.skipTest("shipped site only")
        head = (self.site / "categories/visual-inspection/index.html").read_text(encoding="utf-8").split("</head>")[0]
        self.assertIn('<link rel="alternate" type="application/feed+json" href="/feeds/categories/visual-inspection.json"', head)
        self.assertIn('<link rel="alternate" type="application/atom+xml" href="/feeds/categories/visual-inspection.xml"', head)
        home = (self.site / "index.html").read_text(encoding="utf-8").split("</head>")[0]
        self.assertIn('href="/feed.json"', home)
        self.assertIn('href="/feed.xml"', home)
        index = (self.site / "feeds/index.html").read_text(encoding="utf-8")
        for json_first, atom_first in channel_firsts(self.site):
            self.assertIn(f'href="/{json_first.relative_to(self.site).as_posix()}"', index)
            self.assertIn(f'href="/{atom_first.relative_to(self.site).as_posix()}"', index)

    def test_a_term_page_and_its_feeds_list_the_same_documents(self):
        for page in sorted(self.site.glob("*/*/index.html")):
            relative = page.parent.relative_to(self.site)
            if relative.parts[0] not in VOCABULARY_FIELDS:
                continue
            main = page.read_text(encoding="utf-8").split('<main id="main"')[1].split("</main>")[0]
            listed = set(re.findall(r'class="document-list__title" href="([^"]+)"', main))
            feed = json.loads((self.site / "feeds" / relative.parent / f"{relative.name}.json").read_text(encoding="utf-8"))
            urls = {item["url"][len(self.base) - 1:] for item in feed["items"]}
            self.assertEqual(listed, urls, f"{relative} and its feed disagree")


class CodeFinder(html.parser.HTMLParser):
    """Every start tag of a page, as a browser's tokenizer reads it: what would run as code."""
    URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "poster", "srcset"}
    # The site's own: the search page's module script, by URL.
    OWN_SCRIPT = re.compile(r"^(/|https?://[^/]+/)([^\s]*/)?assets/search/search-page\.js$")

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.problems = []
        self.in_script = False
        # JSON-LD (`<script type="application/ld+json">`) is data, not code: it must hold one JSON
        # value, whole, which it cannot if a payload closed the element early.
        self.data_block = None

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            value = value or ""
            if name.startswith("on") or name in ("style", "srcdoc"):
                self.problems.append(f"<{tag} {name}={value!r}>")
            read = re.sub(r"[\t\n\r]", "", value).lstrip("\x00- ").lower()
            if name in self.URL_ATTRIBUTES and read.startswith(("javascript:", "vbscript:", "data:")):
                self.problems.append(f"<{tag} {name}={value!r}>")
        if tag in ("style", "iframe", "object", "embed", "base"):
            self.problems.append(f"<{tag}>")
        if tag == "script":
            if attrs == [("type", "application/ld+json")]:
                self.data_block = []
            else:
                self.in_script = True
                if not self.OWN_SCRIPT.match(dict(attrs).get("src") or ""):
                    self.problems.append(f"<script {attrs!r}>")

    def handle_endtag(self, tag):
        if tag == "script":
            if self.data_block is not None:
                text = "".join(self.data_block)
                try:
                    json.loads(text)
                except ValueError:
                    self.problems.append(f"JSON-LD that is not one JSON value: {text[:60]!r}")
                self.data_block = None
            self.in_script = False

    def handle_data(self, data):
        if self.data_block is not None:
            self.data_block.append(data)
        elif self.in_script and data.strip():
            self.problems.append(f"inline script {data[:40]!r}")


@unittest.skipIf(EXTERNAL_SITE, "rebuilds the shipped project")
class ChangeTests(unittest.TestCase):
    """Escaping, stable ids and change semantics, on altered copies of the shipped project."""

    def test_markup_control_characters_and_emoji_in_titles_survive(self):
        project = copy_project("escaping")
        title = 'A&B <script>alert("x")</script> \\a 🎌 絵文字 & more'
        (project / "content/cases/escaping-test.md").write_text(
            '---\nid: escaping-test\ntitle: "' + title.replace('"', '\\"') + '"\ndate: 2026-11-01\nprefectures: [tokyo]\n'
            'municipalities: [千代田区]\norganizations: [テスト]\ncategories: [visual-inspection]\ntechnologies: [drones]\n'
            'sources:\n  - {title: "出典 & <例>", url: "https://example.go.jp/a?b=1&c=2"}\n---\n本文に & と <b>タグ</b> と 🎌。\n',
            encoding="utf-8")
        site = build(project, "escaping-site")
        expected = 'A&B <script>alert("x")</script>  🎌 絵文字 & more'  # the bell (U+0007) cannot be in XML: dropped in both
        feed = json.loads((site / "feed.json").read_text(encoding="utf-8"))
        item = next(i for i in feed["items"] if i["id"] == "tag:minaoshi,2026:cases/escaping-test")
        self.assertEqual(item["title"], expected)
        entry = next(e for e in ET.parse(site / "feed.xml").getroot().findall(f"{ATOM}entry")
                     if e.findtext(f"{ATOM}id") == "tag:minaoshi,2026:cases/escaping-test")
        self.assertEqual(entry.findtext(f"{ATOM}title"), expected)
        self.assertIn("&amp;", (site / "feed.xml").read_text(encoding="utf-8"))
        parsed = parse_feed(site / "feed.xml")
        self.assertFalse(parsed.bozo, parsed.get("bozo_exception"))
        self.assertEqual([e.title for e in parsed.entries if e.id == "tag:minaoshi,2026:cases/escaping-test"], [expected])
        source = [l for l in entry.findall(f"{ATOM}link") if l.get("rel") == "related"][0]
        self.assertEqual((source.get("href"), source.get("title")), ("https://example.go.jp/a?b=1&c=2", "出典 & <例>"))
        self.assertEqual(item["_minaoshi"]["sources"], [{"title": "出典 & <例>", "url": "https://example.go.jp/a?b=1&c=2"}])
        rows = list(csv.DictReader(io.StringIO((site / "api/cases.csv").read_bytes().decode("utf-8-sig"), newline="")))
        # Open data keeps the text as written: JSON escapes the bell, CSV carries it.
        original = title.replace("\\a", "\a")
        self.assertIn(original, [row["title"] for row in rows])
        api = json.loads((site / "api/cases.json").read_text(encoding="utf-8"))
        self.assertIn(original, [record["title"] for record in api["items"]])
        self.assertIn("\\u0007", (site / "api/cases.json").read_text(encoding="utf-8"))

    def test_formula_payloads_in_every_field_reach_no_csv_as_formulas(self):
        """Payloads through every free-text field of a regulation and a case, into both CSV files."""
        project = copy_project("formulas")
        payloads = ['=HYPERLINK("http://evil.example/","click")', "+1+cmd|' /C calc'!A0", "-2+3+cmd|' /C calc'!A0",
                    "@SUM(1+1)*cmd|' /C calc'!A0", "\t=1+1", "\r=1+1", "  =1+1", "\u3000=1+1", "＝1+1"]
        q = lambda text: json.dumps(text, ensure_ascii=False)
        fields = {}

        def payload(field):
            fields[field] = payloads[len(fields) % len(payloads)]
            return fields[field]
        (project / "content/regulations/formula-regulation.md").write_text(
            f"---\nid: formula-regulation\ntitle: {q(payload('r.title'))}\nlaws: [road-act]\n"
            f"article: {q(payload('r.article'))}\ncategories: [visual-inspection]\nstatus: reviewed\n"
            f"before: {q(payload('r.before'))}\nafter: {q(payload('r.after'))}\ntechnologies: [drones]\ndate: 2026-11-01\n"
            f"sources:\n  - {{title: {q(payload('r.source'))}, url: \"https://example.go.jp/\"}}\n"
            f"changes:\n  - {{date: 2026-11-02, note: {q(payload('r.change'))}}}\n---\n"
            f"{payload('r.summary').strip()}\n", encoding="utf-8")
        (project / "content/cases/formula-case.md").write_text(
            f"---\nid: formula-case\ntitle: {q(payload('c.title'))}\ndate: 2026-11-01\nprefectures: [tokyo]\n"
            f"municipalities: [{q(payload('c.municipalities'))}]\norganizations: [{q(payload('c.organizations'))}, 組織]\n"
            f"categories: [visual-inspection]\nregulations: [formula-regulation]\ntechnologies: [drones]\n"
            f"outcomes:\n  - {{label: {q(payload('c.outcome'))}, value: {q(payload('c.value'))}, period: 2026年}}\n"
            f"sources:\n  - {{title: 出典, url: \"https://example.go.jp/\"}}\n---\n{payload('c.summary').strip()}\n",
            encoding="utf-8")
        site = build(project, "formulas-site")
        expected = {
            ("regulations", "formula-regulation"): {"title": fields["r.title"], "article": fields["r.article"],
                                                    "before": fields["r.before"], "after": fields["r.after"],
                                                    "summary": fields["r.summary"].strip()},
            ("cases", "formula-case"): {"title": fields["c.title"], "municipalities": fields["c.municipalities"],
                                        "organizations": fields["c.organizations"] + ";組織",
                                        "outcomes": f"{fields['c.outcome']}: {fields['c.value']}（2026年）",
                                        "summary": fields["c.summary"].strip()},
        }
        for (name, document), cells in expected.items():
            rows = list(csv.DictReader(io.StringIO((site / f"api/{name}.csv").read_bytes().decode("utf-8-sig"), newline="")))
            row = next(r for r in rows if r["id"] == document)
            for key, text in cells.items():
                text = text.strip()  # front matter values are trimmed: a leading tab or CR is gone
                self.assertTrue(starts_a_formula(text), f"{key}: the payload {text!r} is no formula")
                self.assertEqual(row[key], "'" + text, f"{name} {document} {key}")
            for row in rows:
                for key, cell in row.items():
                    self.assertFalse(starts_a_formula(cell), f"{name} {row['id']} {key}: {cell!r}")
        # The JSON keeps the text as written: only the CSV, which spreadsheets open, is neutralised.
        api = json.loads((site / "api/regulations.json").read_text(encoding="utf-8"))
        self.assertEqual(next(r for r in api["items"] if r["id"] == "formula-regulation")["title"], fields["r.title"])

    def test_hostile_front_matter_and_markdown_reach_no_output_as_code(self):
        """Script payloads in every free-text field and in the body, with raw HTML dropped (the
        default) and allowed: no page gets a handler, a script, a style or a dangerous URL from
        them, and every feed and data file still parses with the text intact."""
        payload = '"><script>alert(1)</script><img src=x onerror=alert(2)>\'</script><!--'
        q = lambda text: json.dumps(text, ensure_ascii=False)
        body = ("本文 <img src=x onerror=alert(3)> <a href=\"JaVa&#x09;ScRiPt:alert(4)\" style=\"color:red\">a</a>\n\n"
                "[b](javascript:alert(5)) ![c](data:image/png;base64,iVBORw0KGgo=) <script>alert(6)</script>\n\n"
                "<div onclick=\"alert(7)\">\n<p/onmouseover=alert(8)>d</p>\n</div>\n")
        for allowed in (False, True):
            project = copy_project(f"hostile-{allowed}")
            if allowed:
                with open(project / "minaoshi.yml", "a", encoding="utf-8") as config:
                    config.write("allow_raw_html: true\n")
            (project / "content/regulations/hostile-regulation.md").write_text(
                f"---\nid: hostile-regulation\ntitle: {q('規制' + payload)}\nlaws: [road-act]\narticle: {q(payload)}\n"
                f"categories: [visual-inspection]\nstatus: reviewed\nbefore: {q(payload)}\nafter: {q(payload)}\n"
                f"technologies: [drones]\ndate: 2026-11-01\nsources:\n  - {{title: {q(payload)}, url: \"https://example.go.jp/?a=1&b=<x>\"}}\n"
                f"changes:\n  - {{date: 2026-11-02, note: {q(payload)}}}\n---\n{body}", encoding="utf-8")
            (project / "content/cases/hostile-case.md").write_text(
                f"---\nid: hostile-case\ntitle: {q('事例' + payload)}\ndate: 2026-11-01\nprefectures: [tokyo]\n"
                f"municipalities: [{q(payload)}]\norganizations: [{q(payload)}]\ncategories: [visual-inspection]\n"
                f"regulations: [hostile-regulation]\ntechnologies: [drones]\n"
                f"outcomes:\n  - {{label: {q(payload)}, value: {q(payload)}, period: {q(payload)}}}\n"
                f"sources:\n  - {{title: {q(payload)}, url: \"https://example.go.jp/\"}}\n---\n{body}", encoding="utf-8")
            site = build(project, f"hostile-site-{allowed}")
            for page in sorted(site.rglob("*.html")):
                checker = CodeFinder()
                checker.feed(page.read_text(encoding="utf-8"))
                checker.close()
                self.assertEqual(checker.problems, [], f"raw HTML allowed: {allowed}, {page.relative_to(site)}")
            page = (site / "regulations/hostile-regulation/index.html").read_text(encoding="utf-8")
            self.assertIn("規制&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;", page, "the title is shown as text")
            for path in sorted(site.rglob("*.xml")):
                ET.parse(path)
            for path in sorted(site.rglob("*.json")):
                json.loads(path.read_text(encoding="utf-8"))
            feed = json.loads((site / "feed.json").read_text(encoding="utf-8"))
            self.assertIn("規制" + payload, [item["title"] for item in feed["items"]])
            entries = ET.parse(site / "feed.xml").getroot().findall(f"{ATOM}entry")
            self.assertIn("事例" + payload, [entry.findtext(f"{ATOM}title") for entry in entries])
            rows = list(csv.DictReader(io.StringIO((site / "api/cases.csv").read_bytes().decode("utf-8-sig"), newline="")))
            self.assertEqual(next(r for r in rows if r["id"] == "hostile-case")["organizations"], payload)

    def test_renaming_the_file_or_the_title_keeps_the_item_id(self):
        project = copy_project("renamed")
        before = feed_entries(build(project, "renamed-before"))
        regulations = project / "content/regulations"
        first = sorted(regulations.glob("*.md"))[0]
        text = first.read_text(encoding="utf-8")
        self.assertRegex(text, r"(?m)^id: ", "the renamed file keeps its front-matter id")
        first.rename(regulations / "renamed-file-keeping-its-id.md")
        second = sorted(regulations.glob("*.md"))[1]
        second.write_text(re.sub(r"(?m)^title: .*$", "title: まったく新しいタイトル", second.read_text(encoding="utf-8"), count=1),
                          encoding="utf-8")
        after = feed_entries(build(project, "renamed-after"))
        self.assertEqual(set(before), set(after))
        for name in before:
            self.assertEqual(sorted(before[name]), sorted(after[name]), f"{name}: ids or dates changed")

    def test_a_typo_fix_without_a_change_note_changes_no_date_and_no_order(self):
        project = copy_project("typo")
        before = feed_entries(build(project, "typo-before"))
        for path in sorted((project / "content/cases").glob("*.md"))[:3]:
            text = path.read_text(encoding="utf-8")
            front, body = text.split("\n---\n", 1)
            front = re.sub(r"(?m)^updated: .*\n", "", front) + "\nupdated: 2026-11-28"
            path.write_text(front + "\n---\n" + body.replace("。", "．", 1), encoding="utf-8")
        after = feed_entries(build(project, "typo-after"))
        self.assertEqual(before, after)

    def test_a_change_note_sets_date_modified_and_moves_the_item_up(self):
        project = copy_project("changed")
        before = json.loads((build(project, "changed-before") / "feed.json").read_text(encoding="utf-8"))
        oldest = before["items"][-1]["id"]
        path = next(p for p in (project / "content").rglob("*.md")
                    if f"tag:minaoshi,2026:{p.parent.name}/" in oldest and re.search(rf"(?m)^id: {oldest.split('/')[-1]}$", p.read_text(encoding="utf-8")))
        text = path.read_text(encoding="utf-8")
        self.assertNotIn("changes:", text)
        path.write_text(text.replace("\n---\n", "\nchanges:\n  - {date: 2026-11-20, note: 見直しの内容を更新}\n---\n", 1), encoding="utf-8")
        after = json.loads((build(project, "changed-after") / "feed.json").read_text(encoding="utf-8"))
        self.assertEqual(after["items"][0]["id"], oldest)
        self.assertEqual(after["items"][0]["date_modified"], "2026-11-20T00:00:00+09:00")
        self.assertEqual(after["items"][0]["date_published"],
                         next(i for i in before["items"] if i["id"] == oldest)["date_published"])


if __name__ == "__main__":
    program = unittest.main(exit=False, verbosity=2)
    result = program.result
    # An empty run is a failure, never a silent pass.
    sys.exit(0 if result.wasSuccessful() and result.testsRun > 0 else 1)
