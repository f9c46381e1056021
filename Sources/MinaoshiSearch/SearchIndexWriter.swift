import Foundation
import MinaoshiSupport

/// Writes the static search index: a manifest, term shards in term order (a query fetches the
/// shards its terms fall in), fragment bundles (what a result shows, fetched for shown results
/// only), facet values with counts and each document's facet values. Every name but the
/// manifest's carries a content hash; the bytes depend only on the documents.
public enum SearchIndexWriter {
    public struct File: Sendable {
        public var path: String
        public var bytes: [UInt8]
    }

    /// Files relative to the index folder (`manifest.json`, `s0.<hash>.bin`, …), in memory: the
    /// manifest first, as readers look for it, then the rest by path.
    public static func files(_ documents: [SearchDocument], facetLabels: [String: [String: String]],
                             options: SearchIndexOptions = SearchIndexOptions()) -> [File] {
        final class Collected: @unchecked Sendable {
            let lock = NSLock()
            var files: [String: [UInt8]] = [:]
        }
        let collected = Collected()
        write(documents, facetLabels: facetLabels, options: options) { path, bytes in
            collected.lock.withLock { collected.files[path] = bytes }
        } renaming: { path, newPath in
            collected.lock.withLock { collected.files[newPath] = collected.files.removeValue(forKey: path)! }
        }
        let manifest = "manifest.json"
        return [File(path: manifest, bytes: collected.files[manifest]!)]
            + collected.files.keys.filter { $0 != manifest }.sorted().map { File(path: $0, bytes: collected.files[$0]!) }
    }

    /// `transform` of each of `items`, on every core; throws the first failure (in `items`'
    /// order) once all have run.
    private static func mapInParallel<Item: Sendable, Output: Sendable, Failure: Error>(
        _ items: [Item], _ transform: @Sendable (Item) throws(Failure) -> Output
    ) throws(Failure) -> [Output] {
        let results = ParallelMap.map(items) { item -> Result<Output, Failure> in
            do throws(Failure) { return .success(try transform(item)) } catch { return .failure(error) }
        }
        return try results.map { result throws(Failure) in try result.get() }
    }

