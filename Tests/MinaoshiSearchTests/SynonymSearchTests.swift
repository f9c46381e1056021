import Foundation
import Testing

@testable import MinaoshiSearch

/// Query-time synonym expansion: what it finds, how it ranks, what it never touches, and the
/// dictionary file it reads only when a term may have synonyms.
@Suite struct SynonymSearchTests {
    static let groups = [["ドローン", "無人航空機", "UAV", "小型無人機"], ["テレワーク", "在宅勤務"], ["3D", "3次元"]]

    static let documents = [
        SearchIndexTests.document("法令の語", "無人航空機による赤外線調査を認める。"),
        SearchIndexTests.document("現場の語", "ドローンによる赤外線調査を認める。"),
        SearchIndexTests.document("英字の語", "UAV（ドローン（UAV））で撮る。"),
        SearchIndexTests.document("働き方", "管理者のテレワークを認める。"),
        SearchIndexTests.document("模型", "3次元の点群を作る。"),
        SearchIndexTests.document("無関係", "書面で届け出る。")
    ]

    static func files(_ groups: [[String]] = groups, oneWay: [String] = []) -> [SearchIndexWriter.File] {
        var options = SearchIndexOptions()
        options.synonyms = groups
        options.oneWaySynonyms = oneWay
        return SearchIndexWriter.files(documents, facets: [], options: options)
    }

    static func index(_ groups: [[String]] = groups) throws -> SearchIndex {
        try SearchIndex(source: MemoryIndexSource(files(groups)))
    }

    @Test func aTermFindsItsSynonymsAndSaysSo() throws {
        let results = try Self.index().search("ドローン")
        #expect(Set(results.hits.map(\.title)) == ["法令の語", "現場の語", "英字の語"])
        #expect(results.synonyms == [SearchSynonyms(term: "ドローン", synonyms: ["無人航空機", "UAV", "小型無人機"])])
        #expect(results.exactQuery == "\"ドローン\"")
        // Without the dictionary the same query finds only the term itself.
        #expect(try Set(Self.index([]).search("ドローン").hits.map(\.title)) == ["現場の語", "英字の語"])
    }

    @Test func aSynonymMatchRanksBelowAnExactMatchOfTheSameStrength() throws {
        // 法令の語 and 現場の語 differ only in the word: each the other's synonym, once in the body.
        let drone = try Self.index().search("ドローン").hits
        #expect(drone.firstIndex { $0.title == "現場の語" }! < drone.firstIndex { $0.title == "法令の語" }!)
        let law = try Self.index().search("無人航空機").hits
        #expect(law.firstIndex { $0.title == "法令の語" }! < law.firstIndex { $0.title == "現場の語" }!)
        #expect(law.first { $0.title == "法令の語" }!.score > law.first { $0.title == "現場の語" }!.score)
    }

    @Test func aQuotedPhraseIsNeverExpanded() throws {
        let results = try Self.index().search("\"ドローン\"")
        #expect(Set(results.hits.map(\.title)) == ["現場の語", "英字の語"])
        #expect(results.synonyms.isEmpty)
        #expect(results.exactQuery == nil)
        // The exact search the page offers gives the unexpanded results.
        let expanded = try Self.index().search("ドローン 赤外線")
        let exact = try Self.index().search(expanded.exactQuery!)
        #expect(expanded.exactQuery == "\"ドローン\" 赤外線")
        #expect(exact.hits.map(\.title) == ["現場の語"])
        #expect(exact.synonyms.isEmpty)
    }

    @Test func widthAndCaseVariantsOfATermExpandAndAWordFindsKatakana() throws {
        let results = try Self.index().search("ＵＡＶ")
        #expect(results.synonyms.map(\.term) == ["UAV"])
        #expect(Set(results.hits.map(\.title)) == ["法令の語", "現場の語", "英字の語"])
        #expect(try Set(Self.index().search("在宅勤務").hits.map(\.title)) == ["働き方"])
    }

    @Test func aTermOfSeveralRunsIsSearchedAsAPhraseFromItsGroup() throws {
        #expect(try Self.index().search("3d").hits.map(\.title) == ["模型"])
        // 3次元 is two query terms (3, 次元): neither is a dictionary term, nothing expands.
        #expect(try Self.index().search("3次元").synonyms.isEmpty)
    }

