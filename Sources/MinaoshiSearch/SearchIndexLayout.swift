import Foundation

/// Constants the index writer and both query engines share; the manifest carries them, so the
/// JavaScript client reads them from there rather than keeping its own copy.
public enum SearchIndexLayout {
    public static let version = 11
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
    /// A document's body length (in tokens) as BM25 sees it: one of these 16 lengths, from 32 tokens
    /// up by a factor of √2 (±19%), stored as its index in the 4 low bits of each posting's head byte.
    /// The manifest carries the table (`layout.lengths`), so the engines only look it up.
    public static let lengths: [Int] = (0..<16).map { Int((32 * pow(2, Double($0) / 2)).rounded()) }

    /// BM25's average body length for `documents` whose stored lengths add up to `total`: to three
    /// decimals, at least 1. The writer puts it in the manifest; `SearchStatistics` works it out for
    /// several indexes taken as one corpus, so that their scores are those of one build.
    public static func averageBodyLength(total: Int, documents: Int) -> Double {
        documents == 0 ? 1 : max((Double(total) / Double(documents) * 1000).rounded() / 1000, 1)
    }

    /// BM25F's weighted frequency of a term in a document: its occurrences per field (title, labels,
    /// body), the body's normalised by the document's stored `length`. The engines score with it, and
    /// the writer orders a frequent term's head by it (`PostingHead`); the same operations in the
    /// same order, so both get the same value. JavaScript: `termWeight` in `engine.js`.
    static func weightedFrequency(title: Int, labels: Int, body: Int, length: Int, averageBodyLength: Double)
        -> Double
    {
        let norm = 1 - b + b * Double(length) / averageBodyLength
        return weights[0] * Double(title) + weights[1] * Double(labels) + weights[2] * Double(body) / norm
    }

    /// The index of the length nearest to `tokens` on a log scale: the first whose geometric mean
    /// with the next one is above `tokens` (compared squared, in integers, so it is exact).
    static func lengthBucket(_ tokens: Int) -> UInt8 {
        var bucket = 0
        while bucket + 1 < lengths.count, tokens * tokens >= lengths[bucket] * lengths[bucket + 1] { bucket += 1 }
        return UInt8(bucket)
    }

    /// What a posting's head byte says in its 4 high bits: occurrences in the title, the labels and
    /// the body, and what follows the byte. `open` 0: nothing; 1: `varint(n)`, n more in the body;
    /// 2 (code 0 only): `varint` title, labels and body, for any other mix. The codes cover the mixes
    /// of the generated and shipped corpora: 99% of postings are the one byte. The manifest carries
    /// the table (`layout.payloads`, as `[title, labels, body, open]`).
    public static let payloads: [(title: Int, labels: Int, body: Int, open: Int)] = [
        (0, 0, 0, 2),
        (0, 0, 1, 0), (0, 0, 2, 0), (0, 0, 3, 0), (0, 0, 4, 0), (0, 0, 5, 1),
        (0, 1, 0, 0), (0, 1, 1, 0), (0, 1, 2, 1),
        (1, 0, 0, 0), (1, 0, 1, 0), (1, 0, 2, 1),
        (1, 1, 0, 0), (1, 1, 1, 1),
        (0, 2, 0, 1),
        (1, 2, 0, 1)
    ]

    /// The code for a mix: the first, in table order, with its title and labels that says its body
    /// exactly or leaves more body open above its own; else 0 (the general code).
    private static func code(title: Int, labels: Int, body: Int) -> Int {
        for code in 1..<payloads.count where payloads[code].title == title && payloads[code].labels == labels {
            let entry = payloads[code]
            if entry.body == body || (entry.open == 1 && entry.body <= body) { return code }
        }
        return 0
    }

