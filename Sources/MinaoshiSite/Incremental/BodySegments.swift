import Foundation
import MinaoshiSupport

#if canImport(Glibc)
    import Glibc
#endif

/// The rendered bodies of the build cache, in segment files beside its index
/// (`.minaoshi-cache/<output folder's name>.bodies/<32 hex digits>`): each segment holds the
/// records (``RenderedBodiesCodec/encodeRecord(_:into:)``) one build rendered, and is named by the
/// ``StableHash`` of its bytes. A segment is never changed once written: a build writes the
/// bodies it rendered into one new segment and the index points the bodies it reused at the
/// segments that already hold them, so a one-file edit writes one small segment, not every body.
/// The search index's tokens are kept the same way, one chunk a segment, in `<name>.tokens/`
/// (``SearchTokenCache``).
///
/// Trusted as the index is: a segment is read only through an index that names it, and only if
/// its bytes still hash to its name. It is written to `<name>.tmp-<pid>`, synced and renamed, so
/// a killed writer leaves a leftover (removed by the next write), never a segment with a wrong
/// name; the segments no index names are removed after the index that stopped naming them is in place.
struct BodySegments: Sendable {
    let folder: URL

    init(cacheFile: BuildCacheFile, suffix: String = "bodies") {
        let name = cacheFile.url.deletingPathExtension().lastPathComponent
        folder = cacheFile.url.deletingLastPathComponent().appendingPathComponent(name + "." + suffix)
    }

    func url(of name: StableHash) -> URL { folder.appendingPathComponent(name.description) }

    /// The segment's bytes, if it is there and they hash to its name.
    func read(_ name: StableHash) -> [UInt8]? {
        guard let bytes = DurableFile.contents(of: url(of: name)) else { return nil }
        return StableHash(bytes) == name ? bytes : nil
    }

    /// The segment mapped in place (``SharedBytes``), if it is there and its bytes hash to its
    /// name: a segment is never changed once written (a bad one is replaced by rename), so the
    /// mapping stays what was checked.
    func map(_ name: StableHash) -> SharedBytes? {
        guard let bytes = SharedBytes.mapping(path: url(of: name).path) else { return nil }
        var hasher = StableHasher()
        hasher.add(bytes.buffer)
        return hasher.value == name ? bytes : nil
    }

    func exists(_ name: StableHash) -> Bool {
        access(url(of: name).path, F_OK) == 0
    }

    /// Writes `bytes` as a segment, unless one of that name is there; returns its name.
    func write(_ bytes: [UInt8]) throws -> StableHash {
        let name = StableHash(bytes)
        guard !exists(name) else { return name }
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try DurableFile.replace(url(of: name), with: bytes)
        return name
    }

    /// Removes every file of the folder but the segments named in `kept` and the temporary files
    /// of writers that still run.
    func removeAll(except kept: Set<StableHash>) {
        let keptNames = Set(kept.map(\.description))
        for entry in (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        where !keptNames.contains(entry) && !DurableFile.isLiveWritersTemporary(entry) {
            unlink(folder.appendingPathComponent(entry).path)
        }
    }

    /// The folder and everything in it.
    func removeFolder() {
        try? FileManager.default.removeItem(at: folder)
    }
}

/// Files written whole or not at all: to `<name>.tmp-<pid>`, synced, then renamed over `<name>`.
enum DurableFile {
    static func replace(_ url: URL, with bytes: [UInt8], beforeRename: () -> Void = {}) throws {
        let temporary = url.deletingLastPathComponent().appendingPathComponent(
            "\(url.lastPathComponent).tmp-\(getpid())")
        let descriptor = open(temporary.path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
        var failure: Int32 = 0
        bytes.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let written = Glibc.write(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    failure = errno
                    return
                }
                offset += written
            }
        }
        if failure == 0, fsync(descriptor) != 0 { failure = errno }
        close(descriptor)
        if failure == 0 { beforeRename() }
        guard failure == 0, rename(temporary.path, url.path) == 0 else {
            let code = failure != 0 ? failure : errno
            unlink(temporary.path)
            throw POSIXError(POSIXErrorCode(rawValue: code) ?? .EIO)
        }
    }

    /// The file's bytes, read straight into the array (tens of megabytes: not through `Data`,
    /// which would copy them once more); nil when it cannot be read whole.
    static func contents(of url: URL) -> [UInt8]? {
        let descriptor = open(url.path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        guard let status = try? FileStatus(descriptor: descriptor), status.isRegularFile else { return nil }
        let size = Int(status.size)
        var complete = false
        let bytes = [UInt8](unsafeUninitializedCapacity: size) { buffer, count in
            var offset = 0
            while offset < size {
                let got = Glibc.read(descriptor, buffer.baseAddress! + offset, size - offset)
                if got < 0, errno == EINTR { continue }
                guard got > 0 else { break }
                offset += got
            }
            count = offset
            complete = offset == size
        }
        return complete ? bytes : nil
    }

    /// Whether `name` is the temporary file of a writer other than this process that still runs
    /// (`<anything>.tmp-<pid>`); a dead writer's is a leftover.
    static func isLiveWritersTemporary(_ name: String) -> Bool {
        guard let marker = name.range(of: ".tmp-", options: .backwards),
            let pid = Int32(name[marker.upperBound...])
        else { return false }
        return pid != getpid() && (kill(pid, 0) == 0 || errno == EPERM)
    }
}
