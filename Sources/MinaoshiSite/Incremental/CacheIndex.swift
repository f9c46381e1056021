import MinaoshiContent
import MinaoshiSupport

/// The build cache's index, the payload of ``BuildCacheFile``: each body's inputs (what its reuse
/// is decided by) and where its rendering lies in ``BodySegments``, the pages' fingerprints, and
/// the related documents (``RelatedDocuments``: six numbers or so a document) and where the open
/// data records lie in the published files (``OpenDataPlaces``).
/// It is small (no body is in it), so writing it whole after every build costs little.
struct CacheIndex: Equatable, Sendable {
    /// Which bytes of which segment hold a body's record.
    struct Location: Equatable, Sendable {
        var segment: StableHash
        var offset: Int
        var length: Int
    }

    struct Body: Equatable, Sendable {
        /// The entry without its rendering (an empty ``RenderedMarkdown``).
        var inputs: RenderedBodies.Entry
        var location: Location
    }

    var optionsFingerprint: String
    /// In the order of the cached bodies (by source path).
    var bodies: [Body]
    var outputs: OutputFingerprints?
    var related: RelatedDocuments?
    var openData: OpenDataPlaces?

    /// Every segment a body lies in, in order of first use.
    var segments: [StableHash] {
        var seen: Set<StableHash> = []
        return bodies.map(\.location.segment).filter { seen.insert($0).inserted }
    }

    /// Whether the earlier rendering `indexed` may stand for `entry`: everything rendering reads
    /// is the same (the rule ``BodyRenderSession`` reuses a body by, with the same options).
    static func sameInputs(_ indexed: RenderedBodies.Entry, _ entry: RenderedBodies.Entry) -> Bool {
        indexed.sourcePath == entry.sourcePath && indexed.lineOffset == entry.lineOffset
            && indexed.sourceHash == entry.sourceHash && indexed.linkAnswers == entry.linkAnswers
    }
}

/// ``CacheIndex`` as bytes, and back; the pages' fingerprints are sorted by path so the same
/// build writes the same bytes.
enum CacheIndexCodec {
    static func encode(_ index: CacheIndex) -> [UInt8] {
        var writer = RecordWriter()
        writer.text(index.optionsFingerprint)
        let segments = index.segments
        let numbers = Dictionary(uniqueKeysWithValues: segments.enumerated().map { ($1, $0) })
        writer.uint64(UInt64(segments.count))
        for segment in segments {
            writer.uint64(segment.high)
            writer.uint64(segment.low)
        }
        writer.uint64(UInt64(index.bodies.count))
        for body in index.bodies {
            RenderedBodiesCodec.encodeInputs(of: body.inputs, into: &writer)
            writer.int(numbers[body.location.segment]!)
            writer.int(body.location.offset)
            writer.int(body.location.length)
        }
        if let outputs = index.outputs {
            writer.bytes([1])
            writer.text(outputs.tree)
            writer.uint64(UInt64(outputs.pages.count))
            for (path, fingerprint) in outputs.pages.sorted(by: { $0.key < $1.key }) {
                writer.text(path)
                writer.uint64(fingerprint.high)
                writer.uint64(fingerprint.low)
            }
        } else {
            writer.bytes([0])
        }
        if let related = index.related {
            writer.bytes([1])
            related.encode(into: &writer)
        } else {
            writer.bytes([0])
        }
        if let openData = index.openData {
            writer.bytes([1])
            OpenDataPlacesCodec.encode(openData, into: &writer)
        } else {
            writer.bytes([0])
        }
        return writer.buffer
    }

