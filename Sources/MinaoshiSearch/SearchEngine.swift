import Foundation

/// Where index files come from: a built site's `search/` folder, or an index built in memory.
public protocol SearchIndexSource: Sendable {
    func read(_ name: String) throws -> [UInt8]
}

public struct DirectoryIndexSource: SearchIndexSource {
    public let folder: URL
    public init(folder: URL) { self.folder = folder }
    public func read(_ name: String) throws -> [UInt8] { Array(try Data(contentsOf: folder.appendingPathComponent(name))) }
}

public struct MemoryIndexSource: SearchIndexSource {
    public let files: [String: [UInt8]]
    public init(_ files: [SearchIndexWriter.File]) { self.files = Dictionary(uniqueKeysWithValues: files.map { ($0.path, $0.bytes) }) }
    public func read(_ name: String) throws -> [UInt8] {
        guard let bytes = files[name] else { throw CocoaError(.fileNoSuchFile, userInfo: [NSFilePathErrorKey: name]) }
        return bytes
    }
}

/// One ranked result.
public struct SearchHit: Sendable, Encodable {
    public var title: String
    public var path: String
    public var summary: String
    public var meta: String
    public var score: Double
    /// The snippet in parts; odd-numbered parts are the matches.
    public var snippet: [String]
    public var facets: [String: [String]]
}

public struct SearchFacetCount: Sendable, Encodable {
    public var id: String
    public var label: String
    public var count: Int
}

public struct SearchFacetCounts: Sendable, Encodable {
    public var key: String
    public var label: String
    public var values: [SearchFacetCount]
}

public struct SearchResults: Sendable, Encodable {
    public var total: Int
    public var hits: [SearchHit]
    public var facets: [SearchFacetCounts]
    /// Index files read for this query (the manifest included), and their bytes.
    public var filesRead: Int
    public var bytesRead: Int
}

/// The query engine over the index files; `templates/assets/search/engine.js` is the same
/// algorithm in the browser. Not thread-safe: one per caller.
public final class SearchIndex {
    let source: SearchIndexSource
    let manifest: Manifest
    private var shards: [Int: [String: Entry]] = [:]
    private var documentFacets: [[[Int]]]?
    private var facetList: [FacetKey]?
    private var read: (files: Int, bytes: Int) = (0, 0)

    public init(source: SearchIndexSource) throws {
        self.source = source
        let bytes = try source.read("manifest.json")
        manifest = try JSONDecoder().decode(Manifest.self, from: Data(bytes))
        guard manifest.version == SearchIndexLayout.version else {
            throw CocoaError(.fileReadCorruptFile, userInfo: [NSLocalizedDescriptionKey:
                "the search index is format \(manifest.version), this minaoshi reads \(SearchIndexLayout.version): build the site again"])
        }
        read = (1, bytes.count)
    }

    private func file(_ name: String) throws -> [UInt8] {
        let bytes = try source.read(name)
        read.files += 1
        read.bytes += bytes.count
        return bytes
    }

    // MARK: - Shards

    private static func less(_ a: String, _ b: String) -> Bool { a.utf16.lexicographicallyPrecedes(b.utf16) }
    private static func starts(_ text: String, with prefix: String) -> Bool { text.utf16.starts(with: prefix.utf16) }

    /// The last shard whose first term is at or before `term`.
    private func shardIndex(_ term: String) -> Int {
        var low = 0, high = manifest.shards.first.count - 1, found = 0
        while low <= high {
            let middle = (low + high) / 2
            if !Self.less(term, manifest.shards.first[middle]) { found = middle; low = middle + 1 } else { high = middle - 1 }
        }
        return found
    }

    struct Entry {
        var documents: Int
        var postings: ArraySlice<UInt8>
        /// Where the term's positions lie in the shard's positions file.
        var positions: Range<Int>
    }

    private var positionFiles: [Int: [UInt8]] = [:]

    private func shard(_ index: Int) throws -> [String: Entry] {
        if let cached = shards[index] { return cached }
        var reader = ByteReader(try file("s\(index).\(manifest.shards.hash).bin"))
        var terms: [String: Entry] = [:]
        var offset = 0
        for _ in 0..<reader.varint() {
            let term = reader.string()
            let documents = reader.varint()
            let postings = reader.slice(reader.varint())
            let length = reader.varint()
            terms[term] = Entry(documents: documents, postings: postings, positions: offset..<offset + length)
            offset += length
        }
        shards[index] = terms
        return terms
    }

    private func positionFile(_ index: Int) throws -> [UInt8] {
        if let cached = positionFiles[index] { return cached }
        let bytes = try file("p\(index).\(manifest.shards.hash).bin")
        positionFiles[index] = bytes
        return bytes
    }