    /// `code(title:labels:body:)` for every mix the table names, worked out once: indexed by title,
    /// labels and body, the body clamped to one past the largest the table names (above that, the
    /// answer no longer changes). Mixes outside it get code 0.
    private static let codeBounds = (
        title: payloads.map(\.title).max()!, labels: payloads.map(\.labels).max()!,
        body: payloads.map(\.body).max()! + 1
    )
    private static let codes: [UInt8] = (0...codeBounds.title).flatMap { title in
        (0...codeBounds.labels).flatMap { labels in
            (0...codeBounds.body).map { body in UInt8(code(title: title, labels: labels, body: body)) }
        }
    }

    /// A posting's payload is a head byte (length bucket in bits 0–3, `payloads` code in bits 4–7),
    /// then what the code leaves open (`appendOpenPart`). The coder gives the head byte, the code's
    /// `open` and the body count left open (for `open` 1, what the code does not say; for 2, all of
    /// it), with the tables held: a loop that makes millions of heads keeps one coder, where
    /// reaching each table through its lazy global cost a `swift_once` per posting.
    struct PayloadCoder {
        private let codes = SearchIndexLayout.codes, bounds = SearchIndexLayout.codeBounds
        private let opens = SearchIndexLayout.payloads.map(\.open), bodies = SearchIndexLayout.payloads.map(\.body)

        @inline(__always)
        func head(bucket: UInt8, frequency: Int, title: Int, labels: Int) -> (head: UInt8, open: Int, body: Int) {
            let body = frequency - title - labels
            var chosen = 0
            if title <= bounds.title, labels <= bounds.labels {
                chosen = Int(codes[(title * (bounds.labels + 1) + labels) * (bounds.body + 1) + min(body, bounds.body)])
            }
            let open = opens[chosen]
            return (bucket | UInt8(chosen) << 4, open, open == 1 ? body - bodies[chosen] : body)
        }
    }

    /// What follows the head byte: nothing for `open` 0, `varint(body)` for 1, the three counts for 2.
    @inline(__always)
    static func appendOpenPart<Bytes: ByteAppending>(
        to bytes: inout Bytes, open: Int, title: Int, labels: Int, body: Int
    ) {
        if open == 1 { bytes.appendVarint(body) }
        if open == 2 {
            bytes.appendVarint(title)
            bytes.appendVarint(labels)
            bytes.appendVarint(body)
        }
    }

    /// Reads a posting's payload (`PayloadCoder.head`, then `appendOpenPart`), with the code table
    /// the manifest carries.
    /// Past the end of the bytes (a damaged index: `DamagedIndex`), the payload is read as nothing:
    /// no crash, a wrong weight at worst. `codes` has a code of four numbers for every value of a head
    /// byte's high half: the writer's table, or a manifest's that `DamagedIndex.check` passed.
    static func readPayload(_ reader: inout ByteReader, codes: [[Int]]) -> (
        bucket: Int, title: Int, labels: Int, body: Int
    ) {
        guard reader.offset >= 0, reader.offset < reader.bytes.count else { return (0, 0, 0, 0) }
        let head = Int(reader.bytes[reader.offset])
        reader.offset += 1
        let code = codes[head >> 4]
        var title = code[0], labels = code[1], body = code[2]
        if code[3] == 1 { body += bounded(reader.varint()) }
        if code[3] == 2 {
            title = bounded(reader.varint())
            labels = bounded(reader.varint())
            body = bounded(reader.varint())
        }
        return (head & 0x0F, title, labels, body)
    }

    /// A count or gap read from an index, held to `0...2^30`: a damaged file's numbers then add up
    /// without overflowing (no real count comes near it).
    static func bounded(_ value: Int) -> Int { min(max(value, 0), 1 << 30) }

    /// A list's documents are a bitmap of every document (one bit each, lowest bit first) when the
    /// term is in at least an eighth of them, where gaps would take at least as many bytes; otherwise
    /// varint gaps. Both engines decide from the term's document count, so no flag is stored.
    static func isBitmap(documents: Int, of total: Int) -> Bool { documents * 8 >= total && total > 0 }

