import Foundation
import MinaoshiSupport
import MinaoshiTestSupport
import Testing

@testable import MinaoshiSearch

/// Several indexes searched as one (`SearchFederation`) against one index of all their documents,
/// on random corpora cut into sites: the same results in the same order with the same scores, the
/// same total and the same facet counts in the same order.
@Suite struct SearchFederationTests {
    static let words = [
        "道路橋", "定期点検", "近接目視", "ドローン", "無人航空機", "書面掲示", "公告", "下水道", "管渠", "カメラ",
        "点検", "目視", "撮影", "市", "drone", "inspection", "AI", "電子", "掲示板", "縦覧"
    ]
    static let facets = [
        SearchFacet(key: "type", label: "種類", valueLabels: ["regulations": "規制の見直し", "cases": "事例"]),
        SearchFacet(key: "category", label: "分類", valueLabels: ["visual-inspection": "目視", "paper-posting": "書面掲示"]),
        SearchFacet(key: "technology", label: "技術", valueLabels: [:])
    ]

    static func corpus(seed: UInt64, count: Int) -> [SearchDocument] {
        var random = SplitMix(seed: seed)
        func pick<T>(_ items: [T]) -> T { items[Int(random.next() % UInt64(items.count))] }
        return (0..<count).map { number in
            let length = 3 + Int(random.next() % 60)
            let body = (0..<length).map { _ in pick(words) + pick(["を", "の", "。", " ", "で", "、"]) }.joined()
            var facets: [String: [String]] = [
                "type": [pick(["regulations", "cases"])], "category": [pick(["visual-inspection", "paper-posting"])]
            ]
            if random.next() % 2 == 0 { facets["technology"] = [pick(["drones", "cameras", "ai"])] }
            return SearchDocument(
                title: pick(words) + "の事例\(number)", path: "/d/\(seed)-\(number)/", summary: "", meta: "",
                labels: [pick(words)], body: body, facets: facets)
        }
    }

    static func index(_ documents: [SearchDocument]) throws -> SearchIndex {
        try SearchIndex(source: MemoryIndexSource(SearchIndexWriter.files(documents, facets: facets)))
    }

    static let queries: [(String, [String: Set<String>])] = [
        ("ドローン", [:]), ("点検", [:]), ("目視 点検", [:]), ("\"近接目視\"", [:]), ("道路橋 定期点検", [:]), ("市", [:]),
        ("dro", [:]), ("inspection AI", [:]), ("公告", ["type": ["cases"]]), ("", ["category": ["paper-posting"]]),
        ("カメラ", ["technology": ["cameras", "ai"]]), ("存在しない語", [:]), ("掲示", [:]), ("撮影 ドローン 目視", [:])
    ]

