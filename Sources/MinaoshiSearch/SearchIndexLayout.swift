/// Constants the index writer and both query engines share; the manifest carries them, so the
/// JavaScript client reads them from there rather than keeping its own copy.
public enum SearchIndexLayout {
    public static let version = 4
    /// Positions of a document's fields start here: title at 0, labels, then body.
    public static let labelsBase = 4096
    public static let bodyBase = 16384
    /// Positions stored per term and document; the term frequency counts them all.
    public static let positionCap = 32
    /// BM25F field weights: title, labels (law, article, vocabulary labels), body.
    public static let weights: [Double] = [5, 3, 1]
    public static let k1 = 1.2
    public static let b = 0.75
    /// A query's last Latin term, typed in part, looks up at most this many of the words it begins:
    /// the most frequent (by documents), the typed word itself always among them. Both engines.
    public static let prefixCap = 64
    /// A document's body length is stored in each posting as one byte: tokens / 16.
    public static let lengthUnit = 16

    static func lengthBucket(_ tokens: Int) -> UInt8 { UInt8(min(255, (tokens + lengthUnit / 2) / lengthUnit)) }

    /// A CJK 3- or 4-gram lives in the `g` shards, every other term in the `s` shards; the writer
    /// and the engine both ask this. JavaScript: `isGram` in `engine.js`.
    static func isGram(_ term: String) -> Bool {
        term.unicodeScalars.count >= 3 && term.unicodeScalars.first.map { SearchTokenizer.classify($0) == .cjk } == true
    }

    /// Which field a stored position is in: 0 title, 1 labels, 2 body.
    static func field(_ position: Int) -> Int { position < labelsBase ? 0 : (position < bodyBase ? 1 : 2) }
}

/// Sizes of the written index.
public struct SearchIndexOptions: Sendable {
    /// Scalars of body text kept in a fragment for snippets.
    public var snippetTextLimit = 300
    /// A term shard (`s…`, documents and field counts; its positions go beside it in `p…`) is cut once it holds this many bytes (raised so shards stay under `maxShardFiles`).
    public var targetShardBytes = 16_000
    public var maxShardFiles = 700
    /// The 3- and 4-gram shards (`g…`, no positions files). With 2,500 fragment bundles the index
    /// stays under 5,000 files at any size: 2 × 700 + 1,000 + 2,500 + manifest and facet table.
    public var maxGramShardFiles = 1_000
    /// Fragment bundles: as many documents per file as keep the count under this.
    public var maxFragmentFiles = 2_500
    /// A CJK 3- or 4-gram is indexed (postings, no positions) when at least this many documents have
    /// it; the manifest says the figure, and a query term whose n-gram is missing falls back to its
    /// bigrams' positions (exact, dearer) unless the figure is 1, when missing means "nowhere".
    public var gramMinimumDocuments = 1
    /// Above this many documents the two shard series are built one after the other, so their
    /// posting lists are never in memory together (it tokenizes twice; the bytes are the same).
    public var singlePassDocuments = 30_000

    public init() {}
}
