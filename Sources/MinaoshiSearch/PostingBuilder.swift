import Foundation
import MinaoshiSupport

/// Builds the index's posting lists fast: documents are tokenized once, in parallel chunks,
/// with CJK tokens as integers (two scalars packed in one `UInt64`), so no `String` is made or
/// hashed per token; each chunk writes its own lists, and the merge only re-encodes the first
/// document gap of each chunk's part of a list. The bytes equal a one-thread, one-document-at-a-
/// time build: a term's list holds its documents in order whatever the chunking.
///
/// Besides bigrams and unigrams, every CJK run gives its 3-grams and 4-grams (same runs, same
/// folding, never across a run's ends) as terms with postings but no positions: a query term of 3
/// or 4 characters is then one posting list, where bigrams need their positions to prove adjacency.
enum PostingBuilder {
    /// A token as an integer: a CJK bigram `a << 21 | b`, a CJK unigram `1 << 42 | a`, or a word
    /// `1 << 43 | n` where `n` numbers the document's distinct words.
    typealias Key = UInt64
    static let unigramTag: Key = 1 << 42
    static let wordTag: Key = 1 << 43
    /// A CJK 3-gram `tag3 | a << 42 | b << 21 | c`, a 4-gram `tag4 | a << 63 | b << 42 | c << 21 | d`.
    typealias GramKey = UInt128
    static let tag3: GramKey = 1 << 120
    static let tag4: GramKey = 1 << 121

    /// Token key → term number in a chunk: open addressing with a multiplicative hash, much cheaper
    /// than `Dictionary`'s seeded SipHash for the millions of probes of a build. Keys are never 0
    /// (bigrams are two non-zero scalars, every other key has a tag bit), so 0 marks an empty slot.
    struct KeyTable<Key: FixedWidthInteger & UnsignedInteger> {
        var keys = [Key](repeating: 0, count: 1 << 12)
        var values = [Int32](repeating: 0, count: 1 << 12)
        var count = 0

        static func slot(_ key: Key, _ mask: Int) -> Int {
            var hash = UInt64(truncatingIfNeeded: key) &* 0x9E37_79B9_7F4A_7C15
            if Key.bitWidth > 64 { hash ^= UInt64(truncatingIfNeeded: key >> 64) &* 0xC2B2_AE3D_27D4_EB4F }
            hash ^= hash >> 29
            return Int(truncatingIfNeeded: hash) & mask
        }

        /// The number of `key`, or `next` (inserted) if it had none.
        mutating func id(_ key: Key, next: Int) -> (Int, inserted: Bool) {
            var mask = keys.count - 1, index = Self.slot(key, mask)
            while keys[index] != 0 {
                if keys[index] == key { return (Int(values[index]), false) }
                index = (index + 1) & mask
            }
            if (count + 1) * 2 > keys.count {
                grow()
                mask = keys.count - 1
                index = Self.slot(key, mask)
                while keys[index] != 0 { index = (index + 1) & mask }
            }
            keys[index] = key
            values[index] = Int32(next)
            count += 1
            return (next, true)
        }

        mutating func grow() {
            let oldKeys = keys, oldValues = values
            keys = [Key](repeating: 0, count: oldKeys.count * 2)
            values = [Int32](repeating: 0, count: oldKeys.count * 2)
            let mask = keys.count - 1
            for (key, value) in zip(oldKeys, oldValues) where key != 0 {
                var index = Self.slot(key, mask)
                while keys[index] != 0 { index = (index + 1) & mask }
                keys[index] = key
                values[index] = value
            }
        }
    }

    /// The result: terms in UTF-16 order with their document counts; each term's list bytes are
    /// put together from the chunks' parts when a shard asks for them, so the step never holds
    /// a merged copy of every list beside the parts (at 100k documents, hundreds of megabytes).
    struct Lists: Sendable {
        var terms: [String] = []
        var documentCounts: [Int] = []
        /// Body tokens per document (what BM25 calls the length).
        var bodyLengths: [Int] = []
        fileprivate var chunks: [Chunk] = []
        fileprivate var partsOf: [[(chunk: Int32, part: Int32)]] = []

        /// Documents in the index: a list of at least an eighth of them is a bitmap.
        var documentTotal = 0

