#!/usr/bin/env python3
"""Writes a synthetic Minaoshi project of N documents, and the same corpus as a Hugo site.

    python3 Benchmarks/generate_corpus.py N OUTDIR [--seed S]

OUTDIR gets a complete Minaoshi project that `minaoshi check` accepts without errors or warnings:
  minaoshi.yml, templates/, content/_data/   copied from this repository
  content/regulations/reg-NNNNNN.md          90% of the documents: regulation reviews
  content/cases/case-NNNNNN.md               10%: case studies, whose `regulations:` name existing reviews
and OUTDIR/hugo/, the same Markdown files (hard links) as a Hugo site:
  hugo.toml   taxonomies category/technology/ministry/prefecture/status on the same front-matter keys
              (categories, technologies, ministry, prefectures, status), lists paginated by 50,
              goldmark with unsafe = false (Minaoshi drops raw HTML too), tables, task lists and
              footnotes but no linkify and no strikethrough (Minaoshi's Markdown set); Hugo's default RSS on
              because Minaoshi writes feeds; the sitemap and robots.txt kept because Minaoshi
              writes both.
  layouts/    minimal templates that render roughly what Minaoshi's do: title, dates, the facts of the
              front matter with term links (Japanese names from the vocabularies), outcomes, table of
              contents, body, the regulations a case implements, sources, changes (not related
              documents: Hugo's related search is quadratic on this corpus); paginated section and
              term lists with summaries; taxonomy pages with counts; a home page with the newest
              documents of each section and the browsable terms; 404.html.
  data/vocab.json   the shipped vocabularies keyed by Hugo taxonomy and id, so a term's Japanese name
              costs one lookup.

Bodies are Japanese, 1-4 KB of UTF-8, built from a fixed pool of sentences: a lead paragraph, the
headings Minaoshi's content model suggests, lists, about a third with a GFM table, some with relative
links to other generated documents. Vocabulary use is skewed (a few categories, technologies and
ministries take most documents) so that some term pages list thousands of documents at 10k and more.

Deterministic: the same N, seed and generator give byte-identical files (every document draws from its
own random.Random seeded with the seed, its kind and its number; nothing depends on the clock, the file
system order or the hash seed). Python 3 standard library only.
"""

import argparse
import hashlib
import functools
import json
import os
import random
import shutil
import sys
from datetime import date, timedelta

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
MAX_BODY = 4096
MIN_BODY = 1024

# ---------------------------------------------------------------------------------------------
# Vocabularies: the shipped content/_data/*.yml, read with a small parser for their flat shape
# (a list of mappings whose values are scalars or flow lists).

VOCABULARY_FILES = {
    "categories": "categories.yml",
    "technologies": "technologies.yml",
    "ministries": "ministries.yml",
    "prefectures": "prefectures.yml",
    "statuses": "statuses.yml",
}


def unquote(value):
    value = value.strip()
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
        return value[1:-1]
    return value


def read_vocabulary(path):
    terms = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if not line.strip() or line.lstrip().startswith("#"):
                continue
            if line.startswith("- "):
                terms.append({})
                line = "  " + line[2:]
            if not line.startswith("  ") or ":" not in line or not terms:
                raise SystemExit(f"{path}: cannot read line: {line!r}")
            key, _, value = line.strip().partition(":")
            terms[-1][key.strip()] = unquote(value)
    return terms


def load_vocabularies():
    data = os.path.join(REPO, "content", "_data")
    return {kind: read_vocabulary(os.path.join(data, name)) for kind, name in VOCABULARY_FILES.items()}


# Which terms are common. Ids not listed here (or added to the vocabularies later) follow in file
# order with the smallest weights; ids listed here but missing from the vocabularies are skipped.
PREFERRED = {
    "categories": ["visual-inspection", "periodic-inspection", "on-site-audit", "resident-dedicated",
                   "paper-posting", "in-person-training", "visit-to-view", "recording-media"],
    "technologies": ["drones", "ai-image-analysis", "cameras", "remote-video", "sensors-iot",
                     "electronic-records", "online-application", "online-training", "mobile-devices",
                     "satellite-data", "cloud", "digital-posting", "online-viewing", "gis", "telework"],
    "ministries": ["mlit", "mhlw", "meti", "maff", "soumu", "fdma", "env", "mext", "moj", "npa",
                   "digital", "cao", "fsa", "mof", "nta"],
    "prefectures": ["tokyo", "osaka", "kanagawa", "aichi", "fukuoka", "hokkaido", "saitama", "chiba",
                    "hyogo", "shizuoka", "hiroshima", "miyagi", "kyoto", "niigata", "nagano"],
}
STATUS_WEIGHTS = {"reviewed": 45, "amended": 30, "in-review": 15, "not-started": 10}


class Weighted:
    """Ids with Zipf-like weights: the first is about 1/(rank+1)^s as common as it."""

    def __init__(self, ids, preferred, exponent=1.3):
        present = [i for i in preferred if i in ids]
        ordered = present + [i for i in ids if i not in present]
        self.ids = ordered
        weights = [1.0 / (rank + 1) ** exponent for rank in range(len(ordered))]
        total = 0.0
        self.cumulative = []
        for w in weights:
            total += w
            self.cumulative.append(total)

    def one(self, rng):
        return rng.choices(self.ids, cum_weights=self.cumulative, k=1)[0]

    def some(self, rng, low, high):
        count = rng.randint(low, high)
        chosen = []
        while len(chosen) < min(count, len(self.ids)):
            pick = self.one(rng)
            if pick not in chosen:
                chosen.append(pick)
        return chosen


# ---------------------------------------------------------------------------------------------
# The pool of Japanese text. Placeholders: {law} {subject} {tech} {cat} {ministry} {city} {n} {m}