    /// Hands each file (path relative to the index folder, bytes) to `sink` as soon as it is made,
    /// the manifest last: the step holds one batch of shards at a time, not the whole index (at
    /// 100k documents the index is hundreds of megabytes, and holding it twice passed 2 GiB).
    /// Shards are handed over under a temporary name (`s0.bin`) and given their hashed one with
    /// `rename` once their series is hashed, so each is made once. `sink` and `rename` are called
    /// from several threads at once (nearly 5,000 files at 10k documents, written one by one, left
    /// the other core idle for 40 ms); a file is renamed only after its `sink` call returned.
    /// Each body is let go once it is tokenized: given the only copy of the documents (`consume`),
    /// the step frees the bodies as it goes (at 100k documents, 300 MB).
    public static func write<Failure: Error>(_ documents: consuming [SearchDocument], facetLabels: [String: [String: String]],
                                             options: SearchIndexOptions = SearchIndexOptions(),
                                             to sink: @Sendable (String, [UInt8]) throws(Failure) -> Void,
                                             renaming rename: @Sendable (String, String) throws(Failure) -> Void) throws(Failure) {
        var documents = documents
        // Fragment bundles, first: they need the start of each body.
        let perFile = max(1, (documents.count + options.maxFragmentFiles - 1) / options.maxFragmentFiles)
        let fragmentSource = documents
        let bundles = ParallelMap.map(Array(stride(from: 0, to: documents.count, by: perFile))) { start -> [UInt8] in
            var bytes: [UInt8] = []
            JSONValue.array((start..<min(start + perFile, fragmentSource.count)).map {
                Fragment(fragmentSource[$0], limit: options.snippetTextLimit).json
            }).write(to: &bytes)
            return bytes
        }
        _ = consume fragmentSource
        let fragmentHash = contentHash(bundles), fragmentFiles = bundles.count
        _ = try mapInParallel(Array(bundles.indices)) { (index: Int) throws(Failure) in try sink("f\(index).\(fragmentHash).json", bundles[index]) }
        _ = consume bundles

        // The bodies move to slots the posting builder empties as it reads them.
        let bodies = TakeOnceSlots(documents.map(\.body))
        for index in documents.indices { documents[index].body = "" }

        // Term shards, two series in term order: `s` (bigrams, unigrams, words; positions beside
        // each in `p`) and `g` (CJK 3- and 4-grams, no positions). A query fetches the shards its
        // terms fall in; a 3- or 4-character CJK term only ever reads a `g` shard. Each series is
        // named by a hash of its own bytes.
        let lists = PostingBuilder.build(documents, bodies: bodies, gramMinimum: options.gramMinimumDocuments,
                                         chunkDocuments: options.chunkDocuments)
        let lengths = lists.bodyLengths
        let isGram = lists.terms.map(SearchIndexLayout.isGram)
        // Each series' names carry a hash of its shards: they are written as they are made, in
        // parallel batches, under their number, and renamed once the series is hashed. (Made twice,
        // once to hash and once to write, the 100k index's step grew faster than the corpus.)
        func write(_ series: ShardSeries, prefix: String) throws(Failure) -> String {
            // The series hash reads every byte in order: on this thread it was a serial 0.1 s at 10k
            // with the other core idle. It runs beside the writes and the next batch instead.
            let hasher = BackgroundHasher()
            for batch in series.batches {
                // Each shard is made and written on one core.
                let made = try mapInParallel(Array(batch)) { (index: Int) throws(Failure) in
                    let shard = series.shard(index, lists)
                    try sink("\(prefix)\(index).bin", shard.bytes)
                    if series.hasPositions { try sink("p\(index).bin", shard.positions) }
                    return shard
                }
                hasher.add(made.flatMap { series.hasPositions ? [$0.bytes, $0.positions] : [$0.bytes] })
            }
            let hash = hasher.value
            _ = try mapInParallel(Array(series.indices)) { (index: Int) throws(Failure) in
                try rename("\(prefix)\(index).bin", "\(prefix)\(index).\(hash).bin")
                if series.hasPositions { try rename("p\(index).bin", "p\(index).\(hash).bin") }
            }
            return hash
        }
        let plain = ShardSeries(lists, terms: lists.terms.indices.filter { !isGram[$0] }, positions: true,
                                target: options.targetShardBytes, maxFiles: options.maxShardFiles)
        let shardHash = try write(plain, prefix: "s")
        let grams = ShardSeries(lists, terms: lists.terms.indices.filter { isGram[$0] }, positions: false,
                                target: options.targetShardBytes, maxFiles: options.maxGramShardFiles)
        let gramHash = try write(grams, prefix: "g")
        _ = consume lists

        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]

        // Facets: values with counts, and each document's values. One pass per key (the keys on
        // every core) numbers its values as they come, counts them once per document and keeps each
        // document's numbers; ranking the values then gives every row without looking a text up
        // again (two passes of dictionary lookups were 0.1 s of CPU at 10k).
        let facetKeys = SearchFacets.keys, facetDocuments = documents
        let perKey = ParallelMap.map(Array(facetKeys.indices)) { k -> (key: FacetKey, rows: [[Int]]) in
            let (key, label) = facetKeys[k]
            var numbers: [String: Int] = [:], values: [String] = [], counts: [Int] = []
            var rows: [[Int]] = []
            rows.reserveCapacity(facetDocuments.count)
            // By index: `for document in` copied each document, a retain per field.
            for index in facetDocuments.indices {
                guard let ids = facetDocuments[index].facets[key] else { rows.append([]); continue }
                var row: [Int] = []
                row.reserveCapacity(ids.count)
                for id in ids {
                    let number: Int
                    if let known = numbers[id] {
                        number = known
                    } else {
                        number = values.count
                        numbers[id] = number
                        values.append(id)
                        counts.append(0)
                    }
                    if !row.contains(number) { counts[number] += 1 }  // once per document
                    row.append(number)
                }
                rows.append(row)
            }
            let order = values.indices.sorted { counts[$0] != counts[$1] ? counts[$0] > counts[$1] : values[$0] < values[$1] }
            var rank = [Int](repeating: 0, count: values.count)
            for (position, number) in order.enumerated() { rank[number] = position }
            let listed = order.map { FacetValue(id: values[$0], label: facetLabels[key]?[values[$0]] ?? values[$0], count: counts[$0]) }
            return (FacetKey(key: key, label: label, values: listed), rows.map { $0.map { rank[$0] } })
        }
        let facetList = perKey.map(\.key)
        let rows = facetDocuments.indices.map { index in perKey.map { $0.rows[index] } }
        _ = consume facetDocuments
        let (table, encodings) = FacetTable.encode(rows, valueCounts: facetList.map(\.values.count))
        let tableName = "docfacets.\(contentHash([table])).bin"
        try sink(tableName, table)

