import Foundation
import MinaoshiSupport
import Testing

@testable import MinaoshiSearch

/// The index and the query engine over a small in-memory corpus: adjacency, prefixes, phrases,
/// ranking by field, facets, determinism.
@Suite struct SearchIndexTests {
    static func document(_ title: String, _ body: String, labels: [String] = [], facets: [String: [String]] = [:])
        -> SearchDocument
    {
        SearchDocument(
            title: title, path: "/d/\(title)/", summary: String(body.prefix(20)), meta: "", labels: labels, body: body,
            facets: ["type": ["regulations"]].merging(facets) { $1 })
    }

    static let documents = [
        document(
            "橋梁点検", "道路橋の定期点検は近接目視を基本としてきた。", labels: ["道路法"],
            facets: ["category": ["visual-inspection"], "technology": ["drones"]]),
        document("離れた語", "近接して作業する。\n\n別の段落では目視で確認する。", facets: ["category": ["visual-inspection"]]),
        document(
            "農地の調査", "圃場をドローンで撮影して作付を確認する。サーバーに保存する。", facets: ["category": ["on-site-audit"], "technology": ["drones"]]
        ),
        document("Drone inspection", "Drones replace on-site checks. AI活用の事例。", facets: ["technology": ["ai"]]),
        document("資金決済法の改正", "電子決済の手続を見直した。", labels: ["資金決済法"])
    ]

    /// The engine knows no facet of its own: these are the ones the writer is given.
    static let facets = [
        SearchFacet(key: "type", label: "種類", valueLabels: ["regulations": "規制の見直し"]),
        SearchFacet(key: "category", label: "分類", valueLabels: ["visual-inspection": "目視"]),
        SearchFacet(key: "technology", label: "技術", valueLabels: [:])
    ]