# (law, what it governs, ministry in charge), most commonly reviewed first: laws are drawn with
# Zipf-like weights in this order, so mlit, fdma, meti and mhlw take most regulation reviews.
LAWS = [
    ("建築基準法", "建築物の外壁", "mlit"), ("道路法", "道路橋", "mlit"), ("消防法", "消防用設備等", "fdma"),
    ("労働安全衛生法", "特定自主検査", "mhlw"), ("高圧ガス保安法", "高圧ガス設備", "meti"), ("河川法", "河川管理施設", "mlit"),
    ("電気事業法", "自家用電気工作物", "meti"), ("農地法", "農地の利用状況", "maff"), ("食品衛生法", "営業施設", "mhlw"),
    ("建設業法", "工事現場", "mlit"), ("下水道法", "下水道管渠", "mlit"), ("医薬品医療機器等法", "店舗販売業の店舗", "mhlw"),
    ("港湾法", "係留施設", "mlit"), ("水道法", "水道施設", "mhlw"), ("廃棄物処理法", "産業廃棄物処理施設", "env"),
    ("大気汚染防止法", "ばい煙発生施設", "env"), ("森林法", "保安林", "rinya"), ("鉱山保安法", "鉱山の施設", "meti"),
    ("砂防法", "砂防設備", "mlit"), ("宅地造成及び特定盛土等規制法", "盛土", "mlit"), ("介護保険法", "介護サービス事業所", "mhlw"),
    ("児童福祉法", "保育所", "cfa"), ("旅館業法", "旅館・ホテル", "mhlw"), ("風俗営業等の規制及び業務の適正化等に関する法律", "営業所", "npa"),
    ("計量法", "特定計量器", "meti"), ("ガス事業法", "ガス工作物", "meti"), ("航空法", "空港の施設", "mlit"),
    ("鉄道事業法", "鉄道施設", "mlit"), ("文化財保護法", "重要文化財の建造物", "bunka"), ("自然公園法", "国立公園の施設", "env"),
    ("都市計画法", "開発許可の区域", "mlit"), ("土地区画整理法", "事業計画", "mlit"), ("環境影響評価法", "環境影響評価書", "env"),
    ("自動車の保管場所の確保等に関する法律", "保管場所", "npa"),
]


@functools.lru_cache(maxsize=None)
def shipped_law_ids():
    """Japanese name → id of the shipped laws vocabulary (content/_data/laws.yml)."""
    return {term["ja"]: term["id"] for term in read_vocabulary(os.path.join(REPO, "content", "_data", "laws.yml"))}


def law_id(name):
    """The id a regulation's `laws:` names: the shipped one, else `bench-law-N` (N: place in LAWS),
    which `bench_laws_yml` adds to the project's copy of laws.yml."""
    shipped = shipped_law_ids()
    return shipped.get(name) or f"bench-law-{[law for law, _, _ in LAWS].index(name) + 1}"


def bench_laws_yml():
    """The laws of LAWS the shipped vocabulary lacks, as entries to append to the copy of laws.yml."""
    shipped = shipped_law_ids()
    return "".join(f"- id: {law_id(law)}\n  ja: {yaml_string(law)}\n  en: {yaml_string(law)}\n"
                   for law, _, _ in LAWS if law not in shipped)


