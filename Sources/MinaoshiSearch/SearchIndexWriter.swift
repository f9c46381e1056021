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

    /// Files relative to the index folder (`manifest.json`, `s0.<hash>.bin`, …).
    public static func files(_ documents: [SearchDocument], facetLabels: [String: [String: String]],
                             options: SearchIndexOptions = SearchIndexOptions()) -> [File] {
        let bodies = ParallelMap.map(documents) { $0.body.nfkc }
        let lists = PostingBuilder.build(documents, normalizedBodies: bodies, gramMinimum: options.gramMinimumDocuments)
        let lengths = lists.bodyLengths
        var files: [File] = []

        // Term shards.
        let total = lists.postings.count
        let target = max(options.targetShardBytes, total / options.maxShardFiles + 1)
        var shards: [(first: String, bytes: [UInt8], positions: [UInt8])] = []
        var current = ByteWriter(), currentPositions = ByteWriter(), currentFirst: String?, count = 0
        func cut() {
            guard let first = currentFirst else { return }
            var shard = ByteWriter()
            shard.varint(count)
            shard.append(current.bytes)
            shards.append((first, shard.bytes, currentPositions.bytes))
            current = ByteWriter(); currentPositions = ByteWriter(); currentFirst = nil; count = 0
        }
        for (index, term) in lists.terms.enumerated() {
            let range = lists.ranges[index]
            current.string(term)
            current.varint(lists.documentCounts[index])
            current.varint(range.count)
            current.bytes.append(contentsOf: lists.postings[range])
            current.varint(lists.positionRanges[index].count)
            currentPositions.bytes.append(contentsOf: lists.positions[lists.positionRanges[index]])
            if currentFirst == nil { currentFirst = term }
            count += 1
            if current.bytes.count >= target { cut() }
        }
        cut()
        let shardHash = contentHash(shards.map(\.bytes) + shards.map(\.positions))
        for (index, shard) in shards.enumerated() {
            files.append(File(path: "s\(index).\(shardHash).bin", bytes: shard.bytes))
            files.append(File(path: "p\(index).\(shardHash).bin", bytes: shard.positions))
        }

        // Fragment bundles.
        let perFile = max(1, (documents.count + options.maxFragmentFiles - 1) / options.maxFragmentFiles)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let bundles = ParallelMap.map(Array(stride(from: 0, to: documents.count, by: perFile))) { start -> [UInt8] in
            let fragments = (start..<min(start + perFile, documents.count)).map {
                Fragment(documents[$0], limit: options.snippetTextLimit)
            }
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
            return Array(try! encoder.encode(fragments))
        }
        let fragmentHash = contentHash(bundles)
        for (index, bundle) in bundles.enumerated() { files.append(File(path: "f\(index).\(fragmentHash).json", bytes: bundle)) }

        // Facets: values with counts, and each document's values.
        var facetList: [FacetKey] = []
        var valueIndex: [String: [String: Int]] = [:]
        for (key, label) in SearchFacets.keys {
            var counts: [String: Int] = [:]
            for document in documents { for id in Set(document.facets[key] ?? []) { counts[id, default: 0] += 1 } }
            let values = counts.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }
                .map { FacetValue(id: $0.key, label: facetLabels[key]?[$0.key] ?? $0.key, count: $0.value) }
            facetList.append(FacetKey(key: key, label: label, values: values))
            valueIndex[key] = Dictionary(uniqueKeysWithValues: values.enumerated().map { ($1.id, $0) })
        }
        let (table, encodings) = FacetTable.encode(documents.map { document in
            SearchFacets.keys.map { key in (document.facets[key.key] ?? []).map { valueIndex[key.key]![$0]! } }
        }, valueCounts: facetList.map(\.values.count))
        let tableName = "docfacets.\(contentHash([table])).bin"
        files.append(File(path: tableName, bytes: table))

        let stored = lengths.map { Int(SearchIndexLayout.lengthBucket($0)) * SearchIndexLayout.lengthUnit }
        let average = stored.isEmpty ? 1 : (Double(stored.reduce(0, +)) / Double(stored.count) * 1000).rounded() / 1000
        let manifest = Manifest(
            version: SearchIndexLayout.version, documents: documents.count, averageBodyLength: max(average, 1),
            layout: .init(labelsBase: SearchIndexLayout.labelsBase, bodyBase: SearchIndexLayout.bodyBase,
                          positionCap: SearchIndexLayout.positionCap, lengthUnit: SearchIndexLayout.lengthUnit,
                          prefixCap: SearchIndexLayout.prefixCap, gramMinimumDocuments: options.gramMinimumDocuments,
                          weights: SearchIndexLayout.weights, k1: SearchIndexLayout.k1, b: SearchIndexLayout.b),
            shards: .init(hash: shardHash, first: shards.map(\.first)),
            fragments: .init(hash: fragmentHash, perFile: perFile, files: bundles.count),
            facets: facetList, documentFacets: .init(file: tableName, keys: encodings))
        files.insert(File(path: "manifest.json", bytes: Array(try! encoder.encode(manifest))), at: 0)
        return files
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

    init(_ document: SearchDocument, limit: Int) {
        t = document.title
        u = document.path
        m = document.meta
        // Whitespace runs (paragraph breaks) become one space: a snippet is one line.
        var text = String.UnicodeScalarView(), space = false, count = 0
        for scalar in document.body.unicodeScalars {
            if count >= limit { break }
            if scalar.properties.isWhitespace { space = count > 0; continue }
            if space { text.append(" "); space = false; count += 1 }
            text.append(scalar)
            count += 1
        }
        x = String(text)
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
        var lengthUnit: Int
        var prefixCap: Int
        var gramMinimumDocuments: Int
        var weights: [Double]
        var k1: Double
        var b: Double
    }
    struct Shards: Codable, Sendable {
        var hash: String
        var first: [String]
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
}

