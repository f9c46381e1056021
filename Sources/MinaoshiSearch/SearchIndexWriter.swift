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
        let lengths = ParallelMap.map(documents) { bodyTokenCount($0.body) }
        let postings = self.postings(documents, bodyLengths: lengths)
        var files: [File] = []

        // Term shards.
        let terms = postings.keys.sorted { $0.utf16.lexicographicallyPrecedes($1.utf16) }
        let total = postings.values.reduce(0) { $0 + $1.bytes.count }
        let target = max(options.targetShardBytes, total / options.maxShardFiles + 1)
        var shards: [(first: String, bytes: [UInt8])] = []
        var current = ByteWriter(), currentTerms: [String] = [], count = 0
        func cut() {
            guard !currentTerms.isEmpty else { return }
            var shard = ByteWriter()
            shard.varint(count)
            shard.append(current.bytes)
            shards.append((currentTerms[0], shard.bytes))
            current = ByteWriter(); currentTerms = []; count = 0
        }
        for term in terms {
            let list = postings[term]!
            current.string(term)
            current.varint(list.documentCount)
            current.varint(list.bytes.count)
            current.append(list.bytes)
            currentTerms.append(term)
            count += 1
            if current.bytes.count >= target { cut() }
        }
        cut()
        let shardHash = contentHash(shards.map(\.bytes))
        for (index, shard) in shards.enumerated() { files.append(File(path: "s\(index).\(shardHash).bin", bytes: shard.bytes)) }

        // Fragment bundles.
        let perFile = max(1, (documents.count + options.maxFragmentFiles - 1) / options.maxFragmentFiles)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        var bundles: [[UInt8]] = []
        for start in stride(from: 0, to: documents.count, by: perFile) {
            let fragments = documents[start..<min(start + perFile, documents.count)].map { Fragment($0, limit: options.snippetTextLimit) }
            bundles.append(Array(try! encoder.encode(fragments)))
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

    struct PostingList {
        var bytes: [UInt8] = []
        var documentCount = 0
        var lastDocument = -1
    }

    /// Every document's tokens by field, with a unigram for the last character of each CJK run
    /// (so a single-character query finds 道路法 by 法), encoded straight into per-term lists.
    static func postings(_ documents: [SearchDocument], bodyLengths: [Int]) -> [String: PostingList] {
        let perDocument = ParallelMap.map(Array(documents.enumerated())) { _, document -> [(String, [Int])] in
            var positions: [String: [Int]] = [:]
            func add(_ runs: [SearchTokenizer.Run]) {
                for run in runs {
                    for (offset, token) in run.tokens.enumerated() { positions[token, default: []].append(run.start + offset) }
                    if run.kind == .cjk, run.text.unicodeScalars.count > 1, let last = run.text.unicodeScalars.last {
                        positions[String(last), default: []].append(run.start + run.tokens.count)
                    }
                }
            }
            add(SearchTokenizer.runs(document.title))
            var next = SearchIndexLayout.labelsBase
            for label in document.labels {
                let runs = SearchTokenizer.runs(label, startingAt: next)
                add(runs)
                if let last = runs.last { next = last.start + last.tokens.count + 1 }
            }
            add(SearchTokenizer.runs(document.body, startingAt: SearchIndexLayout.bodyBase))
            return positions.sorted { $0.key.utf16.lexicographicallyPrecedes($1.key.utf16) }.map { ($0.key, $0.value.sorted()) }
        }
        var lists: [String: PostingList] = [:]
        for (index, terms) in perDocument.enumerated() {
            let bucket = SearchIndexLayout.lengthBucket(bodyLengths[index])
            for (term, positions) in terms {
                var list = lists[term] ?? PostingList()
                lists[term] = nil
                var writer = ByteWriter()
                swap(&writer.bytes, &list.bytes)
                writer.varint(index - list.lastDocument - 1)
                writer.bytes.append(bucket)
                writer.varint(positions.count)
                var previous = 0
                for position in positions.prefix(SearchIndexLayout.positionCap) {
                    writer.varint(position - previous)
                    previous = position
                }
                swap(&writer.bytes, &list.bytes)
                list.documentCount += 1
                list.lastDocument = index
                lists[term] = list
            }
        }
        return lists
    }

    static func bodyTokenCount(_ body: String) -> Int {
        SearchTokenizer.runs(body).reduce(0) { $0 + $1.tokens.count }
    }
}

struct Fragment: Codable, Sendable {
    var t: String
    var u: String
    var s: String
    var m: String
    var x: String
    var f: [String: [String]]

    init(_ document: SearchDocument, limit: Int) {
        t = document.title
        u = document.path
        s = document.summary
        m = document.meta
        // Whitespace runs (paragraph breaks) become one space: a snippet is one line.
        var text = String.UnicodeScalarView(), space = false
        for scalar in document.body.nfkc.unicodeScalars {
            if text.count >= limit { break }
            if scalar.properties.isWhitespace { space = !text.isEmpty; continue }
            if space { text.append(" "); space = false }
            text.append(scalar)
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