        let stored = lengths.map { SearchIndexLayout.lengths[Int(SearchIndexLayout.lengthBucket($0))] }
        let average = stored.isEmpty ? 1 : (Double(stored.reduce(0, +)) / Double(stored.count) * 1000).rounded() / 1000
        let synonyms = try SynonymIndex.write(options.synonyms, to: sink)
        let manifest = Manifest(
            version: SearchIndexLayout.version, documents: documents.count, averageBodyLength: max(average, 1),
            layout: .init(labelsBase: SearchIndexLayout.labelsBase, bodyBase: SearchIndexLayout.bodyBase,
                          positionCap: SearchIndexLayout.positionCap, lengths: SearchIndexLayout.lengths,
                          payloads: SearchIndexLayout.payloads.map { [$0.title, $0.labels, $0.body, $0.open] },
                          prefixCap: SearchIndexLayout.prefixCap, gramMinimumDocuments: options.gramMinimumDocuments,
                          weights: SearchIndexLayout.weights, k1: SearchIndexLayout.k1, b: SearchIndexLayout.b),
            shards: .init(hash: shardHash, gramHash: gramHash, first: Separators.encode(plain.separators), grams: Separators.encode(grams.separators)),
            fragments: .init(hash: fragmentHash, perFile: perFile, files: fragmentFiles),
            facets: facetList, documentFacets: .init(file: tableName, keys: encodings), synonyms: synonyms)
        try sink("manifest.json", Array(try! encoder.encode(manifest)))
    }
}

/// What a result shows that the client does not already have: title, path, the meta line and
/// the start of the body as written (not NFKC: snippets show the original text and find the
/// matches by normalising it character by character, `Snippet`). Facet values are in the
/// document facet table; the fallback snippet is the start of `x`.
struct Fragment: Codable, Sendable {
    var t: String
    var u: String
    var m: String
    var x: String

    /// Compact JSON, keys in order (what `JSONEncoder` with sorted keys writes, at a fraction of the cost).
    var json: JSONValue { .object([("m", .string(m)), ("t", .string(t)), ("u", .string(u)), ("x", .string(x))]) }

    init(_ document: SearchDocument, limit: Int) {
        t = document.title
        u = document.path
        m = document.meta
        // Whitespace runs (paragraph breaks) become one space: a snippet is one line. The text
        // between them is copied as UTF-8 bytes, a run at a time (appending scalars to a `String`
        // cost 70 ns each, and a copy per scalar most of the rest); only a lead byte that can begin
        // a white-space scalar (C2, E1, E2, E3) has its scalar decoded.
        var text: [UInt8] = [], space = false, count = 0
        text.reserveCapacity(3 * limit)
        var body = document.body
        body.withUTF8 { bytes in
            // `bytes[kept..<index]` is text not yet copied.
            var index = 0, kept = 0
            while index < bytes.count, count < limit {
                let lead = bytes[index]
                let length = lead < 0x80 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4
                let end = min(index + length, bytes.count)
                let isWhiteSpace: Bool
                switch lead {
                case 0x09...0x0D, 0x20: isWhiteSpace = true
                case 0xC2, 0xE1, 0xE2, 0xE3:
                    var value = UInt32(lead) & (length == 2 ? 0x1F : 0x0F)
                    for byte in bytes[(index + 1)..<end] { value = value << 6 | UInt32(byte & 0x3F) }
                    isWhiteSpace = Unicode.Scalar(value)?.isWhiteSpace ?? false
                default: isWhiteSpace = false
                }
                if isWhiteSpace {
                    text.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[kept..<index]))
                    kept = end
                    space = count > 0
                } else {
                    if space { text.append(UInt8(ascii: " ")); space = false; count += 1 }
                    count += 1
                }
                index = end
            }
            text.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[kept..<index]))
        }
        x = String(decoding: text, as: UTF8.self)
    }
}