    @Test(arguments: [1, 2, 3] as [UInt64])
    func sitesSearchedTogetherRankAsOneIndexOfAllTheirDocuments(seed: UInt64) throws {
        let documents = Self.corpus(seed: seed, count: 90)
        // Uneven cuts, one of them small: its own statistics would differ most from the whole's.
        let cuts = [0, 7, 52, 90]
        let parts = (0..<3).map { Array(documents[cuts[$0]..<cuts[$0 + 1]]) }
        let whole = try Self.index(documents)
        for (query, filters) in Self.queries {
            let sites = try parts.enumerated().map {
                SearchFederation.Site(label: "site\($0)", base: nil, index: .success(try Self.index($1)))
            }
            let merged = SearchFederation.search(sites, query, filters: filters, limit: 200)
            let single = try whole.search(query, filters: filters, limit: 200)
            #expect(merged.total == single.total, "\(query)")
            #expect(merged.hits.map(\.path) == single.hits.map(\.path), "\(query)")
            #expect(merged.hits.map(\.score) == single.hits.map(\.score), "\(query)")
            #expect(merged.hits.map(\.snippet) == single.hits.map(\.snippet), "\(query)")
            #expect(
                merged.facets.map { "\($0.key): \($0.values.map { "\($0.id)=\($0.count)" })" }
                    == single.facets.map { "\($0.key): \($0.values.map { "\($0.id)=\($0.count)" })" }, "\(query)")
            #expect(merged.unreachable == [])
            // Each hit names the site it came from.
            let owner = Dictionary(
                uniqueKeysWithValues: parts.enumerated().flatMap { site, part in part.map { ($0.path, "site\(site)") } }
            )
            #expect(merged.hits.allSatisfy { $0.site == owner[$0.path] })
            // A page further down is the same slice of the same ranking.
            let page = SearchFederation.search(sites, query, filters: filters, limit: 4, offset: 3)
            #expect(page.hits.map(\.path) == Array(single.hits.dropFirst(3).prefix(4)).map(\.path), "\(query)")
        }
        // The merge is not the sites' own scores put together: with them the order differs.
        let own = try parts.flatMap { part in try Self.index(part).search("点検", limit: 200).hits }
            .sorted { $0.score > $1.score }.map(\.path)
        #expect(own != (try whole.search("点検", limit: 200).hits.map(\.path)))
    }

    @Test func oneIndexsStatisticsGiveItsOwnAverageBodyLength() throws {
        let index = try Self.index(Self.corpus(seed: 9, count: 40))
        let statistics = try index.statistics("点検 ドローン")
        #expect(statistics.averageBodyLength == index.manifest.averageBodyLength)
        #expect(statistics.documents == 40)
        #expect(statistics.frequencies.count == 2)
        #expect(
            SearchStatistics.combined([statistics, statistics]).frequencies == statistics.frequencies.map { 2 * $0 })
    }

    struct Unreachable: Error, LocalizedError { var errorDescription: String? { "connection refused" } }

    /// An index that opens but whose shards cannot be fetched: it fails in the middle of a search.
    struct FailingShards: SearchIndexSource {
        let inner: MemoryIndexSource
        func read(_ name: String) throws -> [UInt8] {
            if name != "manifest.json" { throw Unreachable() }
            return try inner.read(name)
        }
    }

    @Test func aSiteThatFailsIsNamedAndTheOthersAnswerAsIfAlone() throws {
        let documents = Self.corpus(seed: 5, count: 30)
        let alone = try Self.index(documents).search("点検", limit: 100)
        let broken = FailingShards(
            inner: MemoryIndexSource(SearchIndexWriter.files(Self.corpus(seed: 6, count: 10), facets: Self.facets)))
        let sites = [
            SearchFederation.Site(label: "この市", base: nil, index: .success(try Self.index(documents))),
            SearchFederation.Site(label: "国", base: "https://kuni.example.go.jp/", index: .failure(Unreachable())),
            SearchFederation.Site(
                label: "県", base: "https://ken.example.jp/m/", index: .success(try SearchIndex(source: broken)))
        ]
        let results = SearchFederation.search(sites, "点検", limit: 100)
        #expect(
            results.unreachable == [
                SearchSiteProblem(site: "国", reason: "connection refused"),
                SearchSiteProblem(site: "県", reason: "connection refused")
            ])
        #expect(results.unreachable?.first?.message == "国の索引に接続できませんでした")
        #expect(results.hits.map(\.path) == alone.hits.map(\.path))
        #expect(results.hits.map(\.score) == alone.hits.map(\.score))
        #expect(results.total == alone.total)
    }

    @Test func anotherSitesResultLinksToItsPageThere() throws {
        let documents = Self.corpus(seed: 7, count: 12)
        let sites = [
            SearchFederation.Site(
                label: "県", base: "https://ken.example.jp/m/", index: .success(try Self.index(documents)))
        ]
        let results = SearchFederation.search(sites, "", filters: [:], limit: 1)
        #expect(results.hits.map(\.path) == ["https://ken.example.jp/m/d/7-0/"])
        #expect(
            SiteLink.absolute("//evil.example/x/", base: "https://ken.example.jp/m")
                == "https://ken.example.jp/m/evil.example/x/")
    }
}
