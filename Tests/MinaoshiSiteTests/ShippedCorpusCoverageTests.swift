import Foundation
import MinaoshiContent
import MinaoshiSupport
import MinaoshiTestSupport
import Testing

/// What a local-government reader looks for in the shipped corpus: in every category of the
/// review, at least two regulation reviews and two cases to copy; every case that names a
/// municipality says in which prefecture; and every date that a page estimates is marked so.
///
/// The checks are functions of a loaded corpus, run on the shipped one and on a small fixture
/// corpus built to break each of them, so that none of them can pass by being unable to fail.
@Suite struct ShippedCorpusCoverageTests {
    static let root = FixtureSite.packageRoot

    /// The one way a page marks an estimated date: the part the sources give, then at once the
    /// estimated part as 「（…と推定）」, e.g. 「2024年6月（14日と推定）」 or 「3月31日（2023年と推定）」.
    /// `content/pages/about.md` and `contributing.md` describe it in these words.
    static var marker: Regex<Substring> { #/（(?:\d{1,4}年)?(?:\d{1,2}月)?(?:\d{1,2}日)?と推定）/# }

    /// Other ways of saying that a date is estimated, looked for once the markers are taken out:
    /// a date part followed by と推定 outside a marker, or 「年は推定」「日付は推定」 and the like.
    static var unmarkedEstimate: Regex<Substring> { #/\d{1,4}[年月日]と推定|(?:年|月|日|日付|時期)は推定/# }

    /// Document id → the markers it must show, one per estimated date (from the facts: dates the
    /// sources give only in part, completed from the article's date or context). The about page
    /// lists these documents for readers; a test below binds the two lists.
    static let estimatedDates: [String: [String]] = [
        "cases/chiyoda-fd-payments-ended": ["（2022年と推定）"],
        "cases/kashima-road-ai": ["（2023年と推定）"],
        "cases/national-farmland-navi-web-viewing": ["（2018年と推定）"],
        "cases/shizuoka-city-planning-info-online": ["（2007年6月と推定）"],
        "pages/about": ["（14日と推定）"],
        "regulations/eia-documents-public-inspection": ["（2025年と推定）"],
        "regulations/fsa-ordinances-fd": ["（12月と推定）"],
        "regulations/last-fd-rule-auto-recycling": ["（14日と推定）"],
        "regulations/mlit-ordinances-fd": ["（12月と推定）"],
        "regulations/vehicle-periodic-inspection-obd": ["（2023年と推定）"]
    ]

    /// Pages that teach the marker, and so show the wordings it replaces; the check skips them,
    /// and a test below holds them to the marker's examples.
    static let describeTheMarker: Set<String> = ["pages/contributing"]

    static func load(root: URL) throws -> Corpus {
        let result = CorpusLoader.load(
            root: root, options: LoadOptions(today: CalendarDate(year: 2026, month: 11, day: 27)!))
        try #require(!result.diagnostics.containsErrors, "\(result.diagnostics.filter { $0.severity == .error })")
        return result.corpus
    }

    // MARK: - The checks

    /// Each category of the review that has fewer than two cases or fewer than two regulation
    /// reviews, with what it has: `"paper-posting: 1 case(s) [cases/a]"`.
    static func thinCategories(_ corpus: Corpus, categories: [String]) -> [String] {
        var problems: [String] = []
        for category in categories {
            let reviews = corpus.documents.filter { $0.kind.regulation?.categories.contains(category) ?? false }.map(
                \.id)
            let cases = corpus.documents.filter { $0.kind.caseStudy?.categories.contains(category) ?? false }.map(\.id)
            if reviews.count < 2 { problems.append("\(category): \(reviews.count) regulation review(s) \(reviews)") }
            if cases.count < 2 { problems.append("\(category): \(cases.count) case(s) \(cases)") }
        }
        return problems
    }

    /// Cases that name a municipality but no prefecture: a reader cannot tell which 府中市 it is.
    static func municipalitiesWithoutPrefecture(_ corpus: Corpus) -> [String] {
        corpus.documents.compactMap { document in
            guard let caseStudy = document.kind.caseStudy, !caseStudy.municipalities.isEmpty,
                caseStudy.prefectures.isEmpty
            else { return nil }
            return "\(document.id) names \(caseStudy.municipalities) without a prefecture"
        }
    }

    /// Estimated dates a page states without the marker: other wordings anywhere in a file
    /// (front matter included, since its text reaches the page), listed documents that lack
    /// their marker, and markers on documents the list does not know.
    static func unmarkedEstimates(_ corpus: Corpus, root: URL, listed: [String: [String]], skipping: Set<String> = [])
        throws -> [String]
    {
        var problems: [String] = []
        let byID = Dictionary(uniqueKeysWithValues: corpus.documents.map { ($0.id, $0) })
        for document in corpus.documents where !skipping.contains(document.id) {
            let text = try String(contentsOf: root.appendingPathComponent(document.sourcePath), encoding: .utf8)
            let unmarked = text.replacing(marker, with: "")
            for match in unmarked.matches(of: unmarkedEstimate) {
                problems.append(
                    "\(document.sourcePath): '\(unmarked[match.range])' states an estimate without the marker 「（…と推定）」")
            }
            for required in listed[document.id] ?? [] where !text.contains(required) {
                problems.append("\(document.sourcePath): the estimated date is not marked \(required)")
            }
            if listed[document.id] == nil, text.contains(marker) {
                problems.append(
                    "\(document.sourcePath): marks an estimated date but is not in the list of estimated dates")
            }
        }
        for id in listed.keys.sorted() where byID[id] == nil {
            problems.append("\(id) is listed as having an estimated date but is not in the corpus")
        }
        return problems
    }

    // MARK: - The shipped corpus

    @Test(arguments: ShippedCorpusTruthTests.reviewCategories.sorted())
    func everyCategoryHasTwoCasesAndTwoReviews(category: String) throws {
        let problems = Self.thinCategories(try Self.load(root: Self.root), categories: [category])
        #expect(problems.isEmpty, "\(problems)")
    }

    @Test func everyCaseThatNamesAMunicipalityNamesItsPrefecture() throws {
        let problems = Self.municipalitiesWithoutPrefecture(try Self.load(root: Self.root))
        #expect(problems.isEmpty, "\(problems)")
    }

    @Test func everyEstimatedDateCarriesTheMarker() throws {
        let problems = try Self.unmarkedEstimates(
            try Self.load(root: Self.root), root: Self.root, listed: Self.estimatedDates,
            skipping: Self.describeTheMarker)
        #expect(problems.isEmpty, "\(problems)")
    }

    /// The pages that describe the marker give the same examples as this file's comment.
    @Test(arguments: ["content/pages/about.md", "content/pages/contributing.md"])
    func thePagesThatDescribeTheMarkerGiveItsExamples(path: String) throws {
        let text = try String(contentsOf: Self.root.appendingPathComponent(path), encoding: .utf8)
        for example in ["「2024年6月（14日と推定）」", "「3月31日（2023年と推定）」", "「（…と推定）」"] {
            #expect(text.contains(example), "\(path) does not show \(example)")
        }
    }

    /// The about page tells readers which pages hold estimated dates: the same list as the table.
    @Test func theAboutPageListsThePagesWithEstimatedDates() throws {
        let about = try String(contentsOf: Self.root.appendingPathComponent("content/pages/about.md"), encoding: .utf8)
        let section = try #require(about.firstRange(of: "**推定した日付**").map { about[$0.lowerBound...] })
        let paragraph = section.prefix { $0 != "\n" }
        let linked = Set(
            paragraph.matches(of: #/\]\(\.\./((?:cases|regulations)/[a-z0-9-]+)\.md\)/#).map { String($0.output.1) })
        #expect(linked == Set(Self.estimatedDates.keys).subtracting(["pages/about"]))
        for marker in ["（14日と推定）", "（2023年と推定）"] {
            #expect(paragraph.contains(marker), "the about page shows \(marker) as its example")
        }
    }

    // MARK: - Each check fails where it should

    @Test func theChecksFindEachFaultInAFixtureCorpus() throws {
        func review(_ id: String, _ category: String, body: String = "本文です。", date: String = "2024-01-01") -> String {
            """
            ---
            id: \(id)
            title: 見直し\(id)
            laws: [road-act]
            ministry: mlit
            categories: [\(category)]
            status: reviewed
            before: 前
            after: 後
            date: \(date)
            sources: [{title: 出典, url: "https://example.go.jp/\(id)"}]
            ---
            \(body)

            """
        }
        func caseStudy(
            _ id: String, _ category: String, municipalities: String, prefectures: String, body: String = "本文です。"
        ) -> String {
            """
            ---
            id: \(id)
            title: 事例\(id)
            municipalities: \(municipalities)
            prefectures: \(prefectures)
            categories: [\(category)]
            regulations: []
            sources: [{title: 出典, url: "https://example.go.jp/\(id)"}]
            ---
            \(body)

            """
        }
        let site = try FixtureSite(
            files: [
                "content/regulations/r1.md": review("r1", "paper-posting", body: "3月31日（2023年と推定）に公布されました。"),
                "content/regulations/r2.md": review("r2", "paper-posting", body: "施行は7月1日です（年は推定）。"),
                "content/regulations/r3.md": review("r3", "recording-media", body: "2023年と推定される改正です。"),
                "content/cases/c1.md": caseStudy(
                    "c1", "paper-posting", municipalities: "[川西市]", prefectures: "[hyogo]"),
                "content/cases/c2.md": caseStudy("c2", "paper-posting", municipalities: "[行方市]", prefectures: "[]"),
                "content/cases/c3.md": caseStudy(
                    "c3", "recording-media", municipalities: "[]", prefectures: "[]",
                    body: "2024年6月（14日と推定）に説明しました。")
            ], copyTemplates: false)
        defer { site.remove() }
        let corpus = try Self.load(root: site.root)

        #expect(
            Self.thinCategories(corpus, categories: ["paper-posting", "recording-media", "visit-to-view"]) == [
                "recording-media: 1 regulation review(s) [\"regulations/r3\"]",
                "recording-media: 1 case(s) [\"cases/c3\"]",
                "visit-to-view: 0 regulation review(s) []",
                "visit-to-view: 0 case(s) []"
            ])
        #expect(Self.municipalitiesWithoutPrefecture(corpus) == ["cases/c2 names [\"行方市\"] without a prefecture"])
        let listed = ["regulations/r1": ["（2023年と推定）"], "cases/c1": ["（2024年と推定）"], "cases/gone": ["（1日と推定）"]]
        #expect(
            try Self.unmarkedEstimates(corpus, root: site.root, listed: listed).sorted() == [
                "cases/gone is listed as having an estimated date but is not in the corpus",
                "content/cases/c1.md: the estimated date is not marked （2024年と推定）",
                "content/cases/c3.md: marks an estimated date but is not in the list of estimated dates",
                "content/regulations/r2.md: '年は推定' states an estimate without the marker 「（…と推定）」",
                "content/regulations/r3.md: '2023年と推定' states an estimate without the marker 「（…と推定）」"
            ])
    }
}