/// One series of term shards: each shard is a varint term count, then per term its string, its
/// document count, its postings' byte count and bytes, and its positions' byte count (their bytes
/// go to the shard's positions file). A term bigger than what is left of the target starts a new
/// shard, so a shard is its big term plus little else; the target is the smallest that fits the
/// shards in `maxFiles`.
struct ShardSeries: Sendable {
    /// Each shard's terms (indices into the lists' terms).
    private var ranges: [ArraySlice<Int>] = []
    private var withPositions = false
    var separators: [String] = []

    var indices: Range<Int> { ranges.indices }

    init() {}

    init(_ lists: PostingBuilder.Lists, terms: [Int], positions withPositions: Bool, target minimum: Int, maxFiles: Int) {
        self.withPositions = withPositions
        let sizes = terms.map { index in
            let bytes = lists.terms[index].utf8.count, postings = lists.postingsSize(of: index), positions = lists.positionsSize(of: index)
            return ByteWriter.varintSize(bytes) + bytes + ByteWriter.varintSize(lists.documentCounts[index]) + ByteWriter.varintSize(postings)
                + postings + ByteWriter.varintSize(positions)
        }
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
            ranges.append(terms[start..<end])
            let first = Array(lists.terms[terms[start]].unicodeScalars)
            if start == 0 { separators.append(""); continue }
            let previous = lists.terms[terms[start - 1]]
            var length = 1
            while length < first.count, !previous.utf16.lexicographicallyPrecedes(SearchTokenizer.string(first[..<length]).utf16) { length += 1 }
            separators.append(SearchTokenizer.string(first[..<length]))
        }
    }

    /// Whether each shard has a positions file.
    var hasPositions: Bool { withPositions }

    static let batchSize = 64
    /// The shards in batches: each batch is made and written in parallel.
    var batches: [Range<Int>] { stride(from: 0, to: ranges.count, by: Self.batchSize).map { $0..<min($0 + Self.batchSize, ranges.count) } }

    /// Shard `index`'s bytes and its positions file's bytes (empty without positions).
    func shard(_ index: Int, _ lists: PostingBuilder.Lists) -> (bytes: [UInt8], positions: [UInt8]) {
        var shard = ByteWriter(), positions = ByteWriter()
        shard.varint(ranges[index].count)
        for term in ranges[index] {
            shard.string(lists.terms[term])
            shard.varint(lists.documentCounts[term])
            shard.varint(lists.postingsSize(of: term))
            lists.appendPostings(of: term, to: &shard)
            shard.varint(lists.positionsSize(of: term))
            if withPositions { lists.appendPositions(of: term, to: &positions) }
        }
        return (shard.bytes, positions.bytes)
    }
}

/// Sorted shard separators front-coded in one string: each is one character that says how many
/// leading scalars it shares with the one before (`Separators.codes[n]`), then the rest of its
/// scalars. Terms are only word and CJK characters, and the codes are neither, so a code always
/// starts the next separator. `engine.js` decodes the same.
enum Separators {
    static let codes = Array("!#$%&'()*+,-.;<=>?@[]^_`{|}~".unicodeScalars)

    static func encode(_ separators: [String]) -> String {
        var out = String.UnicodeScalarView()
        var previous: [Unicode.Scalar] = []
        for separator in separators {
            let scalars = Array(separator.unicodeScalars)
            var shared = 0
            while shared < min(scalars.count, previous.count, codes.count - 1), scalars[shared] == previous[shared] { shared += 1 }
            out.append(codes[shared])
            out.append(contentsOf: scalars[shared...])
            previous = scalars
        }
        return String(out)
    }

    static func decode(_ text: String) -> [String] {
        var separators: [[Unicode.Scalar]] = []
        for scalar in text.unicodeScalars {
            if let shared = codes.firstIndex(of: scalar) {
                separators.append(Array((separators.last ?? []).prefix(shared)))
            } else if !separators.isEmpty {
                separators[separators.count - 1].append(scalar)
            }
        }
        return separators.map { SearchTokenizer.string($0) }
    }
}

struct FacetValue: Codable, Sendable {
    var id: String
    var label: String
    var count: Int
}

struct FacetKey: Codable, Sendable {
    var key: String
    var label: String
    var values: [FacetValue]
}

