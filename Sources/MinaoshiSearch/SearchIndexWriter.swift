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
        let lists = PostingBuilder.build(documents, normalizedBodies: bodies)
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
                Fragment(documents[$0], normalizedBody: bodies[$0], limit: options.snippetTextLimit)
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
            for document in documents { for id in document.facets[key] ?? [] { counts[id, default: 0] += 1 } }
            let values = counts.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }
                .map { FacetValue(id: $0.key, label: facetLabels[key]?[$0.key] ?? $0.key, count: $0.value) }
            facetList.append(FacetKey(key: key, label: label, values: values))
            valueIndex[key] = Dictionary(uniqueKeysWithValues: values.enumerated().map { ($1.id, $0) })
        }
        var table = ByteWriter()
        for document in documents {
            for (key, _) in SearchFacets.keys {
                let ids = document.facets[key] ?? []
                table.varint(ids.count)
                for id in ids { table.varint(valueIndex[key]![id]!) }
            }
        }
        let facetsJSON = Array(try! encoder.encode(facetList))
        let facetsName = "facets.\(contentHash([facetsJSON])).json"
        let tableName = "docfacets.\(contentHash([table.bytes])).bin"
        files.append(File(path: facetsName, bytes: facetsJSON))
        files.append(File(path: tableName, bytes: table.bytes))

        let stored = lengths.map { Int(SearchIndexLayout.lengthBucket($0)) * SearchIndexLayout.lengthUnit }
        let average = stored.isEmpty ? 1 : (Double(stored.reduce(0, +)) / Double(stored.count) * 1000).rounded() / 1000
        let manifest = Manifest(
            version: SearchIndexLayout.version, documents: documents.count, averageBodyLength: max(average, 1),
            layout: .init(labelsBase: SearchIndexLayout.labelsBase, bodyBase: SearchIndexLayout.bodyBase,
                          positionCap: SearchIndexLayout.positionCap, lengthUnit: SearchIndexLayout.lengthUnit,
                          weights: SearchIndexLayout.weights, k1: SearchIndexLayout.k1, b: SearchIndexLayout.b),
            shards: .init(hash: shardHash, first: shards.map(\.first)),
            fragments: .init(hash: fragmentHash, perFile: perFile, files: bundles.count),
            facets: facetsName, documentFacets: tableName)
        files.insert(File(path: "manifest.json", bytes: Array(try! encoder.encode(manifest))), at: 0)
        return files
    }
}

struct Fragment: Codable, Sendable {
    var t: String
    var u: String
    var s: String
    var m: String
    var x: String
    var f: [String: [String]]

    init(_ document: SearchDocument, normalizedBody: String, limit: Int) {
        t = document.title
        u = document.path
        s = document.summary
        m = document.meta
        // Whitespace runs (paragraph breaks) become one space: a snippet is one line.
        var text = String.UnicodeScalarView(), space = false, count = 0
        for scalar in normalizedBody.unicodeScalars {
            if count >= limit { break }
            if scalar.properties.isWhitespace { space = count > 0; continue }
            if space { text.append(" "); space = false; count += 1 }
            text.append(scalar)
            count += 1
        }
        x = String(text)
        f = document.facets
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
    var version: Int
    var documents: Int
    var averageBodyLength: Double
    var layout: Layout
    var shards: Shards
    var fragments: Fragments
    var facets: String
    var documentFacets: String
}