    static func index(_ documents: [SearchDocument] = documents) throws -> SearchIndex {
        try SearchIndex(source: MemoryIndexSource(SearchIndexWriter.files(documents, facets: Self.facets)))
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
            Self.document("点検", "本文。" + filler)
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

    /// The facets come back in the order given, labelled as given; a value without a label
    /// shows its id, and a facet key no document has still lists (with no values).
    @Test func facetsAreListedAsTheWriterIsGivenThem() throws {
        let given = Self.facets + [SearchFacet(key: "prefecture", label: "都道府県", valueLabels: [:])]
        let index = try SearchIndex(source: MemoryIndexSource(SearchIndexWriter.files(Self.documents, facets: given)))
        let facets = try index.search("").facets
        #expect(facets.map(\.key) == ["type", "category", "technology", "prefecture"])
        #expect(facets.map(\.label) == ["種類", "分類", "技術", "都道府県"])
        #expect(facets[0].values.map(\.label) == ["規制の見直し"])
        #expect(facets[1].values.map(\.label) == ["目視", "on-site-audit"])
        #expect(facets[3].values.isEmpty)
        // A key the writer was not given is not indexed, whatever the documents carry.
        let fewer = try SearchIndex(
            source: MemoryIndexSource(SearchIndexWriter.files(Self.documents, facets: [Self.facets[0]])))
        #expect(try fewer.search("").facets.map(\.key) == ["type"])
    }

    @Test func snippetsMarkTheMatches() throws {
        let hit = try Self.index().search("近接目視").hits[0]
        #expect(hit.snippet.count >= 2)
        #expect(hit.snippet[1] == "近接目視")
    }

    // MARK: - N-grams

    static let grams = [
        document("甲", "近接目視点検を行う。"),
        document("乙", "近接目視を行い、別に目視点検もする。"),
        document("丙", "近接して作業し、目視で確認する。")
    ]

    static func gramIndex(minimum: Int = 1, source: ((MemoryIndexSource) -> any SearchIndexSource)? = nil) throws
        -> SearchIndex
    {
        var options = SearchIndexOptions()
        options.gramMinimumDocuments = minimum
        let memory = MemoryIndexSource(SearchIndexWriter.files(grams, facets: Self.facets, options: options))
        return try SearchIndex(source: source?(memory) ?? memory)
    }

    final class Recording: SearchIndexSource, Sendable {
        let inner: MemoryIndexSource
        let read = Locked<[String]>([])
        var names: [String] { read.withLock { $0 } }
        init(_ inner: MemoryIndexSource) { self.inner = inner }
        func read(_ name: String) throws -> [UInt8] { read.withLock { $0.append(name) }; return try inner.read(name) }
    }

    @Test func aThreeOrFourCharacterTermIsItsNGramAndNeedsNoPositions() throws {
        var recording: Recording?
        let index = try Self.gramIndex {
            recording = Recording($0); return recording!
        }
        #expect(try Set(index.search("近接目視").hits.map(\.title)) == ["甲", "乙"])
        #expect(try index.search("目視で").hits.map(\.title) == ["丙"])
        #expect(!recording!.names.contains { $0.hasPrefix("p") }, "\(recording!.names)")
        // 近接 and 目視 apart do not make 近接目視.
        #expect(try Self.index().search("近接目視").hits.map(\.title) == ["橋梁点検"])
    }

    @Test func longerTermsAndPhrasesStayExact() throws {
        let index = try Self.gramIndex()
        // 乙 has 近接目視 and 目視点検, the covering 4-grams, but not 近接目視点検.
        #expect(try index.search("近接目視点検").hits.map(\.title) == ["甲"])
        #expect(try index.search("\"近接目視点検\"").hits.map(\.title) == ["甲"])
        // A space is like no separator (tokenizer rule 5)
        #expect(try Set(index.search("\"目視 点検\"").hits.map(\.title)) == ["甲", "乙"])
        #expect(try index.search("\"点検 近接\"").hits.map(\.title) == [])
        #expect(try index.search("接目視点検を").hits.map(\.title) == ["甲"])
        #expect(try index.search("近接目視点検もする").hits.isEmpty)
    }

    @Test func nGramsBelowTheThresholdFallBackToBigramsAndMatchTheSame() throws {
        let all = try Self.gramIndex(), some = try Self.gramIndex(minimum: 2)
        for query in ["近接目視", "目視で", "視点検も", "近接目視点検", "\"近接目視点検\"", "目視点", "確認す", "作業し", "近接 目視", "行う"] {
            let a = try all.search(query), b = try some.search(query)
            #expect(a.hits.map(\.title) == b.hits.map(\.title), "\(query)")
            #expect(a.hits.map(\.score) == b.hits.map(\.score), "\(query)")
        }
        #expect(try some.search("目視で").hits.map(\.title) == ["丙"])
        #expect(try some.search("視点検も").hits.map(\.title) == ["乙"])
    }

    // MARK: - Prefixes, snippets, payloads

    @Test func aLatinPrefixLooksUpAtMostPrefixCapWords() throws {
        let documents =
            (0..<(SearchIndexLayout.prefixCap + 6)).map { Self.document("w\($0)", "xw\($0) 本文") } + [
                Self.document("x", "x 本文")
            ]
        let results = try Self.index(documents).search("x", limit: 100)
        #expect(results.total == SearchIndexLayout.prefixCap)
        #expect(results.hits.contains { $0.title == "x" }, "the typed word itself is always looked up")
    }

    @Test func snippetsShowTheOriginalTextAndMarkNormalisedMatches() throws {
        let documents = [Self.document("原文", "点検にはドローン（UAV）を使う。ﾄﾞﾛｰﾝの記録も残す。")]
        let uav = try Self.index(documents).search("uav").hits[0].snippet
        #expect(uav.joined().contains("ドローン（UAV）を使う"))
        #expect(uav[1] == "UAV")
        let drone = try Self.index(documents).search("ドローン").hits[0].snippet
        #expect(drone.enumerated().filter { $0.offset % 2 == 1 }.map(\.element) == ["ドローン", "ﾄﾞﾛｰﾝ"])
    }

    @Test func everyFieldMixRoundTripsAndTheCommonOnesTakeOneByte() {
        let codes = SearchIndexLayout.payloads.map { [$0.title, $0.labels, $0.body, $0.open] }
        for title in 0...3 {
            for labels in 0...3 {
                for body in 0...40 where title + labels + body > 0 {
                    let bucket = UInt8((title * 7 + labels * 3 + body) % 16)
                    // As the posting builder writes a payload: the head byte, then what it leaves open.
                    var bytes: [UInt8] = []
                    let (head, open, rest) = SearchIndexLayout.PayloadCoder().head(
                        bucket: bucket, frequency: title + labels + body, title: title, labels: labels)
                    bytes.append(head)
                    SearchIndexLayout.appendOpenPart(to: &bytes, open: open, title: title, labels: labels, body: rest)
                    var reader = ByteReader(bytes)
                    let read = SearchIndexLayout.readPayload(&reader, codes: codes)
                    #expect(
                        read.bucket == Int(bucket) && read.title == title && read.labels == labels && read.body == body,
                        "\(title) \(labels) \(body)")
                    #expect(reader.atEnd)
                    let exact = SearchIndexLayout.payloads.contains {
                        $0.open == 0 && $0.title == title && $0.labels == labels && $0.body == body
                    }
                    if exact { #expect(bytes.count == 1, "\(title) \(labels) \(body)") }
                }
            }
        }
    }

    @Test func lengthBucketsAreTheNearestLengthOnALogScale() {
        let lengths = SearchIndexLayout.lengths
        #expect(lengths.count == 16 && lengths.first == 32 && lengths.last == 5793)
        for tokens in [1, 31, 32, 38, 39, 45, 100, 1000, 5793, 100_000] {
            let bucket = Int(SearchIndexLayout.lengthBucket(tokens))
            let distance = { (index: Int) in abs(log(Double(tokens) / Double(lengths[index]))) }
            #expect(lengths.indices.allSatisfy { distance(bucket) <= distance($0) + 1e-9 }, "\(tokens)")
        }
    }

    /// A term in at least an eighth of the documents is stored as a bitmap, a rarer one as gaps;
    /// both read back as the same documents.
    @Test func denseListsAreBitmapsAndSparseListsGaps() throws {
        let documents = (0..<40).map { n in
            Self.document(
                "doc\(n)", (n < 30 ? "common " : "") + ([5, 17, 33].contains(n) ? "rare " : "") + "filler\(n)")
        }
        let lists = PostingBuilder.build(documents)
        let common = try #require(lists.terms.firstIndex(of: "common")),
            rare = try #require(lists.terms.firstIndex(of: "rare"))
        #expect(lists.postingsSize(of: common) == (40 + 7) / 8 + 30)
        #expect(lists.postingsSize(of: rare) == 3 + 3)
        let index = try Self.index(documents)
        #expect(try Set(index.search("common", limit: 40).hits.map(\.title)) == Set((0..<30).map { "doc\($0)" }))
        #expect(try Set(index.search("rare", limit: 40).hits.map(\.title)) == ["doc5", "doc17", "doc33"])
    }

    /// A title longer than its position range runs into the labels' positions; such a document's
    /// tokens are sorted before their positions are written, and phrases still match.
    @Test func aTitleLongerThanItsPositionRangeStillIndexes() throws {
        let title = (0..<2_100).map { "t\($0)" }.joined(separator: " ")
        let documents = [
            Self.document(title, "本文の近接目視。", labels: ["alpha beta", "t5"]),
            Self.document("short", "alpha and beta apart")
        ]
        let index = try Self.index(documents)
        #expect(try index.search("\"alpha beta\"").hits.map(\.title) == [title])
        #expect(try index.search("t2099").total == 1)
        #expect(try index.search("近接目視").total == 1)
        #expect(try index.search("t5").total == 1)
    }

    @Test func oneTermPerShardFindsTheSame() throws {
        var options = SearchIndexOptions()
        options.targetShardBytes = 1
        options.targetGramShardBytes = 1
        let files = SearchIndexWriter.files(Self.documents + Self.grams, facets: Self.facets, options: options)
        #expect(files.filter { $0.path.hasPrefix("g") }.count > 10)
        #expect(files.filter { $0.path.hasPrefix("c") }.count > 10)
        let small = try SearchIndex(source: MemoryIndexSource(files))
        let usual = try Self.index(Self.documents + Self.grams)
        for query in ["近接目視", "近接目視点検", "法", "dro", "drones", "\"近接 目視\"", "サーバ", "目視で", "点検", "ai"] {
            #expect(try small.search(query).hits.map(\.path) == usual.search(query).hits.map(\.path), "\(query)")
        }
    }

    @Test func anEmptyIndexAnswersNothing() throws {
        let index = try Self.index([])
        for query in ["", "近接目視", "近接目視点検", "法", "dro", "\"近接 目視\""] {
            #expect(try index.search(query).total == 0, "\(query)")
        }
    }

    @Test func theBytesAreDeterministic() {
        let first = SearchIndexWriter.files(Self.documents, facets: Self.facets)
        let second = SearchIndexWriter.files(Self.documents, facets: Self.facets)
        #expect(first.map(\.path) == second.map(\.path))
        #expect(first.map(\.bytes) == second.map(\.bytes))
        #expect(first[0].path == "manifest.json")
    }

    /// The posting builder reads the documents in chunks, any number of them: the same files.
    @Test func anyChunkSizeWritesTheSameFiles() {
        let usual = SearchIndexWriter.files(Self.documents + Self.grams, facets: Self.facets)
        #expect(
            usual.contains { $0.path.hasPrefix("g") } && usual.contains { $0.path.hasPrefix("p") }
                && usual.contains { $0.path.hasPrefix("c") })
        // Shards are written under their number and renamed once hashed: none keeps its first name.
        #expect(usual.filter { $0.path.hasSuffix(".bin") }.allSatisfy { $0.path.split(separator: ".").count == 3 })
        for size in [1, 2, 3, 7] {
            var options = SearchIndexOptions()
            options.chunkDocuments = size
            let chunked = SearchIndexWriter.files(Self.documents + Self.grams, facets: Self.facets, options: options)
            #expect(chunked.map(\.path) == usual.map(\.path), "\(size)")
            #expect(chunked.map(\.bytes) == usual.map(\.bytes), "\(size)")
        }
    }