struct Manifest: Codable, Sendable {
    struct Layout: Codable, Sendable {
        var labelsBase: Int
        var bodyBase: Int
        var positionCap: Int
        /// Body length of each bucket a posting's head byte can name.
        var lengths: [Int]
        /// Per head-byte code: `[title, labels, body, open]` (`SearchIndexLayout.payloads`).
        var payloads: [[Int]]
        var prefixCap: Int
        var gramMinimumDocuments: Int
        var weights: [Double]
        var k1: Double
        var b: Double
    }
    struct Shards: Codable, Sendable {
        /// Names the `s` and `p` files; `gramHash` the `g` files.
        var hash: String
        var gramHash: String
        /// Per shard of each series, a string at or before its first term and after the previous
        /// shard's last (the shortest prefix of its first term that is): a term is in the last
        /// shard whose separator is at or before it. Front-coded in one string (`Separators`).
        var first: String
        var grams: String
    }
    struct Fragments: Codable, Sendable {
        var hash: String
        var perFile: Int
        var files: Int
    }
    struct DocumentFacets: Codable, Sendable {
        var file: String
        var keys: [FacetTable.Encoding]
    }
    var version: Int
    var documents: Int
    var averageBodyLength: Double
    var layout: Layout
    var shards: Shards
    var fragments: Fragments
    /// Facet keys with their values (most documents first) and counts over the whole index.
    var facets: [FacetKey]
    var documentFacets: DocumentFacets
    /// The synonym dictionary's file, when the site has one (`SynonymManifest`).
    var synonyms: SynonymManifest? = nil
}

/// Each document's facet values, per key in the smallest of four encodings (the manifest says
/// which, and where each key's section starts; sections start on a byte):
/// - `one`: every document has exactly one value: `bits` bits per document, the value index;
/// - `code`: every document has at most one value: `bits` bits per document, 0 for none, value
///   index + 1 otherwise;
/// - `mask`: `bits` (= the key's value count) bits per document, bit v for value v;
/// - `values`: per value, in order, its documents: `kinds[v]` is `b` for a bitmap (one bit per
///   document, padded to a byte) or a hexadecimal digit k for its gaps (as many as the value's
///   count) Rice-coded with parameter k: gap >> k one-bits, a zero bit, then the gap's k low bits.
///   Each value's section is padded to a byte.
/// Bits fill each byte from its lowest bit. `engine.js` decodes the same.
enum FacetTable {
    struct Encoding: Codable, Sendable, Equatable {
        var encoding: String
        var bits: Int
        var offset: Int
        var kinds: String?
    }

    static func bitsFor(_ count: Int) -> Int { Int.bitWidth - count.leadingZeroBitCount }

