import Foundation
import MinaoshiSupport

#if canImport(Glibc)
    import Glibc
#endif

/// The build cache's index file, `.minaoshi-cache/<output folder's name>.cache` beside the output
/// (the bodies it indexes are in ``BodySegments``), and the rules by which it is trusted: never blindly. A cache is read only if it was written whole
/// by this very binary in this format, and its bytes are the ones written:
///
///     MINAOSHI-CACHE\n            magic
///     u32 format                  ``format``; a change in layout bumps it
///     text binary                 ``binaryIdentity``: the version and the executable's identity
///     u64 payload length
///     16 bytes                    ``StableHash`` of the payload
///     payload
///
/// It is written to `<name>.tmp-<pid>`, synced, and renamed over the old one, so a killed build
/// leaves the old cache or the new one, never part of one; a leftover temporary file is no cache
/// and is removed by the next write. Anything else (another version, a truncated or corrupted
/// file) is reported as ``Rejection`` and the build runs in full.
public struct BuildCacheFile: Sendable {
    public static let folderName = ".minaoshi-cache"
    static let magic = Array("MINAOSHI-CACHE\n".utf8)
    /// The layout of the header and of every payload written today (3: the bodies moved out
    /// into ``BodySegments``, the payload is their index; 4: the index holds the related documents).
    public static let format: UInt32 = 4

    /// The cache file of the site written to `output`.
    public let url: URL

    public init(output: URL) {
        self.init(output: output, suffix: "cache")
    }

    /// The file `<output folder's name>.<suffix>` in the cache folder: another cache of the same
    /// site, trusted by the same rules (the search index's tokens: ``SearchTokenCache``).
    init(output: URL, suffix: String) {
        let output = output.standardizedFileURL
        url = output.deletingLastPathComponent().appendingPathComponent(Self.folderName)
            .appendingPathComponent(output.lastPathComponent + "." + suffix)
    }

    /// Why a cache was not used.
    public enum Rejection: Error, Equatable, Sendable {
        case missing
        case notACache
        case otherFormat(UInt32)
        case otherBinary(String)
        case truncated
        case corrupt
    }

    /// The version and the executable that runs: a cache written by any other build of the
    /// program is not read, since what it holds is what that program's code made. The file's
    /// identity (device, inode, size, modification time) changes whenever the binary is rebuilt.
    public static let binaryIdentity: String = {
        let path = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().path
        let executable: String
        if let info = try? FileManager.default.attributesOfItem(atPath: path) {
            let fields: [FileAttributeKey] = [.systemNumber, .systemFileNumber, .size]
            let modified = (info[.modificationDate] as? Date)?.timeIntervalSince1970 ?? 0
            executable = "\(path) " + fields.map { "\(info[$0] ?? "?")" }.joined(separator: "-") + "-\(modified)"
        } else {
            executable = CommandLine.arguments.first ?? "unknown"
        }
        return "minaoshi \(MinaoshiVersion.current) \(executable)"
    }()

    /// The payload, if the file is a cache this binary may trust.
    public func read(binary: String = binaryIdentity) -> Result<[UInt8], Rejection> {
        // Straight into an array: through `Data` the front matter's 15 MB at 10k were copied once more.
        guard let bytes = DurableFile.contents(of: url) else { return .failure(.missing) }
        return Self.payload(of: bytes, binary: binary)
    }

    /// The checks of ``read(binary:)`` on a file's bytes.
    static func payload(of bytes: [UInt8], binary: String) -> Result<[UInt8], Rejection> {
        var reader = RecordReader(bytes)
        do {
            guard try reader.bytes(Self.magic.count) == Self.magic else { return .failure(.notACache) }
            let format = try reader.uint32()
            guard format == Self.format else { return .failure(.otherFormat(format)) }
            let writer = try reader.text()
            guard writer == binary else { return .failure(.otherBinary(writer)) }
            let length = try reader.uint64()
            let hash = StableHash(high: try reader.uint64(), low: try reader.uint64())
            guard UInt64(reader.remaining) >= length else { return .failure(.truncated) }
            guard UInt64(reader.remaining) == length else { return .failure(.corrupt) }
            let payload = try reader.bytes(Int(length))
            guard StableHash(payload) == hash else { return .failure(.corrupt) }
            return .success(payload)
        } catch {
            return .failure(.truncated)
        }
    }

    /// The whole file for `payload`.
    static func file(payload: [UInt8], binary: String) -> [UInt8] {
        var writer = RecordWriter()
        writer.bytes(Self.magic)
        writer.uint32(Self.format)
        writer.text(binary)
        writer.uint64(UInt64(payload.count))
        let hash = StableHash(payload)
        writer.uint64(hash.high)
        writer.uint64(hash.low)
        writer.bytes(payload)
        return writer.buffer
    }

    /// Replaces the cache with one holding `payload`, by rename; first removes temporary files
    /// that killed writers left.
    public func write(_ payload: [UInt8], binary: String = binaryIdentity) throws {
        let folder = url.deletingLastPathComponent()
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        removeLeftovers()
        try DurableFile.replace(url, with: Self.file(payload: payload, binary: binary)) {
            BuildPhaseProbe.reached("cache rename")
        }
    }

    /// Deletes the cache: `--clean`, or a cache found untrustworthy.
    public func remove() {
        unlink(url.path)
    }

    /// Temporary files of writers that no longer run (a killed build's); a live writer's is left alone.
    func removeLeftovers() {
        let folder = url.deletingLastPathComponent()
        let prefix = url.lastPathComponent + ".tmp-"
        for entry in (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        where entry.hasPrefix(prefix) && !DurableFile.isLiveWritersTemporary(entry) {
            unlink(folder.appendingPathComponent(entry).path)
        }
    }
}
