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
    static func split(
        _ list: [UInt8], documents count: Int, total: Int, averageBodyLength: Double, size: Int
    ) -> (entry: [UInt8], tail: [UInt8]) {
        var reader = ByteReader(list)
        var documents: [Int] = []
        documents.reserveCapacity(count)
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
        payloads.reserveCapacity(count)
        weights.reserveCapacity(count)
        for _ in documents {
            let start = reader.offset
            let (bucket, title, labels, body) = SearchIndexLayout.readPayload(&reader, codes: codes)
            payloads.append(start..<reader.offset)
            weights.append(
                SearchIndexLayout.weightedFrequency(
                    fields: [title, labels, body], length: SearchIndexLayout.lengths[bucket],
                    averageBodyLength: averageBodyLength))
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
