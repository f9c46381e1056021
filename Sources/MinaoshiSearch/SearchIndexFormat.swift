import MinaoshiSupport

// The index's JSON and text parts as both engines read them: the manifest, the fragments a result
// shows, and the shard separators. `docs/search-index.md` describes every file; the shards are
// `ShardSeries`, the document facet table `FacetTable`, a posting's bytes `SearchIndexLayout`.

/// `manifest.json`, the file a search opens first: the format, the constants of the layout, where
/// each shard series starts, the fragment files, the hashes that name the files (``GroupHashes``),
/// the facets and their counts, and how each key's file of the facet table is coded. Its size
/// depends on the vocabularies and the shard and name-group budgets, never on the number of
/// documents beyond them: nothing in it is per document.
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
        /// A list of more than `headMinimumDocuments` documents is cut into a head of
        /// `headDocuments` and a tail file (`PostingHead.isCut`); both engines decide from these and
        /// the term's document count, so a shard stores nothing more per term. Optional so that an
        /// older manifest still decodes and is refused by its version, with the message that says so.
        var headDocuments: Int?
        var headMinimumDocuments: Int?
        /// A list of at least `countMinimumDocuments` documents (0: none) has its facet counts
        /// worked out at build time, in its shard's counts file (`n` and the shard's name):
        /// a query of that one list without a filter reads them instead of every key's facet file.
        var countMinimumDocuments: Int?
        var weights: [Double]
        var k1: Double
        var b: Double
    }
    struct Shards: Codable, Sendable {
        /// Name the `s` and `p` files; `gramHashes` the `g` files, `characterHashes` the `c` files;
        /// each shard's tails and counts files have its name.
        var hashes: GroupHashes
        var gramHashes: GroupHashes
        var characterHashes: GroupHashes
        /// Per shard of the `s` and the `c` series, a string at or before its first term and after
        /// the previous shard's last (the shortest prefix of its first term that is): a term is in
        /// the last shard whose separator is at or before it. Front-coded in one string (`Separators`).
        var first: String
        /// How many `g` shards there are: a term's is `SearchIndexLayout.gramShard(term, of: grams)`.
        var grams: Int
        var characters: String
    }
    struct Fragments: Codable, Sendable {
        var hashes: GroupHashes
        var perFile: Int
        var files: Int
    }
    /// The document facet table, one file per key (`facet<k>.<hash>.bin`, the key's section at
    /// offset 0), so that a filter fetches its key alone and a query's results fetch none: the
    /// counts, which need every key, come after them.
    struct DocumentFacets: Codable, Sendable {
        var hash: String
        var keys: [FacetTable.Section]

        func file(_ key: Int) -> String { "facet\(key).\(hash).bin" }
    }
    var version: Int
    var documents: Int
    var averageBodyLength: Double
    /// The documents' body lengths as the postings store them (each its bucket's length), added
    /// up: what another index needs to score as if both were one corpus (`SearchStatistics`).
    /// Nil in an index written before it was kept.
    var bodyLength: Int? = nil
    var layout: Layout
    var shards: Shards
    var fragments: Fragments
    /// Facet keys with their values (most documents first) and counts over the whole index.
    var facets: [FacetKey]
    var documentFacets: DocumentFacets
    /// The synonym dictionary's file, when the site has one (`SynonymManifest`).
    var synonyms: SynonymManifest? = nil
}

/// The hashes that name a series' files (`s3.<hash>.bin`, `f12.<hash>.json`): one per group of
/// `size` consecutive numbers, a hash of the group's bytes (`contentHash`: its shards in order, each
/// with its positions, tails and counts files, or its fragment bundles), 12 hex digits each, one
/// after another in `hashes`. An edit renames only the groups whose bytes it changes, so a build
/// keeps the other files as published and a reader's browser keeps them cached. The groups are
/// at least `SearchIndexOptions.nameGroupFiles` files and at most `maxNameGroups` per series, so
/// the manifest stays the same size whatever the corpus size.
struct GroupHashes: Codable, Sendable, Equatable {
    /// Files per group.
    var size: Int
    var hashes: String

    static let hashLength = 12

    /// The name-giving hash of file `number`; empty past the end (a damaged manifest, which
    /// `DamagedIndex.check` refuses before any name is asked for).
    func hash(of number: Int) -> String {
        let utf8 = hashes.utf8, group = number / max(1, size)
        guard number >= 0, group < utf8.count / GroupHashes.hashLength else { return "" }
        let from = utf8.index(utf8.startIndex, offsetBy: group * GroupHashes.hashLength)
        return String(hashes[from..<utf8.index(from, offsetBy: GroupHashes.hashLength)])
    }

