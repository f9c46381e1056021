import MinaoshiSupport

/// The facet counts of frequent terms, worked out at build time (format 10): for a term in at
/// least `SearchIndexOptions.countMinimumDocuments` documents, how many of its documents have each
/// value of each key. A shard with such terms has a counts file beside it (`n` and the shard's
/// name: `ns3.<hash>.bin`), holding per such term, in the shard's order, its entry's byte count
/// then one varint count per value of every key (keys and values in the manifest's order). A
/// query of that one term without a filter matches exactly the term's documents, so its counts
/// are the entry: both engines read it instead of every key's facet file (`facetCounts`), and
/// the agreement tests hold it to the counts the facet files give.
struct TermFacetCounts: Sendable {
    /// Each document's values, numbered across the keys (`first[key] + value`): the values of
    /// document `d` are `values[starts[d]..<starts[d + 1]]`.
    private let starts: [Int32]
    private let values: [Int32]
    private let valueTotal: Int

    /// `rows[document][key]`: the document's value indices of each key, each once;
    /// `valueCounts[key]`: how many values the key has.
    init(rows: [[[Int]]], valueCounts: [Int]) {
        var first: [Int] = [], total = 0
        for count in valueCounts {
            first.append(total)
            total += count
        }
        var starts: [Int32] = [0], values: [Int32] = []
        starts.reserveCapacity(rows.count + 1)
        for row in rows {
            for (key, keyValues) in row.enumerated() {
                for value in keyValues { values.append(Int32(first[key] + value)) }
            }
            starts.append(Int32(values.count))
        }
        self.starts = starts
        self.values = values
        valueTotal = total
    }

    /// The counts of `term`'s documents, one per value of every key, in the manifest's order.
    func counts(of term: Int, in lists: PostingBuilder.Lists) -> [Int] {
        var counts = [Int](repeating: 0, count: valueTotal)
        starts.withUnsafeBufferPointer { starts in
            values.withUnsafeBufferPointer { values in
                counts.withUnsafeMutableBufferPointer { counts in
                    lists.forEachDocument(of: term) { document in
                        for k in Int(starts[document])..<Int(starts[document + 1]) { counts[Int(values[k])] += 1 }
                    }
                }
            }
        }
        return counts
    }

    /// The counts file of `terms` (a shard's counted terms, in its order).
    func file(_ terms: [Int], _ lists: PostingBuilder.Lists) -> [UInt8] {
        var file = ByteWriter()
        for term in terms {
            var entry = ByteWriter()
            for count in counts(of: term, in: lists) { entry.varint(count) }
            file.varint(entry.bytes.count)
            file.append(entry.bytes)
        }
        return file.bytes
    }

    /// Entry `ordinal` of a counts file, split by key (`valueCounts[key]` values each), each count
    /// held to `0...documents` (the list's document count): a file from another site is read as
    /// data, and a damaged one gives wrong counts, never a crash.
    static func entry(_ ordinal: Int, of file: [UInt8], valueCounts: [Int], documents: Int) -> [[Int]] {
        var reader = ByteReader(file)
        for _ in 0..<ordinal {
            let length = reader.varint()
            reader.offset = length < 0 || length > file.count - reader.offset ? file.count : reader.offset + length
        }
        _ = reader.varint()
        return valueCounts.map { count in
            (0..<max(0, count)).map { _ in min(max(reader.varint(), 0), max(0, documents)) }
        }
    }
}
