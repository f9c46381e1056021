"""Dashboard truth: /progress/ of a site built from the shipped content shows the counts this test
works out again from the content files themselves (front matter read with PyYAML, not by Minaoshi),
every bar links the term page it counts, and every national figure is the one in
content/_data/progress.yml with its date and a link to its source.

    python3 -m unittest discover -s Tests/site -p 'test_*.py'   (needs .build/debug/minaoshi)
"""
import glob
import html.parser
import os
import shutil
import subprocess
import tempfile
import unittest

import yaml

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
MINAOSHI = os.environ.get("MINAOSHI_BINARY") or os.path.join(ROOT, ".build/debug/minaoshi")
NOW = "2026-11-27"


class Node:
    def __init__(self, tag, attrs, parent):
        self.tag, self.attrs, self.parent, self.children = tag, dict(attrs), parent, []

    def text(self):
        return "".join(c if isinstance(c, str) else c.text() for c in self.children)

    def all(self, tag=None, **attrs):
        for child in self.children:
            if isinstance(child, Node):
                if (tag is None or child.tag == tag) and all(child.attrs.get(k.rstrip("_")) == v for k, v in attrs.items()):
                    yield child
                yield from child.all(tag, **attrs)

    def one(self, tag=None, **attrs):
        found = list(self.all(tag, **attrs))
        assert len(found) == 1, f"expected one <{tag} {attrs}>, found {len(found)}"
        return found[0]


