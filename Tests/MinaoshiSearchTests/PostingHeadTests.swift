import MinaoshiTestSupport
import Testing

@testable import MinaoshiSearch

/// Frequent terms' heads (`PostingHead`, index format 9): the first page the heads answer is the
/// whole lists' first page, and a query they cannot answer is read again whole.
@Suite struct PostingHeadTests {
    /// Random corpora over a small alphabet, with heads of 12 documents for every term in more than
    /// 16, so that most lists are cut: for random queries of one to three terms (characters,
    /// bigrams, 3-grams, a synonym group, Latin words and prefixes, a phrase), with and without a
    /// filter, the first 5 and the first 10 results, their total, scores, snippets and facet counts
    /// equal those of the same index read with every list whole (`heads` off). Both ways of the rule
    /// are taken: some queries are answered by the heads without reading a tail file, some are
    /// read again whole.
    @Test func theFirstPageFromTheHeadsIsTheWholeListsFirstPage() throws {
        var answered = 0, fellBack = 0
        for seed in [1, 2, 3] as [UInt64] {
            var random = SplitMix(seed: seed)
            let alphabet = Array("法道路点検橋目視書面")
            let words = ["ai", "aim", "iot", "drone"]
            func text(_ length: Int) -> String {
                (0..<length).map { _ -> String in
                    switch random.next() % 8 {
                    case 0: return "。"
                    case 1: return " \(words[Int(random.next() % 4)]) "
                    default: return String(alphabet[Int(random.next() % 10)])
                    }
                }.joined()
            }
            let documents = (0..<150).map { n in
                SearchIndexTests.document(
                    "文書\(n)" + text(Int(random.next() % 5)), text(Int(random.next() % 80)),
                    labels: n % 3 == 0 ? [text(3)] : [],
                    facets: ["category": ["c\(n % 3)"], "technology": n % 4 == 0 ? ["drones"] : []])
            }
            var options = SearchIndexOptions()
            options.headDocuments = 12
            options.headMinimumDocuments = 16
            options.maxShardFiles = 30
            options.synonyms = [["道路", "橋目"]]
            let files = SearchIndexWriter.files(documents, facets: SearchIndexTests.facets, options: options)
            #expect(files.contains { $0.path.hasPrefix("ts") } && files.contains { $0.path.hasPrefix("tc") })
            let terms = alphabet.map(String.init) + ["道路", "点検", "目視", "法道", "点検橋", "ai", "aim", "io", "drone"]
            var queries = ["道路", "\"点検 橋\"", "文書", "法 ai", "目視 drone 法"]
            for _ in 0..<25 {
                queries.append(
                    (0...Int(random.next() % 3)).map { _ in terms[Int(random.next() % UInt64(terms.count))] }
                        .joined(separator: " "))
            }
            for query in queries {
                for filters in [[:], ["category": Set(["c1"])]] as [[String: Set<String>]] {
                    for limit in [5, 10] {
                        let source = SearchIndexTests.Recording(MemoryIndexSource(files))
                        let fast = try SearchIndex(source: source),
                            whole = try SearchIndex(source: MemoryIndexSource(files))
                        whole.heads = false
                        let (a, b) = (
                            try fast.search(query, filters: filters, limit: limit),
                            try whole.search(query, filters: filters, limit: limit)
                        )
                        let label = "\(seed) \(query) \(filters) \(limit)"
                        #expect(a.total == b.total, "\(label)")
                        #expect(a.hits.map(\.path) == b.hits.map(\.path), "\(label)")
                        #expect(a.hits.map(\.score) == b.hits.map(\.score), "\(label)")
                        #expect(a.hits.map(\.snippet) == b.hits.map(\.snippet), "\(label)")
                        #expect(a.facets.map { $0.values.map(\.count) } == b.facets.map { $0.values.map(\.count) })
                        #expect(whole.headAnswers == 0)
                        if fast.headAnswers > 0 {
                            #expect(!source.names.contains { $0.hasPrefix("t") }, "\(label): \(source.names)")
                        }
                        answered += fast.headAnswers
                        fellBack += fast.headFallbacks
                    }
                }
            }
        }
        #expect(answered > 50 && fellBack > 10, "answered \(answered), read again whole \(fellBack)")
    }