    /// Whether the hashes name exactly `files` files in groups of `size`, in lowercase hex digits.
    func names(files: Int) -> Bool {
        guard size >= 1, files >= 0 else { return false }
        let groups = files / size + (files % size == 0 ? 0 : 1)
        let (length, overflow) = groups.multipliedReportingOverflow(by: GroupHashes.hashLength)
        return !overflow && hashes.utf8.count == length && Self.isHexDigits(hashes)
    }

    /// Whether `text` is lowercase hex digits only, as ``contentHash(_:)`` writes them.
    static func isHexDigits(_ text: String) -> Bool {
        text.utf8.allSatisfy { (48...57).contains($0) || (97...102).contains($0) }
    }

    /// Whether `text` is one group's name hash.
    static func isName(_ text: String) -> Bool { text.utf8.count == hashLength && isHexDigits(text) }
}

/// One value of a facet key, with its label and how many documents have it.
struct FacetValue: Codable, Sendable {
    var id: String
    var label: String
    var count: Int
}

/// A facet key with its label and its values, most documents first.
struct FacetKey: Codable, Sendable {
    var key: String
    var label: String
    var values: [FacetValue]
}

/// What a result shows that the client does not already have: title, path, the meta line, the
/// document's facet values `f` (per key, the value indices of the manifest's lists, as the facet
/// table has them: a result needs no facet file) and the body as written, up to a limit (not NFKC:
/// snippets show the original text and find the matches by normalising it character by character,
/// `Snippet`), its passages (the body's blocks) one to a line: the engines show the passage with
/// the most and rarest query terms. The fallback snippet is the start of `x`.
struct Fragment: Codable, Sendable {
    var f: [[Int]]
    var t: String
    var u: String
    var m: String
    var x: String

    /// Compact JSON, keys in order (what `JSONEncoder` with sorted keys writes, at a fraction of the cost).
    var json: JSONValue {
        .object([
            ("f", .array(f.map { .array($0.map { .int($0) }) })),
            ("m", .string(m)), ("t", .string(t)), ("u", .string(u)), ("x", .string(x))
        ])
    }

    init(_ document: SearchDocument, facets: [[Int]] = [], limit: Int) {
        f = facets
        t = document.title
        u = document.path
        m = document.meta
        // A white-space run becomes one line break if it holds one (a break between the body's
        // blocks: passages), else one space. The text
        // between them is copied as UTF-8 bytes, a run at a time (appending scalars to a `String`
        // cost 70 ns each, and a copy per scalar most of the rest); only a lead byte that can begin
        // a white-space scalar (C2, E1, E2, E3) has its scalar decoded.
        var text: [UInt8] = [], space = false, lineBreak = false, count = 0
        text.reserveCapacity(3 * limit)
        var body = document.body
        body.withUTF8 { bytes in
            // `bytes[kept..<index]` is text not yet copied.
            var index = 0, kept = 0
            while index < bytes.count, count < limit {
                let lead = bytes[index]
                let length = lead < 0x80 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4
                let end = min(index + length, bytes.count)
                let isWhiteSpace: Bool, isLineBreak: Bool
                switch lead {
                case 0x09, 0x20: (isWhiteSpace, isLineBreak) = (true, false)
                case 0x0A...0x0D: (isWhiteSpace, isLineBreak) = (true, true)
                case 0xC2, 0xE1, 0xE2, 0xE3:
                    var value = UInt32(lead) & (length == 2 ? 0x1F : 0x0F)
                    for byte in bytes[(index + 1)..<end] { value = value << 6 | UInt32(byte & 0x3F) }
                    isWhiteSpace = Unicode.Scalar(value)?.isWhiteSpace ?? false
                    isLineBreak = Unicode.Scalar(value).map(Snippet.isLineBreak) ?? false
                default: (isWhiteSpace, isLineBreak) = (false, false)
                }
                if isWhiteSpace {
                    text.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[kept..<index]))
                    kept = end
                    if count > 0 { space = true; lineBreak = lineBreak || isLineBreak }
                } else {
                    if space {
                        text.append(UInt8(ascii: lineBreak ? "\n" : " ")); space = false; lineBreak = false; count += 1
                    }
                    count += 1
                }
                index = end
            }
            text.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[kept..<index]))
        }
        x = String(decoding: text, as: UTF8.self)
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
            while shared < min(scalars.count, previous.count, codes.count - 1), scalars[shared] == previous[shared] {
                shared += 1
            }
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