        /// Term `index`'s posting list: its documents (a bitmap, or gaps with each part's first gap
        /// from the previous part's last document), then each document's payload, in order.
        func appendPostings(of index: Int, to writer: inout ByteWriter) {
            if SearchIndexLayout.isBitmap(documents: documentCounts[index], of: documentTotal) {
                var map = [UInt8](repeating: 0, count: (documentTotal + 7) / 8)
                for (c, p) in partsOf[index] {
                    let part = chunks[Int(c)].parts[Int(p)]
                    var document = part.first, offset = 0
                    let gaps = part.gaps.bytes
                    while true {
                        map[document >> 3] |= 1 << UInt8(document & 7)
                        if offset >= gaps.count { break }
                        document += ByteReader.varint(in: gaps, at: &offset) + 1
                    }
                }
                writer.append(map)
            } else {
                var last = -1
                for (c, p) in partsOf[index] {
                    let part = chunks[Int(c)].parts[Int(p)]
                    writer.varint(part.first - last - 1)
                    writer.append(part.gaps.bytes)
                    last = part.last
                }
            }
            for (c, p) in partsOf[index] { writer.append(chunks[Int(c)].parts[Int(p)].payload.bytes) }
        }

        func appendPositions(of index: Int, to writer: inout ByteWriter) {
            for (c, p) in partsOf[index] { writer.append(chunks[Int(c)].parts[Int(p)].positions.bytes) }
        }

        /// Bytes of each term's document list (its parts and their first gaps) and of its positions;
        /// counted once here, read when shards are cut and made.
        private(set) var postingsSizes: [Int] = []
        private(set) var positionsSizes: [Int] = []

        func postingsSize(of index: Int) -> Int { postingsSizes[index] }
        func positionsSize(of index: Int) -> Int { positionsSizes[index] }

        fileprivate mutating func countSizes() {
            postingsSizes = partsOf.indices.map { index in
                let bitmap = SearchIndexLayout.isBitmap(documents: documentCounts[index], of: documentTotal)
                var last = -1, size = bitmap ? (documentTotal + 7) / 8 : 0
                for (c, p) in partsOf[index] {
                    let part = chunks[Int(c)].parts[Int(p)]
                    if !bitmap { size += ByteWriter.varintSize(part.first - last - 1) + part.gaps.count }
                    size += part.payload.count
                    last = part.last
                }
                return size
            }
            positionsSizes = partsOf.map { refs in refs.reduce(0) { $0 + chunks[Int($1.chunk)].parts[Int($1.part)].positions.count } }
        }
    }

    /// Which terms a build makes: the positioned ones (bigrams, unigrams, words), the 3- and 4-grams, or both.
    struct Series: OptionSet, Sendable {
        let rawValue: Int
        static let plain = Series(rawValue: 1)
        static let grams = Series(rawValue: 2)
        static let all: Series = [.plain, .grams]
    }

    /// One term's part of its list inside one chunk: the gaps between its documents (the first
    /// document is `first`; its gap is written on merge), their payloads, their positions. A plain
    /// value: its streams belong to the chunk, which frees them.
    struct Part {
        var gaps = ByteStream()
        var payload = ByteStream()
        var positions = ByteStream()
        var first = -1
        var last = -1
        var count = 0

        /// One more document's posting: its gap (none for the part's first) and its payload.
        mutating func append(_ document: Int, bucket: UInt8, frequency: Int, title: Int, labels: Int) {
            if first < 0 { first = document } else { gaps.appendVarint(document - last - 1) }
            SearchIndexLayout.appendPayload(to: &payload, bucket: bucket, frequency: frequency, title: title, labels: labels)
            last = document
            count += 1
        }
    }

    enum TermName: Hashable, Sendable {
        case cjk(Key)
        case gram(GramKey)
        case word(String)
    }

    /// One chunk's terms and their parts; frees the parts' streams when the lists are let go.
    /// Immutable once made, so it can be read from every thread.
    final class Chunk: @unchecked Sendable {
        let names: [TermName]
        let parts: [Part]
        let bodyLengths: [Int]

        init(names: [TermName], parts: [Part], bodyLengths: [Int]) {
            self.names = names
            self.parts = parts
            self.bodyLengths = bodyLengths
        }

        deinit {
            for var part in parts {
                part.gaps.release()
                part.payload.release()
                part.positions.release()
            }
        }
    }

