import Foundation
import MinaoshiSupport

/// Builds the index's posting lists fast: documents are tokenized once, in parallel chunks,
/// with CJK tokens as integers (two scalars packed in one `UInt64`), so no `String` is made or
/// hashed per token; each chunk writes its own lists (each term's streams in a `SlicePool`, as the
/// documents are read), and the merge only re-encodes the first
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
        /// A key and its number side by side: a probe reads one cache line, not one in each of two arrays.
        struct Entry {
            var key: Key
            var value: Int32
        }
        var entries = [Entry](repeating: Entry(key: 0, value: 0), count: 1 << 12)
        var count = 0

        static func slot(_ key: Key, _ mask: Int) -> Int {
            var hash = UInt64(truncatingIfNeeded: key) &* 0x9E37_79B9_7F4A_7C15
            if Key.bitWidth > 64 { hash ^= UInt64(truncatingIfNeeded: key >> 64) &* 0xC2B2_AE3D_27D4_EB4F }
            hash ^= hash >> 29
            return Int(truncatingIfNeeded: hash) & mask
        }

        /// The number of `key`, or `next` (inserted) if it had none.
        @inline(__always)
        mutating func id(_ key: Key, next: Int) -> (Int, inserted: Bool) {
            let mask = entries.count - 1
            var index = Self.slot(key, mask)
            while entries[index].key != 0 {
                if entries[index].key == key { return (Int(entries[index].value), false) }
                index = (index + 1) & mask
            }
            return (insert(key, at: index, next: next), true)
        }

        /// Adds `key` as number `next` at the empty slot `index` (or, when the table grows, its new
        /// slot). Out of line: most lookups find their key.
        @inline(never)
        private mutating func insert(_ key: Key, at index: Int, next: Int) -> Int {
            var index = index
            if (count + 1) * 2 > entries.count {
                grow()
                let mask = entries.count - 1
                index = Self.slot(key, mask)
                while entries[index].key != 0 { index = (index + 1) & mask }
            }
            entries[index] = Entry(key: key, value: Int32(next))
            count += 1
            return next
        }

        mutating func grow() {
            let old = entries
            entries = [Entry](repeating: Entry(key: 0, value: 0), count: old.count * 2)
            let mask = entries.count - 1
            for entry in old where entry.key != 0 {
                var index = Self.slot(entry.key, mask)
                while entries[index].key != 0 { index = (index + 1) & mask }
                entries[index] = entry
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

    /// What a chunk knows of one term while a document is read: its counts in the document, the
    /// last position stored and the stream of its positions. Each token reads and writes only this.
    struct TermState {
        var document: Int32 = -1
        var total: Int32 = 0, title: Int32 = 0, labels: Int32 = 0
        var position: Int32 = 0
        var positions = SlicePool.Stream()

        @inline(__always)
        mutating func start(_ document: Int32) {
            self.document = document
            (total, title, labels, position) = (0, 0, 0, 0)
        }
    }

    /// A term's postings in a chunk: its first and last document, how many it is in, and the
    /// streams of the gaps between them and of their payloads. Written once per document.
    struct TermPostings {
        var first: Int32 = 0, last: Int32 = 0, count: Int32 = 0
        var gaps = SlicePool.Stream(), payloads = SlicePool.Stream()
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
        /// Plain buffers: as arrays, each of a chunk's millions of appends checked their uniqueness.
        var terms = RawBuffer<TermAt>()
        var grams = RawBuffer<Int32>()
        var position = 0
        var bodyLength = 0
        /// The text being read: NFKC, case-folded (`SearchTokenizer.fold`).
        private var scalars: [Unicode.Scalar] = []

        mutating func release() {
            terms.release()
            grams.release()
        }

        /// Empties the buffers and tokenizes `document`, with `body` for its body.
        mutating func fill(_ document: SearchDocument, body: String, into chunk: inout ChunkTerms) {
            terms.removeAll()
            grams.removeAll()
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
                    let first = Key(terms.elements[bigrams + index - start].term)
                    let three = chunk.gram(1 << 62 | first << 21 | Key(scalars[index + 2].value)) {
                        tag3 | GramKey(scalars[index].value) << 42 | GramKey(scalars[index + 1].value) << 21 | GramKey(scalars[index + 2].value)
                    }
                    grams.append(three << 2 | field)
                    if index + 3 < end {
                        let four = chunk.gram(1 << 63 | first << 31 | Key(terms.elements[bigrams + index + 2 - start].term)) {
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

    /// Slice pools no chunk is using: a chunk's pool grows to megabytes, and fresh memory cost a
    /// page fault per 4 KB each time.
    final class SlicePoolCache: @unchecked Sendable {
        private let lock = NSLock()
        private var idle: [SlicePool] = []

        func take() -> SlicePool {
            lock.withLock { idle.popLast() } ?? SlicePool()
        }

        func give(_ pool: SlicePool) {
            lock.withLock { idle.append(pool) }
        }

        deinit { for index in idle.indices { idle[index].release() } }
    }

    /// Appends to one stream of a pool through `ByteAppending`, so that `SearchIndexLayout`'s
    /// encoders write into a slice as into any byte buffer.
    struct SliceWriter: ByteAppending {
        var pool: SlicePool
        var stream: SlicePool.Stream

        mutating func append(_ byte: UInt8) { pool.append(byte, to: &stream) }
    }

    /// Each term of a chunk has three streams in the chunk's slice pool, written as the documents
    /// are read: the gaps between its documents (the first document is `first`; its gap is written
    /// on merge), their payloads, and their first `positionCap` positions each (the first from 0,
    /// the rest from the one before). 3- and 4-grams have no positions.
    static func chunk(_ documents: ArraySlice<SearchDocument>, bodies: TakeOnceSlots<String>?, slices cache: SlicePoolCache) -> Chunk {
        var bodyLengths: [Int] = []
        var terms = ChunkTerms()
        var states: [TermState] = [], postings: [TermPostings] = []
        // The terms of the document being read, in the order met: a plain buffer, as an array
        // checked its uniqueness on each of a chunk's hundreds of thousands of appends.
        var touched = RawBuffer<Int32>()
        defer { touched.release() }
        var pool = cache.take()
        pool.removeAll()
        func grow(to count: Int) {
            guard states.count < count else { return }
            states += repeatElement(TermState(), count: count - states.count)
            postings += repeatElement(TermPostings(), count: count - postings.count)
        }
        let coder = SearchIndexLayout.PayloadCoder()
        let labelsBase = Int32(SearchIndexLayout.labelsBase), bodyBase = Int32(SearchIndexLayout.bodyBase)
        let positionCap = Int32(SearchIndexLayout.positionCap)
        var tokens = DocumentTokens()
        defer { tokens.release() }
        for document in documents.indices {
            tokens.fill(documents[document], body: bodies?.take(at: document) ?? documents[document].body, into: &terms)
            bodyLengths.append(tokens.bodyLength)
            let bucket = SearchIndexLayout.lengthBucket(tokens.bodyLength)
            // Numbered from the chunk's first document.
            let local = Int32(document - documents.startIndex)
            grow(to: terms.names.count)
            // Tokens come in position order, so each term's positions arrive ascending. Only a
            // title or labels longer than their position ranges break the order; those
            // documents are sorted by term and position first.
            var ordered = true, previous: Int32 = -1
            for token in tokens.terms.elements {
                if token.position < previous { ordered = false; break }
                previous = token.position
            }
            if !ordered { tokens.terms.sort { $0.term != $1.term ? $0.term < $1.term : $0.position < $1.position } }
            touched.removeAll()
            states.withUnsafeMutableBufferPointer { states in
                for token in tokens.terms.elements {
                    let term = Int(token.term)
                    if states[term].document != local { states[term].start(local); touched.append(Int32(term)) }
                    states[term].total += 1
                    if token.position < labelsBase { states[term].title += 1 } else if token.position < bodyBase { states[term].labels += 1 }
                    if states[term].total <= positionCap {
                        pool.appendVarint(Int(token.position - states[term].position), to: &states[term].positions)
                        states[term].position = token.position
                    }
                }
                // 3- and 4-grams: the same payloads, no positions.
                for gram in tokens.grams.elements {
                    let term = Int(gram >> 2), field = gram & 3
                    if states[term].document != local { states[term].start(local); touched.append(Int32(term)) }
                    states[term].total += 1
                    if field == 0 { states[term].title += 1 } else if field == 1 { states[term].labels += 1 }
                }
            }
            // The document's posting of each of its terms: a gap from the term's last document,
            // and the payload.
            postings.withUnsafeMutableBufferPointer { postings in
                for term in touched.elements.lazy.map(Int.init) {
                    let (total, title, labels) = (Int(states[term].total), Int(states[term].title), Int(states[term].labels))
                    if postings[term].count == 0 {
                        postings[term].first = local
                    } else {
                        pool.appendVarint(Int(local - postings[term].last) - 1, to: &postings[term].gaps)
                    }
                    postings[term].last = local
                    postings[term].count += 1
                    let (head, open, body) = coder.head(bucket: bucket, frequency: total, title: title, labels: labels)
                    pool.append(head, to: &postings[term].payloads)
                    if open != 0 {
                        var writer = SliceWriter(pool: pool, stream: postings[term].payloads)
                        SearchIndexLayout.appendOpenPart(to: &writer, open: open, title: title, labels: labels, body: body)
                        (pool, postings[term].payloads) = (writer.pool, writer.stream)
                    }
                }
            }
        }
        defer { cache.give(pool) }
        return pack(names: terms.names, bodyLengths: bodyLengths, states: states, postings: postings, pool: pool, base: documents.startIndex)
    }

    /// Copies each term's three streams, one after the other, into one buffer of the chunk's size.
    private static func pack(names: [TermName], bodyLengths: [Int], states: [TermState], postings: [TermPostings],
                             pool: SlicePool, base: Int) -> Chunk {
        let termCount = names.count
        var data = ByteStream()
        var firsts = [Int32](repeating: 0, count: termCount), lasts = firsts, counts = firsts
        var offsets: [Int] = []
        offsets.reserveCapacity(3 * termCount + 1)
        func copy(_ stream: SlicePool.Stream) {
            offsets.append(data.count)
            pool.forEachRun(of: stream) { data.append(contentsOf: $0) }
        }
        for term in 0..<termCount {
            copy(postings[term].gaps)
            copy(postings[term].payloads)
            copy(states[term].positions)
            firsts[term] = Int32(base) + postings[term].first
            lasts[term] = Int32(base) + postings[term].last
            counts[term] = postings[term].count
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
        let size = max(1, min(chunkDocuments, max(16, documents.count / (ProcessInfo.processInfo.activeProcessorCount * 4) + 1)))
        let ranges = chunkRanges(count: documents.count, size: size)
        let cache = SlicePoolCache()
        let chunks = ParallelMap.map(ranges) { range in
            chunk(documents[range], bodies: bodies, slices: cache)
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