/// Each document's facet values, per key in the smallest of three encodings (the manifest says
/// which, and where each key's section starts; sections start on a byte):
/// - `code`: every document has at most one value: `bits` bits per document, 0 for none, value
///   index + 1 otherwise;
/// - `mask`: `bits` (= the key's value count) bits per document, bit v for value v;
/// - `list`: per value, in order, its documents as varint gaps (the count is the value's count).
/// Bits fill each byte from its lowest bit. `engine.js` decodes the same.
enum FacetTable {
    struct Encoding: Codable, Sendable, Equatable {
        var encoding: String
        var bits: Int
        var offset: Int
    }

    static func bitsFor(_ count: Int) -> Int { max(1, Int.bitWidth - count.leadingZeroBitCount) }

    /// `rows[document][key]` are value indices; `valueCounts[key]` how many values each key has.
    static func encode(_ rows: [[[Int]]], valueCounts: [Int]) -> (bytes: [UInt8], keys: [Encoding]) {
        var bytes: [UInt8] = []
        var keys: [Encoding] = []
        for (k, values) in valueCounts.enumerated() {
            let single = rows.allSatisfy { $0[k].count <= 1 }
            var candidates: [(String, Int, [UInt8])] = []
            if single {
                let bits = bitsFor(values)
                candidates.append(("code", bits, pack(rows.map { row in row[k].first.map { $0 + 1 } ?? 0 }, bits: bits)))
            }
            if values <= 62 {
                candidates.append(("mask", values, pack(rows.map { row in row[k].reduce(0) { $0 | 1 << $1 } }, bits: values)))
            }
            var lists = [[Int]](repeating: [], count: values)
            for (document, row) in rows.enumerated() { for value in Set(row[k]).sorted() { lists[value].append(document) } }
            var writer = ByteWriter()
            for list in lists {
                var last = -1
                for document in list { writer.varint(document - last - 1); last = document }
            }
            candidates.append(("list", 0, writer.bytes))
            let best = candidates.min { $0.2.count < $1.2.count }!
            keys.append(Encoding(encoding: best.0, bits: best.1, offset: bytes.count))
            bytes += best.2
        }
        return (bytes, keys)
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
            if key.encoding == "list" {
                var reader = ByteReader(bytes)
                reader.offset = key.offset
                for (value, count) in counts[k].enumerated() {
                    var document = -1
                    for _ in 0..<count { document += reader.varint() + 1; rows[document][k].append(value) }
                }
                continue
            }
            for document in 0..<documents {
                var code = 0
                for b in 0..<key.bits {
                    let at = document * key.bits + b
                    if bytes[key.offset + at >> 3] >> UInt8(at & 7) & 1 != 0 { code |= 1 << b }
                }
                if key.encoding == "code" { if code > 0 { rows[document][k] = [code - 1] } }
                else { rows[document][k] = (0..<key.bits).filter { code >> $0 & 1 != 0 } }
            }
        }
        return rows
    }
}