    /// One document's tokens: (key, position) pairs and the texts of its word keys.
    struct DocumentTokens {
        var pairs: [(key: Key, position: Int)] = []
        /// 3- and 4-grams as `key << 2 | field` (0 title, 1 labels, 2 body): no positions.
        var grams: [GramKey] = []
        var words: [String] = []
        var wordIndex: [String: Int] = [:]
        var position = 0
        var bodyLength = 0
        var scalars: [Unicode.Scalar] = []
        /// What is made: positioned tokens (`pairs`, `words`), n-grams (`grams`) or both. A pass that
        /// builds one series skips the other's tokens.
        var series: Series = .all

        /// Empties the buffers (keeping their storage) and tokenizes `document`.
        mutating func fill(_ document: SearchDocument, normalizedBody: String) {
            pairs.removeAll(keepingCapacity: true)
            grams.removeAll(keepingCapacity: true)
            words.removeAll(keepingCapacity: true)
            wordIndex.removeAll(keepingCapacity: true)
            position = 0
            add(normalized: document.title.nfkc)
            position = SearchIndexLayout.labelsBase
            for label in document.labels { add(normalized: label.nfkc) }
            position = SearchIndexLayout.bodyBase
            bodyLength = add(normalized: normalizedBody)
        }

        mutating func wordKey(_ scalars: ArraySlice<Unicode.Scalar>) -> Key {
            let text = SearchTokenizer.string(scalars)
            if let index = wordIndex[text] { return wordTag | Key(index) }
            wordIndex[text] = words.count
            words.append(text)
            return wordTag | Key(words.count - 1)
        }

        /// Tokenizes `text` (already NFKC) from `position` on, as `SearchTokenizer.runs` does,
        /// adding a unigram for the last scalar of each CJK run of more than one. Returns the tokens made.
        @discardableResult
        mutating func add(normalized text: String) -> Int {
            var made = 0
            var kind: SearchTokenizer.RunKind?
            scalars.removeAll(keepingCapacity: true)
            func flush() {
                guard let current = kind, !scalars.isEmpty else { return }
                if current == .word {
                    if series.contains(.plain) { pairs.append((wordKey(scalars[...]), position)) }
                    position += 2
                    made += 1
                    scalars.removeAll(keepingCapacity: true)
                    return
                }
                let run = scalars.contains { $0.value == 0x30FC } ? SearchTokenizer.foldLongVowels(scalars) : scalars
                if run.count == 1 {
                    if series.contains(.plain) { pairs.append((unigramTag | Key(run[0].value), position)) }
                    position += 2
                    made += 1
                } else {
                    if series.contains(.plain) {
                        for index in 0..<(run.count - 1) {
                            pairs.append((Key(run[index].value) << 21 | Key(run[index + 1].value), position + index))
                        }
                        pairs.append((unigramTag | Key(run[run.count - 1].value), position + run.count - 1))
                    }
                    if run.count >= 3, series.contains(.grams) {
                        let field = GramKey(SearchIndexLayout.field(position))
                        for index in 0..<(run.count - 2) {
                            let three = GramKey(run[index].value) << 42 | GramKey(run[index + 1].value) << 21 | GramKey(run[index + 2].value)
                            grams.append((tag3 | three) << 2 | field)
                            if index + 3 < run.count { grams.append((tag4 | three << 21 | GramKey(run[index + 3].value)) << 2 | field) }
                        }
                    }
                    position += run.count
                    made += run.count - 1
                }
                scalars.removeAll(keepingCapacity: true)
            }
            for raw in text.unicodeScalars {
                let scalar = SearchTokenizer.fold(raw)
                let next = SearchTokenizer.classify(scalar)
                if next != kind { flush(); kind = next }
                if next != nil { scalars.append(scalar) }
            }
            flush()
            return made
        }
    }

    static func name(_ key: GramKey) -> String {
        let mask: GramKey = 0x1F_FFFF
        let count = key & tag4 != 0 ? 4 : 3
        return SearchTokenizer.string((0..<count).reversed().map { Unicode.Scalar(UInt32(key >> (21 * $0) & mask))! })
    }

    static func name(_ key: Key) -> String {
        if key & unigramTag != 0 { return String(Character(Unicode.Scalar(UInt32(key & 0x1F_FFFF))!)) }
        return SearchTokenizer.string([Unicode.Scalar(UInt32(key >> 21))!, Unicode.Scalar(UInt32(key & 0x1F_FFFF))!])
    }

