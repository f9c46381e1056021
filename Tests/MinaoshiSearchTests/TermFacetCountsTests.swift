import MinaoshiTestSupport
import Testing

@testable import MinaoshiSearch

/// The facet counts of frequent terms worked out at build time (`TermFacetCounts`, format 10):
/// what a query of one such list reads instead of every key's facet file, held to the counts the
/// facet files give (`termCounts` off: the general path).
@Suite struct TermFacetCountsTests {
    /// Random texts over a small alphabet, every list of `minimum` documents or more counted, heads
    /// cut or not: every query's counts, total and page are those of the facet files, and a query
    /// the counts answer reads one counts file and no facet file for them; one that matched
    /// nothing reads no file at all for them.
    @Test func aTermsCountsAreWhatTheFacetFilesCount() throws {
        var random = SplitMix(seed: 41)
        let alphabet = Array("法道路点検橋目視書面")
        func text(_ length: Int) -> String {
            String((0..<length).map { _ in random.next() % 6 == 0 ? "。" : alphabet[Int(random.next() % 10)] })
        }
        let words = ["drone", "drones", "dam", "ai", "aim", "io"]
        let documents = (0..<140).map { n in
            SearchIndexTests.document(
                "文書\(n)" + text(Int(random.next() % 5)),
                text(Int(random.next() % 70)) + " " + words[Int(random.next() % 6)],
                labels: n % 3 == 0 ? [text(4)] : (n % 7 == 0 ? ["道路交通法施行規則"] : []),
                facets: [
                    "category": ["c\(n % 3)"] + (n % 5 == 0 ? ["c9"] : []),
                    "technology": n % 4 == 0 ? ["drones"] : []
                ])
        }
        let terms =
            alphabet.map(String.init) + [
                "道路", "点検", "目視", "法道", "点検橋", "道路交通法施行規則", "drone", "dam", "ai", "io", "d", "無い", "xyz"
            ]
        var queries = terms + ["道路 点検", "\"点検 橋\"", "法 ai", "目視 drone 法", "橋目"]
        for _ in 0..<20 {
            queries.append(
                (0...Int(random.next() % 2)).map { _ in terms[Int(random.next() % UInt64(terms.count))] }
                    .joined(separator: " "))
        }
        for (minimum, heads) in [(1, false), (12, false), (12, true), (60, true)] {
            var options = SearchIndexOptions()
            options.countMinimumDocuments = minimum
            options.countFacetBytes = 0
            options.maxShardFiles = 30
            options.synonyms = [["道路", "橋目"]]
            if heads { (options.headDocuments, options.headMinimumDocuments) = (10, 20) }
            let files = SearchIndexWriter.files(documents, facets: SearchIndexTests.facets, options: options)
            // Every series has counts files while its lists reach the minimum (no 3-gram is in 60 documents).
            #expect(files.contains { $0.path.hasPrefix("ns") } && files.contains { $0.path.hasPrefix("nc") })
            #expect(files.contains { $0.path.hasPrefix("ng") } == (minimum <= 12))
            var answered = 0
            for query in queries {
                for filters in [[:], ["category": Set(["c1"])]] as [[String: Set<String>]] {
                    let source = SearchIndexTests.Recording(MemoryIndexSource(files))
                    let fast = try SearchIndex(source: source),
                        general = try SearchIndex(source: MemoryIndexSource(files))
                    general.termCounts = false
                    let (a, b) = (
                        try fast.search(query, filters: filters, limit: 5),
                        try general.search(query, filters: filters, limit: 5)
                    )
                    let label = "\(query) \(filters) minimum \(minimum) heads \(heads)"
                    #expect(
                        a.facets.map { $0.values.map(\.count) } == b.facets.map { $0.values.map(\.count) }, "\(label)")
                    #expect(a.total == b.total && a.hits.map(\.path) == b.hits.map(\.path), "\(label)")
                    let forCounts = Array(source.names.dropFirst(a.resultsFilesRead))
                    if a.total == 0, filters.isEmpty {
                        #expect(forCounts.isEmpty, "\(label): \(forCounts)")
                    } else if forCounts.contains(where: { $0.hasPrefix("n") }) {
                        answered += 1
                        #expect(filters.isEmpty && !query.contains(" "), "\(label)")
                        #expect(forCounts.count == 1, "\(label): \(forCounts)")
                    } else {
                        #expect(forCounts.allSatisfy { $0.hasPrefix("facet") }, "\(label): \(forCounts)")
                    }
                }
            }
            // Each kind of list answers: a bigram, a lone character, a word, a 3-gram.
            for query in ["点検", "法", "dam", "点検橋"] where minimum == 1 {
                let source = SearchIndexTests.Recording(MemoryIndexSource(files))
                let results = try SearchIndex(source: source).search(query)
                #expect(results.total > 0)
                #expect(source.names.dropFirst(results.resultsFilesRead).contains { $0.hasPrefix("n") }, "\(query)")
            }
            #expect(answered > (minimum == 60 ? 3 : 10), "minimum \(minimum): \(answered) queries answered by counts")
        }
    }

    /// With facet files lighter than `countFacetBytes`, the index has no counts file, whatever the
    /// lists, and its manifest says so (`countMinimumDocuments` 0); with the same lists and the
    /// byte limit at 0, it has them.
    @Test func lightFacetFilesMakeNoCountsFile() throws {
        var options = SearchIndexOptions()
        options.countMinimumDocuments = 1
        let light = SearchIndexWriter.files(
            SearchIndexTests.documents, facets: SearchIndexTests.facets, options: options)
        #expect(!light.contains { $0.path.hasPrefix("n") })
        #expect(try SearchIndex(source: MemoryIndexSource(light)).manifest.layout.countMinimumDocuments == 0)
        options.countFacetBytes = 0
        let counted = SearchIndexWriter.files(
            SearchIndexTests.documents, facets: SearchIndexTests.facets, options: options)
        #expect(counted.contains { $0.path.hasPrefix("n") })
        #expect(try SearchIndex(source: MemoryIndexSource(counted)).manifest.layout.countMinimumDocuments == 1)
    }

    /// A counts file is another site's data when sites are searched together: a damaged one (an
    /// entry's byte count past the end, counts beyond the list, a file cut short) gives counts
    /// within `0...documents`, never a crash.
    @Test func aDamagedCountsFileGivesCountsWithinTheList() {
        var file = ByteWriter()
        file.varint(Int.max)  // the first entry's byte count, far past the end
        file.varint(3)
        file.varint(1 << 40)
        let skipped = TermFacetCounts.entry(1, of: file.bytes, valueCounts: [2, 1], documents: 9)
        #expect(skipped == [[0, 0], [0]])
        let read = TermFacetCounts.entry(0, of: file.bytes, valueCounts: [2, 3], documents: 9)
        #expect(read == [[3, 9], [0, 0, 0]])
    }

    /// Counts added up across sites stay at `Int.max` rather than trapping, whatever a manifest says.
    @Test func countsAddedAcrossSitesSaturate() {
        let key = FacetKey(key: "type", label: "種類", values: [FacetValue(id: "a", label: "A", count: Int.max)])
        let counts = [
            SearchFacetCounts(key: "type", label: "種類", values: [SearchFacetCount(id: "a", label: "A", count: Int.max)])
        ]
        let merged = SearchFederation.mergedFacets([counts, counts], order: [[key], [key]])
        #expect(merged.first?.values.first?.count == Int.max)
    }
}