BEFORE = [
    "{subject}について、職員が現地に出向いて目視で確認することが求められていました。",
    "{subject}の状態を、資格者が定期的に近接目視で点検する必要がありました。",
    "{subject}に関する書類は、事務所に備え付けて紙で閲覧させることとされていました。",
    "{subject}の管理者は、現場に常駐し専任で業務に当たることが求められていました。",
    "{subject}の担当者は、指定された会場で対面の講習を受ける必要がありました。",
    "{subject}の許可証や標識を、現場の見やすい場所に紙で掲示することとされていました。",
    "{subject}の記録は、フロッピーディスクなどの記録媒体で提出することとされていました。",
    "{subject}について、行政職員が事業所に立ち入り、書類と設備を直接確認していました。",
]
AFTER = [
    "{tech}を使った確認を、現地での目視と同等のものとして認めることが示されました。",
    "{tech}で取得した記録を用いれば、現地に出向かずに確認できるようになりました。",
    "{tech}による遠隔での確認が認められ、常駐の要件が緩和されました。",
    "講習は{tech}で受講できるようになり、会場に出向く必要がなくなりました。",
    "掲示はウェブサイトへの掲載で代えられるようになり、{tech}の活用が進んでいます。",
    "記録媒体の指定がなくなり、{tech}を通じたオンラインでの提出が可能になりました。",
    "点検の一部を{tech}で代替し、人が確認する範囲を絞り込めるようになりました。",
]
SENTENCES = [
    "{law}に基づく{subject}の確認は、長く人が現地に出向くことを前提としてきました。",
    "{ministry}は、デジタル原則に照らした規制の一括見直しプランに沿って、この規定の見直しを進めています。",
    "見直しの対象となったのは、{cat}を求める規定のうち、技術で代替できると判断されたものです。",
    "{tech}を使うことで、点検に要する時間と人員を大きく減らせることが実証されています。",
    "{city}では、{tech}を使った確認を先行して試行し、その結果を国に報告しました。",
    "現場の担当者からは、高所や狭い場所での作業の危険が減ったという声が寄せられています。",
    "一方で、取得した画像やデータの精度をどう担保するかは、引き続き検討が必要とされています。",
    "点検結果は電子的に記録され、過去の記録と比較して劣化の進み具合を把握できるようになりました。",
    "通知では、従来の方法と同等以上の精度が確保できる場合に限り、新しい方法を認めるとしています。",
    "技術の選定にあたっては、テクノロジーマップと技術カタログが参考として示されています。",
    "事業者の負担は、年間でおよそ{n}割減ると見込まれています。",
    "対象となる施設は全国で約{m}か所あり、そのすべてで毎年の確認が必要でした。",
    "人手不足が深刻な地域では、現地確認の負担が業務の継続を難しくしていました。",
    "遠隔での確認を行う場合も、異常が見つかったときは現地で詳しく調べることが求められます。",
    "新しい方法の導入は義務ではなく、事業者が従来の方法と選んで使えるようになっています。",
    "ガイドラインでは、撮影の解像度や記録の保存期間など、満たすべき条件が具体的に定められています。",
    "{ministry}は、実証事業の結果を踏まえて要領を改訂し、{tech}の活用を明記しました。",
    "自治体によって運用に差があるため、事例を共有して取組を横に広げることが課題とされています。",
    "令和{n}年度の実証では、{city}など複数の自治体が参加し、効果と課題が整理されました。",
    "確認に使う機器の費用は、国の補助事業の対象となる場合があります。",
    "データの取扱いについては、個人情報の保護と情報セキュリティの確保が前提とされています。",
    "現地での確認が不要になったことで、移動時間が大幅に短くなりました。",
    "点検の頻度そのものは変わっていませんが、一回あたりの作業の負担が軽くなりました。",
    "条文の解釈を明確にする通知が出されたことで、現場の判断に迷いがなくなりました。",
    "「**目視**」には、カメラやドローンの映像を通じて見ることも含まれると整理されました。",
    "実証では、{tech}による判定と人による判定の結果が、おおむね一致することが確かめられました。",
    "住民への周知は、広報紙に加えてウェブサイトでも行われるようになりました。",
    "今後は、取得したデータを他の業務にも活かす方法が検討される予定です。",
    "この見直しは、関係団体からの要望を受けて検討が始まったものです。",
    "規制の趣旨である安全の確保は、新しい方法でも損なわれないことが確認されています。",
]
CASE_SENTENCES = [
    "{city}は、{tech}を使って{subject}の確認を効率化する取組を始めました。",
    "取組には、地元の事業者と大学が協力しています。",
    "導入前は、職員が毎年すべての現場を回って確認しており、多くの時間がかかっていました。",
    "導入後は、現地に出向く件数が約{n}割減り、確認にかかる期間も短くなりました。",
    "{tech}で得られたデータは、庁内の地理情報システムで共有されています。",
    "職員向けの研修を行い、機器の操作や判定の方法をそろえました。",
    "取組の成果は、{ministry}の事例集にも掲載されています。",
    "今後は、近隣の市町村と連携して取組を広げることを目指しています。",
    "費用は国の交付金を活用してまかなわれました。",
    "運用を始めてから{n}年が経ち、手順は定着しつつあります。",
]
LIST_ITEMS = [
    "{tech}による撮影と記録", "撮影データのクラウドでの保存", "AIによる異常箇所の抽出", "担当者による結果の確認",
    "異常が見つかった場合の現地調査", "点検記録の電子化", "オンラインでの申請と届出", "ウェブサイトでの公表",
    "遠隔地からの映像による立会い", "講習のオンライン化と受講記録の管理", "センサーによる常時の監視",
    "タブレットでの調査結果の入力", "記録の保存期間の延長", "関係機関とのデータ共有",
]
REGULATION_HEADINGS = ["見直し前の規制", "見直し後", "活用できる技術", "経緯", "関連する事例", "注記"]
CASE_HEADINGS = ["課題", "取り組み", "成果", "関連する規制", "出典と注記"]
NOTES = [
    "※改正後の条文は確認できていません。",
    "日付欄には、見直しの方針が決定された日を便宜上記載しています。",
    "数値は出典に示された見込みであり、実績ではありません。",
    "状況は出典の記載から判断しており、確度は中程度です。",
]
ORGANIZATIONS = ["株式会社みらい点検", "一般社団法人インフラ保全協会", "国立大学法人地域工学研究所", "株式会社空撮技研",
                 "地域電力株式会社", "株式会社データ測量", "公益財団法人防災技術センター", "株式会社クラウド行政"]
# (prefecture id, municipality) pairs; skewed toward large prefectures by repetition in the weighting.
MUNICIPALITIES = [
    ("tokyo", "八王子市"), ("tokyo", "世田谷区"), ("tokyo", "町田市"), ("osaka", "堺市"), ("osaka", "豊中市"),
    ("kanagawa", "横浜市"), ("kanagawa", "平塚市"), ("kanagawa", "相模原市"), ("aichi", "豊田市"), ("aichi", "岡崎市"),
    ("fukuoka", "北九州市"), ("fukuoka", "久留米市"), ("hokkaido", "旭川市"), ("hokkaido", "帯広市"),
    ("saitama", "川越市"), ("chiba", "柏市"), ("hyogo", "姫路市"), ("shizuoka", "浜松市"), ("hiroshima", "福山市"),
    ("miyagi", "石巻市"), ("kyoto", "宇治市"), ("niigata", "長岡市"), ("nagano", "松本市"), ("gifu", "下呂市"),
    ("fukushima", "南相馬市"), ("saga", "白石町"), ("oita", "別府市"), ("kumamoto", "八代市"), ("okinawa", "名護市"),
    ("aomori", "八戸市"), ("ishikawa", "金沢市"), ("okayama", "倉敷市"), ("kagoshima", "霧島市"), ("ehime", "今治市"),
]
OUTCOME_LABELS = ["点検にかかる時間", "現地に出向く件数", "年間の費用", "確認の期間", "職員の作業時間", "対象の施設"]
SOURCE_TITLES = ["所管府省庁の通知", "デジタル庁 規制の見直しの一覧", "実証事業の報告書", "自治体の広報", "技術カタログの掲載ページ"]
FIRST_DAY = date(2019, 1, 1)
LAST_DAY = date(2025, 12, 31)


# ---------------------------------------------------------------------------------------------
# Documents

