#if canImport(Glibc)
    import Glibc
#endif

/// Bytes that never change, read from every thread, whose storage lives as long as any holder:
/// a copy of an array, or a file mapped read-only. A cache file mapped is neither copied nor
/// zeroed first: at 10,000 documents the search index's token cache (58 MB) was read into fresh
/// memory and then copied into each chunk's buffer, and the kernel's zeroing of those pages and
/// the two copies were about a tenth of a rebuild's CPU.
///
/// A mapping is only as stable as its file: the caches map only files that are never changed in
/// place (a cache file is replaced by rename, which leaves a mapping of the old one whole).
// @unchecked: `buffer` is written before `init` returns and only read after.
public final class SharedBytes: @unchecked Sendable {
    public let buffer: UnsafeRawBufferPointer
    private let mapped: Bool

    /// A copy of `bytes`.
    public init(_ bytes: some Collection<UInt8>) {
        let storage = UnsafeMutableRawBufferPointer.allocate(byteCount: max(1, bytes.count), alignment: 8)
        _ = storage.initializeMemory(as: UInt8.self, from: bytes)
        buffer = UnsafeRawBufferPointer(rebasing: storage[0..<bytes.count])
        mapped = false
    }

    private init(mapping: UnsafeRawBufferPointer) {
        buffer = mapping
        mapped = true
    }

    /// The regular file at `path`, mapped read-only; nil when it cannot be opened or mapped. An
    /// empty file is an empty buffer (nothing to map).
    public static func mapping(path: String) -> SharedBytes? {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        guard let status = try? FileStatus(descriptor: descriptor), status.isRegularFile else { return nil }
        let size = Int(status.size)
        if size == 0 { return SharedBytes([]) }
        // MAP_POPULATE: the pages are mapped in one call, not faulted in one by one as they are read.
        guard let address = mmap(nil, size, PROT_READ, MAP_PRIVATE | MAP_POPULATE, descriptor, 0), address != MAP_FAILED
        else {
            return nil
        }
        return SharedBytes(mapping: UnsafeRawBufferPointer(start: address, count: size))
    }

    deinit {
        if mapped {
            munmap(UnsafeMutableRawPointer(mutating: buffer.baseAddress), buffer.count)
        } else {
            UnsafeMutableRawPointer(mutating: buffer.baseAddress)?.deallocate()
        }
    }

    public var count: Int { buffer.count }
}