    /// Chunks cover the documents in order, none empty or over the size; a long run ends in
    /// smaller ones (the last two chunks' worth in eight).
    @Test func chunkRangesCoverTheDocumentsAndEndSmall() {
        for (count, size) in [
            (0, 16), (1, 16), (15, 16), (64, 16), (65, 16), (10_000, 512), (10_240, 512), (100_000, 512), (300, 1)
        ] {
            let ranges = PostingBuilder.chunkRanges(count: count, size: size)
            #expect(ranges.first?.lowerBound ?? 0 == 0, "\(count) \(size)")
            #expect(ranges.last?.upperBound ?? 0 == count, "\(count) \(size)")
            #expect(zip(ranges, ranges.dropFirst()).allSatisfy { $0.upperBound == $1.lowerBound }, "\(count) \(size)")
            #expect(ranges.allSatisfy { !$0.isEmpty && $0.count <= size }, "\(count) \(size)")
        }
        let ranges = PostingBuilder.chunkRanges(count: 10_000, size: 512)
        // 17 full chunks, then 1,296 documents (two chunks and the remainder) in eight.
        #expect(ranges.count == 25 && ranges.prefix(17).allSatisfy { $0.count == 512 })
        #expect(ranges.suffix(8).allSatisfy { $0.count <= 162 })
    }

    /// A part's end counts: the same bytes cut into parts differently hash differently.
    @Test func partsAreHashedWithTheirEnds() {
        #expect(contentHash([[1, 2]]) != contentHash([[1], [2]]))
        #expect(contentHash([[1, 2], []]) != contentHash([[1, 2]]))
    }

    /// A changed byte anywhere (in the four lanes, a whole word or the tail), two words swapped or
    /// a byte added changes the name, whose 48 bits are those of `StableHash` (`StableHashTests`).
    @Test func contentHashSeesEveryChange() {
        let base: [UInt8] = (0..<203).map { UInt8(truncatingIfNeeded: $0 &* 131 &+ 7) }
        var seen: Set<String> = [contentHash([base])]
        for offset in base.indices {
            var changed = base
            changed[offset] ^= 0x01
            seen.insert(contentHash([changed]))
        }
        var swapped = base
        swapped.swapAt(0, 8)
        for index in 1..<8 { swapped.swapAt(index, 8 + index) }
        seen.insert(contentHash([swapped]))
        seen.insert(contentHash([base + [0]]))
        seen.insert(contentHash([Array(base.dropLast())]))
        #expect(seen.count == base.count + 4)
        #expect(contentHash([base]).count == 12)
    }
}