    /// A Latin prefix that begins several words (`ai`, `aichi`) reads the heads of its cut lists
    /// too: a document outside a head is bounded by the left-out best's weight plus its exact
    /// weights in the prefix's other words (`SearchIndex.Posting.bound`). Here the eight documents
    /// with `ai` in their title are `ai`'s head and the page; those that also have `aichi` are
    /// bounded by two body occurrences' weight, below them: the heads answer without a tail file,
    /// with the whole lists' page, total and counts.
    @Test func aLatinPrefixOfSeveralWordsIsAnsweredByItsHeads() throws {
        let documents = (0..<60).map { n in
            SearchIndexTests.document(
                n < 8 ? "ai 文書\(n)" : "文書\(n)", n >= 50 ? "ai と aichi の話" : "ai の話",
                facets: ["category": ["c\(n % 3)"]])
        }
        var options = SearchIndexOptions()
        options.headDocuments = 8
        options.headMinimumDocuments = 10
        let files = SearchIndexWriter.files(documents, facets: SearchIndexTests.facets, options: options)
        #expect(files.contains { $0.path.hasPrefix("ts") })
        for query in ["ai", "AI", "文書 ai"] {
            let source = SearchIndexTests.Recording(MemoryIndexSource(files))
            let fast = try SearchIndex(source: source), whole = try SearchIndex(source: MemoryIndexSource(files))
            whole.heads = false
            let (a, b) = (try fast.search(query, limit: 5), try whole.search(query, limit: 5))
            #expect(a.total == b.total && a.total > 8, "\(query)")
            #expect(a.hits.map(\.path) == b.hits.map(\.path), "\(query)")
            #expect(a.hits.map(\.score) == b.hits.map(\.score), "\(query)")
            #expect(a.facets.map { $0.values.map(\.count) } == b.facets.map { $0.values.map(\.count) }, "\(query)")
            #expect(fast.headAnswers == 1 && fast.headFallbacks == 0, "\(query)")
            #expect(!source.names.contains { $0.hasPrefix("t") }, "\(query): \(source.names)")
        }
    }

    /// A cut list's shard entry is its documents and its head; its tail, the payloads of every
    /// document. The head holds the best by weight (ties to the lower document) and is followed by
    /// the payload of the best left out, which weighs at least as much as every document outside.
    @Test func aHeadHoldsTheBestDocumentsAndTheBoundOfTheRest() {
        // 4 of 40 documents: gaps (a list of 5 or more would be a bitmap).
        let total = 40, documents = [3, 9, 10, 30]
        // Payload codes (SearchIndexLayout.payloads): 1 body 1, 3 body 3, 9 title 1, 2 body 2; bucket 2.
        let codes: [UInt8] = [1, 3, 9, 2]
        var list: [UInt8] = []
        var last = -1
        for document in documents { list.appendVarint(document - last - 1); last = document }
        let gaps = list.count
        list += codes.map { $0 << 4 | 2 }
        let (entry, tail) = PostingHead.split(
            list, documents: documents.count, total: total, averageBodyLength: 100, size: 2)
        #expect(tail == Array(list[gaps...]))
        // The two best: document 10 (title) and 9 (body 3), in document order; the bound: body 2.
        var expected = Array(list[..<gaps])
        expected += [2, 9, 0]
        expected += [3 << 4 | 2, 9 << 4 | 2, 2 << 4 | 2]
        #expect(entry == expected)
        #expect(PostingHead.isCut(documents: 4, size: 2, minimum: 3))
        #expect(!PostingHead.isCut(documents: 3, size: 2, minimum: 3))
        #expect(!PostingHead.isCut(documents: 100, size: 0, minimum: 3))
    }

