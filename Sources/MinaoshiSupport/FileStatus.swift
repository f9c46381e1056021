#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// What `stat(2)` says of a file: its type, size, modification and change times, inode and device. The one place the
/// project reads a `struct stat`, so that the modules that need a file's status do not each reach
/// into the C headers.
public struct FileStatus: Sendable, Equatable {
    /// Why `stat` failed: its `errno` (`ENOENT`, `EACCES`, `ELOOP`, …).
    public struct Failure: Error, Equatable {
        public let code: Int32

        public init(code: Int32) { self.code = code }
    }

    /// The file's type, as its mode's `S_IFMT` bits (`S_IFREG`, `S_IFDIR`, `S_IFIFO`, …).
    public let type: mode_t
    /// The size in bytes.
    public let size: Int64
    /// The last modification, in nanoseconds since 1970-01-01T00:00:00Z.
    public let modified: Int64
    /// The last change of the inode itself (a rename into place, a new link, a chmod), in nanoseconds
    /// since 1970-01-01T00:00:00Z. Unlike the modification time, no program can set it back.
    public let changed: Int64
    /// The inode number: a file saved by writing a new one and renaming it over the old gets a new one.
    public let inode: UInt64
    /// The device the file lives on: an inode number names a file only together with it.
    public let device: UInt64

    public var isRegularFile: Bool { type == S_IFREG }
    public var isDirectory: Bool { type == S_IFDIR }
    public var isSymbolicLink: Bool { type == S_IFLNK }

    /// The status of the file at `path`: of what a symbolic link leads to (`stat`), or with
    /// `followingLinks: false` of the link itself (`lstat`).
    public init(path: String, followingLinks: Bool = true) throws(Failure) {
        var info = stat()
        let result = followingLinks ? stat(path, &info) : lstat(path, &info)
        guard result == 0 else { throw Failure(code: errno) }
        self.init(info)
    }

    /// The status of an open file (`fstat`).
    public init(descriptor: Int32) throws(Failure) {
        var info = stat()
        guard fstat(descriptor, &info) == 0 else { throw Failure(code: errno) }
        self.init(info)
    }

    /// A status recorded earlier (the build cache's), to compare with the file's status now.
    public init(type: mode_t, size: Int64, modified: Int64, changed: Int64, inode: UInt64, device: UInt64) {
        self.type = type
        self.size = size
        self.modified = modified
        self.changed = changed
        self.inode = inode
        self.device = device
    }

    private init(_ info: stat) {
        type = info.st_mode & S_IFMT
        size = Int64(info.st_size)
        #if canImport(Darwin)
            let (modification, change) = (info.st_mtimespec, info.st_ctimespec)
        #else
            let (modification, change) = (info.st_mtim, info.st_ctim)
        #endif
        modified = Int64(modification.tv_sec) * 1_000_000_000 + Int64(modification.tv_nsec)
        changed = Int64(change.tv_sec) * 1_000_000_000 + Int64(change.tv_nsec)
        inode = UInt64(truncatingIfNeeded: info.st_ino)
        device = UInt64(truncatingIfNeeded: info.st_dev)
    }
}

extension RecordWriter {
    /// A file's status, as the caches keep it to compare with the file's status later.
    public mutating func fileStatus(_ status: FileStatus) {
        uint32(UInt32(status.type))
        int(Int(status.size))
        int(Int(status.modified))
        int(Int(status.changed))
        uint64(status.inode)
        uint64(status.device)
    }
}

extension RecordReader {
    /// What ``RecordWriter/fileStatus(_:)`` wrote.
    public mutating func fileStatus() throws(Malformed) -> FileStatus {
        FileStatus(
            type: mode_t(try uint32()), size: Int64(try int()), modified: Int64(try int()),
            changed: Int64(try int()), inode: try uint64(), device: try uint64())
    }
}
