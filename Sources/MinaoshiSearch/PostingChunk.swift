import MinaoshiSupport

extension PostingBuilder {
    /// One chunk's terms and their parts, packed in one buffer: for each part (a term's postings
    /// in this chunk) the gaps between its documents (the first document is `first`; its gap is
    /// written on merge), their payloads, their positions. Immutable once made, so it can be read
    /// from every thread. A part costs a few integers beside its bytes: with a stream per part,
    /// the many terms found in one or two documents cost far more than their postings.
    // @unchecked: its buffer is written in `pack`, before the chunk is shared, and only read after.
    final class Chunk: @unchecked Sendable {
        let names: [TermName]
        let bodyLengths: [Int]
        /// Per part: its first and last document and how many it has.
        let firsts: [Int32], lasts: [Int32], counts: [Int32]
        /// Per part, three offsets into `data` (gaps, payloads, positions), and one final end.
        let offsets: [Int]
        let data: UnsafeBufferPointer<UInt8>
        /// What holds `data` when the chunk does not own it (a cached chunk's bytes, read in place).
        private let owner: SharedBytes?

        /// A chunk that owns `data` (allocated for it), or whose `data` lies in `owner`'s bytes.
        init(
            names: [TermName], bodyLengths: [Int], firsts: [Int32], lasts: [Int32], counts: [Int32],
            offsets: [Int], data: UnsafeBufferPointer<UInt8>, owner: SharedBytes? = nil
        ) {
            self.names = names
            self.bodyLengths = bodyLengths
            self.firsts = firsts
            self.lasts = lasts
            self.counts = counts
            self.offsets = offsets
            self.data = data
            self.owner = owner
        }

        deinit { if owner == nil { data.deallocate() } }

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

    /// Each term of a chunk has three streams in the chunk's slice pool, written as the documents
    /// are read: the gaps between its documents (the first document is `first`; its gap is written
    /// on merge), their payloads, and their first `positionCap` positions each (the first from 0,
    /// the rest from the one before). 3- and 4-grams have no positions.
    static func chunk(
        _ documents: ArraySlice<SearchDocument>, bodies: TakeOnceSlots<String>?, phrases: PhraseTable = PhraseTable(),
        slices cache: SlicePoolCache
    ) -> Chunk {
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
        var tokens = IndexTokenizer()
        tokens.phrases = phrases
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
                    if token.position < labelsBase {
                        states[term].title += 1
                    } else if token.position < bodyBase {
                        states[term].labels += 1
                    }
                    if states[term].total <= positionCap {
                        pool.appendVarint(Int(token.position - states[term].position), to: &states[term].positions)
                        states[term].position = token.position
                    }
                }
                // 3- and 4-grams and phrases: the same payloads, no positions.
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
                    let (total, title, labels) = (
                        Int(states[term].total), Int(states[term].title), Int(states[term].labels)
                    )
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
                        SearchIndexLayout.appendOpenPart(
                            to: &writer, open: open, title: title, labels: labels, body: body)
                        (pool, postings[term].payloads) = (writer.pool, writer.stream)
                    }
                }
            }
        }
        defer { cache.give(pool) }
        return pack(
            names: terms.names, bodyLengths: bodyLengths, states: states, postings: postings, pool: pool,
            base: documents.startIndex)
    }

    /// Copies each term's three streams, one after the other, into one buffer of the chunk's size.
    private static func pack(
        names: [TermName], bodyLengths: [Int], states: [TermState], postings: [TermPostings],
        pool: SlicePool, base: Int
    ) -> Chunk {
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
        return Chunk(
            names: names, bodyLengths: bodyLengths, firsts: firsts, lasts: lasts, counts: counts, offsets: offsets,
            data: UnsafeBufferPointer(packed))
    }
}
