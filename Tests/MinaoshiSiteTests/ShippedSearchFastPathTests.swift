import Foundation
import MinaoshiContent
import MinaoshiSupport
import MinaoshiTestSupport
import Testing

@testable import MinaoshiSearch
@testable import MinaoshiSite

/// The search index's fast paths on the shipped corpus, each against the general path it replaces:
/// adjacency proven from a covering subset of a long CJK term's bigrams (against every bigram),
/// and the dictionary pruned of terms no document has (against the whole dictionary).
@Suite struct ShippedSearchFastPathTests {
    static let root = FixtureSite.packageRoot

    static func corpus() -> Corpus {
        CorpusLoader.load(root: root, options: LoadOptions(today: CalendarDate(year: 2026, month: 11, day: 27)!)).corpus
    }

    /// The judged queries of `Benchmarks/search-quality/`.
    static func judgedQueries() throws -> [String] {
        struct Judged: Decodable { struct Query: Decodable { var query: String }; var queries: [Query] }
        let url = root.appendingPathComponent("Benchmarks/search-quality/judged-queries.json")
        return try JSONDecoder().decode(Judged.self, from: Data(contentsOf: url)).queries.map(\.query)
    }

    /// Phrases drawn from the corpus with a fixed seed: a stretch of 4 to 12 characters of a CJK
    /// run (unquoted: one term, with its synonyms when it has some), and two neighbouring runs quoted
    /// (a phrase of several runs, the last a long CJK run when it is one).
    static func randomPhrases(_ documents: [SearchDocument], count: Int) -> [String] {
        var random = SplitMix(seed: 23)
        var phrases: [String] = []
        while phrases.count < count {
            let document = documents[Int(random.next() % UInt64(documents.count))]
            let runs = SearchTokenizer.runs(document.body)
            guard runs.count >= 2 else { continue }
            let at = Int(random.next() % UInt64(runs.count - 1))
            let scalars = Array(runs[at].text.unicodeScalars)
            if runs[at].kind == .cjk, scalars.count >= 4 {
                let length = min(scalars.count, 4 + Int(random.next() % 9))
                let start = Int(random.next() % UInt64(scalars.count - length + 1))
                phrases.append(SearchTokenizer.string(scalars[start..<start + length]))
            }
            phrases.append("\"\(runs[at].text) \(runs[at + 1].text)\"")
        }
        return phrases
    }

    struct Outcome: Equatable {
        var total: Int
        var hits: [String]
        var scores: [Double]
        var snippets: [[String]]
    }

    static func outcome(_ source: SearchIndexSource, _ query: String, everyBigram: Bool) throws -> (Outcome, bytes: Int)
    {
        let index = try SearchIndex(source: source)
        index.everyBigram = everyBigram
        let results = try index.search(query, limit: 10)
        return (
            Outcome(
                total: results.total, hits: results.hits.map(\.path), scores: results.hits.map(\.score),
                snippets: results.hits.map(\.snippet)), results.bytesRead
        )
    }

    @Test func aCoveringSubsetOfBigramsFindsWhatEveryBigramFinds() throws {
        let corpus = Self.corpus()
        let source = MemoryIndexSource(SiteSearch.indexFiles(corpus))
        let queries = try Self.judgedQueries() + Self.randomPhrases(SiteSearch.documents(corpus), count: 300)
        var longTerms = 0, saved = 0
        for query in queries {
            let (fast, fastBytes) = try Self.outcome(source, query, everyBigram: false)
            let (general, generalBytes) = try Self.outcome(source, query, everyBigram: true)
            #expect(fast == general, "\(query)")
            #expect(fastBytes <= generalBytes, "\(query): \(fastBytes) bytes read, every bigram \(generalBytes)")
            if fastBytes < generalBytes { saved += 1 }
            if query.unicodeScalars.count > 5 { longTerms += 1 }
        }
        // The draw holds long terms, and the subset reads less for some of them: the comparison bites.
        #expect(longTerms > 100)
        #expect(saved > 0)
    }