def yaml_string(text):
    """A double-quoted YAML scalar (the pool has no quotes or backslashes, but be safe)."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def flow_list(items):
    return "[" + ", ".join(items) + "]"


def random_day(rng, first=FIRST_DAY, last=LAST_DAY):
    return first + timedelta(days=rng.randint(0, (last - first).days))


class Corpus:
    def __init__(self, count, seed, vocabularies):
        self.count = count
        self.seed = seed
        self.vocab = {kind: {t["id"]: t for t in terms} for kind, terms in vocabularies.items()}
        ids = {kind: [t["id"] for t in terms] for kind, terms in vocabularies.items()}
        self.categories = Weighted(ids["categories"], PREFERRED["categories"], 1.1)
        self.technologies = Weighted(ids["technologies"], PREFERRED["technologies"], 1.2)
        self.ministries = Weighted(ids["ministries"], PREFERRED["ministries"], 1.3)
        statuses = [s for s in STATUS_WEIGHTS if s in self.vocab["statuses"]] or ids["statuses"]
        self.statuses = (statuses, [STATUS_WEIGHTS.get(s, 1) for s in statuses])
        known_prefectures = set(ids["prefectures"])
        self.places = [p for p in MUNICIPALITIES if p[0] in known_prefectures]
        place_rank = {pref: rank for rank, pref in enumerate(PREFERRED["prefectures"])}
        self.place_weights = [1.0 / (place_rank.get(p[0], len(place_rank)) + 1) for p in self.places]
        self.law_weights = Weighted(list(range(len(LAWS))), [], 0.9).cumulative
        self.case_count = count // 10
        self.regulation_count = count - self.case_count
        self.documents = []  # (section, id, title, metadata) in id order
        for i in range(1, self.regulation_count + 1):
            self.documents.append(self.regulation(i))
        for i in range(1, self.case_count + 1):
            self.documents.append(self.case(i))

    def rng(self, kind, number, part):
        return random.Random(f"{self.seed}:{kind}:{number}:{part}")

    def ja(self, kind, term_id):
        return self.vocab[kind][term_id]["ja"]

    def fill(self, rng, template, meta):
        law, subject = meta["law_subject"]
        return template.format(
            law=law, subject=subject, tech=self.ja("technologies", rng.choice(meta["technologies"])),
            cat=self.ja("categories", rng.choice(meta["categories"])),
            ministry=self.ja("ministries", meta["ministry"]) if meta.get("ministry") else "所管府省庁",
            city=meta.get("city") or rng.choice(self.places)[1], n=rng.randint(2, 8), m=rng.randint(2, 90) * 100,
        )

    def regulation(self, number):
        rng = self.rng("regulation", number, "meta")
        law, subject, ministry = rng.choices(LAWS, cum_weights=self.law_weights, k=1)[0]
        law_subject = (law, subject)
        categories = self.categories.some(rng, 1, 2)
        meta = {
            "law_subject": law_subject,
            "ministry": ministry if ministry in self.vocab["ministries"] else self.ministries.one(rng),
            "categories": categories,
            "technologies": self.technologies.some(rng, 1, 3),
            "status": rng.choices(self.statuses[0], weights=self.statuses[1], k=1)[0],
            "date": random_day(rng),
        }
        id_ = f"reg-{number:06d}"
        title = f"{law_subject[1]}の{self.ja('categories', categories[0])}に関する規制の見直し（第{number}号）"
        meta["article"] = f"{rng.randint(2, 120)}条" + (f"{rng.randint(1, 5)}項" if rng.random() < 0.4 else "") if rng.random() < 0.8 else None
        meta["phase"] = (1, rng.choice([2, 3])) if rng.random() < 0.4 else None
        meta["before"] = self.fill(rng, rng.choice(BEFORE), meta)
        meta["after"] = self.fill(rng, rng.choice(AFTER), meta)
        meta["updated"] = meta["date"] + timedelta(days=rng.randint(30, 300)) if rng.random() < 0.2 else None
        meta["changes"] = [(meta["date"] + timedelta(days=rng.randint(60, 400)), rng.choice(["改正省令が施行されました。", "運用指針が改訂されました。", "実証の結果が公表されました。"]))
                           for _ in range(rng.randint(1, 2))] if rng.random() < 0.15 else []
        meta["sources"] = self.sources(rng, id_, meta["ministry"], rng.randint(1, 3))
        return ("regulations", id_, title, meta)

    def case(self, number):
        rng = self.rng("case", number, "meta")
        prefecture, city = rng.choices(self.places, weights=self.place_weights, k=1)[0]
        id_ = f"case-{number:06d}"
        meta = {
            "law_subject": rng.choice(LAWS)[:2],
            "city": city,
            "prefectures": [prefecture],
            "ministry": self.ministries.one(rng) if rng.random() < 0.5 else None,
            "categories": self.categories.some(rng, 1, 2),
            "technologies": self.technologies.some(rng, 1, 3),
            "date": random_day(rng) if rng.random() < 0.85 else None,
        }
        title = f"{city}の{meta['law_subject'][1]}における{self.ja('technologies', meta['technologies'][0])}の活用（事例{number}）"
        meta["organizations"] = [city] + ([rng.choice(ORGANIZATIONS)] if rng.random() < 0.6 else [])
        meta["regulations"] = sorted({f"reg-{rng.randint(1, self.regulation_count):06d}" for _ in range(rng.randint(0, 3))}) if self.regulation_count else []
        meta["outcomes"] = []
        for label in rng.sample(OUTCOME_LABELS, rng.randint(1, 3)):
            a = rng.randint(3, 12)
            value = f"約{a}か月 → 約{rng.randint(1, a - 1)}か月" if rng.random() < 0.5 else f"約{rng.randint(10, 80)}%削減"
            meta["outcomes"].append((label, value, f"{rng.randint(2020, 2025)}年度" if rng.random() < 0.4 else None))
        meta["sources"] = self.sources(rng, id_, meta["ministry"] or "digital", rng.randint(1, 2))
        return ("cases", id_, title, meta)

    def sources(self, rng, id_, ministry, count):
        return [(rng.choice(SOURCE_TITLES), f"https://www.{ministry}.go.jp/minaoshi-bench/{id_}/{k + 1}.html") for k in range(count)]

    # ---- front matter ------------------------------------------------------------------------

    def front_matter(self, section, id_, title, meta):
        lines = ["---", f"id: {id_}", f"title: {yaml_string(title)}"]
        if section == "regulations":
            lines.append(f"laws: [{law_id(meta['law_subject'][0])}]")
            if meta["article"]:
                lines.append(f"article: {yaml_string(meta['article'])}")
            lines.append(f"ministry: {meta['ministry']}")
            lines.append(f"categories: {flow_list(meta['categories'])}")
            lines.append(f"status: {meta['status']}")
            if meta["phase"]:
                lines.append(f"phase: {{before: {meta['phase'][0]}, after: {meta['phase'][1]}}}")
            lines.append(f"before: {yaml_string(meta['before'])}")
            lines.append(f"after: {yaml_string(meta['after'])}")
            lines.append(f"technologies: {flow_list(meta['technologies'])}")
        else:
            lines.append(f"organizations: {flow_list(yaml_string(o) for o in meta['organizations'])}")
            lines.append(f"municipalities: {flow_list([yaml_string(meta['city'])])}")
            lines.append(f"prefectures: {flow_list(meta['prefectures'])}")
            if meta["ministry"]:
                lines.append(f"ministry: {meta['ministry']}")
            lines.append(f"categories: {flow_list(meta['categories'])}")
            lines.append(f"regulations: {flow_list(meta['regulations'])}")
            lines.append(f"technologies: {flow_list(meta['technologies'])}")
            lines.append("outcomes:")
            for label, value, period in meta["outcomes"]:
                extra = f", period: {yaml_string(period)}" if period else ""
                lines.append(f"  - {{label: {yaml_string(label)}, value: {yaml_string(value)}{extra}}}")
        if meta["date"]:
            lines.append(f"date: {meta['date'].isoformat()}")
        if meta.get("updated"):
            lines.append(f"updated: {meta['updated'].isoformat()}")
        if meta.get("changes"):
            lines.append("changes:")
            for day, note in sorted(meta["changes"]):
                lines.append(f"  - {{date: {day.isoformat()}, note: {yaml_string(note)}}}")
        lines.append("sources:")
        for source_title, url in meta["sources"]:
            lines.append(f"  - {{title: {yaml_string(source_title)}, url: {yaml_string(url)}}}")
        lines.append("---")
        return "\n".join(lines) + "\n"

    # ---- body --------------------------------------------------------------------------------

    def paragraph(self, rng, meta, pool, low=2, high=4):
        return "".join(self.fill(rng, sentence, meta) for sentence in rng.sample(pool, rng.randint(low, high)))

    def links(self, rng, section, number):
        """Relative links to 1-3 other generated documents of the other kind, when there are any."""
        own = f"{'reg' if section == 'regulations' else 'case'}-{number:06d}"
        if section == "regulations" and self.case_count:
            first, count = self.regulation_count, self.case_count
        elif section == "cases" and self.regulation_count:
            first, count = 0, self.regulation_count
        else:
            first, count = 0, len(self.documents)
        items = []
        for index in sorted({first + rng.randrange(count) for _ in range(rng.randint(1, 3))}):
            target_section, target_id, target_title, _ = self.documents[index]
            if target_id != own:
                items.append(f"- [{target_title}](../{target_section}/{target_id}.md)")
        return "\n".join(items) or "- 関連する文書はまだありません。"

    def table(self, rng, meta):
        rows = ["| 項目 | 見直し前 | 見直し後 |", "| --- | --- | --- |"]
        for label in rng.sample(["確認の方法", "確認する人", "頻度", "記録の形式", "費用の目安", "所要時間"], rng.randint(3, 5)):
            rows.append(f"| {label} | {rng.choice(['現地での目視', '資格者の立会い', '紙の台帳', '年1回', '約2週間', '職員2名'])} "
                        f"| {self.fill(rng, '{tech}', meta)}{rng.choice(['による確認', 'の記録', 'で代替', '（任意）'])} |")
        return "\n".join(rows)

    def body(self, section, id_, number, meta):
        """A lead paragraph, then the suggested headings; prose sections grow until the target size."""
        rng = self.rng(section, number, "body")
        target = rng.randint(MIN_BODY, MAX_BODY - 300)
        with_table = rng.random() < 1 / 3
        with_links = rng.random() < 0.4
        headings = REGULATION_HEADINGS if section == "regulations" else CASE_HEADINGS
        pool = SENTENCES if section == "regulations" else CASE_SENTENCES + SENTENCES
        sections = []  # [heading, [blocks]]; heading None for the lead
        for heading in headings:
            blocks = []
            if heading in ("活用できる技術", "取り組み"):
                blocks.append("\n".join("- " + self.fill(rng, item, meta) for item in rng.sample(LIST_ITEMS, rng.randint(2, 5))))
                if with_table:
                    blocks.append(self.table(rng, meta))
                    with_table = False
            elif heading in ("関連する事例", "関連する規制"):
                if with_links:
                    blocks.append(self.links(rng, section, number))
                    with_links = False
                elif rng.random() < 0.5:
                    continue
                else:
                    blocks.append(self.paragraph(rng, meta, pool, 1, 2))
            elif heading in ("注記", "出典と注記"):
                blocks.append("\n".join("- " + note for note in rng.sample(NOTES, rng.randint(1, 2))))
            elif heading == "経緯":
                if rng.random() < 0.5:
                    continue
                blocks.append("\n".join(f"{k + 1}. {self.paragraph(rng, meta, pool, 1, 1)}" for k in range(rng.randint(2, 3))))
            else:
                blocks.append(self.paragraph(rng, meta, pool))
                if heading in ("見直し前の規制", "課題") and rng.random() < 0.3:
                    blocks += ["### 対象となる規定", self.paragraph(rng, meta, pool, 1, 2)]
            sections.append([heading, blocks])
        if with_table:  # a table goes into the first section when no list section came up
            sections[0][1].append(self.table(rng, meta))
        sections.insert(0, [None, [self.paragraph(rng, meta, pool, 2, 3)]])

        def render():
            parts = []
            for heading, blocks in sections:
                parts += ([f"## {heading}"] if heading else []) + blocks
            return "\n\n".join(parts) + "\n"

        prose = [s for s in sections[1:] if s[0] in ("見直し前の規制", "見直し後", "課題", "成果")]
        text = render()
        turn = 0
        while len(text.encode()) < target:
            grown = prose[turn % len(prose)]
            grown[1].append(self.paragraph(rng, meta, pool, 1, 3))
            candidate = render()
            if len(candidate.encode()) > MAX_BODY:
                grown[1].pop()
                break
            text = candidate
            turn += 1
        if not MIN_BODY <= len(text.encode()) <= MAX_BODY:
            raise SystemExit(f"{id_}: body of {len(text.encode())} bytes is outside {MIN_BODY}-{MAX_BODY}")
        return text

    def files(self):
        """(relative path, text) of every document, in path order."""
        for section, id_, title, meta in self.documents:
            number = int(id_.split("-")[1])
            text = self.front_matter(section, id_, title, meta) + "\n" + self.body(section, id_, number, meta)
            yield f"content/{section}/{id_}.md", text


# ---------------------------------------------------------------------------------------------
# The Hugo site

HUGO_CONFIG = """# The Hugo twin of the generated Minaoshi corpus (written by Benchmarks/generate_corpus.py).
# Debian's hugo is {hugo_note}; `paginate` is the key it reads (newer Hugo: [pagination] pagerSize).
baseURL = "http://127.0.0.1:8080/"
languageCode = "ja"
defaultContentLanguage = "ja"
hasCJKLanguage = true
title = "見直し — アナログ規制の見直し事例集"
paginate = 50
# Minaoshi writes feeds for the site, its sections and every term (JSON Feed and Atom), a sitemap and
# robots.txt: Hugo's default RSS (home, sections, taxonomies, terms, every item) stands for the feeds.
enableRobotsTXT = true
timeZone = "Asia/Tokyo"

