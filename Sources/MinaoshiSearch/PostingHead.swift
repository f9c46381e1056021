/// A frequent term's list cut in two (format 9): its shard keeps the documents (bitmap or gaps, as
/// in any list) and a head, the `size` best documents by the term's own weight with their payloads
/// and the payload of the best document left out; the payloads of every document go to a tail file
/// of its own (`t<shard>-<k>`, the shard's k-th cut list), read only when the head cannot answer. At 100,000 documents
/// 目視's list was a 12.5 KB bitmap and 78 KB of payloads, one byte per document: the head is the
/// bitmap and under a kilobyte.
///
/// The head, after the documents: `varint(size)`, the head's documents as varint gaps (document
/// order, the first from -1), their payloads in that order, then the left-out best's payload. A
/// document's weight is BM25F's weighted frequency at the index's average body length
/// (`SearchIndexLayout.weightedFrequency`), best first, ties to the lower document; so every
/// document outside the head weighs at most what the left-out best weighs, which is the bound the
/// engines rank the rest with (`SearchIndex.rank`, `rank` in `engine.js`).
enum PostingHead {
    /// Whether a list of `documents` documents is cut, with heads of `size`: only when more than
    /// `minimum` documents have it, so the head saves what it costs.
    static func isCut(documents: Int, size: Int, minimum: Int) -> Bool { size > 0 && documents > max(size, minimum) }

    /// `list` (documents, then payloads, as `PostingBuilder.Lists.appendPostings` writes it) as
    /// its shard entry (documents and head) and its tail (the payloads).
    ///
    /// At 100,000 generated documents 3,482 lists are cut, 40,000 documents each on average, so this
    /// runs over about 140 million postings. It keeps only the `size + 1` best in a heap (a posting
    /// below the heap's worst costs one comparison) where sorting every document cost 15 comparisons
    /// each; it weighs a one-byte payload once per distinct byte, not once per posting; and it reads
    /// a bitmap a word at a time. `PostingHeadTests.theSplitEqualsSortingEveryDocument` holds it to
    /// the sort of every document it replaced.
    static func split(
        _ list: [UInt8], documents count: Int, total: Int, averageBodyLength: Double, size: Int
    ) -> (entry: [UInt8], tail: [UInt8]) {
        let (documents, payloadsStart) = Self.documents(list, count: count, total: total)
        // Per document, where its payload starts (and, one past the last, where the payloads end).
        var starts = [Int](repeating: 0, count: count + 1)
        var weights = [Double](repeating: 0, count: count)
        let weight = Weigher(averageBodyLength: averageBodyLength)
        var reader = ByteReader(list)
        reader.offset = payloadsStart
        for index in 0..<count {
            starts[index] = reader.offset
            weights[index] = weight(&reader)
        }
        starts[count] = reader.offset
        let kept = best(size + 1, of: weights)
        // The worst of the `size + 1` best is the best left out; the rest are the head.
        let leftOut = kept[0]
        let head = kept.dropFirst().sorted()
        var entry = Array(list[..<payloadsStart])
        entry.appendVarint(head.count)
        var last = -1
        for k in head { entry.appendVarint(documents[k] - last - 1); last = documents[k] }
        for k in head { entry.append(contentsOf: list[starts[k]..<starts[k + 1]]) }
        entry.append(contentsOf: list[starts[leftOut]..<starts[leftOut + 1]])
        return (entry, Array(list[payloadsStart...]))
    }

    /// The list's documents, from its bitmap (a word at a time) or its gaps, and where its payloads start.
    static func documents(_ list: [UInt8], count: Int, total: Int) -> (documents: [Int], payloadsStart: Int) {
        var documents: [Int] = []
        documents.reserveCapacity(count)
        guard SearchIndexLayout.isBitmap(documents: count, of: total) else {
            var reader = ByteReader(list)
            var document = -1
            for _ in 0..<count { document += reader.varint() + 1; documents.append(document) }
            return (documents, reader.offset)
        }
        let bytes = (total + 7) / 8
        var base = 0
        while base < bytes {
            var word: UInt64 = 0
            for byte in 0..<min(8, bytes - base) { word |= UInt64(list[base + byte]) << (8 * UInt64(byte)) }
            while word != 0 {
                documents.append(base * 8 + word.trailingZeroBitCount)
                word &= word - 1
            }
            base += 8
        }
        return (documents, bytes)
    }

    /// The indices of the `count` best of `weights` (heavier first, ties to the lower index), the
    /// worst of them first and the rest in no order: a heap whose root is the worst kept.
    static func best(_ count: Int, of weights: [Double]) -> [Int] {
        // `a` ranks below `b`.
        func below(_ a: Int, _ b: Int) -> Bool { weights[a] != weights[b] ? weights[a] < weights[b] : a > b }
        var heap: [Int] = []
        heap.reserveCapacity(count)
        func siftDown(_ start: Int) {
            var parent = start
            while true {
                let left = 2 * parent + 1, right = left + 1
                var lowest = parent
                if left < heap.count, below(heap[left], heap[lowest]) { lowest = left }
                if right < heap.count, below(heap[right], heap[lowest]) { lowest = right }
                if lowest == parent { return }
                heap.swapAt(parent, lowest)
                parent = lowest
            }
        }
        for index in weights.indices {
            if heap.count < count {
                heap.append(index)
                var child = heap.count - 1
                while child > 0, below(heap[child], heap[(child - 1) / 2]) {
                    heap.swapAt(child, (child - 1) / 2)
                    child = (child - 1) / 2
                }
            } else if count > 0, below(heap[0], index) {
                heap[0] = index
                siftDown(0)
            }
        }
        return heap
    }

    /// A payload's weight, read from `reader` (`SearchIndexLayout.readPayload`): a payload that is
    /// its head byte alone is weighed once per byte value, the others as they come.
    struct Weigher {
        private let averageBodyLength: Double
        private let codes = SearchIndexLayout.payloads.map { [$0.title, $0.labels, $0.body, $0.open] }
        private let lengths = SearchIndexLayout.lengths
        /// Per head byte whose code leaves nothing open, its weight.
        private let single: [Double]

        init(averageBodyLength: Double) {
            self.averageBodyLength = averageBodyLength
            let (codes, lengths) = (self.codes, self.lengths)
            single = (0..<256).map { head in
                let code = codes[head >> 4]
                return SearchIndexLayout.weightedFrequency(
                    title: code[0], labels: code[1], body: code[2], length: lengths[head & 0x0F],
                    averageBodyLength: averageBodyLength)
            }
        }

        @inline(__always)
        func callAsFunction(_ reader: inout ByteReader) -> Double {
            let head = Int(reader.bytes[reader.offset])
            guard codes[head >> 4][3] != 0 else { reader.offset += 1; return single[head] }
            let (bucket, title, labels, body) = SearchIndexLayout.readPayload(&reader, codes: codes)
            return SearchIndexLayout.weightedFrequency(
                title: title, labels: labels, body: body, length: lengths[bucket], averageBodyLength: averageBodyLength)
        }
    }
}