    /// A CJK 3- or 4-gram and a long term kept whole live in the `g` shards (lists without
    /// positions), a character list in the `c` shards, every other term in the `s` shards; the
    /// writer and the engine both ask this. JavaScript: `isGram` in `engine.js`.
    static func isGram(_ term: String) -> Bool {
        let scalars = term.unicodeScalars
        guard let first = scalars.first, SearchTokenizer.classify(first) == .cjk else { return false }
        return scalars.count >= 3
    }

    /// Whether `term` is a character list (`characterList`), which lives in the `c` shards.
    /// JavaScript: `isCharacterList` in `engine.js`.
    static func isCharacterList(_ term: String) -> Bool {
        let scalars = term.unicodeScalars
        guard let first = scalars.first, SearchTokenizer.classify(first) == .cjk else { return false }
        return scalars.count == 2 && scalars.last == "*"
    }

    /// The `g` shard of n-gram or long term `term` among `shards`: the 32-bit FNV-1a hash of the
    /// UTF-8 of its first four scalars, modulo `shards`. The `g` series is looked up only by exact
    /// term, so it needs no separators, and its shard count can grow with the corpus while the
    /// manifest holds one number. A long term hashes as its first covering 4-gram, so a lookup of
    /// a long term the index does not keep reads the shard its proof reads first anyway.
    /// JavaScript: `gramShard` in `engine.js`; `SearchIndexFormatTests.theGramShardHashIsFNV1a`.
    static func gramShard(_ term: String, of shards: Int) -> Int {
        var hash: UInt32 = 0x811C_9DC5
        for byte in String(String.UnicodeScalarView(term.unicodeScalars.prefix(4))).utf8 {
            hash = (hash ^ UInt32(byte)) &* 0x0100_0193
        }
        return Int(UInt64(hash) % UInt64(max(1, shards)))
    }

    /// The term of CJK character `character`'s list, `法*`: every bigram and unigram the character
    /// begins, added up per document (documents, field counts; no positions). A query of a lone
    /// CJK character means what their lists mean together, and reads this one list where it read
    /// every shard they fill (法: five at 10,000 documents). No token holds `*`, so the name is
    /// never a term's.
    static func characterList(_ character: String) -> String { character + "*" }

    /// Which field a stored position is in: 0 title, 1 labels, 2 body.
    static func field(_ position: Int) -> Int { position < labelsBase ? 0 : (position < bodyBase ? 1 : 2) }
}

