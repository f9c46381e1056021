import Foundation
import MinaoshiContent
import MinaoshiMarkdown
import MinaoshiSupport

/// The build cache of one output folder: the index (``BuildCacheFile``, holding a ``CacheIndex``)
/// and the segments that hold the bodies (``BodySegments``). A build writes the bodies it rendered
/// into one new segment and an index that points every other body at the segment that holds it
/// already; the unchanged bodies are neither encoded nor written again.
struct BuildCache: Sendable {
    let file: BuildCacheFile
    let segments: BodySegments

    /// At most this many segments after a write; one more, and every body is written into one.
    static let segmentLimit = 32

    init(output: URL) {
        file = BuildCacheFile(output: output)
        segments = BodySegments(cacheFile: file)
    }

    /// The index, if the file is one this binary may trust.
    func readIndex() -> Result<CacheIndex, BuildCacheFile.Rejection> {
        file.read().flatMap { payload in
            CacheIndexCodec.decode(payload).map { .success($0) } ?? .failure(.corrupt)
        }
    }

    /// The cached build, with its index; a missing segment, or one whose bytes no longer hash
    /// to its name, makes the whole cache `.corrupt`.
    func read() -> Result<(cached: CachedBuild, index: CacheIndex), BuildCacheFile.Rejection> {
        let index: CacheIndex
        switch readIndex() {
        case .success(let read): index = read
        case .failure(let rejection): return .failure(rejection)
        }
        let names = index.segments
        // Mapped in place: the records are decoded from the file's pages, neither read into fresh
        // memory nor copied first (61 MB at 10k).
        let contents = ParallelMap.map(names) { segments.map($0) }
        var found: [StableHash: SharedBytes] = [:]
        for (name, bytes) in zip(names, contents) {
            guard let bytes else { return .failure(.corrupt) }
            found[name] = bytes
        }
        let bytesByName = found
        let rendered = ParallelMap.map(index.bodies) { body -> RenderedMarkdown? in
            let location = body.location
            var reader = RecordReader(
                bytesByName[location.segment]!, range: location.offset..<location.offset + location.length)
            return RenderedBodiesCodec.decodeRecord(&reader)
        }
        var entries: [RenderedBodies.Entry] = []
        entries.reserveCapacity(index.bodies.count)
        for (body, rendered) in zip(index.bodies, rendered) {
            guard let rendered else { return .failure(.corrupt) }
            var entry = body.inputs
            entry.rendered = rendered
            entries.append(entry)
        }
        let bodies = RenderedBodies(optionsFingerprint: index.optionsFingerprint, entries: entries)
        return .success(
            (
                CachedBuild(bodies: bodies, outputs: index.outputs, related: index.related, openData: index.openData),
                index
            ))
    }

    /// Writes `cached` over the cache `previous` indexes (nil: as if there were none): a body
    /// whose inputs are the ones `previous` recorded keeps its record where it lies, the others
    /// go into one new segment. When that would leave more than ``segmentLimit`` segments, or
    /// segments more than a third of whose bytes no body uses, every body is written into one
    /// new segment instead. The index is replaced by rename, then the segments it does not name
    /// are removed: a writer killed anywhere leaves the old index or the new one, each with its
    /// segments whole.
    @discardableResult
    func write(_ cached: CachedBuild, over previous: CacheIndex?) throws -> CacheIndex {
        BuildPhaseProbe.reached("cache write")
        let entries = cached.bodies.entries
        var locations = [CacheIndex.Location?](repeating: nil, count: entries.count)
        if let previous, previous.optionsFingerprint == cached.bodies.optionsFingerprint {
            let recorded = Dictionary(
                previous.bodies.map { ($0.inputs.sourcePath, $0) }, uniquingKeysWith: { first, _ in first })
            var present: [StableHash: Bool] = [:]
            for (number, entry) in entries.enumerated() {
                guard let body = recorded[entry.sourcePath], CacheIndex.sameInputs(body.inputs, entry) else { continue }
                let segment = body.location.segment
                if present[segment] == nil { present[segment] = segments.exists(segment) }
                if present[segment] == true { locations[number] = body.location }
            }
            if !worthKeeping(locations) { locations = locations.map { _ in nil } }
        }
        var writer = RecordWriter()
        var fresh: [(number: Int, offset: Int, length: Int)] = []
        for (number, entry) in entries.enumerated() where locations[number] == nil {
            let offset = writer.buffer.count
            RenderedBodiesCodec.encodeRecord(entry.rendered, into: &writer)
            fresh.append((number, offset, writer.buffer.count - offset))
        }
        if !fresh.isEmpty {
            let name = try segments.write(writer.buffer)
            for (number, offset, length) in fresh {
                locations[number] = CacheIndex.Location(segment: name, offset: offset, length: length)
            }
        }
        let index = CacheIndex(
            optionsFingerprint: cached.bodies.optionsFingerprint,
            bodies: zip(entries, locations).map { entry, location in
                var inputs = entry
                inputs.rendered = RenderedMarkdown(htmlBytes: [], plainText: "", headings: [], links: [], summary: "")
                return CacheIndex.Body(inputs: inputs, location: location!)
            },
            outputs: cached.outputs, related: cached.related, openData: cached.openData)
        try file.write(CacheIndexCodec.encode(index))
        segments.removeAll(except: Set(index.segments))
        return index
    }

    /// Whether the kept records' segments are few enough and used enough to leave as they are.
    private func worthKeeping(_ locations: [CacheIndex.Location?]) -> Bool {
        var used: [StableHash: Int] = [:]
        for location in locations.compactMap({ $0 }) { used[location.segment, default: 0] += location.length }
        guard used.count + 1 <= Self.segmentLimit else { return false }
        var total = 0
        for segment in used.keys {
            guard let status = try? FileStatus(path: segments.url(of: segment).path) else { return false }
            total += Int(status.size)
        }
        let live = used.values.reduce(0, +)
        return (total - live) * 2 <= live
    }

    /// Deletes the index and every segment: `--clean`, or a cache found untrustworthy.
    func remove() {
        file.remove()
        segments.removeFolder()
    }
}