    /// The fields of a `Chunk` while it is being made.
    private struct ChunkBuffers {
        var names: [TermName] = []
        var parts: [Part] = []
        var bodyLengths: [Int] = []
    }

    static func chunk(_ documents: ArraySlice<SearchDocument>, series: Series = .all) -> Chunk {
        var chunk = ChunkBuffers()
        var cjk = KeyTable<Key>(), words: [String: Int] = [:], gramIDs = KeyTable<GramKey>()
        var scratch: [(document: Int, total: Int, title: Int, labels: Int, position: Int)] = [], touched: [Int] = [], ids: [Int32] = []
        var wordTerms: [Int] = []
        // Scratch is indexed by part number: it grows with the parts (each series leaves gaps in it).
        func growScratch(to count: Int) {
            if scratch.count < count { scratch += repeatElement((document: -1, total: 0, title: 0, labels: 0, position: 0), count: count - scratch.count) }
        }
        var tokens = DocumentTokens()
        tokens.series = series
        for document in documents.indices {
            // Each body is normalised here, one at a time, not all up front: at 100k documents
            // an array of every normalised body was 300 MB held through the whole step.
            tokens.fill(documents[document], normalizedBody: documents[document].body.nfkc)
            chunk.bodyLengths.append(tokens.bodyLength)
            let bucket = SearchIndexLayout.lengthBucket(tokens.bodyLength)
            if series.contains(.plain) {
                // Tokens come in position order, so each term's positions arrive ascending and are
                // written as they come; the document's counts per term gather in `scratch`, and its
                // postings are written once it ends. Only a title or labels longer than their
                // position ranges break the order; those documents are sorted by key and position first.
                var ordered = true, previous = -1
                for pair in tokens.pairs {
                    if pair.position < previous { ordered = false; break }
                    previous = pair.position
                }
                if !ordered { tokens.pairs.sort { $0.key != $1.key ? $0.key < $1.key : $0.position < $1.position } }
                let pairs = tokens.pairs
                if ids.count < pairs.count { ids = [Int32](repeating: 0, count: pairs.count * 2) }
                wordTerms.removeAll(keepingCapacity: true)
                wordTerms.append(contentsOf: repeatElement(-1, count: tokens.words.count))
                ids.withUnsafeMutableBufferPointer { ids in
                    for (index, pair) in pairs.enumerated() {
                        if pair.key & wordTag != 0 {
                            let word = Int(pair.key & ~wordTag)
                            if wordTerms[word] < 0 {
                                let text = tokens.words[word]
                                if let found = words[text] { wordTerms[word] = found } else {
                                    wordTerms[word] = chunk.parts.count; words[text] = chunk.parts.count
                                    chunk.names.append(.word(text)); chunk.parts.append(Part())
                                }
                            }
                            ids[index] = Int32(wordTerms[word])
                        } else {
                            let (found, inserted) = cjk.id(pair.key, next: chunk.parts.count)
                            if inserted { chunk.names.append(.cjk(pair.key)); chunk.parts.append(Part()) }
                            ids[index] = Int32(found)
                        }
                    }
                }
                growScratch(to: chunk.parts.count)
                touched.removeAll(keepingCapacity: true)
                scratch.withUnsafeMutableBufferPointer { scratch in
                    chunk.parts.withUnsafeMutableBufferPointer { parts in
                        for (pair, id) in zip(pairs, ids.prefix(pairs.count)) {
                            let term = Int(id)
                            if scratch[term].document != document { scratch[term] = (document, 0, 0, 0, 0); touched.append(term) }
                            scratch[term].total += 1
                            if pair.position < SearchIndexLayout.labelsBase { scratch[term].title += 1 } else if pair.position < SearchIndexLayout.bodyBase { scratch[term].labels += 1 }
                            if scratch[term].total <= SearchIndexLayout.positionCap {
                                parts[term].positions.appendVarint(pair.position - scratch[term].position)
                                scratch[term].position = pair.position
                            }
                        }
                        for term in touched {
                            let (_, total, title, labels, _) = scratch[term]
                            parts[term].append(document, bucket: bucket, frequency: total, title: title, labels: labels)
                        }
                    }
                }
            }
            if series.contains(.grams) {
                // 3- and 4-grams: the same payloads, no positions. Counted per term in scratch
                // arrays (no sort): a document's grams are many and each is one table probe.
                touched.removeAll(keepingCapacity: true)
                if ids.count < tokens.grams.count { ids = [Int32](repeating: 0, count: tokens.grams.count * 2) }
                ids.withUnsafeMutableBufferPointer { ids in
                    for (index, gram) in tokens.grams.enumerated() {
                        let (term, inserted) = gramIDs.id(gram >> 2, next: chunk.parts.count)
                        if inserted { chunk.names.append(.gram(gram >> 2)); chunk.parts.append(Part()) }
                        ids[index] = Int32(term)
                    }
                }
                growScratch(to: chunk.parts.count)
                scratch.withUnsafeMutableBufferPointer { scratch in
                    for (gram, id) in zip(tokens.grams, ids.prefix(tokens.grams.count)) {
                        let term = Int(id)
                        if scratch[term].document != document { scratch[term] = (document, 0, 0, 0, 0); touched.append(term) }
                        scratch[term].total += 1
                        switch gram & 3 {
                        case 0: scratch[term].title += 1
                        case 1: scratch[term].labels += 1
                        default: break
                        }
                    }
                    chunk.parts.withUnsafeMutableBufferPointer { parts in
                        for term in touched {
                            let (_, total, title, labels, _) = scratch[term]
                            parts[term].append(document, bucket: bucket, frequency: total, title: title, labels: labels)
                        }
                    }
                }
            }
        }
        // The streams grew by doubling: the slack would be a third of the lists' memory.
        chunk.parts.withUnsafeMutableBufferPointer { parts in
            for index in parts.indices {
                parts[index].gaps.shrinkToFit()
                parts[index].payload.shrinkToFit()
                parts[index].positions.shrinkToFit()
            }
        }
        return Chunk(names: chunk.names, parts: chunk.parts, bodyLengths: chunk.bodyLengths)
    }

