import Foundation
import MinaoshiSupport
import MinaoshiTestSupport
import Testing

@testable import MinaoshiSearch

/// What a query fetches does not grow with the corpus (issue 23): the manifest holds nothing per
/// document, the results read no facet file unless a filter asks for its key, a hit's facet values
/// come from its fragment (bound here to the facet table), and fragment bundles stay small.
@Suite struct SearchIndexScaleTests {
    typealias Recording = SearchIndexTests.Recording

    static func index() throws -> (SearchIndex, Recording) {
        let source = Recording(
            MemoryIndexSource(SearchIndexWriter.files(SearchIndexTests.documents, facets: SearchIndexTests.facets)))
        return (try SearchIndex(source: source), source)
    }

    @Test func theResultsReadNoFacetFileButAFilteredKeys() throws {
        let (index, source) = try Self.index()
        let plain = try index.search("点検")
        let names = source.names
        #expect(plain.resultsFilesRead < plain.filesRead)
        #expect(!names.prefix(plain.resultsFilesRead).contains { $0.hasPrefix("facet") }, "\(names)")
        // The counts read every key's file, after the results.
        #expect(
            Set(names.dropFirst(plain.resultsFilesRead).filter { $0.hasPrefix("facet") }.map { $0.prefix(6) })
                == ["facet0", "facet1", "facet2"], "\(names)")