    /// The index, or nil when the bytes are not what ``encode(_:)`` writes.
    static func decode(_ bytes: [UInt8]) -> CacheIndex? {
        var reader = RecordReader(bytes)
        do throws(RecordReader.Malformed) {
            let fingerprint = try reader.text()
            var segments: [StableHash] = []
            for _ in 0..<(try reader.count()) {
                segments.append(StableHash(high: try reader.uint64(), low: try reader.uint64()))
            }
            var bodies: [CacheIndex.Body] = []
            for _ in 0..<(try reader.count()) {
                let inputs = try RenderedBodiesCodec.decodeInputs(&reader)
                let number = try reader.int(), offset = try reader.int(), length = try reader.int()
                guard segments.indices.contains(number), offset >= 0, length >= 0, offset <= Int.max - length else {
                    return nil
                }
                bodies.append(
                    CacheIndex.Body(
                        inputs: inputs,
                        location: CacheIndex.Location(segment: segments[number], offset: offset, length: length)))
            }
            var outputs: OutputFingerprints?
            switch try reader.byte() {
            case 0: break
            case 1:
                let tree = try reader.text()
                var pages: [String: StableHash] = [:]
                for _ in 0..<(try reader.count()) {
                    let path = try reader.text()
                    guard
                        pages.updateValue(StableHash(high: try reader.uint64(), low: try reader.uint64()), forKey: path)
                            == nil
                    else { return nil }
                }
                outputs = OutputFingerprints(tree: tree, pages: pages)
            default: return nil
            }
            var related: RelatedDocuments?
            switch try reader.byte() {
            case 0: break
            case 1: related = try RelatedDocuments.decode(&reader)
            default: return nil
            }
            var openData: OpenDataPlaces?
            switch try reader.byte() {
            case 0: break
            case 1: openData = try OpenDataPlacesCodec.decode(&reader)
            default: return nil
            }
            guard reader.remaining == 0 else { return nil }
            return CacheIndex(
                optionsFingerprint: fingerprint, bodies: bodies, outputs: outputs, related: related, openData: openData)
        } catch {
            return nil
        }
    }
}

/// ``OpenDataPlaces`` as bytes, and back.
enum OpenDataPlacesCodec {
    static func encode(_ places: OpenDataPlaces, into writer: inout RecordWriter) {
        writer.uint64(UInt64(places.datasets.count))
        for dataset in places.datasets {
            writer.text(dataset.jsonPath)
            writer.text(dataset.csvPath)
            for status in [dataset.jsonStatus, dataset.csvStatus] {
                guard let status else {
                    writer.bytes([0])
                    continue
                }
                writer.bytes([1])
                writer.fileStatus(status)
            }
            writer.uint64(UInt64(dataset.rows.count))
            for row in dataset.rows {
                writer.uint64(row.key.high)
                writer.uint64(row.key.low)
                for bound in [row.json.lowerBound, row.json.upperBound, row.csv.lowerBound, row.csv.upperBound] {
                    writer.int(bound)
                }
            }
        }
    }

    static func decode(_ reader: inout RecordReader) throws(RecordReader.Malformed) -> OpenDataPlaces {
        var places = OpenDataPlaces()
        for _ in 0..<(try reader.count()) {
            let jsonPath = try reader.text(), csvPath = try reader.text()
            // Files of `/api/` only, whatever the index says.
            for path in [jsonPath, csvPath] where !path.hasPrefix("api/") || path.contains("..") {
                throw RecordReader.Malformed()
            }
            var statuses: [FileStatus?] = []
            for _ in 0..<2 {
                switch try reader.byte() {
                case 0: statuses.append(nil)
                case 1: statuses.append(try reader.fileStatus())
                default: throw RecordReader.Malformed()
                }
            }
            var rows: [OpenDataPlaces.Row] = []
            for _ in 0..<(try reader.count()) {
                let key = StableHash(high: try reader.uint64(), low: try reader.uint64())
                let bounds = [try reader.int(), try reader.int(), try reader.int(), try reader.int()]
                guard bounds[0] >= 0, bounds[0] <= bounds[1], bounds[2] >= 0, bounds[2] <= bounds[3] else {
                    throw RecordReader.Malformed()
                }
                rows.append(OpenDataPlaces.Row(key: key, json: bounds[0]..<bounds[1], csv: bounds[2]..<bounds[3]))
            }
            places.datasets.append(
                OpenDataPlaces.Dataset(
                    jsonPath: jsonPath, csvPath: csvPath, jsonStatus: statuses[0], csvStatus: statuses[1], rows: rows))
        }
        return places
    }
}
