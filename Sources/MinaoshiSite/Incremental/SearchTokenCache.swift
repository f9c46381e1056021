import Foundation
import MinaoshiSearch
import MinaoshiSupport

/// The search index's tokenized documents, kept for the next build (``SearchTokenReuse``): an
/// index file `.minaoshi-cache/<output folder's name>.tokens-index` (a ``BuildCacheFile``: this
/// binary's, whole, its checksum right) that lists each chunk's key, and one segment per chunk in
/// `<output folder's name>.tokens/`, named by the ``StableHash`` of its bytes (``BodySegments``).
/// The index also holds the names the search index gave its fragment groups, by the key of what
/// each group is made from (``SearchTokenReuse/fragmentNames``): a group whose key comes again is
/// kept as published, its bundles not made.
///
/// A chunk is a function of its key alone (the hashes of what the tokenizer reads of its
/// documents, the phrase table and the code's versions), not of the published site, so the step
/// writes it as soon as the index is made, whether or not the build then publishes: a killed build
/// leaves the old index or the new one, each with its segments whole, and temporary files the next
/// write removes. A cache that cannot be trusted offers nothing, is deleted, and every document is
/// tokenized.
struct SearchTokenCache: Sendable {
    let file: BuildCacheFile
    let segments: BodySegments

    init(output: URL) {
        file = BuildCacheFile(output: output, suffix: "tokens-index")
        segments = BodySegments(cacheFile: file, suffix: "tokens")
    }

    /// One entry of the index: a chunk's key and the segment that holds its bytes.
    struct Entry: Equatable, Sendable {
        var key: SearchTokenReuse.Key
        var segment: StableHash
    }

    /// What the index file holds.
    struct Contents: Equatable, Sendable {
        var entries: [Entry]
        var fragmentNames: [StableHash: String] = [:]
    }

    /// The index on disk, or why there is none; an index that exists but cannot be trusted is
    /// deleted with its segments.
    func contents() -> Result<Contents, BuildCacheFile.Rejection> {
        let result = file.read().flatMap { payload in
            Self.decode(payload).map { .success($0) } ?? .failure(.corrupt)
        }
        if case .failure(let rejection) = result, rejection != .missing { remove() }
        return result
    }

    /// The entries of ``contents()``.
    func entries() -> Result<[Entry], BuildCacheFile.Rejection> { contents().map(\.entries) }

    /// What the cache offers the index writer: every chunk the index lists, mapped from its segment
    /// when asked for (nil, and tokenized again, when the segment is gone or its bytes no longer
    /// hash to its name).
    /// With it, the entries it offers, for ``write(_:over:)``.
    func reuse() -> (reuse: SearchTokenReuse, entries: [Entry]) {
        let contents = (try? contents().get()) ?? Contents(entries: [])
        let entries = contents.entries
        let byKey = Dictionary(entries.map { ($0.key, $0.segment) }, uniquingKeysWith: { first, _ in first })
        let segments = self.segments
        let reuse = SearchTokenReuse(offering: entries.map(\.key), fragmentNames: contents.fragmentNames) { key in
            byKey[key].flatMap { segments.map($0) }
        }
        return (reuse, entries)
    }

    /// Keeps the chunks `reuse` made the index of: the ones it tokenized into new segments, those it
    /// took from the offer where they lie (looked up in `entries`, the index it was offered from),
    /// then the index by rename, then the segments the index no longer names are removed.
    func write(_ reuse: SearchTokenReuse, over entries: [Entry]) throws {
        let recorded = Dictionary(entries.map { ($0.key, $0.segment) }, uniquingKeysWith: { first, _ in first })
        let chunks = reuse.chunks
        guard !chunks.isEmpty else { return remove() }
        try FileManager.default.createDirectory(at: segments.folder, withIntermediateDirectories: true)
        var kept: [Entry] = []
        for chunk in chunks {
            // A chunk taken from an offer this index did not hold is not kept: it is made again.
            guard let segment = try chunk.bytes.map({ try Self.write($0, in: segments) }) ?? recorded[chunk.key]
            else { continue }
            kept.append(Entry(key: chunk.key, segment: segment))
        }
        try file.write(Self.encode(Contents(entries: kept, fragmentNames: reuse.fragmentNames)))
        segments.removeAll(except: Set(kept.map(\.segment)))
    }

    /// Writes `bytes` as a segment and returns its name; over a file of that name whose bytes no
    /// longer hash to it (a chunk offered from it was refused, and made again), not beside it.
    private static func write(_ bytes: [UInt8], in segments: BodySegments) throws -> StableHash {
        let name = StableHash(bytes)
        if segments.exists(name), segments.read(name) != nil { return name }
        try DurableFile.replace(segments.url(of: name), with: bytes)
        return name
    }

    /// Deletes the index and every segment: `--clean`, or a cache found untrustworthy.
    func remove() {
        file.remove()
        segments.removeFolder()
    }

    static func encode(_ contents: Contents) -> [UInt8] {
        var writer = RecordWriter()
        let entries = contents.entries
        writer.uint64(UInt64(entries.count))
        for entry in entries {
            for hash in [entry.key.context, entry.segment] {
                writer.uint64(hash.high)
                writer.uint64(hash.low)
            }
            writer.uint64(UInt64(entry.key.documents.count))
            for document in entry.key.documents {
                writer.uint64(document.high)
                writer.uint64(document.low)
            }
        }
        let names = contents.fragmentNames.sorted { ($0.key.high, $0.key.low) < ($1.key.high, $1.key.low) }
        writer.uint64(UInt64(names.count))
        for (key, name) in names {
            writer.uint64(key.high)
            writer.uint64(key.low)
            writer.text(name)
        }
        return writer.buffer
    }

    /// The contents, or nil when the bytes are not what ``encode(_:)`` writes.
    static func decode(_ bytes: [UInt8]) -> Contents? {
        var reader = RecordReader(bytes)
        func hash() throws(RecordReader.Malformed) -> StableHash {
            StableHash(high: try reader.uint64(), low: try reader.uint64())
        }
        do throws(RecordReader.Malformed) {
            var entries: [Entry] = []
            for _ in 0..<(try reader.count()) {
                let context = try hash(), segment = try hash()
                var documents: [StableHash] = []
                for _ in 0..<(try reader.count()) { documents.append(try hash()) }
                entries.append(
                    Entry(key: SearchTokenReuse.Key(documents: documents, context: context), segment: segment))
            }
            var names: [StableHash: String] = [:]
            for _ in 0..<(try reader.count()) {
                let key = try hash(), name = try reader.text()
                guard SearchTokenReuse.isFragmentName(name), names.updateValue(name, forKey: key) == nil
                else { return nil }
            }
            guard reader.remaining == 0 else { return nil }
            return Contents(entries: entries, fragmentNames: names)
        } catch {
            return nil
        }
    }
}
