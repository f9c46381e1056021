import MinaoshiSupport

/// ``CachedBuild`` as the build cache's payload, and back: the bodies (``RenderedBodiesCodec``),
/// then the pages' fingerprints, if the build made them, sorted by path so the same build
/// writes the same bytes.
enum CachedBuildCodec {
    static func encode(_ cached: CachedBuild) -> [UInt8] {
        var writer = ByteWriter()
        writer.data(RenderedBodiesCodec.encode(cached.bodies))
        if let outputs = cached.outputs {
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
        return writer.buffer
    }

    /// The cached build, or nil when the bytes are not what ``encode(_:)`` writes.
    static func decode(_ bytes: [UInt8]) -> CachedBuild? {
        var reader = ByteReader(bytes)
        do throws(ByteReader.Malformed) {
            guard let bodies = RenderedBodiesCodec.decode(try reader.data()) else { return nil }
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
            guard reader.remaining == 0 else { return nil }
            return CachedBuild(bodies: bodies, outputs: outputs)
        } catch {
            return nil
        }
    }
}
