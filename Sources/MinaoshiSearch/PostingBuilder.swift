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
    /// A CJK token as an integer: a bigram `a << 21 | b`, a unigram `1 << 42 | a`. Words are
    /// looked up by their text.
    typealias Key = UInt64
    // Computed, so that they fold to constants: a stored `static let` is a lazy global, reached
    // through a `swift_once` on every token.
    static var unigramTag: Key { 1 << 42 }
    /// A CJK 3-gram `tag3 | a << 42 | b << 21 | c`, a 4-gram `tag4 | a << 63 | b << 42 | c << 21 | d`.
    typealias GramKey = UInt128
    static var tag3: GramKey { 1 << 120 }
    static var tag4: GramKey { 1 << 121 }

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
    /// A logged record, sorted by its term when the chunk is packed.
    protocol TermRecord: BitwiseCopyable { var term: Int32 { get } }

    struct Posting: TermRecord {
        var term: Int32
        var document: UInt16
        var head: UInt8
        var open: UInt8
        var extra: UInt32
    }

    /// One occurrence of a 3- or 4-gram in a document (counted from the chunk's first): `field`
    /// 0 title, 1 labels, 2 body. Grams are most of a chunk's postings, and their occurrences are
    /// logged as they are, not counted per document first: sorted by term, a document's
    /// occurrences of a gram are next to each other, and the pack step counts them there.
    struct GramOccurrence: TermRecord {
        var term: Int32
        var document: UInt16
        var field: UInt8
    }

    /// A stored position of one term in one document (counted from the chunk's first), in the
    /// order the chunk's documents gave them.
    struct LoggedPosition: TermRecord {
        var term: Int32
        var document: UInt16
        var position: Int32
    }

    /// A chunk's terms: each token key gets its term number the first time the chunk sees it.
    struct ChunkTerms {
        var names: [TermName] = []
        private var cjk = KeyTable<Key>(), grams = KeyTable<Key>(), asciiWords = KeyTable<Key>(), words: [String: Int32] = [:]

        @inline(__always)
        mutating func cjk(_ key: Key) -> Int32 {
            let (id, inserted) = cjk.id(key, next: names.count)
            if inserted { names.append(.cjk(key)) }
            return Int32(id)
        }

        /// The term of a 3-gram (its first bigram's term and its last scalar) or a 4-gram (its two
        /// bigrams' terms), found by a 64-bit key made of this chunk's term numbers: cheaper to
        /// hash and compare than the 128-bit key of the scalars, which is made only for a new one
        /// (the merge finds a gram in every chunk by that).
        @inline(__always)
        mutating func gram(_ key: Key, _ name: () -> GramKey) -> Int32 {
            let (id, inserted) = grams.id(key, next: names.count)
            if inserted { names.append(.gram(name())) }
            return Int32(id)
        }

        /// The term of a word. One of up to eight ASCII letters and digits (most words: numbers,
        /// `ai`, `iot`) is found by its bytes packed in an integer, with no `String` made unless it
        /// is new: making one per word was 2% of a build. Other words go by their text.
        mutating func word(_ scalars: ArraySlice<Unicode.Scalar>) -> Int32 {
            if scalars.count <= 8, scalars.allSatisfy({ $0.isASCII }) {
                // Word scalars are never 0, so words of different lengths never share a key.
                let key = scalars.reduce(Key(0)) { $0 << 8 | Key($1.value) }
                let (id, inserted) = asciiWords.id(key, next: names.count)
                if inserted { names.append(.word(String(decoding: scalars.map { UInt8($0.value) }, as: UTF8.self))) }
                return Int32(id)
            }
            var bytes: [UInt8] = []
            for scalar in scalars { UTF8.encode(scalar) { bytes.append($0) } }
            let text = String(decoding: bytes, as: UTF8.self)
            if let found = words[text] { return found }
            let id = Int32(names.count)
            words[text] = id
            names.append(.word(text))
            return id
        }
    }

    /// One term at one position of a document.
    struct TermAt {
        var term: Int32
        var position: Int32
    }

    /// One document's tokens as term numbers: terms with positions (bigrams, unigrams, words), and
    /// 3- and 4-grams (`term << 2 | field`, 0 title, 1 labels, 2 body) without. The buffers keep
    /// their storage from one document to the next.
    struct DocumentTokens {
        var terms: [TermAt] = []
        var grams: [Int32] = []
        var position = 0
        var bodyLength = 0
        /// The text being read: NFKC, case-folded (`SearchTokenizer.fold`).
        private var scalars: [Unicode.Scalar] = []

        /// Empties the buffers and tokenizes `document`, with `body` for its body.
        mutating func fill(_ document: SearchDocument, body: String, into chunk: inout ChunkTerms) {
            terms.removeAll(keepingCapacity: true)
            grams.removeAll(keepingCapacity: true)
            position = 0
            add(document.title, into: &chunk)
            position = SearchIndexLayout.labelsBase
            for label in document.labels { add(label, into: &chunk) }
            position = SearchIndexLayout.bodyBase
            bodyLength = add(body, into: &chunk)
        }

        /// Tokenizes `text` in NFKC from `position` on, as `SearchTokenizer.runs` does, adding a
        /// unigram for the last scalar of each CJK run of more than one. Returns the tokens made.
        @discardableResult
        mutating func add(_ text: String, into chunk: inout ChunkTerms) -> Int {
            let count = read(text, mappingWidth: true) ?? read(text.nfkc, mappingWidth: false)!
            return tokenize(count, into: &chunk)
        }

        /// Reads `text` into `scalars`, case-folded, and returns how many there are. With
        /// `mappingWidth` each scalar is mapped as NFKC maps it alone; nil when one needs the text
        /// around it (`Unicode.Scalar.nfkcAlone`), and the caller reads the NFKC string instead.
        /// Making the NFKC string of every body was a tenth of the step.
        private mutating func read(_ text: String, mappingWidth: Bool) -> Int? {
            let capacity = text.utf8.count
            if scalars.count < capacity { scalars = [Unicode.Scalar](repeating: " ", count: max(capacity, 2 * scalars.count)) }
            return scalars.withUnsafeMutableBufferPointer { buffer -> Int? in
                var count = 0
                for raw in text.unicodeScalars {
                    // Kanji and kana (most of a Japanese text) are their own NFKC and case fold.
                    if SearchTokenizer.isCommonCJK(raw) {
                        buffer[count] = raw
                        count += 1
                        continue
                    }
                    var scalar = raw
                    if mappingWidth {
                        guard let mapped = raw.nfkcAlone else { return nil }
                        scalar = mapped
                    }
                    buffer[count] = SearchTokenizer.fold(scalar)
                    count += 1
                }
                return count
            }
        }

        /// The runs of `scalars[..<count]` as tokens (see `SearchTokenizer`).
        private mutating func tokenize(_ count: Int, into chunk: inout ChunkTerms) -> Int {
            var made = 0, start = 0, kind: SearchTokenizer.RunKind?
            for index in 0...count {
                let next = index < count ? SearchTokenizer.classify(scalars[index]) : nil
                if index < count, next == kind { continue }
                switch kind {
                case .word?:
                    terms.append(TermAt(term: chunk.word(scalars[start..<index]), position: Int32(position)))
                    position += 2
                    made += 1
                case .cjk?:
                    made += cjkRun(start, index, into: &chunk)
                case nil:
                    break
                }
                kind = next
                start = index
            }
            return made
        }

        /// Tokens of the CJK run `scalars[start..<end]`, its long-vowel marks folded first.
        private mutating func cjkRun(_ start: Int, _ end: Int, into chunk: inout ChunkTerms) -> Int {
            var end = end
            if scalars[start..<end].contains(where: { $0.value == 0x30FC }) { end = SearchTokenizer.foldLongVowels(in: &scalars, start..<end) }
            let run = end - start
            if run == 1 {
                terms.append(TermAt(term: chunk.cjk(unigramTag | Key(scalars[start].value)), position: Int32(position)))
                position += 2
                return 1
            }
            let bigrams = terms.count  // the run's bigram terms start here
            for index in start..<(end - 1) {
                let key = Key(scalars[index].value) << 21 | Key(scalars[index + 1].value)
                terms.append(TermAt(term: chunk.cjk(key), position: Int32(position + index - start)))
            }
            terms.append(TermAt(term: chunk.cjk(unigramTag | Key(scalars[end - 1].value)), position: Int32(position + run - 1)))
            if run >= 3 {
                let field = Int32(SearchIndexLayout.field(position))
                for index in start..<(end - 2) {
                    // Chunk term numbers are below 2^31 and scalars below 2^21, so the fields never overlap.
                    let first = Key(terms[bigrams + index - start].term)
                    let three = chunk.gram(1 << 62 | first << 21 | Key(scalars[index + 2].value)) {
                        tag3 | GramKey(scalars[index].value) << 42 | GramKey(scalars[index + 1].value) << 21 | GramKey(scalars[index + 2].value)
                    }
                    grams.append(three << 2 | field)
                    if index + 3 < end {
                        let four = chunk.gram(1 << 63 | first << 31 | Key(terms[bigrams + index + 2 - start].term)) {
                            tag4 | GramKey(scalars[index].value) << 63 | GramKey(scalars[index + 1].value) << 42
                                | GramKey(scalars[index + 2].value) << 21 | GramKey(scalars[index + 3].value)
                        }
                        grams.append(four << 2 | field)
                    }
                }
            }
            position += run
            return run - 1
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

    /// A chunk's logs and their sorted copies, tens of megabytes: kept from one chunk to the next
    /// (one set per chunk in progress), as fresh memory cost a page fault per 4 KB each time.
    struct ChunkLogs {
        var postings = RawLog<Posting>(), positions = RawLog<LoggedPosition>(), grams = RawLog<GramOccurrence>()
        var sortedPostings = RawLog<Posting>(), sortedPositions = RawLog<LoggedPosition>(), sortedGrams = RawLog<GramOccurrence>()

        mutating func release() {
            postings.release(); positions.release(); grams.release()
            sortedPostings.release(); sortedPositions.release(); sortedGrams.release()
        }
    }

    /// The logs no chunk is using.
    final class ChunkLogPool: @unchecked Sendable {
        private let lock = NSLock()
        private var idle: [ChunkLogs] = []

        func take() -> ChunkLogs {
            lock.lock()
            defer { lock.unlock() }
            return idle.popLast() ?? ChunkLogs()
        }

        func give(_ logs: ChunkLogs) {
            lock.lock()
            defer { lock.unlock() }
            idle.append(logs)
        }

        deinit { for index in idle.indices { idle[index].release() } }
    }

    static func chunk(_ documents: ArraySlice<SearchDocument>, bodies: TakeOnceSlots<String>?, logs pool: ChunkLogPool) -> Chunk {
        var bodyLengths: [Int] = []
        var terms = ChunkTerms()
        // What a document has of each term gathers in `scratch` (indexed by term number); its
        // postings go to the log once the document ends, its positions as they come.
        var scratch: [(document: Int32, total: Int32, title: Int32, labels: Int32)] = [], touched: [Int] = []
        var logs = pool.take()
        logs.postings.removeAll()
        logs.positions.removeAll()
        logs.grams.removeAll()
        func growScratch(to count: Int) {
            if scratch.count < count { scratch += repeatElement((document: -1, total: 0, title: 0, labels: 0), count: count - scratch.count) }
        }
        var uncoded: [(title: Int, labels: Int, body: Int)] = []
        let coder = SearchIndexLayout.PayloadCoder()
        func logPostings(_ local: UInt16, bucket: UInt8) {
            for term in touched {
                let (_, total, title, labels) = scratch[term]
                let (head, open, body) = coder.head(bucket: bucket, frequency: Int(total), title: Int(title), labels: Int(labels))
                var mark = UInt8(open), extra: UInt32 = 0
                if open == 1, let fits = UInt32(exactly: body) {
                    extra = fits
                } else if open != 0 {
                    // Open 2, or (3) an open body count too large for `extra`.
                    if open == 1 { mark = 3 }
                    extra = UInt32(uncoded.count)
                    uncoded.append((Int(title), Int(labels), body))
                }
                logs.postings.append(Posting(term: Int32(term), document: local, head: head, open: mark, extra: extra))
            }
        }
        let labelsBase = Int32(SearchIndexLayout.labelsBase), bodyBase = Int32(SearchIndexLayout.bodyBase)
        let positionCap = Int32(SearchIndexLayout.positionCap)
        var tokens = DocumentTokens()
        for document in documents.indices {
            tokens.fill(documents[document], body: bodies?.take(at: document) ?? documents[document].body, into: &terms)
            bodyLengths.append(tokens.bodyLength)
            let bucket = SearchIndexLayout.lengthBucket(tokens.bodyLength)
            // Numbered from the chunk's first document in the logs.
            let local = UInt16(document - documents.startIndex), mark = Int32(document - documents.startIndex)
            growScratch(to: terms.names.count)
            do {
                // Tokens come in position order, so each term's positions arrive ascending. Only a
                // title or labels longer than their position ranges break the order; those
                // documents are sorted by term and position first.
                var ordered = true, previous: Int32 = -1
                for token in tokens.terms {
                    if token.position < previous { ordered = false; break }
                    previous = token.position
                }
                if !ordered { tokens.terms.sort { $0.term != $1.term ? $0.term < $1.term : $0.position < $1.position } }
                touched.removeAll(keepingCapacity: true)
                scratch.withUnsafeMutableBufferPointer { scratch in
                    for token in tokens.terms {
                        let term = Int(token.term)
                        if scratch[term].document != mark { scratch[term] = (mark, 0, 0, 0); touched.append(term) }
                        scratch[term].total += 1
                        if token.position < labelsBase { scratch[term].title += 1 } else if token.position < bodyBase { scratch[term].labels += 1 }
                        if scratch[term].total <= positionCap {
                            logs.positions.append(LoggedPosition(term: token.term, document: local, position: token.position))
                        }
                    }
                }
                logPostings(local, bucket: bucket)
            }
            // 3- and 4-grams: the same payloads, no positions; counted when the chunk is packed.
            // Appended through a local copy of the log (a plain value, put back after): `logs` is
            // captured by `logPostings`, so an append through it may be checked for exclusive access.
            var grams = logs.grams
            for gram in tokens.grams {
                grams.append(GramOccurrence(term: gram >> 2, document: local, field: UInt8(gram & 3)))
            }
            logs.grams = grams
        }
        defer { pool.give(logs) }
        return pack(names: terms.names, bodyLengths: bodyLengths, logs: &logs, uncoded: uncoded, base: documents.startIndex)
    }

    /// `log`'s records sorted by term into `sorted` (a stable counting sort); returns where each term starts.
    @inline(__always)
    private static func sort<Record: TermRecord>(_ log: UnsafeBufferPointer<Record>, termCount: Int, into sorted: inout RawLog<Record>) -> [Int] {
        var starts = [Int](repeating: 0, count: termCount + 1)
        starts.withUnsafeMutableBufferPointer { starts in
            for record in log { starts[Int(record.term) + 1] += 1 }
            for index in 0..<termCount { starts[index + 1] += starts[index] }
        }
        var cursor = starts
        sorted.resize(uninitialized: log.count) { buffer in
            cursor.withUnsafeMutableBufferPointer { cursor in
                for record in log {
                    let index = Int(record.term)
                    (buffer + cursor[index]).initialize(to: record)
                    cursor[index] += 1
                }
            }
        }
        return starts
    }

    /// Sorts a chunk's logs by term (stably: documents and positions stay in order) and writes
    /// each term's part, one after the other, into one buffer.
    private static func pack(names: [TermName], bodyLengths: [Int], logs: inout ChunkLogs,
                             uncoded: [(title: Int, labels: Int, body: Int)], base: Int) -> Chunk {
        let termCount = names.count
        let postingStarts = sort(logs.postings.elements, termCount: termCount, into: &logs.sortedPostings)
        let positionStarts = sort(logs.positions.elements, termCount: termCount, into: &logs.sortedPositions)
        let gramStarts = sort(logs.grams.elements, termCount: termCount, into: &logs.sortedGrams)
        let byTerm = logs.sortedPostings.elements, positionsByTerm = logs.sortedPositions.elements
        let gramsByTerm = logs.sortedGrams.elements
        let coder = SearchIndexLayout.PayloadCoder()
        let buckets = bodyLengths.map(SearchIndexLayout.lengthBucket)
        var data = ByteStream(), payloads = ByteStream()
        defer { payloads.release() }
        var firsts = [Int32](repeating: 0, count: termCount), lasts = firsts, counts = firsts
        var offsets: [Int] = []
        offsets.reserveCapacity(3 * termCount + 1)
        for term in 0..<termCount {
            let mine = byTerm[postingStarts[term]..<postingStarts[term + 1]]
            if mine.isEmpty {
                // A 3- or 4-gram: its postings are its runs of occurrences in one document. The gaps
                // go to `data` and the payloads to `payloads`, appended after them, in one pass.
                offsets.append(data.count)
                payloads.removeAll()
                let occurrences = gramsByTerm.baseAddress.unsafelyUnwrapped
                var index = gramStarts[term], last = -1, documents: Int32 = 0
                let end = gramStarts[term + 1]
                firsts[term] = Int32(base + Int(occurrences[index].document))
                while index < end {
                    let document = occurrences[index].document
                    var total = 0, title = 0, labels = 0
                    repeat {
                        total += 1
                        let field = occurrences[index].field
                        if field != 2 { if field == 0 { title += 1 } else { labels += 1 } }
                        index += 1
                    } while index < end && occurrences[index].document == document
                    if last >= 0 { data.appendVarint(Int(document) - last - 1) }
                    last = Int(document)
                    documents += 1
                    let (head, open, body) = coder.head(bucket: buckets[Int(document)], frequency: total, title: title, labels: labels)
                    payloads.append(head)
                    if open != 0 { SearchIndexLayout.appendOpenPart(to: &payloads, open: open, title: title, labels: labels, body: body) }
                }
                lasts[term] = Int32(base + last)
                counts[term] = documents
                offsets.append(data.count)
                data.append(contentsOf: payloads.elements)
                offsets.append(data.count)
                continue
            }
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
        if data.count > 0 { _ = packed.initialize(fromContentsOf: data.elements) }
        data.release()
        return Chunk(names: names, bodyLengths: bodyLengths, firsts: firsts, lasts: lasts, counts: counts, offsets: offsets, data: packed)
    }

    /// The chunks of `count` documents: `size` each, but the last two chunks' worth is cut in
    /// eight. The cores take chunks as they finish one; with equal chunks the last one often ran
    /// alone (tens of milliseconds with the other core idle, at 10k documents), and smaller ones
    /// at the end even the finish out. Where chunks are cut never changes the lists.
    static func chunkRanges(count: Int, size: Int) -> [Range<Int>] {
        guard count > 0 else { return [] }
        let tail = count > 4 * size ? 2 * size + (count % size) : 0
        var ranges = stride(from: 0, to: count - tail, by: size).map { $0..<min($0 + size, count - tail) }
        if tail > 0 {
            let piece = max(1, (tail + 7) / 8)
            ranges += stride(from: count - tail, to: count, by: piece).map { $0..<min($0 + piece, count) }
        }
        return ranges
    }

    /// Posting lists of `documents`. The bodies are read from `bodies` when given (each slot is
    /// emptied as it is read), else from the documents. A 3- or 4-gram in fewer than `gramMinimum`
    /// documents is left out (the query engines then fall back to bigrams).
    static func build(_ documents: [SearchDocument], bodies: TakeOnceSlots<String>? = nil, gramMinimum: Int = 1,
                      chunkDocuments: Int = SearchIndexOptions().chunkDocuments) -> Lists {
        // A chunk numbers its documents in 16 bits.
        let size = max(1, min(chunkDocuments, 1 << 16, max(16, documents.count / (ProcessInfo.processInfo.activeProcessorCount * 4) + 1)))
        let ranges = chunkRanges(count: documents.count, size: size)
        let pool = ChunkLogPool()
        let chunks = ParallelMap.map(ranges) { range in
            chunk(documents[range], bodies: bodies, logs: pool)
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