[taxonomies]
  category = "categories"
  technology = "technologies"
  prefecture = "prefectures"
  ministry = "ministry"
  status = "status"

# Minaoshi's term pages live at /ministries/<id>/ and /statuses/<id>/.
[permalinks]
  ministry = "/ministries/:slug/"
  status = "/statuses/:slug/"

[markup]
  [markup.goldmark.renderer]
    unsafe = false
  [markup.goldmark.extensions]
    linkify = false
    typographer = false
    strikethrough = false
  [markup.tableOfContents]
    startLevel = 2
    endLevel = 3

# No related content: Hugo's related search ranks every page sharing a keyword, which takes
# minutes at 10k documents when half of them share "drones" (see Benchmarks/README.md).
"""

LAYOUTS = {
    "_default/baseof.html": """<!DOCTYPE html>
<html lang="ja">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ if .IsHome }}{{ site.Title }}{{ else }}{{ .Title }} | {{ site.Title }}{{ end }}</title>
<meta name="description" content="{{ with .Description }}{{ . }}{{ else }}{{ .Summary | plainify }}{{ end }}">
<link rel="canonical" href="{{ .Permalink }}">
<link rel="stylesheet" href="{{ "assets/style.css" | relURL }}">
</head>
<body>
<a class="skip-link" href="#main">本文へ移動</a>
<header class="site-header">
<div class="site-header__inner">
<a class="site-title" href="{{ "/" | relURL }}">{{ site.Title }}</a>
<nav class="site-nav" aria-label="サイト内の主なページ">
<ul>
<li><a href="{{ "/regulations/" | relURL }}">規制の見直し</a></li>
<li><a href="{{ "/cases/" | relURL }}">実装事例</a></li>
<li><a href="{{ "/categories/" | relURL }}">類型</a></li>
<li><a href="{{ "/technologies/" | relURL }}">技術</a></li>
<li><a href="{{ "/ministry/" | relURL }}">府省庁</a></li>
<li><a href="{{ "/prefectures/" | relURL }}">都道府県</a></li>
</ul>
</nav>
</div>
</header>
{{ if not .IsHome }}
<nav class="breadcrumbs" aria-label="パンくずリスト">
<ol>
<li><a href="{{ "/" | relURL }}">ホーム</a></li>
{{ with .Parent }}{{ if not .IsHome }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}{{ end }}
<li aria-current="page">{{ .Title }}</li>
</ol>
</nav>
{{ end }}
<main id="main" tabindex="-1">
{{ block "main" . }}{{ end }}
</main>
<footer class="site-footer">
<p>{{ site.Title }}</p>
<p><a href="{{ "sitemap.xml" | relURL }}">サイトマップ（XML）</a></p>
</footer>
</body>
</html>
""",
    "partials/terms.html": """{{- /* A fact row of term links: dict "label" "taxonomy" "data" "ids" */ -}}
{{- with .ids -}}
<div class="facts__row"><dt>{{ $.label }}</dt><dd><ul class="inline-list">
{{- range (cond (reflect.IsSlice .) . (slice .)) -}}
{{- $term := index site.Data.vocab $.data . -}}
<li><a href="{{ printf "/%s/%s/" $.path . | relURL }}">{{ with $term }}{{ .ja }}{{ else }}{{ . }}{{ end }}</a></li>
{{- end -}}
</ul></dd></div>
{{- end -}}
""",
    "partials/document-list.html": """<ul class="document-list">
{{ range . }}<li>
<a class="document-list__title" href="{{ .RelPermalink }}">{{ .Title }}</a>
{{ with .Params.ministry }}<span class="document-list__meta">{{ with index site.Data.vocab "ministry" . }}{{ .ja }}{{ end }}</span>{{ end }}
{{ if not .Date.IsZero }}<time class="document-list__date" datetime="{{ .Date.Format "2006-01-02" }}">{{ .Date.Format "2006年1月2日" }}</time>{{ end }}
<p class="document-list__summary">{{ .Summary | plainify }}</p>
</li>
{{ end }}</ul>
""",
    "partials/term-list.html": """{{- /* dict "tax" plural "terms" site.Taxonomies.<plural> */ -}}