    @Test func snippetsMarkTheSynonymAsWritten() throws {
        let hit = try #require(try Self.index().search("ドローン").hits.first { $0.title == "法令の語" })
        #expect(hit.snippet == ["", "無人航空機", "による赤外線調査を認める。"])
    }

    @Test func theDictionaryIsReadOnlyForATermThatMayHaveSynonyms() throws {
        let files = Self.files()
        let name = try #require(files.first { $0.path.hasPrefix("synonyms.") }).path
        final class Reads: SearchIndexSource, @unchecked Sendable {
            let inner: MemoryIndexSource
            var names: [String] = []
            init(_ files: [SearchIndexWriter.File]) { inner = MemoryIndexSource(files) }
            func read(_ name: String) throws -> [UInt8] { names.append(name); return try inner.read(name) }
        }
        let plain = Reads(files)
        _ = try SearchIndex(source: plain).search("書面")
        #expect(!plain.names.contains(name))
        let drone = Reads(files)
        _ = try SearchIndex(source: drone).search("ドローン")
        #expect(drone.names.filter { $0 == name }.count == 1)
        // No groups, no file and no manifest entry: the index of a site without a dictionary is unchanged.
        let without = Self.files([])
        #expect(!without.contains { $0.path.hasPrefix("synonyms.") })
        #expect(!String(decoding: without[0].bytes, as: UTF8.self).contains("synonyms"))
        #expect(String(decoding: files[0].bytes, as: UTF8.self).contains("\"initials\""))
    }

    @Test func unexpandedQueriesScoreAsWithoutADictionary() throws {
        for query in ["赤外線", "書面", "\"ドローン\"", "管理者", "調査 認める"] {
            let with = try Self.index().search(query), without = try Self.index([]).search(query)
            #expect(with.hits.map(\.path) == without.hits.map(\.path), "\(query)")
            #expect(with.hits.map(\.score) == without.hits.map(\.score), "\(query)")
        }
    }

    @Test func aOneWayTermIsExpandedFromButNeverTo() throws {
        let files = Self.files(oneWay: ["UAV"])
        let index = try SearchIndex(source: MemoryIndexSource(files))
        // From UAV: its group, as when it is two-way.
        let uav = try index.search("UAV")
        #expect(uav.synonyms == [SearchSynonyms(term: "UAV", synonyms: ["ドローン", "無人航空機", "小型無人機"])])
        #expect(Set(uav.hits.map(\.title)) == ["法令の語", "現場の語", "英字の語"])
        #expect(uav.hits.map(\.path) == (try Self.index().search("UAV")).hits.map(\.path))
        // To UAV: never. ドローン finds what the group without UAV finds, scored alike.
        let drone = try index.search("ドローン")
        #expect(drone.synonyms == [SearchSynonyms(term: "ドローン", synonyms: ["無人航空機", "小型無人機"])])
        let withoutUAV = try Self.index([["ドローン", "無人航空機", "小型無人機"], ["テレワーク", "在宅勤務"], ["3D", "3次元"]]).search("ドローン")
        #expect(drone.hits.map(\.path) == withoutUAV.hits.map(\.path))
        #expect(drone.hits.map { "\($0.score)" } == withoutUAV.hits.map { "\($0.score)" })
        // Pruning keeps the term one-way though documents have it, and marks 小型無人機 (in none).
        let pruned = try SearchIndex(source: MemoryIndexSource(SynonymIndex.pruned(files)))
        #expect(try pruned.search("ドローン").synonyms == [SearchSynonyms(term: "ドローン", synonyms: ["無人航空機"])])
        #expect(try pruned.search("uav").synonyms == [SearchSynonyms(term: "UAV", synonyms: ["ドローン", "無人航空機"])])
        // A group whose only found terms besides the query's are one-way expands nowhere and goes.
        let lone = try SynonymIndex.pruned(Self.files([["UAV", "無人機械"]], oneWay: ["UAV"]))
        #expect(!lone.contains { $0.path.hasPrefix("synonyms.") })
    }
}