class TreeBuilder(html.parser.HTMLParser):
    VOID = {"meta", "link", "br", "img", "input", "hr", "source", "area", "base", "col", "embed", "wbr"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.root = Node("#document", [], None)
        self.current = self.root

    def handle_starttag(self, tag, attrs):
        node = Node(tag, attrs, self.current)
        self.current.children.append(node)
        if tag not in self.VOID:
            self.current = node

    def handle_startendtag(self, tag, attrs):
        self.current.children.append(Node(tag, attrs, self.current))

    def handle_endtag(self, tag):
        node = self.current
        while node is not self.root and node.tag != tag:
            node = node.parent
        if node is not self.root:
            self.current = node.parent

    def handle_data(self, data):
        self.current.children.append(data)


def parse(path):
    builder = TreeBuilder()
    with open(path, encoding="utf-8") as source:
        builder.feed(source.read())
    return builder.root


def front_matter(path):
    with open(path, encoding="utf-8") as source:
        text = source.read()
    assert text.startswith("---\n"), path
    return yaml.safe_load(text[4:text.index("\n---", 4)])


def published(section):
    """The front matter of every document the build publishes: not a draft, not dated after NOW."""
    documents = []
    for path in sorted(glob.glob(os.path.join(ROOT, "content", section, "*.md"))):
        fields = front_matter(path)
        if fields.get("draft") is True or str(fields.get("date", "0000-00-00")) > NOW:
            continue
        documents.append(fields)
    return documents


def vocabulary(name):
    with open(os.path.join(ROOT, "content/_data", f"{name}.yml"), encoding="utf-8") as source:
        return yaml.safe_load(source)


def as_list(value):
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def grouped(value):
    return f"{value:,}"


class ProgressPageTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.mkdtemp(prefix="minaoshi-progress-")
        cls.site = os.path.join(cls.tmp, "site")
        subprocess.run([MINAOSHI, "build", "--root", ROOT, "--output", cls.site, "--base-url", "https://example.lg.jp/kisei/",
                        "--now", NOW], check=True, capture_output=True)
        cls.page = parse(os.path.join(cls.site, "progress", "index.html"))
        cls.reviews = published("regulations")
        cls.cases = published("cases")
        with open(os.path.join(ROOT, "content/_data/progress.yml"), encoding="utf-8") as source:
            cls.national = yaml.safe_load(source)

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.tmp, ignore_errors=True)

    def table(self, chart_id):
        """The chart's data table as {label: [cell texts]}, with each row header's link."""
        figure = self.page.one("figure", id=chart_id)
        rows, links = {}, {}
        for row in figure.one("tbody").all("tr"):
            header = row.one("th")
            rows[header.text()] = [cell.text() for cell in row.all("td")]
            anchors = list(header.all("a"))
            links[header.text()] = anchors[0].attrs["href"] if anchors else None
        return figure, rows, links

    def expected(self, vocabulary_name, count):
        """{Japanese label: counts} for every term with a count, in the vocabulary's order, with its page."""
        rows, links = {}, {}
        for term in vocabulary(vocabulary_name):
            values = count(term["id"])
            if sum(values) > 0:
                rows[term["ja"]] = values
                links[term["ja"]] = f"/kisei/{vocabulary_name}/{term['id']}/"
        return rows, links

    def check_chart(self, chart_id, vocabulary_name, count, stacked=False):
        figure, shown, shown_links = self.table(chart_id)
        want, want_links = self.expected(vocabulary_name, count)
        self.assertGreater(len(want), 0, f"{chart_id}: the content gives this chart no row")
        cells = {label: [f"{grouped(v)}件" for v in (values + [sum(values)] if stacked else values)] for label, values in want.items()}
        self.assertEqual(shown, cells, chart_id)
        self.assertEqual(list(shown), list(cells), f"{chart_id}: rows in the vocabulary's order")
        self.assertEqual(shown_links, want_links)
        # Each bar of the SVG is a link to the page of the term it counts, and the page exists.
        bars = [(a.attrs["href"], a.one("text", class_="chart__label").text(), a.one("text", class_="chart__value").text())
                for a in figure.one("svg", class_="chart__svg").all("a")]
        self.assertEqual(bars, [(want_links[label], label, f"{grouped(sum(values))}件") for label, values in want.items()])
        for href in want_links.values():
            self.assertTrue(os.path.isfile(os.path.join(self.site, href[len("/kisei/"):], "index.html")), href)

    def test_headline_counts(self):
        values = [span.text() for span in self.page.all("span", class_="headline-figures__value")]
        self.assertEqual(values, [str(len(self.reviews)), str(len(self.cases))])

    def test_reviews_by_category_and_status(self):
        statuses = [term["id"] for term in vocabulary("statuses")]
        self.check_chart("progress-categories", "categories", lambda category: [
            sum(1 for r in self.reviews if category in as_list(r.get("categories")) and r.get("status") == status) for status in statuses
        ], stacked=True)

    def test_reviews_by_ministry(self):
        self.check_chart("progress-ministries", "ministries", lambda ministry: [sum(1 for r in self.reviews if r.get("ministry") == ministry)])

    def test_reviews_by_law(self):
        self.check_chart("progress-laws", "laws", lambda law: [sum(1 for r in self.reviews if law in as_list(r.get("laws")))])

    def test_cases_by_prefecture(self):
        self.check_chart("progress-prefectures", "prefectures",
                         lambda prefecture: [sum(1 for c in self.cases if prefecture in as_list(c.get("prefectures")))])

    def test_the_tile_map_shows_every_prefecture_with_its_count(self):
        figure = self.page.one("figure", id="progress-prefectures")
        tiles = {}
        for tile in list(figure.one("svg", class_="tile-map").all("a")) + list(figure.one("svg", class_="tile-map").all("g")):
            texts = [t.text() for t in tile.all("text")]
            tiles[texts[0]] = (int(texts[1]), tile.attrs.get("href"))
        self.assertEqual(len(tiles), 47)
        for term in vocabulary("prefectures"):
            count = sum(1 for c in self.cases if term["id"] in as_list(c.get("prefectures")))
            short = term["ja"] if term["ja"] == "北海道" or term["ja"][-1] not in "都府県" else term["ja"][:-1]
            self.assertEqual(tiles[short], (count, f"/kisei/prefectures/{term['id']}/" if count else None), term["id"])

    def test_cases_by_technology(self):
        self.check_chart("progress-technologies", "technologies",
                         lambda technology: [sum(1 for c in self.cases if technology in as_list(c.get("technologies")))])

    def test_every_national_figure_is_the_sourced_one(self):
        self.assertGreater(len(self.national["figures"]), 0)
        for figure in self.national["figures"]:
            item = self.page.one("div", id=f"figure-{figure['id']}")
            self.assertEqual(item.one("dd", class_="national-figures__value").text(), grouped(figure["value"]) + figure["unit"])
            self.assertEqual(item.one("data").attrs["value"], str(figure["value"]))
            source = item.one("dd", class_="figure-source")
            self.assertEqual(source.one("time").attrs["datetime"], str(figure["date"]))
            link = source.one("a")
            self.assertEqual(link.attrs["href"], figure["source"]["url"])
            self.assertTrue(link.attrs["href"].startswith(("https://", "http://")))
            self.assertEqual(link.text(), figure["source"]["title"])

    def test_every_national_breakdown_is_the_sourced_one(self):
        self.assertGreater(len(self.national["breakdowns"]), 0)
        for breakdown in self.national["breakdowns"]:
            figure, shown, links = self.table(f"national-{breakdown['id']}")
            self.assertEqual(shown, {row["label"]: [grouped(row["value"]) + breakdown["unit"]] for row in breakdown["rows"]})
            if "total" in breakdown:
                self.assertEqual(sum(row["value"] for row in breakdown["rows"]), breakdown["total"])
            source = figure.one("p", class_="figure-source")
            self.assertEqual(source.one("time").attrs["datetime"], str(breakdown["date"]))
            self.assertEqual(source.one("a").attrs["href"], breakdown["source"]["url"])
            self.assertEqual(source.one("a").text(), breakdown["source"]["title"])

    def test_national_figures_stand_apart_from_the_corpus_counts(self):
        corpus = self.page.one("section", class_="progress-corpus")
        national = self.page.one("section", class_="progress-national")
        self.assertEqual(list(corpus.all("dl", class_="national-figures")), [])
        self.assertEqual([f for f in national.all("figure") if f.attrs["id"].startswith("progress-")], [])
        self.assertIn("本サイトの文書の数ではなく", national.text())


if __name__ == "__main__":
    unittest.main()
