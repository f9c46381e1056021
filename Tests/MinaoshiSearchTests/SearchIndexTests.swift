import Testing
@testable import MinaoshiSearch

/// The index and the query engine over a small in-memory corpus: adjacency, prefixes, phrases,
/// ranking by field, facets, determinism.
@Suite struct SearchIndexTests {
    static func document(_ title: String, _ body: String, labels: [String] = [], facets: [String: [String]] = [:]) -> SearchDocument {
        SearchDocument(title: title, path: "/d/\(title)/", summary: String(body.prefix(20)), meta: "", labels: labels, body: body,
                       facets: ["type": ["regulations"]].merging(facets) { $1 })
    }

    static let documents = [
        document("橋梁点検", "道路橋の定期点検は近接目視を基本としてきた。", labels: ["道路法"], facets: ["category": ["visual-inspection"], "technology": ["drones"]]),
        document("離れた語", "近接して作業する。\n\n別の段落では目視で確認する。", facets: ["category": ["visual-inspection"]]),
        document("農地の調査", "圃場をドローンで撮影して作付を確認する。サーバーに保存する。", facets: ["category": ["on-site-audit"], "technology": ["drones"]]),
        document("Drone inspection", "Drones replace on-site checks. AI活用の事例。", facets: ["technology": ["ai"]]),
        document("資金決済法の改正", "電子決済の手続を見直した。", labels: ["資金決済法"]),
    ]

    static func index(_ documents: [SearchDocument] = documents) throws -> SearchIndex {
        try SearchIndex(source: MemoryIndexSource(SearchIndexWriter.files(documents, facetLabels: [:])))
    }

    static func titles(_ query: String, filters: [String: Set<String>] = [:]) throws -> [String] {
        try index().search(query, filters: filters).hits.map(\.title)
    }

    @Test func aJapaneseTermMatchesOnlyWhereItsBigramsAreAdjacent() throws {
        #expect(try Self.titles("近接目視") == ["橋梁点検"])
        #expect(try Set(Self.titles("近接 目視")) == ["橋梁点検", "離れた語"])
    }

    @Test func aSingleCJKCharacterMatchesTheTermsItBeginsAndEnds() throws {
        #expect(try Self.titles("圃") == ["農地の調査"])
        // 法 ends 道路法 and 資金決済法: the index keeps a unigram for each run's last character.
        #expect(try Set(Self.titles("法")) == ["橋梁点検", "資金決済法の改正"])
    }

    @Test func theLastTermMatchesAsAPrefix() throws {
        #expect(try Self.titles("dro") == ["Drone inspection"])
        #expect(try Self.titles("dro ") == [])
        #expect(try Self.titles("drones") == ["Drone inspection"])
    }

    @Test func longVowelWidthAndCaseVariantsMatch() throws {
        #expect(try Self.titles("サーバ") == ["農地の調査"])
        #expect(try Self.titles("ｻｰﾊﾞｰ") == ["農地の調査"])
        #expect(try Self.titles("ＤＲＯＮＥＳ") == ["Drone inspection"])
    }

    @Test func quotedPhrasesMatchInOrder() throws {
        #expect(try Self.titles("\"定期点検は近接\"") == ["橋梁点検"])
        #expect(try Self.titles("\"近接 目視\"") == ["橋梁点検"])
        #expect(try Self.titles("\"目視 近接\"") == [])
    }

    @Test func titlesOutrankLabelsAndLabelsOutrankBodies() throws {
        let filler = String(repeating: "見直しの経緯を記録する。", count: 10)
        let documents = [
            Self.document("その他", "点検の話。" + filler),
            Self.document("別件", "本文。" + filler, labels: ["点検"]),
            Self.document("点検", "本文。" + filler),
        ]
        #expect(try Self.index(documents).search("点検").hits.map(\.title) == ["点検", "別件", "その他"])
    }

    @Test func facetsFilterAndCountWithAndWithoutAQuery() throws {
        let index = try Self.index()
        let all = try index.search("")
        #expect(all.total == 5)
        let technology = all.facets.first { $0.key == "technology" }!
        #expect(technology.values.map(\.id) == ["drones", "ai"])
        #expect(technology.values.map(\.count) == [2, 1])
        let filtered = try index.search("", filters: ["technology": ["drones"]])
        #expect(filtered.total == 2)
        // Counts of a key ignore that key's own filter, so other values stay choosable.
        #expect(filtered.facets.first { $0.key == "technology" }!.values.map(\.count) == [2, 1])
        #expect(filtered.facets.first { $0.key == "category" }!.values.map(\.count) == [1, 1])
        let queried = try index.search("点検", filters: ["category": ["visual-inspection"]])
        #expect(queried.hits.map(\.title) == ["橋梁点検"])
    }

    @Test func snippetsMarkTheMatches() throws {
        let hit = try Self.index().search("近接目視").hits[0]
        #expect(hit.snippet.count >= 2)
        #expect(hit.snippet[1] == "近接目視")
    }

    @Test func theBytesAreDeterministic() {
        let first = SearchIndexWriter.files(Self.documents, facetLabels: [:])
        let second = SearchIndexWriter.files(Self.documents, facetLabels: [:])
        #expect(first.map(\.path) == second.map(\.path))
        #expect(first.map(\.bytes) == second.map(\.bytes))
        #expect(first[0].path == "manifest.json")
    }
}