    @Test func theCoveringSubsetKeepsBigramsAtEvenOffsetsAndTheLast() {
        let run = SearchQuery("建築基準法施行令").terms[0]
        let slots = SearchQuery.slots(run)
        // 7 bigrams at 0…6: 0, 2, 4, 6 kept; 5 bigrams (建築基準法): 0, 2, 3.
        #expect(SearchIndex.adjacency(slots).map(\.offset) == [0, 2, 4, 6])
        #expect(SearchIndex.adjacency(SearchQuery.slots(SearchQuery("建築基準法").terms[0])).map(\.offset) == [0, 2, 3])
        #expect(SearchIndex.adjacency(slots, everyBigram: true).map(\.offset) == Array(0...6))
        // Runs after the first start one past the previous run's end: "近接 目視" is 0, then 2.
        #expect(
            SearchIndex.adjacency(SearchQuery("\"近接 目視\"").terms.flatMap { SearchQuery.slots($0) }).map(\.offset) == [
                0, 2
            ])
    }

    @Test func theBuildMarksDictionaryTermsNoDocumentHas() throws {
        let corpus = Self.corpus()
        let whole = SearchIndexWriter.files(
            SiteSearch.documents(corpus), facets: SiteSearch.facets(corpus),
            options: SiteSearch.options(corpus))
        let pruned = try SynonymIndex.pruned(whole)
        let wholeIndex = try SearchIndex(source: MemoryIndexSource(whole))
        func contents(_ files: [SearchIndexWriter.File]) throws -> SynonymIndex.Contents {
            let index = try SearchIndex(source: MemoryIndexSource(files))
            let entry = try #require(index.manifest.synonyms)
            return try JSONDecoder().decode(
                SynonymIndex.Contents.self, from: Data(files.first { $0.path == entry.file }!.bytes))
        }
        let all = try contents(whole), kept = try contents(pruned)
        // The writer marks the dictionary's one-way terms (UAV), and only them.
        let oneWay = corpus.vocabularies.synonyms.flatMap(\.oneWay)
        #expect(all.unfound == oneWay && oneWay.contains("UAV"))
        // The shipped dictionary names terms no document has (在宅勤務): they are marked, the
        // one-way terms stay marked though documents have them, the rest are not.
        let uavFound = try wholeIndex.finds("UAV")
        #expect(kept.unfound.contains("在宅勤務") && kept.unfound.contains("UAV") && uavFound)
        let expandable = { (term: String) in try! wholeIndex.finds(term) && !oneWay.contains(term) }
        for term in Set(all.groups.joined()) {
            let group = all.groups.filter { $0.contains(term) }
            let keptGroup = group.contains { $0.contains(where: expandable) }
            #expect(kept.groups.joined().contains(term) == keptGroup, "\(term)")
            #expect(kept.unfound.contains(term) == (keptGroup && !expandable(term)), "\(term)")
        }
        #expect(pruned.map(\.path).filter { $0.hasPrefix("synonyms.") }.count == 1)
        // The pruned dictionary finds what the whole one finds, and 在宅勤務 still reaches テレワーク.
        for term in all.groups.joined() + ["ドローン 点検", "在宅勤務 介護"] {
            let before = try SearchIndex(source: MemoryIndexSource(whole)).search(term, limit: 10)
            let after = try SearchIndex(source: MemoryIndexSource(pruned)).search(term, limit: 10)
            #expect(after.total == before.total, "\(term)")
            let (afterHits, beforeHits) = (
                after.hits.map { "\($0.path) \($0.score)" }, before.hits.map { "\($0.path) \($0.score)" }
            )
            #expect(afterHits == beforeHits, "\(term)")
            #expect(after.synonyms.flatMap(\.synonyms).allSatisfy { !kept.unfound.contains($0) }, "\(term)")
        }
        #expect(try SearchIndex(source: MemoryIndexSource(pruned)).search("在宅勤務", limit: 5).total > 0)
        // The manifest names the initials of the terms that still expand, and only those: テレワーク
        // (whose partners are unfound) no longer fetches the dictionary.
        let table = SynonymTable(groups: kept.groups, unfound: Set(kept.unfound))
        let manifest = try #require(try SearchIndex(source: MemoryIndexSource(pruned)).manifest.synonyms)
        #expect(Set(manifest.initials.unicodeScalars) == Set(table.expandingKeys.compactMap(\.unicodeScalars.first)))
        #expect(table.expansions(of: SearchQuery("テレワーク").terms[0]) == nil)
        let telework = try SearchIndex(source: MemoryIndexSource(pruned)).search("テレワーク", limit: 5)
        let unexpanded = try SearchIndex(source: MemoryIndexSource(whole)).search("\"テレワーク\"", limit: 5)
        #expect(manifest.initials.unicodeScalars.contains("テ") || telework.filesRead == unexpanded.filesRead)
    }
}