    /// The split keeps the best in a heap and weighs one-byte payloads once per byte value
    /// (`PostingHead.split`); it is held to the general way it replaced, every document sorted by
    /// weight, on random lists: bitmaps and gaps, payloads of one byte and open ones, many ties,
    /// heads from 1 document to all but one.
    @Test func theSplitEqualsSortingEveryDocument() {
        var random = SplitMix(seed: 23)
        let coder = SearchIndexLayout.PayloadCoder()
        for round in 0..<300 {
            let total = 1 + Int(random.next() % 400)
            // Sparse lists (gaps) and dense ones (a bitmap), at least 2 documents.
            let density = round % 2 == 0 ? 10 : 90
            var documents = (0..<total).filter { _ in Int(random.next() % 100) < density }
            if documents.count < 2 { documents = [0, total] }
            let total2 = max(total, documents.last! + 1)
            var list = ByteWriter()
            if SearchIndexLayout.isBitmap(documents: documents.count, of: total2) {
                var bitmap = [UInt8](repeating: 0, count: (total2 + 7) / 8)
                for document in documents { bitmap[document >> 3] |= 1 << UInt8(document & 7) }
                list.append(bitmap)
            } else {
                var last = -1
                for document in documents { list.varint(document - last - 1); last = document }
            }
            for _ in documents {
                let title = Int(random.next() % 3), labels = Int(random.next() % 3)
                let body = Int(random.next() % (round % 3 == 0 ? 4 : 40))
                let (head, open, rest) = coder.head(
                    bucket: UInt8(random.next() % 16), frequency: title + labels + body, title: title, labels: labels)
                var bytes: [UInt8] = [head]
                SearchIndexLayout.appendOpenPart(to: &bytes, open: open, title: title, labels: labels, body: rest)
                list.append(bytes)
            }
            let size = 1 + Int(random.next() % UInt64(documents.count - 1))
            let average = Double(20 + random.next() % 400)
            let fast = PostingHead.split(
                list.bytes, documents: documents.count, total: total2, averageBodyLength: average, size: size)
            let general = Self.splitBySortingEveryDocument(
                list.bytes, documents: documents.count, total: total2, averageBodyLength: average, size: size)
            #expect(fast.entry == general.entry, "round \(round): \(documents.count) of \(total2), head \(size)")
            #expect(fast.tail == general.tail, "round \(round)")
        }
    }

    /// The split as format 9 first wrote it: every document weighed and sorted, heaviest first,
    /// ties to the lower document; the head is the first `size`, the bound the next.
    static func splitBySortingEveryDocument(
        _ list: [UInt8], documents count: Int, total: Int, averageBodyLength: Double, size: Int
    ) -> (entry: [UInt8], tail: [UInt8]) {
        var reader = ByteReader(list)
        var documents: [Int] = []
        if SearchIndexLayout.isBitmap(documents: count, of: total) {
            for document in 0..<total where list[document >> 3] >> UInt8(document & 7) & 1 != 0 {
                documents.append(document)
            }
            reader.offset = (total + 7) / 8
        } else {
            var document = -1
            for _ in 0..<count { document += reader.varint() + 1; documents.append(document) }
        }
        let payloadsStart = reader.offset
        let codes = SearchIndexLayout.payloads.map { [$0.title, $0.labels, $0.body, $0.open] }
        var payloads: [Range<Int>] = [], weights: [Double] = []
        for _ in documents {
            let start = reader.offset
            let (bucket, title, labels, body) = SearchIndexLayout.readPayload(&reader, codes: codes)
            payloads.append(start..<reader.offset)
            let length = Double(SearchIndexLayout.lengths[bucket])
            let norm = 1 - SearchIndexLayout.b + SearchIndexLayout.b * length / averageBodyLength
            weights.append(
                SearchIndexLayout.weights[0] * Double(title) + SearchIndexLayout.weights[1] * Double(labels)
                    + SearchIndexLayout.weights[2] * Double(body) / norm)
        }
        let order = documents.indices.sorted { weights[$0] != weights[$1] ? weights[$0] > weights[$1] : $0 < $1 }
        let head = order.prefix(size).sorted()
        var entry = Array(list[..<payloadsStart])
        entry.appendVarint(head.count)
        var last = -1
        for k in head { entry.appendVarint(documents[k] - last - 1); last = documents[k] }
        for k in head { entry.append(contentsOf: list[payloads[k]]) }
        entry.append(contentsOf: list[payloads[order[size]]])
        return (entry, Array(list[payloadsStart...]))
    }
}