    struct Posting {
        var bucket: Int
        var frequency: Int
        /// Occurrences in the title, the labels and the body.
        var fields: [Int]
        var positions: [Int]
    }

    /// Documents of the terms `slot` looks up; their positions only when `positions` is set
    /// (a term of more than one slot checks adjacency; one slot needs only the field counts).
    private func postings(_ slot: SearchQuery.Slot, positions withPositions: Bool) throws -> [Int: Posting] {
        guard !manifest.shards.first.isEmpty else { return [:] }
        var lists: [(entry: Entry, shard: Int)] = []
        switch slot {
        case .exact(let term):
            let index = shardIndex(term)
            if let entry = try shard(index)[term] { lists.append((entry, index)) }
        case .prefix(let prefix):
            var index = shardIndex(prefix)
            while true {
                for (term, entry) in try shard(index).sorted(by: { Self.less($0.key, $1.key) }) where Self.starts(term, with: prefix) {
                    lists.append((entry, index))
                }
                guard index + 1 < manifest.shards.first.count, Self.starts(manifest.shards.first[index + 1], with: prefix) else { break }
                index += 1
            }
        }
        var result: [Int: Posting] = [:]
        for (entry, shardIndex) in lists {
            var reader = ByteReader(Array(entry.postings))
            var positionReader = withPositions ? ByteReader(Array(try positionFile(shardIndex)[entry.positions])) : nil
            var document = -1
            while !reader.atEnd {
                document += reader.varint() + 1
                let bucket = Int(reader.bytes[reader.offset]); reader.offset += 1
                let packed = reader.varint()
                let frequency = packed >> 2
                let title = packed & 2 != 0 ? reader.varint() : 0
                let labels = packed & 1 != 0 ? reader.varint() : 0
                var positions: [Int] = []
                if positionReader != nil {
                    var position = 0
                    for _ in 0..<min(frequency, manifest.layout.positionCap) { position += positionReader!.varint(); positions.append(position) }
                }
                let fields = [title, labels, frequency - title - labels]
                if var existing = result[document] {
                    existing.frequency += frequency
                    existing.fields = zip(existing.fields, fields).map { $0 + $1 }
                    existing.positions = (existing.positions + positions).sorted()
                    result[document] = existing
                } else {
                    result[document] = Posting(bucket: bucket, frequency: frequency, fields: fields, positions: positions)
                }
            }
        }
        return result
    }

    // MARK: - Matching

    /// Per matching document: term frequency by field and the body length bucket.
    private func match(_ term: SearchQuery.Term) throws -> [Int: (fields: [Int], bucket: Int)] {
        let slots = SearchQuery.slots(term)
        let single = slots.count == 1 && slots[0].count == 1
        let lists = try slots.map { try $0.map { try postings($0, positions: !single) } }
        let flat = lists.flatMap { $0 }
        guard let first = flat.first else { return [:] }
        let layout = manifest.layout
        func field(_ position: Int) -> Int { position < layout.labelsBase ? 0 : (position < layout.bodyBase ? 1 : 2) }
        var result: [Int: (fields: [Int], bucket: Int)] = [:]
        if single {
            for (document, posting) in first { result[document] = (posting.fields, posting.bucket) }
            return result
        }
        for (document, start) in first {
            guard flat.allSatisfy({ $0[document] != nil }) else { continue }
            let sets = lists.map { $0.map { Set($0[document]!.positions) } }
            var fields = [0, 0, 0]
            for position in start.positions {
                var expected = position, ok = true
                for (runIndex, run) in sets.enumerated() {
                    for (slotIndex, set) in run.enumerated() {
                        if runIndex == 0 && slotIndex == 0 { continue }
                        expected += slotIndex == 0 ? 2 : 1
                        if !set.contains(expected) { ok = false; break }
                    }
                    if !ok { break }
                }
                if ok { fields[field(position)] += 1 }
            }
            if fields == [0, 0, 0], flat.contains(where: { $0[document]!.frequency > $0[document]!.positions.count }) {
                fields[2] = 1 // positions were capped: the match may lie beyond them
            }
            if fields != [0, 0, 0] { result[document] = (fields, start.bucket) }
        }
        return result
    }

    // MARK: - Facets

    private func loadFacets() throws -> (list: [FacetKey], table: [[[Int]]]) {
        if let facetList, let documentFacets { return (facetList, documentFacets) }
        let list = try JSONDecoder().decode([FacetKey].self, from: Data(try file(manifest.facets)))
        var reader = ByteReader(try file(manifest.documentFacets))
        var table: [[[Int]]] = []
        for _ in 0..<manifest.documents {
            table.append(list.map { _ in (0..<reader.varint()).map { _ in reader.varint() } })
        }
        facetList = list
        documentFacets = table
        return (list, table)
    }

    // MARK: - Search

