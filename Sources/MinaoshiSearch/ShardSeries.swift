/// One series of term shards: each shard is a varint term count, then per term its string, its
/// document count, its postings' byte count and bytes, and its positions' byte count (their bytes
/// go to the shard's positions file). A term bigger than what is left of the target starts a new
/// shard, so a shard is its big term plus little else; the target is the smallest that fits the
/// shards in `maxFiles`. Or, for the `g` series, shards by a hash of each term (`hashed`), in term
/// order within each, with no separators.
struct ShardSeries: Sendable {
    /// Each shard's terms (indices into the lists' terms).
    private var ranges: [[Int]] = []
    private var withPositions = false
    var separators: [String] = []

    var indices: Range<Int> { ranges.indices }

    init() {}

    /// How frequent terms' lists are cut (`PostingHead`): heads of `size` documents for terms in
    /// more than `minimum`, weighed at the index's average body length.
    struct Heads: Sendable {
        var size = 0, minimum = 0
        var averageBodyLength = 1.0

        func cuts(_ index: Int, _ lists: PostingBuilder.Lists) -> Bool {
            PostingHead.isCut(documents: lists.documentCounts[index], size: size, minimum: minimum)
        }
    }
    private var heads = Heads()

    /// The bytes term `index` takes in its shard (a cut list: its documents and about 4 bytes per
    /// document of its head, for cutting the series; the head's exact size is known once made; its
    /// tail is a file of its own).
    private static func size(_ index: Int, _ lists: PostingBuilder.Lists, _ heads: Heads) -> Int {
        let bytes = lists.terms[index].utf8.count, positions = lists.positionsSize(of: index)
        let postings =
            heads.cuts(index, lists) ? lists.documentsSize(of: index) + 4 * heads.size : lists.postingsSize(of: index)
        return ByteWriter.varintSize(bytes) + bytes + ByteWriter.varintSize(lists.documentCounts[index])
            + ByteWriter.varintSize(postings)
            + postings + ByteWriter.varintSize(positions)
    }

    /// Shards of `terms` (in term order) by `SearchIndexLayout.gramShard`: as many as hold `target`
    /// bytes on average, at least one, so the count grows with the corpus and each shard does not.
    /// No positions, no separators: the engines find a term's shard from the term and the count.
    /// The count is that of the whole lists, as if none were cut: a cut list's payloads leave its
    /// shard, so the shards get smaller rather than fewer, and a term that is not cut shares its
    /// shard with fewer others (counted cut, the 100k index had a third of the shards, and a query
    /// of such a term read twice as much).
    static func hashed(_ lists: PostingBuilder.Lists, terms: [Int], target: Int, heads: Heads) -> ShardSeries {
        let total = terms.reduce(0) { $0 + size($1, lists, Heads()) }
        let count = max(1, (total + target - 1) / max(1, target))
        var series = ShardSeries()
        series.heads = heads
        series.ranges = Array(repeating: [], count: count)
        for term in terms { series.ranges[SearchIndexLayout.gramShard(lists.terms[term], of: count)].append(term) }
        return series
    }

    init(
        _ lists: PostingBuilder.Lists, terms: [Int], positions withPositions: Bool, target minimum: Int, maxFiles: Int,
        heads: Heads
    ) {
        self.withPositions = withPositions
        self.heads = heads
        let sizes = terms.map { Self.size($0, lists, heads) }
        // The smallest target that fits `maxFiles` (binary search: fewer shards need a larger one),
        // so shards are as small as the file budget allows; each shard is filled up to it.
        func cuts(_ target: Int) -> [Int] {
            var cuts: [Int] = [], bytes = 0
            for (k, size) in sizes.enumerated() {
                if bytes > 0, bytes + size > target { cuts.append(k); bytes = 0 }
                bytes += size
            }
            return cuts
        }
        let total = sizes.reduce(0, +)
        var low = max(minimum, total / max(1, maxFiles) + 1), high = max(low, total)
        while low < high {
            let middle = low + (high - low) / 2
            if cuts(middle).count + 1 <= maxFiles { high = middle } else { low = middle + 1 }
        }
        let cuts = cuts(low)
        guard !terms.isEmpty else { return }
        let bounds = [0] + cuts + [terms.count]
        for (start, end) in zip(bounds, bounds.dropFirst()) where start < end {
            ranges.append(Array(terms[start..<end]))
            let first = Array(lists.terms[terms[start]].unicodeScalars)
            if start == 0 { separators.append(""); continue }
            let previous = lists.terms[terms[start - 1]]
            var length = 1
            while length < first.count,
                !previous.utf16.lexicographicallyPrecedes(SearchTokenizer.string(first[..<length]).utf16)
            { length += 1 }
            separators.append(SearchTokenizer.string(first[..<length]))
        }
    }

    /// Shard `index`'s terms in at least `minimum` documents (none when `minimum` is 0), in its
    /// order: those its counts file holds (`TermFacetCounts`).
    func countedTerms(_ index: Int, _ lists: PostingBuilder.Lists, minimum: Int) -> [Int] {
        minimum > 0 ? ranges[index].filter { lists.documentCounts[$0] >= minimum } : []
    }

    /// Whether each shard has a positions file.
    var hasPositions: Bool { withPositions }

    static let batchSize = 64
    /// The shards in batches: each batch is made and written in parallel.
    var batches: [Range<Int>] {
        stride(from: 0, to: ranges.count, by: Self.batchSize).map { $0..<min($0 + Self.batchSize, ranges.count) }
    }

    /// Shard `index`'s bytes, its positions file's bytes (empty without positions) and the tails of
    /// its cut lists, in term order (each a file of its own: the list's payloads). Per term: its
    /// string, its document count, its postings' byte count and bytes (a cut list's: documents and
    /// head) and its positions' byte count. Whether a list is cut follows from its document count
    /// and the manifest's `headDocuments` and `headMinimumDocuments` (`PostingHead.isCut`).
    func shard(_ index: Int, _ lists: PostingBuilder.Lists) -> (bytes: [UInt8], positions: [UInt8], tails: [[UInt8]]) {
        var shard = ByteWriter(), positions = ByteWriter(), tails: [[UInt8]] = []
        // Room for all of it at once (a cut list's head is estimated): grown as appended, a shard
        // was copied to a new buffer at each doubling (ten times for one of 8 KB).
        shard.bytes.reserveCapacity(
            ranges[index].reduce(ByteWriter.varintSize(ranges[index].count)) { $0 + Self.size($1, lists, heads) })
        if withPositions {
            positions.bytes.reserveCapacity(ranges[index].reduce(0) { $0 + lists.positionsSize(of: $1) })
        }
        shard.varint(ranges[index].count)
        for term in ranges[index] {
            shard.string(lists.terms[term])
            shard.varint(lists.documentCounts[term])
            if heads.cuts(term, lists) {
                var list = ByteWriter()
                list.bytes.reserveCapacity(lists.postingsSize(of: term))
                lists.appendPostings(of: term, to: &list)
                let (entry, payloads) = PostingHead.split(
                    list.bytes, documents: lists.documentCounts[term], total: lists.documentTotal,
                    averageBodyLength: heads.averageBodyLength, size: heads.size)
                shard.varint(entry.count)
                shard.append(entry)
                shard.varint(lists.positionsSize(of: term))
                tails.append(payloads)
            } else {
                shard.varint(lists.postingsSize(of: term))
                lists.appendPostings(of: term, to: &shard)
                shard.varint(lists.positionsSize(of: term))
            }
            if withPositions { lists.appendPositions(of: term, to: &positions) }
        }
        return (shard.bytes, positions.bytes, tails)
    }
}