    /// `rows[document][key]` are value indices; `valueCounts[key]` how many values each key has.
    /// `allowed` narrows the encodings tried (tests use it to reach each one).
    static func encode(_ rows: [[[Int]]], valueCounts: [Int],
                       allowed: Set<String> = ["one", "code", "mask", "values"]) -> (bytes: [UInt8], keys: [Encoding]) {
        var bytes: [UInt8] = []
        var keys: [Encoding] = []
        for (k, values) in valueCounts.enumerated() {
            var candidates: [(Encoding, [UInt8])] = []
            if values > 0, rows.allSatisfy({ $0[k].count == 1 }) {
                let bits = bitsFor(values - 1)
                candidates.append((Encoding(encoding: "one", bits: bits, offset: 0), pack(rows.map { $0[k][0] }, bits: bits)))
            } else if rows.allSatisfy({ $0[k].count <= 1 }) {
                let bits = bitsFor(values)
                candidates.append((Encoding(encoding: "code", bits: bits, offset: 0), pack(rows.map { row in row[k].first.map { $0 + 1 } ?? 0 }, bits: bits)))
            }
            if values <= 62 {
                candidates.append((Encoding(encoding: "mask", bits: values, offset: 0), pack(rows.map { row in row[k].reduce(0) { $0 | 1 << $1 } }, bits: values)))
            }
            var lists = [[Int]](repeating: [], count: values)
            for (document, row) in rows.enumerated() {
                // Most documents have one value or none: no set to make.
                for value in row[k].count <= 1 ? row[k] : Set(row[k]).sorted() { lists[value].append(document) }
            }
            var section: [UInt8] = [], kinds = ""
            for list in lists {
                let bitmap = (rows.count + 7) / 8
                // The Rice parameter that codes this list's gaps in the fewest bits.
                let gaps = zip([-1] + list.dropLast(), list).map { $1 - $0 - 1 }
                let (bits, k) = (0..<16).map { k in (gaps.reduce(0) { $0 + ($1 >> k) + 1 + k }, k) }.min { $0.0 < $1.0 }!
                if bitmap <= (bits + 7) / 8 {
                    var map = [UInt8](repeating: 0, count: bitmap)
                    for document in list { map[document >> 3] |= 1 << UInt8(document & 7) }
                    section += map; kinds += "b"
                } else {
                    var writer = BitWriter()
                    for gap in gaps {
                        for _ in 0..<(gap >> k) { writer.append(1) }
                        writer.append(0)
                        for bit in 0..<k { writer.append(gap >> bit & 1) }
                    }
                    section += writer.bytes; kinds += String(k, radix: 16)
                }
            }
            candidates.append((Encoding(encoding: "values", bits: 0, offset: 0, kinds: kinds), section))
            candidates.removeAll { !allowed.contains($0.0.encoding) }
            if candidates.isEmpty { candidates.append((Encoding(encoding: "values", bits: 0, offset: 0, kinds: kinds), section)) }
            var best = candidates.min { $0.1.count < $1.1.count }!
            best.0.offset = bytes.count
            keys.append(best.0)
            bytes += best.1
        }
        return (bytes, keys)
    }

    /// Bits appended from each byte's lowest bit on.
    struct BitWriter {
        var bytes: [UInt8] = []
        var count = 0
        mutating func append(_ bit: Int) {
            if count & 7 == 0 { bytes.append(0) }
            bytes[bytes.count - 1] |= UInt8(bit & 1) << UInt8(count & 7)
            count += 1
        }
    }

    static func pack(_ codes: [Int], bits: Int) -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: (codes.count * bits + 7) / 8)
        for (index, code) in codes.enumerated() where code != 0 {
            for bit in 0..<bits where code >> bit & 1 != 0 {
                let at = index * bits + bit
                bytes[at >> 3] |= 1 << UInt8(at & 7)
            }
        }
        return bytes
    }

    /// `rows[document][key]`: value indices, ascending. `counts[key][value]`: the value's documents.
    static func decode(_ bytes: [UInt8], keys: [Encoding], counts: [[Int]], documents: Int) -> [[[Int]]] {
        var rows = [[[Int]]](repeating: [[Int]](repeating: [], count: keys.count), count: documents)
        for (k, key) in keys.enumerated() {
            if key.encoding == "values" {
                var reader = ByteReader(bytes)
                reader.offset = key.offset
                for (value, kind) in (key.kinds ?? "").enumerated() {
                    if kind == "b" {
                        for document in 0..<documents where bytes[reader.offset + document >> 3] >> UInt8(document & 7) & 1 != 0 {
                            rows[document][k].append(value)
                        }
                        reader.offset += (documents + 7) / 8
                    } else {
                        let rice = Int(String(kind), radix: 16)!
                        var bit = reader.offset * 8, document = -1
                        func next() -> Int { defer { bit += 1 }; return Int(bytes[bit >> 3] >> UInt8(bit & 7) & 1) }
                        for _ in 0..<counts[k][value] {
                            var gap = 0
                            while next() == 1 { gap += 1 << rice }
                            for b in 0..<rice { gap |= next() << b }
                            document += gap + 1
                            rows[document][k].append(value)
                        }
                        reader.offset = (bit + 7) / 8
                    }
                }
                continue
            }
            for document in 0..<documents {
                var code = 0
                for b in 0..<key.bits {
                    let at = document * key.bits + b
                    if bytes[key.offset + at >> 3] >> UInt8(at & 7) & 1 != 0 { code |= 1 << b }
                }
                switch key.encoding {
                case "one": rows[document][k] = [code]
                case "code": if code > 0 { rows[document][k] = [code - 1] }
                default: rows[document][k] = (0..<key.bits).filter { code >> $0 & 1 != 0 }
                }
            }
        }
        return rows
    }
}