<ul class="term-list">
{{ range $name, $pages := .terms }}<li><a href="{{ $pages.Page.RelPermalink }}">{{ with index site.Data.vocab $.tax $name }}{{ .ja }}{{ else }}{{ $name }}{{ end }}</a> <span class="count">{{ $pages.Count }}件</span></li>
{{ end }}</ul>
""",
    "_default/single.html": """{{ define "main" }}
<article class="document">
<header class="document__header">
<p class="document__section"><a href="{{ .CurrentSection.RelPermalink }}">{{ .CurrentSection.Title }}</a></p>
<h1>{{ .Title }}</h1>
<dl class="document__dates">
{{ if not .Date.IsZero }}<div><dt>日付</dt><dd><time datetime="{{ .Date.Format "2006-01-02" }}">{{ .Date.Format "2006年1月2日" }}</time></dd></div>{{ end }}
{{ with .Params.updated }}<div><dt>更新日</dt><dd>{{ . }}</dd></div>{{ end }}
</dl>
</header>
<section class="facts" aria-labelledby="facts-heading">
<h2 id="facts-heading" class="visually-hidden">概要</h2>
<dl>
{{ with .Params.law }}<div class="facts__row"><dt>法令</dt><dd>{{ . }}</dd></div>{{ end }}
{{ with .Params.article }}<div class="facts__row"><dt>条項</dt><dd>{{ . }}</dd></div>{{ end }}
{{ with .Params.organizations }}<div class="facts__row"><dt>実施主体</dt><dd>{{ delimit . "、" }}</dd></div>{{ end }}
{{ with .Params.municipalities }}<div class="facts__row"><dt>市区町村</dt><dd>{{ delimit . "、" }}</dd></div>{{ end }}
{{ partial "terms.html" (dict "label" "都道府県" "data" "prefectures" "path" "prefectures" "ids" .Params.prefectures) }}
{{ partial "terms.html" (dict "label" "所管府省庁" "data" "ministry" "path" "ministries" "ids" .Params.ministry) }}
{{ partial "terms.html" (dict "label" "類型" "data" "categories" "path" "categories" "ids" .Params.categories) }}
{{ partial "terms.html" (dict "label" "見直しの状況" "data" "status" "path" "statuses" "ids" .Params.status) }}
{{ with .Params.phase }}<div class="facts__row"><dt>フェーズ</dt><dd>PHASE {{ .before }} → PHASE {{ .after }}</dd></div>{{ end }}
{{ with .Params.before }}<div class="facts__row"><dt>見直し前</dt><dd>{{ . }}</dd></div>{{ end }}
{{ with .Params.after }}<div class="facts__row"><dt>見直し後</dt><dd>{{ . }}</dd></div>{{ end }}
{{ partial "terms.html" (dict "label" "技術" "data" "technologies" "path" "technologies" "ids" .Params.technologies) }}
</dl>
</section>
{{ with .Params.outcomes }}
<section aria-labelledby="outcomes-heading">
<h2 id="outcomes-heading">主な成果（数値）</h2>
<table class="outcomes">
<thead><tr><th scope="col">項目</th><th scope="col">成果</th><th scope="col">時期</th></tr></thead>
<tbody>
{{ range . }}<tr><th scope="row">{{ .label }}</th><td>{{ .value }}</td><td>{{ .period }}</td></tr>
{{ end }}</tbody>
</table>
</section>
{{ end }}
<nav class="toc" aria-labelledby="toc-heading">
<h2 id="toc-heading" class="toc__heading">目次</h2>
{{ .TableOfContents }}
</nav>
<div class="document__body">
{{ .Content }}
</div>
{{ with .Params.regulations }}
<section aria-labelledby="implemented-regulations">
<h2 id="implemented-regulations">この事例が実装した規制の見直し</h2>
{{ $pages := slice }}{{ range . }}{{ with site.GetPage (printf "/regulations/%s" .) }}{{ $pages = $pages | append . }}{{ end }}{{ end }}
{{ partial "document-list.html" $pages }}
</section>
{{ end }}
{{ with .Params.sources }}
<section aria-labelledby="sources-heading">
<h2 id="sources-heading">出典</h2>
<ul class="sources">
{{ range . }}<li><a href="{{ .url }}" rel="external">{{ .title }}</a></li>
{{ end }}</ul>
</section>
{{ end }}
{{ with .Params.changes }}
<section aria-labelledby="changes-heading">
<h2 id="changes-heading">変更履歴</h2>
<ul class="changes">
{{ range . }}<li>{{ .date }}：{{ .note }}</li>
{{ end }}</ul>
</section>
{{ end }}
</article>
{{ end }}
""",
    "_default/list.html": """{{ define "main" }}
