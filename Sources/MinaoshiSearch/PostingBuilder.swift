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
        /// Each term's parts, in chunk order: `refs[refStarts[term]..<refStarts[term + 1]]`.
        fileprivate var refs: [PartRef] = []
        fileprivate var refStarts: [Int] = [0]

        /// Documents in the index: a list of at least an eighth of them is a bitmap.
        var documentTotal = 0

        fileprivate func parts(of index: Int) -> ArraySlice<PartRef> { refs[refStarts[index]..<refStarts[index + 1]] }

        /// Term `index`'s posting list: its documents (a bitmap, or gaps with each part's first gap
        /// from the previous part's last document), then each document's payload, in order.
        func appendPostings(of index: Int, to writer: inout ByteWriter) {
            if SearchIndexLayout.isBitmap(documents: documentCounts[index], of: documentTotal) {
                var map = [UInt8](repeating: 0, count: (documentTotal + 7) / 8)
                for ref in parts(of: index) {
                    let chunk = chunks[Int(ref.chunk)], part = Int(ref.part)
                    var document = chunk.first(part), offset = 0
                    let gaps = chunk.gaps(part)
                    while true {
                        map[document >> 3] |= 1 << UInt8(document & 7)
                        if offset >= gaps.count { break }
                        document += ByteReader.varint(in: gaps, at: &offset) + 1
                    }
                }
                writer.append(map)
            } else {
                var last = -1
                for ref in parts(of: index) {
                    let chunk = chunks[Int(ref.chunk)], part = Int(ref.part)
                    writer.varint(chunk.first(part) - last - 1)
                    writer.append(chunk.gaps(part))
                    last = chunk.last(part)
                }
            }
            for ref in parts(of: index) { writer.append(chunks[Int(ref.chunk)].payload(Int(ref.part))) }
        }

        func appendPositions(of index: Int, to writer: inout ByteWriter) {
            for ref in parts(of: index) { writer.append(chunks[Int(ref.chunk)].positions(Int(ref.part))) }
        }

        /// Bytes of each term's document list (its parts and their first gaps) and of its positions;
        /// counted once here, read when shards are cut and made.
        private(set) var postingsSizes: [Int] = []
        private(set) var positionsSizes: [Int] = []

        func postingsSize(of index: Int) -> Int { postingsSizes[index] }
        func positionsSize(of index: Int) -> Int { positionsSizes[index] }

        fileprivate mutating func countSizes() {
            postingsSizes = terms.indices.map { index in
                let bitmap = SearchIndexLayout.isBitmap(documents: documentCounts[index], of: documentTotal)
                var last = -1, size = bitmap ? (documentTotal + 7) / 8 : 0
                for ref in parts(of: index) {
                    let chunk = chunks[Int(ref.chunk)], part = Int(ref.part)
                    if !bitmap { size += ByteWriter.varintSize(chunk.first(part) - last - 1) + chunk.gaps(part).count }
                    size += chunk.payload(part).count
                    last = chunk.last(part)
                }
                return size
            }
            positionsSizes = terms.indices.map { index in
                parts(of: index).reduce(0) { $0 + chunks[Int($1.chunk)].positions(Int($1.part)).count }
            }
        }
    }

    /// One term's part of its list inside one chunk.
    fileprivate struct PartRef {
        var chunk: Int32
        var part: Int32
    }

    enum TermName: Hashable, Sendable {
        case cjk(Key)
        case gram(GramKey)
        case word(String)
    }

    /// One chunk's terms and their parts, packed in one buffer: for each part (a term's postings
    /// in this chunk) the gaps between its documents (the first document is `first`; its gap is
    /// written on merge), their payloads, their positions. Immutable once made, so it can be read
    /// from every thread. A part costs a few integers beside its bytes: with a stream per part,
    /// the many terms found in one or two documents cost far more than their postings.
    final class Chunk: @unchecked Sendable {
        let names: [TermName]
        let bodyLengths: [Int]
        /// Per part: its first and last document and how many it has.
        private let firsts: [Int32], lasts: [Int32], counts: [Int32]
        /// Per part, three offsets into `data` (gaps, payloads, positions), and one final end.
        private let offsets: [Int]
        private let data: UnsafeMutableBufferPointer<UInt8>

        fileprivate init(names: [TermName], bodyLengths: [Int], firsts: [Int32], lasts: [Int32], counts: [Int32],
                         offsets: [Int], data: UnsafeMutableBufferPointer<UInt8>) {
            self.names = names
            self.bodyLengths = bodyLengths
            self.firsts = firsts
            self.lasts = lasts
            self.counts = counts
            self.offsets = offsets
            self.data = data
        }

        deinit { data.deallocate() }

        var partCount: Int { names.count }
        func first(_ part: Int) -> Int { Int(firsts[part]) }
        func last(_ part: Int) -> Int { Int(lasts[part]) }
        func count(_ part: Int) -> Int { Int(counts[part]) }
        private func bytes(_ from: Int, _ to: Int) -> UnsafeBufferPointer<UInt8> {
            UnsafeBufferPointer(rebasing: data[offsets[from]..<offsets[to]])
        }
        func gaps(_ part: Int) -> UnsafeBufferPointer<UInt8> { bytes(3 * part, 3 * part + 1) }
        func payload(_ part: Int) -> UnsafeBufferPointer<UInt8> { bytes(3 * part + 1, 3 * part + 2) }
        func positions(_ part: Int) -> UnsafeBufferPointer<UInt8> { bytes(3 * part + 2, 3 * part + 3) }
    }

    /// One document's posting of one term, logged as the chunk is read and sorted by term at its
    /// end: 12 bytes, as a chunk logs millions. `document` counts from the chunk's first; `extra` is
    /// the body count a head byte leaves open (`open` 1), or an index in the chunk's list of
    /// (title, labels, body) counts: for `open` 2, and (marked 3) for an open count above 32 bits.
    private struct Posting {
        var term: Int32
        var document: UInt16
        var head: UInt8
        var open: UInt8
        var extra: UInt32
    }

    /// A stored position of one term in one document (counted from the chunk's first), in the
    /// order the chunk's documents gave them.
    private struct LoggedPosition {
        var term: Int32
        var document: UInt16
        var position: Int32
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

        /// Empties the buffers (keeping their storage) and tokenizes `document`, with `body` for its body.
        mutating func fill(_ document: SearchDocument, body: String) {
            pairs.removeAll(keepingCapacity: true)
            grams.removeAll(keepingCapacity: true)
            words.removeAll(keepingCapacity: true)
            wordIndex.removeAll(keepingCapacity: true)
            position = 0
            add(document.title)
            position = SearchIndexLayout.labelsBase
            for label in document.labels { add(label) }
            position = SearchIndexLayout.bodyBase
            bodyLength = add(body)
        }

        /// Tokenizes `text` in NFKC. Most text needs only full-width forms mapped, scalar by scalar
        /// as they are read; other text is normalised whole first. Making the NFKC string of every
        /// body was a tenth of the step.
        @discardableResult
        mutating func add(_ text: String) -> Int {
            text.isNFKCByWidthMappingOnly ? add(normalized: text, mappingWidth: true) : add(normalized: text.nfkc)
        }

        mutating func wordKey(_ scalars: ArraySlice<Unicode.Scalar>) -> Key {
            let text = SearchTokenizer.string(scalars)
            if let index = wordIndex[text] { return wordTag | Key(index) }
            wordIndex[text] = words.count
            words.append(text)
            return wordTag | Key(words.count - 1)
        }

        /// Tokenizes `text` (already NFKC; with `mappingWidth`, NFKC but for full-width forms) from `position` on, as `SearchTokenizer.runs` does,
        /// adding a unigram for the last scalar of each CJK run of more than one. Returns the tokens made.
        @discardableResult
        mutating func add(normalized text: String, mappingWidth: Bool = false) -> Int {
            var made = 0
            var kind: SearchTokenizer.RunKind?
            scalars.removeAll(keepingCapacity: true)
            func flush() {
                guard let current = kind, !scalars.isEmpty else { return }
                if current == .word {
                    pairs.append((wordKey(scalars[...]), position))
                    position += 2
                    made += 1
                    scalars.removeAll(keepingCapacity: true)
                    return
                }
                let run = scalars.contains { $0.value == 0x30FC } ? SearchTokenizer.foldLongVowels(scalars) : scalars
                if run.count == 1 {
                    pairs.append((unigramTag | Key(run[0].value), position))
                    position += 2
                    made += 1
                } else {
                    for index in 0..<(run.count - 1) {
                        pairs.append((Key(run[index].value) << 21 | Key(run[index + 1].value), position + index))
                    }
                    pairs.append((unigramTag | Key(run[run.count - 1].value), position + run.count - 1))
                    if run.count >= 3 {
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
                let scalar = SearchTokenizer.fold(mappingWidth ? raw.nfkcWidthMapped : raw)
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

    static func chunk(_ documents: ArraySlice<SearchDocument>, bodies: TakeOnceSlots<String>? = nil) -> Chunk {
        var names: [TermName] = [], bodyLengths: [Int] = []
        var cjk = KeyTable<Key>(), words: [String: Int] = [:], gramIDs = KeyTable<GramKey>()
        // What a document has of each term gathers in `scratch` (indexed by term number); its
        // postings go to the log once the document ends, its positions as they come.
        var scratch: [(document: Int, total: Int, title: Int, labels: Int)] = [], touched: [Int] = [], ids: [Int32] = []
        var wordTerms: [Int] = []
        var postings: [Posting] = [], positions: [LoggedPosition] = []
        func growScratch(to count: Int) {
            if scratch.count < count { scratch += repeatElement((document: -1, total: 0, title: 0, labels: 0), count: count - scratch.count) }
        }
        var uncoded: [(title: Int, labels: Int, body: Int)] = []
        func logPostings(_ local: UInt16, bucket: UInt8) {
            for term in touched {
                let (_, total, title, labels) = scratch[term]
                let (head, open, body) = SearchIndexLayout.payloadHead(bucket: bucket, frequency: total, title: title, labels: labels)
                var mark = UInt8(open), extra: UInt32 = 0
                if open == 1, let fits = UInt32(exactly: body) {
                    extra = fits
                } else if open != 0 {
                    // Open 2, or (3) an open body count too large for `extra`.
                    if open == 1 { mark = 3 }
                    extra = UInt32(uncoded.count)
                    uncoded.append((title, labels, body))
                }
                postings.append(Posting(term: Int32(term), document: local, head: head, open: mark, extra: extra))
            }
        }
        var tokens = DocumentTokens()
        for document in documents.indices {
            tokens.fill(documents[document], body: bodies?.take(at: document) ?? documents[document].body)
            bodyLengths.append(tokens.bodyLength)
            let bucket = SearchIndexLayout.lengthBucket(tokens.bodyLength)
            // Numbered from the chunk's first document in the logs.
            let local = UInt16(document - documents.startIndex)
            do {
                // Tokens come in position order, so each term's positions arrive ascending. Only a
                // title or labels longer than their position ranges break the order; those
                // documents are sorted by key and position first.
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
                                    wordTerms[word] = names.count; words[text] = names.count
                                    names.append(.word(text))
                                }
                            }
                            ids[index] = Int32(wordTerms[word])
                        } else {
                            let (found, inserted) = cjk.id(pair.key, next: names.count)
                            if inserted { names.append(.cjk(pair.key)) }
                            ids[index] = Int32(found)
                        }
                    }
                }
                growScratch(to: names.count)
                touched.removeAll(keepingCapacity: true)
                scratch.withUnsafeMutableBufferPointer { scratch in
                    for (pair, id) in zip(pairs, ids.prefix(pairs.count)) {
                        let term = Int(id)
                        if scratch[term].document != document { scratch[term] = (document, 0, 0, 0); touched.append(term) }
                        scratch[term].total += 1
                        if pair.position < SearchIndexLayout.labelsBase { scratch[term].title += 1 } else if pair.position < SearchIndexLayout.bodyBase { scratch[term].labels += 1 }
                        if scratch[term].total <= SearchIndexLayout.positionCap {
                            positions.append(LoggedPosition(term: id, document: local, position: Int32(pair.position)))
                        }
                    }
                }
                logPostings(local, bucket: bucket)
            }
            do {
                // 3- and 4-grams: the same payloads, no positions.
                touched.removeAll(keepingCapacity: true)
                if ids.count < tokens.grams.count { ids = [Int32](repeating: 0, count: tokens.grams.count * 2) }
                ids.withUnsafeMutableBufferPointer { ids in
                    for (index, gram) in tokens.grams.enumerated() {
                        let (term, inserted) = gramIDs.id(gram >> 2, next: names.count)
                        if inserted { names.append(.gram(gram >> 2)) }
                        ids[index] = Int32(term)
                    }
                }
                growScratch(to: names.count)
                scratch.withUnsafeMutableBufferPointer { scratch in
                    for (gram, id) in zip(tokens.grams, ids.prefix(tokens.grams.count)) {
                        let term = Int(id)
                        if scratch[term].document != document { scratch[term] = (document, 0, 0, 0); touched.append(term) }
                        scratch[term].total += 1
                        switch gram & 3 {
                        case 0: scratch[term].title += 1
                        case 1: scratch[term].labels += 1
                        default: break
                        }
                    }
                }
                logPostings(local, bucket: bucket)
            }
        }
        return pack(names: names, bodyLengths: bodyLengths, postings: postings, positions: positions, uncoded: uncoded,
                    base: documents.startIndex)
    }

    /// Sorts a chunk's logs by term (stably: documents and positions stay in order) and writes
    /// each term's part, one after the other, into one buffer.
    private static func pack(names: [TermName], bodyLengths: [Int], postings: consuming [Posting], positions: consuming [LoggedPosition],
                             uncoded: [(title: Int, labels: Int, body: Int)], base: Int) -> Chunk {
        let termCount = names.count
        func sortedByTerm<Element>(_ log: [Element], term: (Element) -> Int32) -> (sorted: [Element], starts: [Int]) {
            var starts = [Int](repeating: 0, count: termCount + 1)
            for element in log { starts[Int(term(element)) + 1] += 1 }
            for index in 0..<termCount { starts[index + 1] += starts[index] }
            var cursor = starts
            let sorted = [Element](unsafeUninitializedCapacity: log.count) { buffer, count in
                cursor.withUnsafeMutableBufferPointer { cursor in
                    for element in log {
                        let index = Int(term(element))
                        (buffer.baseAddress! + cursor[index]).initialize(to: element)
                        cursor[index] += 1
                    }
                }
                count = log.count
            }
            return (sorted, starts)
        }
        // Each log is let go once sorted.
        let (byTerm, postingStarts) = sortedByTerm(consume postings) { $0.term }
        let (positionsByTerm, positionStarts) = sortedByTerm(consume positions) { $0.term }
        var data = ByteStream()
        var firsts = [Int32](repeating: 0, count: termCount), lasts = firsts, counts = firsts
        var offsets: [Int] = []
        offsets.reserveCapacity(3 * termCount + 1)
        for term in 0..<termCount {
            let mine = byTerm[postingStarts[term]..<postingStarts[term + 1]]
            offsets.append(data.count)
            var last = -1
            for posting in mine {
                if last >= 0 { data.appendVarint(Int(posting.document) - last - 1) }
                last = Int(posting.document)
            }
            firsts[term] = Int32(base + Int(mine.first!.document))
            lasts[term] = Int32(base + last)
            counts[term] = Int32(mine.count)
            offsets.append(data.count)
            for posting in mine {
                data.append(posting.head)
                switch posting.open {
                case 0: break
                case 1: data.appendVarint(Int(posting.extra))
                case 3: data.appendVarint(uncoded[Int(posting.extra)].body)
                default:
                    let counts = uncoded[Int(posting.extra)]
                    SearchIndexLayout.appendOpenPart(to: &data, open: 2, title: counts.title, labels: counts.labels, body: counts.body)
                }
            }
            offsets.append(data.count)
            // Each document's first `positionCap` positions, the first from 0, the rest from the one before.
            var previous = (document: UInt16.max, position: Int32(0))
            for logged in positionsByTerm[positionStarts[term]..<positionStarts[term + 1]] {
                if logged.document != previous.document { previous = (logged.document, 0) }
                data.appendVarint(Int(logged.position - previous.position))
                previous.position = logged.position
            }
        }
        offsets.append(data.count)
        let packed = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: max(1, data.count))
        if data.count > 0 { _ = packed.initialize(fromContentsOf: data.bytes) }
        data.release()
        return Chunk(names: names, bodyLengths: bodyLengths, firsts: firsts, lasts: lasts, counts: counts, offsets: offsets, data: packed)
    }

    /// Posting lists of `documents`. The bodies are read from `bodies` when given (each slot is
    /// emptied as it is read), else from the documents. A 3- or 4-gram in fewer than `gramMinimum`
    /// documents is left out (the query engines then fall back to bigrams).
    static func build(_ documents: [SearchDocument], bodies: TakeOnceSlots<String>? = nil, gramMinimum: Int = 1,
                      chunkDocuments: Int = SearchIndexOptions().chunkDocuments) -> Lists {
        // A chunk numbers its documents in 16 bits.
        let size = max(1, min(chunkDocuments, 1 << 16, max(16, documents.count / (ProcessInfo.processInfo.activeProcessorCount * 4) + 1)))
        let starts = Array(stride(from: 0, to: documents.count, by: size))
        let chunks = ParallelMap.map(starts) { start in
            chunk(documents[start..<min(start + size, documents.count)], bodies: bodies)
        }
        // Global terms: each chunk's parts numbered by their term, through the same integer tables
        // as the chunks (words through a dictionary).
        var cjk = KeyTable<Key>(), grams = KeyTable<GramKey>(), words: [String: Int] = [:]
        var names: [TermName] = []
        var partCounts: [Int] = []
        let globalIDs: [[Int32]] = chunks.map { chunk in
            chunk.names.map { name in
                let id: Int, inserted: Bool
                switch name {
                case .cjk(let key): (id, inserted) = cjk.id(key, next: names.count)
                case .gram(let key): (id, inserted) = grams.id(key, next: names.count)
                case .word(let text):
                    if let found = words[text] { (id, inserted) = (found, false) } else { (id, inserted) = (names.count, true); words[text] = id }
                }
                if inserted { names.append(name); partCounts.append(0) }
                partCounts[id] += 1
                return Int32(id)
            }
        }
        if ProcessInfo.processInfo.environment["MINAOSHI_DEBUG_TERMS"] != nil {
            FileHandle.standardError.write(Data("chunks \(chunks.count) parts \(chunks.reduce(0) { $0 + $1.partCount }) terms \(names.count) words \(words.count)\n".utf8))
        }
        var documentCounts = [Int](repeating: 0, count: names.count)
        for (chunk, ids) in zip(chunks, globalIDs) { for (part, id) in ids.enumerated() { documentCounts[Int(id)] += chunk.count(part) } }
        var kept = Array(names.indices)
        if gramMinimum > 1 {
            kept = kept.filter { id in
                guard case .gram = names[id] else { return true }
                return documentCounts[id] >= gramMinimum
            }
        }
        let allNames = names
        let strings = ParallelMap.map(kept) { id -> String in
            switch allNames[id] {
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
        let order = kept.indices.sorted { a, b in
            heads[a] != heads[b] ? heads[a] < heads[b] : units[a].lexicographicallyPrecedes(units[b])
        }
        // Each kept term's parts, in chunk order, laid out in term order.
        var rank = [Int](repeating: -1, count: names.count)
        var lists = Lists()
        lists.refStarts = [Int](repeating: 0, count: order.count + 1)
        for (position, index) in order.enumerated() {
            rank[kept[index]] = position
            lists.refStarts[position + 1] = lists.refStarts[position] + partCounts[kept[index]]
        }
        var cursor = lists.refStarts
        lists.refs = [PartRef](repeating: PartRef(chunk: 0, part: 0), count: lists.refStarts[order.count])
        for (c, ids) in globalIDs.enumerated() {
            for (p, id) in ids.enumerated() {
                let position = rank[Int(id)]
                guard position >= 0 else { continue }
                lists.refs[cursor[position]] = PartRef(chunk: Int32(c), part: Int32(p))
                cursor[position] += 1
            }
        }
        lists.terms = order.map { strings[$0] }
        lists.documentCounts = order.map { documentCounts[kept[$0]] }
        lists.bodyLengths = chunks.flatMap(\.bodyLengths)
        lists.chunks = chunks
        lists.documentTotal = documents.count
        lists.countSizes()
        return lists
    }
}