    /// Posting lists of `documents`. A 3- or 4-gram in fewer than `gramMinimum` documents is left
    /// out (the query engines then fall back to bigrams).
    static func build(_ documents: [SearchDocument], gramMinimum: Int = 1, series: Series = .all) -> Lists {
        let size = max(16, documents.count / (ProcessInfo.processInfo.activeProcessorCount * 4) + 1)
        let starts = Array(stride(from: 0, to: documents.count, by: size))
        let chunks = ParallelMap.map(starts) { start in
            chunk(documents[start..<min(start + size, documents.count)], series: series)
        }
        // Global terms, each with its parts in chunk order.
        var ids: [TermName: Int] = [:]
        var names: [TermName] = []
        var partsOf: [[(chunk: Int32, part: Int32)]] = []
        for (c, chunk) in chunks.enumerated() {
            for (p, name) in chunk.names.enumerated() {
                let id: Int
                if let found = ids[name] { id = found } else { id = names.count; ids[name] = id; names.append(name); partsOf.append([]) }
                partsOf[id].append((Int32(c), Int32(p)))
            }
        }
        if gramMinimum > 1 {
            let kept = names.indices.filter { id in
                guard case .gram = names[id] else { return true }
                return partsOf[id].reduce(0) { $0 + chunks[Int($1.chunk)].parts[Int($1.part)].count } >= gramMinimum
            }
            names = kept.map { names[$0] }
            partsOf = kept.map { partsOf[$0] }
        }
        var lists = Lists()
        lists.bodyLengths = chunks.flatMap(\.bodyLengths)
        let strings = ParallelMap.map(names) { name -> String in
            switch name {
            case .cjk(let key): Self.name(key)
            case .gram(let key): Self.name(key)
            case .word(let text): text
            }
        }
        let units = ParallelMap.map(strings) { Array($0.utf16) }
        let heads: [UInt64] = units.map { units in
            var head: UInt64 = 0
            for index in 0..<4 { head = head << 16 | UInt64(index < units.count ? units[index] : 0) }
            return head
        }
        let order = names.indices.sorted { a, b in
            heads[a] != heads[b] ? heads[a] < heads[b] : units[a].lexicographicallyPrecedes(units[b])
        }
        lists.terms = order.map { strings[$0] }
        lists.partsOf = order.map { partsOf[$0] }
        lists.documentCounts = lists.partsOf.map { refs in refs.reduce(0) { $0 + chunks[Int($1.chunk)].parts[Int($1.part)].count } }
        lists.chunks = chunks
        lists.documentTotal = documents.count
        lists.countSizes()
        return lists
    }
}