<h1>{{ .Title }}</h1>
<p>{{ len .Pages }}件</p>
{{ $pager := .Paginate .Pages.ByDate.Reverse }}
{{ partial "document-list.html" $pager.Pages }}
{{ template "_internal/pagination.html" . }}
{{ end }}
""",
    "_default/taxonomy.html": """{{ define "main" }}
<h1>{{ .Title }}</h1>
<ul class="term-cards">
{{ $tax := .Data.Plural }}
{{ range .Data.Terms.Alphabetical }}{{ $name := .Name }}{{ $term := index site.Data.vocab $tax $name }}<li>
<p class="term-cards__name"><a href="{{ .Page.RelPermalink }}">{{ with $term }}{{ .ja }}{{ else }}{{ $name }}{{ end }}</a> <span class="count">{{ .Count }}件</span></p>
{{ with $term }}{{ with .description }}<p class="term-cards__description">{{ . }}</p>{{ end }}{{ end }}
</li>
{{ end }}</ul>
{{ end }}
""",
    "_default/term.html": """{{ define "main" }}
{{ $term := index site.Data.vocab .Data.Plural .Data.Term }}
<h1>{{ with $term }}{{ .ja }}{{ else }}{{ $.Title }}{{ end }}</h1>
{{ with $term }}{{ with .description }}<p class="lead">{{ . }}</p>{{ end }}
<p class="term__english" lang="en">{{ .en }}</p>{{ end }}
<p>{{ len .Pages }}件</p>
{{ $pager := .Paginate .Pages.ByDate.Reverse }}
{{ partial "document-list.html" $pager.Pages }}
{{ template "_internal/pagination.html" . }}
{{ end }}
""",
    "index.html": """{{ define "main" }}