        let (filteredIndex, filteredSource) = try Self.index()
        let filtered = try filteredIndex.search("", filters: ["technology": ["drones"]])
        let read = filteredSource.names.prefix(filtered.resultsFilesRead).filter { $0.hasPrefix("facet") }
        #expect(read.map { String($0.prefix(7)) } == ["facet2."], "\(read)")
        #expect(filtered.total == 2)
    }

    /// A fragment's `f` is a second copy of its document's row of the facet table: every hit's
    /// values, read from its fragment, are those the table's files decode to.
    @Test func eachFragmentsFacetValuesAreTheFacetTablesRow() throws {
        let documents =
            SearchIndexTests.documents + SearchIndexTests.grams
            + (0..<40).map {
                SearchIndexTests.document(
                    "文書\($0)", "本文\($0)",
                    facets: [
                        "category": $0 % 3 == 0 ? [] : ["c\($0 % 5)", "c\($0 % 7)"],
                        "technology": ["t\($0 % 2)", "t\($0 % 2)"]
                    ])
            }
        let files = SearchIndexWriter.files(documents, facets: SearchIndexTests.facets)
        let source = MemoryIndexSource(files)
        let manifest = try JSONDecoder().decode(Manifest.self, from: Data(try source.read("manifest.json")))
        let columns = try manifest.documentFacets.keys.indices.map { k in
            try #require(
                FacetTable.decode(
                    try source.read(manifest.documentFacets.file(k)), keys: [manifest.documentFacets.keys[k]],
                    counts: [manifest.facets[k].values.map(\.count)], documents: manifest.documents)
            ).map { $0[0] }
        }
        let all = try SearchIndex(source: source).search("", limit: documents.count)
        #expect(all.hits.count == documents.count)
        for (document, hit) in all.hits.enumerated() {
            var expected: [String: [String]] = [:]
            for (k, key) in manifest.facets.enumerated() where !columns[k][document].isEmpty {
                expected[key.key] = columns[k][document].map { key.values[$0].id }
            }
            #expect(hit.facets == expected, "\(hit.title)")
        }
    }

    /// Ten times the documents, the same vocabulary and shard budgets: the manifest differs only in
    /// the digits of its counts and in its names' hashes, which are as many (at most
    /// `maxNameGroups` per series) once each series has that many groups (nothing in it is per document).
    @Test func theManifestHoldsNothingPerDocument() throws {
        func manifest(_ count: Int) throws -> [String: Any] {
            let documents = (0..<count).map {
                SearchIndexTests.document(
                    "文書\($0 % 10)", "道路の点検\($0 % 10)を近接目視で行う。",
                    facets: ["category": ["c\($0 % 4)"], "technology": ["t\($0 % 3)"]])
            }
            var options = SearchIndexOptions()
            options.maxShardFiles = 2
            options.maxCharacterShardFiles = 2
            options.maxNameGroups = 4
            let bytes = try #require(
                SearchIndexWriter.files(documents, facets: SearchIndexTests.facets, options: options).first
            ).bytes
            return try #require(try JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any])
        }
        let (small, large) = (try manifest(100), try manifest(1_000))
        let digits = /[0-9.]+/
        for key in small.keys.sorted() where key != "shards" {
            let a = String(
                decoding: try JSONSerialization.data(
                    withJSONObject: small[key]!, options: [.sortedKeys, .fragmentsAllowed]), as: UTF8.self)
            let b = String(
                decoding: try JSONSerialization.data(
                    withJSONObject: large[key]!, options: [.sortedKeys, .fragmentsAllowed]), as: UTF8.self)
            if key == "documentFacets" || key == "fragments" {
                // Hashes and counts only.
                #expect(
                    a.replacing(/[0-9a-f]{12}/, with: "#").replacing(digits, with: "0")
                        == b.replacing(/[0-9a-f]{12}/, with: "#").replacing(digits, with: "0"), "\(key)")
            } else {
                #expect(a.replacing(digits, with: "0") == b.replacing(digits, with: "0"), "\(key): \(a) / \(b)")
            }
        }
        let shards = try #require(small["shards"] as? [String: Any]),
            largeShards = try #require(large["shards"] as? [String: Any])
        #expect(
            Separators.decode(shards["first"] as! String).count <= 2
                && Separators.decode(largeShards["first"] as! String).count <= 2)
        // 100 and 1,000 fragment bundles, named by 4 hashes each.
        for manifest in [small, large] {
            let names = try #require((manifest["fragments"] as? [String: Any])?["hashes"] as? [String: Any])
            #expect((names["hashes"] as? String)?.count == 4 * GroupHashes.hashLength)
        }
    }

    /// The `g` shards grow in number with the corpus and not in size: ten times the documents with
    /// ten times the n-grams make about ten times the shards, each about the target on average,
    /// and the manifest says only how many. A 3- or 4-gram reads one `g` shard and no character
    /// list's (`c`); the character lists are a series of their own.
    @Test func theGramShardsGrowInNumberWithTheCorpus() throws {
        let kanji = Array("安以宇衣於加幾久計己左之寸世曽太知川天止奈仁奴祢乃波比不部保末美武女毛也由与良利留礼呂和")
        // Each document its own run of kanji (a linear congruential generator seeded with its
        // number): n-grams that grow with the corpus.
        func run(_ n: Int) -> String {
            var state = n + 1
            return (0..<12).map { _ in
                state = (state &* 1_103_515_245 &+ 12_345) & 0x7FFF_FFFF
                return String(kanji[(state >> 8) % kanji.count])
            }.joined()
        }
        func files(_ count: Int) -> [SearchIndexWriter.File] {
            let documents = (0..<count).map { n in
                SearchIndexTests.document("文書\(n)", "\(run(n))の点検。", facets: ["category": ["c\(n % 3)"]])
            }
            var options = SearchIndexOptions()
            options.targetGramShardBytes = 2_000
            return SearchIndexWriter.files(documents, facets: SearchIndexTests.facets, options: options)
        }
        let (small, large) = (files(100), files(1_000))
        func grams(_ files: [SearchIndexWriter.File]) throws -> (count: Int, bytes: Int, named: Int) {
            let manifest = try JSONDecoder().decode(Manifest.self, from: Data(files[0].bytes))
            let shards = files.filter { $0.path.hasPrefix("g") }
            return (shards.count, shards.reduce(0) { $0 + $1.bytes.count }, manifest.shards.grams)
        }
        let (a, b) = (try grams(small), try grams(large))
        #expect(a.count == a.named && b.count == b.named)
        #expect(b.count >= 5 * a.count, "\(a.count) → \(b.count)")
        #expect(a.bytes / a.count <= 2_000 && b.bytes / b.count <= 2_000, "\(a) \(b)")
        let text = Array(run(1))
        for (query, series) in [
            (String(text[0..<3]), "g"), (String(text[2..<6]), "g"), (String(text[1]), "c"), ("点検", "s")
        ] {
            let source = Recording(MemoryIndexSource(large))
            let results = try SearchIndex(source: source).search(query)
            #expect(results.total > 0, "\(query)")
            let shards = source.names.prefix(results.resultsFilesRead).filter {
                ["s", "p", "g", "c"].contains($0.prefix(1))
            }
            #expect(shards.map { String($0.prefix(1)) } == [series], "\(query): \(shards)")
        }
    }

    /// As many documents per bundle as keep 2,500 bundles, never more than 4: the five results of
    /// a query read at most 5 × 4 fragments whatever the corpus size.
    @Test func fragmentBundlesHoldAtMostFourDocuments() {
        let options = SearchIndexOptions()
        #expect(
            [1, 66, 2_500, 2_501, 5_000, 7_501, 10_000, 100_000, 1_000_000].map {
                SearchIndexWriter.fragmentsPerFile(documents: $0, options: options)
            } == [1, 1, 1, 2, 2, 4, 4, 4, 4])
        let files = SearchIndexWriter.files(
            (0..<9).map { SearchIndexTests.document("文書\($0)", "本文") }, facets: SearchIndexTests.facets,
            options: {
                var o = SearchIndexOptions(); o.maxFragmentFiles = 1; o.maxFragmentDocuments = 4; return o
            }())
        #expect(files.filter { $0.path.hasPrefix("f") && $0.path.hasSuffix(".json") }.count == 3)
    }

    /// A label of five or more CJK characters (a law's name) is a term of its own: the query reads
    /// its list from one `g` shard, no bigram shard or positions, and finds what the proof from
    /// n-grams and bigram positions finds, with the same scores. A long term no label names is
    /// still proved.
    @Test func aLongLabelIsIndexedWholeAndFindsWhatItsProofFinds() throws {
        let documents = [
            SearchIndexTests.document("外壁の調査", "建築基準法第12条の定期報告。改正建築基準法では外壁を調べる。", labels: ["建築基準法"]),
            SearchIndexTests.document("基準の話", "建築基準の法令を読む。"),
            SearchIndexTests.document("逆の順", "築基準法と建築の話。"),
            SearchIndexTests.document("施行令", "建築基準法施行令を読む。ｹﾝﾁｸ"),
            SearchIndexTests.document("表題に", "本文には無い。", labels: ["第十二条"])
        ]
        let source = Recording(MemoryIndexSource(SearchIndexWriter.files(documents, facets: SearchIndexTests.facets)))
        let index = try SearchIndex(source: source)
        let found = try index.search("建築基準法")
        #expect(Set(found.hits.map(\.title)) == ["外壁の調査", "施行令"])
        let read = source.names.prefix(found.resultsFilesRead)
        #expect(!read.contains { $0.hasPrefix("s") || $0.hasPrefix("p") }, "\(read)")
        let general = try SearchIndex(
            source: MemoryIndexSource(SearchIndexWriter.files(documents, facets: SearchIndexTests.facets)))
        general.wholeTerms = false
        for query in ["建築基準法", "\"建築基準法\"", "建築基準法 外壁", "築基準法と建", "建築基準法施行令"] {
            let (a, b) = (try index.search(query), try general.search(query))
            #expect(a.total == b.total, "\(query)")
            #expect(a.hits.map(\.title) == b.hits.map(\.title), "\(query)")
            #expect(a.hits.map(\.score) == b.hits.map(\.score), "\(query)")
        }
        #expect(try index.search("築基準法と建").hits.map(\.title) == ["逆の順"])
        // Only labels (and synonym terms) of five or more CJK characters are kept whole.
        #expect(
            PhraseTable(["建築基準法", "道路法", "第十二条", "AI活用の事例", "ドローン点検"]).phrases(
                in: Array("ドローン点検".unicodeScalars), at: 0, end: 6)?.count == 1)
        #expect(PhraseTable(["道路法", "第十二条", "AI活用の事例"]).isEmpty)
    }

    /// A lone CJK character is its list (`SearchIndexLayout.characterList`), read from one `g`
    /// shard: the same documents, field counts and scores as the lists of every bigram and unigram
    /// it begins, added up by the engine (`characterLists` off), on random texts over a small
    /// alphabet, with filters, beside other terms, in phrases (which take the general path),
    /// through any chunk size and T, and on a title longer than its position range.
    @Test func aLoneCharacterIsItsListAndFindsWhatItsBigramsFind() throws {
        var random = SplitMix(seed: 23)
        let alphabet = Array("法道路点検橋目視書面")
        func text(_ length: Int) -> String {
            String((0..<length).map { _ in random.next() % 6 == 0 ? "。" : alphabet[Int(random.next() % 10)] })
        }
        let overflow = (0..<2_100).map { "t\($0)" }.joined(separator: " ") + " 法令 道"
        var documents = (0..<120).map { n in
            SearchIndexTests.document(
                "文書\(n)" + text(Int(random.next() % 6)), text(Int(random.next() % 60)),
                labels: n % 3 == 0 ? [text(4)] : [],
                facets: ["category": ["c\(n % 3)"], "technology": n % 4 == 0 ? ["drones"] : []])
        }
        documents.append(SearchIndexTests.document(overflow, "法の話。", labels: ["道路法"]))
        let queries =
            alphabet.map(String.init) + [
                "文", "無", "法 点検", "点検 法", "道 橋 目", "\"法\"", "\"法 点\"", "法令 道", "t5 法", "ﾎ"
            ]
        for (chunk, minimum) in [(512, 1), (7, 2)] {
            var options = SearchIndexOptions()
            options.chunkDocuments = chunk
            options.gramMinimumDocuments = minimum
            options.maxShardFiles = 40
            let files = SearchIndexWriter.files(documents, facets: SearchIndexTests.facets, options: options)
            for query in queries {
                for filters in [[:], ["category": Set(["c1"])]] as [[String: Set<String>]] {
                    let source = SearchIndexTests.Recording(MemoryIndexSource(files))
                    let fast = try SearchIndex(source: source),
                        general = try SearchIndex(source: MemoryIndexSource(files))
                    general.characterLists = false
                    let (a, b) = (
                        try fast.search(query, filters: filters, limit: 200),
                        try general.search(query, filters: filters, limit: 200)
                    )
                    #expect(a.total == b.total, "\(query) \(filters)")
                    #expect(a.hits.map(\.path) == b.hits.map(\.path), "\(query) \(filters)")
                    #expect(a.hits.map(\.score) == b.hits.map(\.score), "\(query) \(filters)")
                    #expect(a.facets.map { $0.values.map(\.count) } == b.facets.map { $0.values.map(\.count) })
                    if query.count == 1 {
                        // One `c` shard, no `s` or `g` shard, no positions.
                        let read = source.names.prefix(a.resultsFilesRead)
                        #expect(read.filter { $0.hasPrefix("c") }.count == 1, "\(query): \(read)")
                        #expect(
                            !read.contains { $0.hasPrefix("s") || $0.hasPrefix("p") || $0.hasPrefix("g") },
                            "\(query): \(read)")
                    }
                }
            }
            // The title past its range counts 法 in the labels (its bigram's payload does too): the
            // same score either way, checked above; and the document is found.
            let found = try SearchIndex(source: MemoryIndexSource(files)).search("道", limit: 200)
            #expect(found.hits.contains { $0.title == overflow })
            // Every character of the texts has a list that some document holds.
            #expect(try SearchIndex(source: MemoryIndexSource(files)).search("法").total > 40)
        }
    }
}