/// Sizes of the written index.
public struct SearchIndexOptions: Sendable {
    /// Scalars of body text a fragment keeps (its passages, where snippets come from): at least
    /// `snippetTextLimit`, else its share of `fragmentFileText` among the documents of its bundle.
    /// While a bundle holds one document (up to `maxFragmentFiles` documents) that is the whole body of
    /// most (the shipped corpus: all but 2 of 91); when it holds several, a query's five bundles stay
    /// within the bytes budget (10k: 4 to a bundle, 400 each).
    public var snippetTextLimit = 300
    public var fragmentFileText = 1_600
    /// A term shard (`s…`, documents and field counts, its positions beside it in `p…`; or `c…`) is
    /// cut once it holds this many bytes, raised as far as needed to keep each series within its
    /// file budget (`maxShardFiles`, `maxCharacterShardFiles`).
    public var targetShardBytes = 8_000
    public var maxShardFiles = 700
    /// The `g` shards (3- and 4-grams and long terms kept whole; no positions files) are as many as
    /// hold `targetGramShardBytes` each on average, at least one: a term's shard is a hash of it
    /// (`SearchIndexLayout.gramShard`), so the count grows with the corpus (about 1,000 at 10,000
    /// documents, 10,000 at 100,000) while each shard, and the manifest, stay the same size.
    public var targetGramShardBytes = 14_000
    /// The character lists' shards (`c…`, `法*`, no positions files), cut in term order as the `s`
    /// series is, with a budget of their own: a query of a 3- or 4-gram never reads them, nor a
    /// lone character the n-grams.
    public var maxCharacterShardFiles = 1_000
    /// A term in more than `headMinimumDocuments` documents keeps a head of its `headDocuments` best in its
    /// shard and its payloads in a tail file (`PostingHead`): the first page of results reads the
    /// head, and the tail only when the head cannot answer. 0 cuts no list. Only lists of more than
    /// 16,384 documents: a query the heads cannot answer (several frequent terms) reads a tail file
    /// per cut term besides its shards, and with lists of more than 2,048 cut, the three-term queries
    /// of the 10,000-document benchmark read 11 files, over issue 8's budget of 10. A 10,000-document
    /// index has no cut list.
    public var headDocuments = 512
    public var headMinimumDocuments = 16_384
    /// A term in at least this many documents (0: none) has its facet counts (every value of every
    /// key among its documents) worked out at build time and kept in its shard's counts file
    /// (`TermFacetCounts`): a query of that one term without a filter reads them, a few hundred
    /// bytes, where it read every key's facet file (318.5 KB at 100,000 documents). Only when the
    /// facet files together weigh more than `countFacetBytes`: at 10,000 documents they are 31.9 KB,
    /// and counts files for the lists of 1,024 documents or more would be 1,964 more files (623 KB)
    /// that every build writes, to save a query at most those 31.9 KB.
    public var countMinimumDocuments = 1_024
    public var countFacetBytes = 65_536
    /// Fragment bundles: as many documents per file as keep the count under this, up to
    /// `maxFragmentDocuments`; above 10,000 documents the count grows with the corpus (25,000 at
    /// 100,000) so that a result's bundle stays small (`SearchIndexWriter.fragmentsPerFile`).
    public var maxFragmentFiles = 2_500
    public var maxFragmentDocuments = 4
    /// A CJK 3- or 4-gram is indexed (postings, no positions) when at least this many documents have
    /// it; the manifest says the figure, and a query term whose n-gram is missing falls back to its
    /// bigrams' positions (exact, dearer) unless the figure is 1, when missing means "nowhere".
    public var gramMinimumDocuments = 1
    /// Documents the posting builder reads in one chunk at most (a chunk is one task). Any value
    /// writes the same bytes. A fixed size keeps a chunk's tables and slices the same size whatever
    /// the corpus size, so the step grows linearly: with a chunk per eighth of the corpus, a 100k
    /// build's tables were ten times a 10k build's, and its cache misses grew faster than the corpus.
    public var chunkDocuments = 512
    /// Files named by one hash (``GroupHashes``): at least `nameGroupFiles` consecutive shards or
    /// fragment bundles, and as many more as keep a series within `maxNameGroups` hashes. An edit
    /// renames, and a build writes, only the groups whose bytes it changes; the manifest holds one
    /// hash (12 bytes) per group, at most 3 KB for the four series whatever the corpus size. At 10,000
    /// documents (196 hashes, 2.4 KB) a body edit writes about 600 of the 5,300 files; with one hash
    /// per series, as until format 11, it wrote them all.
    public var nameGroupFiles = 16
    public var maxNameGroups = 64
    /// Groups of terms that mean the same, as written (`content/_data/synonyms.yml`): the index
    /// carries them in one small file, and a query term is searched with the others of its groups.
    public var synonyms: [[String]] = []
    /// Terms of `synonyms` a query expands from but never to (one-way), as the groups write them.
    public var oneWaySynonyms: [String] = []

    public init() {}

    /// Files per name group in a series of `files` (``GroupHashes``).
    func nameGroupSize(files: Int) -> Int {
        max(1, nameGroupFiles, (files + max(1, maxNameGroups) - 1) / max(1, maxNameGroups))
    }
}