    /// Ranked results for `query` among documents with every filtered facet (any value of a key).
    public func search(_ text: String, filters: [String: Set<String>] = [:], limit: Int = 10, offset: Int = 0) throws -> SearchResults {
        let query = SearchQuery(text)
        let count = manifest.documents, layout = manifest.layout
        var scores: [Int: Double] = [:]
        if query.isEmpty {
            for document in 0..<count { scores[document] = 0 }
        } else {
            for (index, term) in query.terms.enumerated() {
                let matches = try match(term)
                let frequency = Double(matches.count)
                let idf = log(1 + (Double(count) - frequency + 0.5) / (frequency + 0.5))
                var next: [Int: Double] = [:]
                for (document, match) in matches where index == 0 || scores[document] != nil {
                    let length = Double(match.bucket * layout.lengthUnit)
                    let norm = 1 - layout.b + layout.b * length / manifest.averageBodyLength
                    let weighted = layout.weights[0] * Double(match.fields[0]) + layout.weights[1] * Double(match.fields[1])
                        + layout.weights[2] * Double(match.fields[2]) / norm
                    next[document] = (scores[document] ?? 0) + idf * weighted * (layout.k1 + 1) / (weighted + layout.k1)
                }
                scores = next
                if scores.isEmpty { break }
            }
        }
        let facets = try loadFacets()
        let keys = facets.list.map(\.key)
        let wanted: [Set<Int>?] = facets.list.map { key in
            guard let ids = filters[key.key], !ids.isEmpty else { return nil }
            return Set(key.values.indices.filter { ids.contains(key.values[$0].id) })
        }
        func passes(_ document: Int, except skipped: Int?) -> Bool {
            for (k, set) in wanted.enumerated() where k != skipped {
                if let set, !facets.table[document][k].contains(where: set.contains) { return false }
            }
            return true
        }
        var counts = facets.list.map { [Int](repeating: 0, count: $0.values.count) }
        for document in scores.keys {
            for k in keys.indices where passes(document, except: k) {
                for value in facets.table[document][k] { counts[k][value] += 1 }
            }
        }
        let ranked = scores.filter { passes($0.key, except: nil) }
            .sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }
        var hits: [SearchHit] = []
        var bundles: [Int: [Fragment]] = [:]
        for (document, score) in ranked.dropFirst(offset).prefix(limit) {
            let bundle = document / manifest.fragments.perFile
            if bundles[bundle] == nil {
                bundles[bundle] = try JSONDecoder().decode([Fragment].self, from: Data(try file("f\(bundle).\(manifest.fragments.hash).json")))
            }
            let fragment = bundles[bundle]![document % manifest.fragments.perFile]
            hits.append(SearchHit(title: fragment.t, path: fragment.u, summary: fragment.s, meta: fragment.m,
                                  score: (score * 10000).rounded() / 10000, snippet: Snippet.parts(fragment.x, fallback: fragment.s, needles: query.needles),
                                  facets: fragment.f))
        }
        let facetCounts = facets.list.enumerated().map { k, key in
            SearchFacetCounts(key: key.key, label: key.label, values: key.values.enumerated().map {
                SearchFacetCount(id: $1.id, label: $1.label, count: counts[k][$0])
            })
        }
        return SearchResults(total: ranked.count, hits: hits, facets: facetCounts, filesRead: read.files, bytesRead: read.bytes)
    }
}

/// The part of a result's text around its first match, split at the matches.
enum Snippet {
    static let before = 30, length = 120

    static func parts(_ text: String, fallback: String, needles: [[Unicode.Scalar]]) -> [String] {
        let scalars = Array(text.unicodeScalars)
        let folded = scalars.map(SearchTokenizer.fold)
        var marks = [Bool](repeating: false, count: folded.count)
        var first: Int?
        for needle in needles where !needle.isEmpty && needle.count <= folded.count {
            for start in 0...(folded.count - needle.count) where folded[start] == needle[0] {
                if folded[start..<start + needle.count].elementsEqual(needle) {
                    for i in start..<start + needle.count { marks[i] = true }
                    first = min(first ?? start, start)
                }
            }
        }
        guard let first else { return [String(fallback.unicodeScalars.prefix(length).map(Character.init))] }
        let start = max(0, first - before), end = min(scalars.count, start + length)
        var parts: [String] = [start > 0 ? "…" : ""]
        var current = String.UnicodeScalarView(), marked = false
        for i in start..<end {
            if marks[i] != marked {
                parts[parts.count - 1] += String(current)
                current = String.UnicodeScalarView()
                parts.append("")
                marked = marks[i]
            }
            current.append(scalars[i])
        }
        parts[parts.count - 1] += String(current)
        if end < scalars.count {
            if parts.count % 2 == 0 { parts.append("") }
            parts[parts.count - 1] += "…"
        }
        return parts
    }
}