<h1>{{ site.Title }}</h1>
{{ range slice "regulations" "cases" }}{{ with site.GetPage (printf "/%s" .) }}
<section class="section-card">
<h2><a href="{{ .RelPermalink }}">{{ .Title }}</a> <span class="count">（{{ len .Pages }}件）</span></h2>
{{ partial "document-list.html" (first 5 .Pages.ByDate.Reverse) }}
</section>
{{ end }}{{ end }}
{{ range slice "categories" "prefectures" "technologies" }}
<section class="browse">
<h2><a href="{{ printf "/%s/" . | relURL }}">{{ index (dict "categories" "類型から探す" "prefectures" "都道府県から探す" "technologies" "技術から探す") . }}</a></h2>
{{ partial "term-list.html" (dict "tax" . "terms" (index site.Taxonomies .)) }}
</section>
{{ end }}
{{ end }}
""",
    "404.html": """{{ define "main" }}
<h1>ページが見つかりません</h1>
<p>お探しのページは見つかりませんでした。</p>
{{ end }}
""",
    # Relative links between Markdown files become page links, as Minaoshi does.
    "_default/_markup/render-link.html": """{{- $dest := .Destination -}}
{{- if and (strings.HasSuffix $dest ".md") (not (strings.Contains $dest ":")) -}}
{{- with site.GetPage (path.Join "/" .Page.File.Dir (strings.TrimSuffix ".md" $dest)) }}{{ $dest = .RelPermalink }}{{ end -}}
{{- end -}}
<a href="{{ $dest | safeURL }}"{{ with .Title }} title="{{ . }}"{{ end }}>{{ .Text | safeHTML }}</a>
{{- /**/ -}}
""",
}

# Vocabulary file → the Hugo taxonomy (its plural, which is also the front-matter key).
HUGO_TAXONOMY = {"categories": "categories", "technologies": "technologies", "prefectures": "prefectures",
                 "ministries": "ministry", "statuses": "status"}

SECTION_PAGES = {
    "regulations": "---\ntitle: 規制の見直し\n---\n",
    "cases": "---\ntitle: 実装事例\n---\n",
}


def hugo_version_note():
    return "0.111.3 (bookworm) at the time of writing"


def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write(text)


def link_or_copy(source, target):
    os.makedirs(os.path.dirname(target), exist_ok=True)
    try:
        os.link(source, target)
    except OSError:
        shutil.copyfile(source, target)


def write_hugo(out, corpus, paths):
    hugo = os.path.join(out, "hugo")
    write(os.path.join(hugo, "hugo.toml"), HUGO_CONFIG.format(hugo_note=hugo_version_note()))
    for name, text in sorted(LAYOUTS.items()):
        write(os.path.join(hugo, "layouts", name), text)
    for section, text in sorted(SECTION_PAGES.items()):
        write(os.path.join(hugo, "content", section, "_index.md"), text)
    vocab = {HUGO_TAXONOMY[kind]: {term_id: {k: v for k, v in sorted(term.items()) if k in ("ja", "en", "description")}
                                   for term_id, term in sorted(terms.items())}
             for kind, terms in sorted(corpus.vocab.items())}
    write(os.path.join(hugo, "data", "vocab.json"), json.dumps(vocab, ensure_ascii=False, indent=1, sort_keys=True) + "\n")
    css = os.path.join(REPO, "templates", "assets", "style.css")
    if os.path.exists(css):
        link_or_copy(css, os.path.join(hugo, "static", "assets", "style.css"))
    for relative in paths:
        link_or_copy(os.path.join(out, relative), os.path.join(hugo, relative))


def generator_hash():
    with open(os.path.abspath(__file__), "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()[:16]


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("count", type=int, metavar="N", help="number of documents (90%% regulation reviews, 10%% case studies)")
    parser.add_argument("outdir", metavar="OUTDIR", help="folder to write the project into (must be empty or absent)")
    parser.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    args = parser.parse_args(argv)
    if args.count < 1:
        parser.error("N must be at least 1")
    out = os.path.abspath(args.outdir)
    if os.path.exists(out) and os.listdir(out):
        parser.error(f"{out} is not empty")

    corpus = Corpus(args.count, args.seed, load_vocabularies())
    os.makedirs(out, exist_ok=True)
    shutil.copyfile(os.path.join(REPO, "minaoshi.yml"), os.path.join(out, "minaoshi.yml"))
    shutil.copytree(os.path.join(REPO, "templates"), os.path.join(out, "templates"))
    shutil.copytree(os.path.join(REPO, "content", "_data"), os.path.join(out, "content", "_data"))
    with open(os.path.join(out, "content", "_data", "laws.yml"), "a", encoding="utf-8") as laws:
        laws.write(bench_laws_yml())
    paths = []
    total = 0
    for relative, text in corpus.files():
        write(os.path.join(out, relative), text)
        paths.append(relative)
        total += len(text.encode())
    write_hugo(out, corpus, paths)
    stamp = {"count": args.count, "seed": args.seed, "generator": generator_hash(),
             "regulations": corpus.regulation_count, "cases": corpus.case_count, "bytes": total}
    write(os.path.join(out, "corpus.json"), json.dumps(stamp, sort_keys=True) + "\n")
    print(f"{out}: {corpus.regulation_count} regulation reviews, {corpus.case_count} case studies, "
          f"{total / 1e6:.1f} MB of Markdown", file=sys.stderr)


if __name__ == "__main__":
    main()
