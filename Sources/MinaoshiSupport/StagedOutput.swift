import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Writes a whole output tree into a staging folder beside the final one and swaps it in
/// only when ``commit()`` is called, so a failed or killed build never leaves a half-written site.
///
/// The staging folder sits in the same parent as the output (rename(2) does not cross file
/// systems). On Linux the swap is one `renameat2(RENAME_EXCHANGE)`, so a reader sees either the
/// old or the new tree, never none; elsewhere it falls back to two renames. Staging folders
/// left by a killed build are removed by the next one.
///
/// With `keepsStandby` (builds with a cache), the tree a commit replaces is not deleted: it stays
/// beside the output as the standby (`.NAME.standby`), and the next build stages into it instead
/// of an empty folder. Most of a rebuilt site is unchanged, so that build's work is proportional
/// to the change: a kept file already in the standby as the very file published (the same
/// inode) costs two stats instead of a hard link now and an unlink when the old tree is deleted.
/// Nothing in a standby is trusted: every file written replaces its entry (a new inode, so a file
/// shared with the published tree is never written through), every file kept is checked to be
/// the published one, and ``commit()`` deletes whatever this build did not write or keep, so the
/// staged tree is the one an empty staging folder would hold. A standby may therefore be a tree
/// a killed build left half-changed: a leftover staging folder is adopted as the standby.
// @unchecked: writers from many threads only read its descriptors; they change only in init, commit and discard, which run alone.
public final class StagedOutput: @unchecked Sendable {
    public let output: URL
    public let staging: URL
    /// `staging.path`, worked out once, for messages.
    private let stagingPath: String
    private var finished = false

    /// Held from creation until commit or discard, so two builds never share a staging area.
    private var lockDescriptor: Int32 = -1
    /// The staging folder, open from creation until commit or discard: files are opened, folders
    /// made and files renamed relative to it, so the kernel walks only the path inside the tree
    /// for each of a site's tens of thousands of files, not the output's own path again.
    private var stagingDescriptor: Int32 = -1
    /// The output folder as this build found it (the published tree), open likewise for
    /// ``keepPublished(_:)``'s look-ups and links; -1 when there was none to open.
    private var publishedDescriptor: Int32 = -1
    /// `output.path`, made once: `URL.path` builds the string again at each ask.
    private let outputPath: String

    /// Whether the replaced tree is kept as the standby (see the type's comment).
    private let keepsStandby: Bool
    /// Where the standby is kept: `.NAME.standby` beside the output.
    public let standby: URL
    /// Whether the staging folder is a standby: it holds files this build has not written.
    public let recycled: Bool
    /// The recycled standby's files as recorded when it was published; nil when there is no
    /// trusted record, and then ``commit()`` walks the tree for what to delete.
    private let standbyRecord: StagedTreeRecords.Tree?
    /// `.NAME.trees` beside the output: ``StagedTreeRecords``.
    private let recordsPath: String
    /// The records as this build found them, less the standby's.
    private let records: StagedTreeRecords
    /// With `keepsStandby`, the paths written or kept so far, and the folders copied whole: what
    /// ``commit()`` keeps of a recycled standby, and the new tree's record.
    private let staged = Locked<(files: Set<String>, folders: [String])>(([], []))

    /// `keepsStandby`: whether to stage into the standby left by an earlier build, and to keep
    /// the tree this one replaces as the next standby; without it, any standby is deleted.
    public init(output: URL, keepsStandby: Bool = false) throws {
        self.output = output.standardizedFileURL
        outputPath = self.output.path
        let parent = self.output.deletingLastPathComponent()
        let name = self.output.lastPathComponent
        try FileManager.default.createDirectory(at: parent, withIntermediateDirectories: true)
        // Only the holder of the lock may clear leftovers: another build's staging folder is not one.
        let lockPath = parent.appendingPathComponent(".\(name).lock").path
        lockDescriptor = open(lockPath, O_CREAT | O_RDWR | O_CLOEXEC, 0o644)
        guard lockDescriptor >= 0 else { throw StagedOutputError.lockFailed(lockPath, errno) }
        guard flock(lockDescriptor, LOCK_EX | LOCK_NB) == 0 else {
            close(lockDescriptor)
            lockDescriptor = -1
            throw StagedOutputError.busy(outputPath)
        }
        self.keepsStandby = keepsStandby
        self.standby = parent.appendingPathComponent(".\(name).standby")
        Self.removeLeftovers(in: parent, name: name, adoptingAs: keepsStandby ? standby : nil)
        self.staging = parent.appendingPathComponent(".\(name).staging-\(getpid())")
        self.stagingPath = staging.path
        try? FileManager.default.removeItem(at: staging)
        recordsPath = parent.appendingPathComponent(Self.recordsName(of: name)).path
        // The standby is gone (``removeLeftovers``): so is its record, lest its inode come back.
        if !keepsStandby { StagedTreeRecords.remove(recordsPath) }
        (recycled, standbyRecord, records) = Self.recycle(
            standby.path, as: stagingPath, records: keepsStandby ? recordsPath : nil)
        if !recycled {
            try FileManager.default.createDirectory(at: staging, withIntermediateDirectories: true)
        }
        stagingDescriptor = open(stagingPath, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard stagingDescriptor >= 0 else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
        publishedDescriptor = open(outputPath, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
    }

    deinit {
        if !finished { discard() }
        unlock()
    }

    /// Renames the standby to `staging` when `records` is given and there is a standby folder;
    /// returns whether it did, the standby's record, which is first taken out of the records (the
    /// tree is about to change), and the records left. Without a record file that can be
    /// rewritten, nothing is recycled.
    private static func recycle(_ standby: String, as staging: String, records recordsPath: String?) -> (
        Bool, StagedTreeRecords.Tree?, StagedTreeRecords
    ) {
        guard let recordsPath else { return (false, nil, StagedTreeRecords()) }
        var records = StagedTreeRecords.read(recordsPath)
        var status = stat()
        guard lstat(standby, &status) == 0, status.st_mode & S_IFMT == S_IFDIR else { return (false, nil, records) }
        var record = records.tree(device: UInt64(status.st_dev), inode: UInt64(status.st_ino))
        if let found = record {
            records.remove(device: found.device, inode: found.inode)
            // Changed since it was published (by hand, or by another program writing into the site): walked.
            if !isUnchanged(standby, since: found) { record = nil }
            do { try records.write(to: recordsPath) } catch {
                StagedTreeRecords.remove(recordsPath)
                guard access(recordsPath, F_OK) != 0 else { return (false, nil, StagedTreeRecords()) }
                records = StagedTreeRecords()
            }
        }
        guard rename(standby, staging) == 0 else { return (false, nil, records) }
        return (true, record, records)
    }

    private func unlock() {
        if stagingDescriptor >= 0 {
            close(stagingDescriptor)
            stagingDescriptor = -1
        }
        if publishedDescriptor >= 0 {
            close(publishedDescriptor)
            publishedDescriptor = -1
        }
        if lockDescriptor >= 0 {
            close(lockDescriptor)
            lockDescriptor = -1
        }
    }

    /// Writes `data` at `relativePath` inside the staging tree, creating folders as needed.
    public func write(_ data: Data, to relativePath: String) throws {
        try data.withUnsafeBytes { try write($0, to: relativePath) }
    }

    /// Writes `bytes` at `relativePath`: a rendered page as it comes from the template renderer, uncopied.
    public func write(_ bytes: [UInt8], to relativePath: String) throws {
        try bytes.withUnsafeBytes { try write($0, to: relativePath) }
    }

    /// The file is written first and its folder created only when it is missing: most files of a
    /// site go into folders that exist already, and asking FileManager to create the folder for
    /// each of them cost a stat per path component. The path is built as text, not as a URL:
    /// appending to a file URL cost more than writing the file.
    private func write(_ buffer: UnsafeRawBufferPointer, to relativePath: String) throws {
        let descriptor = try createFile(relativePath)
        defer { close(descriptor) }
        let result = Self.writeAll(descriptor, buffer)
        if result != 0 { throw POSIXError(POSIXErrorCode(rawValue: result) ?? .EIO) }
    }

    /// Creates (or truncates) `relativePath` for writing and returns its descriptor. The file is
    /// opened first and its folder made only when it is missing.
    private func createFile(_ relativePath: String) throws -> Int32 {
        let path = try Self.normalized(relativePath)
        func create() -> Int32 { openat(stagingDescriptor, path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644) }
        // A standby's file may be the published one (a hard link): it is replaced, never truncated.
        if recycled { try clearEntry(path) }
        if keepsStandby { staged.withLock { _ = $0.files.insert(path) } }
        var descriptor = create()
        // A standby's file where this path needs a folder.
        if descriptor < 0, errno == ENOTDIR, recycled {
            try clearFolders(above: path)
            descriptor = create()
        }
        if descriptor < 0, errno == ENOENT, let slash = path.utf8.lastIndex(of: UInt8(ascii: "/")) {
            let made = Self.makeDirectories(String(path[..<slash]), in: stagingDescriptor)
            if made != 0 { throw POSIXError(POSIXErrorCode(rawValue: made) ?? .EIO) }
            descriptor = create()
        }
        guard descriptor >= 0 else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
        return descriptor
    }

    /// Removes what a standby has at `path`, a file or a folder, so that a new file can take its
    /// place; nothing there is no error.
    private func clearEntry(_ path: String) throws {
        if unlinkat(stagingDescriptor, path, 0) == 0 { return }
        switch errno {
        case ENOENT, ENOTDIR: return
        case EISDIR, EPERM: try FileManager.default.removeItem(atPath: stagingPath + "/" + path)
        default: throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO)
        }
    }

    /// Removes the files a standby has where `path` needs folders (`a` for `a/b/index.html`).
    private func clearFolders(above path: String) throws {
        var prefix = ""
        for component in path.split(separator: "/").dropLast() {
            prefix += prefix.isEmpty ? String(component) : "/" + component
            var status = stat()
            if fstatat(stagingDescriptor, prefix, &status, AT_SYMLINK_NOFOLLOW) == 0,
                status.st_mode & S_IFMT != S_IFDIR
            {
                try clearEntry(prefix)
                return
            }
        }
    }

    /// A file written in pieces (`append`), for files too large to hold whole: at 100,000 documents
    /// the open data files are hundreds of megabytes. Closed by `close()` or when released.
    public final class PieceFile {
        private var descriptor: Int32

        fileprivate init(descriptor: Int32) { self.descriptor = descriptor }

        deinit { close() }

        public func append(_ bytes: [UInt8]) throws {
            try bytes.withUnsafeBytes { buffer in
                let result = StagedOutput.writeAll(descriptor, buffer)
                if result != 0 { throw POSIXError(POSIXErrorCode(rawValue: result) ?? .EIO) }
            }
        }

        public func close() {
            if descriptor >= 0 { Glibc.close(descriptor) }
            descriptor = -1
        }
    }

    /// Creates (or truncates) `relativePath` for writing in pieces, creating folders as needed.
    public func openFile(_ relativePath: String) throws -> PieceFile {
        PieceFile(descriptor: try createFile(relativePath))
    }

    /// `mkdir -p`, safe when several threads create the same folders at once (pages are written
    /// in parallel): a folder another thread made in between is no error. `path` is relative to
    /// the folder `directory` (which exists). Returns 0 or the errno.
    private static func makeDirectories(_ path: String, in directory: Int32) -> Int32 {
        if mkdirat(directory, path, 0o755) == 0 || errno == EEXIST { return 0 }
        guard errno == ENOENT else { return errno }
        guard let slash = path.utf8.lastIndex(of: UInt8(ascii: "/")) else { return ENOENT }
        let made = makeDirectories(String(path[..<slash]), in: directory)
        if made != 0 { return made }
        return mkdirat(directory, path, 0o755) == 0 || errno == EEXIST ? 0 : errno
    }

    /// Writes all of `buffer` to `descriptor`; returns 0 or the errno.
    fileprivate static func writeAll(_ descriptor: Int32, _ buffer: UnsafeRawBufferPointer) -> Int32 {
        var offset = 0
        while offset < buffer.count {
            let written = Glibc.write(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
            if written < 0 {
                if errno == EINTR { continue }
                return errno
            }
            offset += written
        }
        return 0
    }

    public func write(_ text: String, to relativePath: String) throws {
        var text = text
        try text.withUTF8 { try write(UnsafeRawBufferPointer($0), to: relativePath) }
    }

    /// Whether the staging tree's entry at `path` is the published file at `path` itself (the same
    /// inode on the same device: a hard link made by ``keepPublished(_:)``); nil, with `errno` set by
    /// `fstatat`, when the staging tree has no entry there.
    private func stagedEntryIsPublished(_ path: String) -> Bool? {
        var standing = stat(), publishedStatus = stat()
        guard fstatat(stagingDescriptor, path, &standing, AT_SYMLINK_NOFOLLOW) == 0 else { return nil }
        let (folder, published) = publishedEntry(path)
        return fstatat(folder, published, &publishedStatus, AT_SYMLINK_NOFOLLOW) == 0
            && standing.st_ino == publishedStatus.st_ino && standing.st_dev == publishedStatus.st_dev
    }

    /// The published file at `path` as a folder descriptor and a path from it: inside the open
    /// output folder (the kernel walks only the path inside the tree, as for the staging tree's
    /// files), or the whole path when the folder could not be opened.
    private func publishedEntry(_ path: String) -> (folder: Int32, path: String) {
        publishedDescriptor >= 0 ? (publishedDescriptor, path) : (AT_FDCWD, outputPath + "/" + path)
    }

    /// Puts the published file at `relativePath` (in ``output``, the tree this build replaces)
    /// into the staging tree at the same path: a hard link, or a copy where the file system
    /// refuses one. Returns false, staging nothing, when there is no such published file.
    public func keepPublished(_ relativePath: String) throws -> Bool {
        let path = try Self.normalized(relativePath)
        let (folder, published) = publishedEntry(path)
        if recycled {
            switch stagedEntryIsPublished(path) {
            case true?:
                staged.withLock { _ = $0.files.insert(path) }
                return true
            case false?: try clearEntry(path)
            case nil: if errno == ENOTDIR { try clearFolders(above: path) }
            }
        }
        func link() -> Int32 { linkat(folder, published, stagingDescriptor, path, 0) == 0 ? 0 : errno }
        var failure = link()
        if failure == ENOENT, let slash = path.utf8.lastIndex(of: UInt8(ascii: "/")) {
            var status = stat()
            guard fstatat(folder, published, &status, AT_SYMLINK_NOFOLLOW) == 0 else { return false }
            let made = Self.makeDirectories(String(path[..<slash]), in: stagingDescriptor)
            if made != 0 { throw POSIXError(POSIXErrorCode(rawValue: made) ?? .EIO) }
            failure = link()
        }
        // Kept already by an earlier call (the entry is the published file itself): kept, not copied,
        // which would truncate the published file through the link and write it again.
        if failure == EEXIST, stagedEntryIsPublished(path) == true { return true }
        switch failure {
        case 0:
            if keepsStandby { staged.withLock { _ = $0.files.insert(path) } }
            return true
        case ENOENT: return false
        default:
            // Another file system, or one without hard links: the bytes are copied instead.
            guard let bytes = FileManager.default.contents(atPath: outputPath + "/" + path) else { return false }
            try write(bytes, to: path)
            return true
        }
    }

    /// A published tree's identity: the folder's device, inode, and change and modification times
    /// to the nanosecond; empty when there is no folder. ``commit()`` renames a new folder into
    /// place, which has another inode and change time, so a tree published since has another.
    public static func treeIdentity(of output: URL) -> String {
        guard let status = try? FileStatus(path: output.path), status.isDirectory else { return "" }
        return "\(status.device)-\(status.inode)-\(status.modified)-\(status.changed)"
    }

    /// Removes a file from the staging tree.
    public func remove(_ relativePath: String) throws {
        let path = try Self.normalized(relativePath)
        guard unlinkat(stagingDescriptor, path, 0) == 0 || errno == ENOENT else {
            throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO)
        }
        if keepsStandby { staged.withLock { _ = $0.files.remove(path) } }
    }

    /// Copies a file or folder into the staging tree.
    public func copyItem(at source: URL, to relativePath: String) throws {
        let url = try url(for: relativePath)
        if keepsStandby {
            let path = try Self.normalized(relativePath)
            if recycled { try clearEntry(path) }
            staged.withLock { $0.folders.append(path) }
        }
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: source, to: url)
    }

    /// The staging URL for a path inside the tree; refuses paths that would escape it.
    public func url(for relativePath: String) throws -> URL {
        staging.appendingPathComponent(try Self.normalized(relativePath))
    }

    /// The path's components joined by single slashes; refuses a path that is empty or has `.` or `..`.
    private static func normalized(_ relativePath: String) throws -> String {
        if isNormal(relativePath) { return relativePath }
        let parts = relativePath.utf8.split(separator: UInt8(ascii: "/"), omittingEmptySubsequences: true)
        guard !parts.isEmpty, !parts.contains(where: { $0.elementsEqual("..".utf8) || $0.elementsEqual(".".utf8) })
        else {
            throw StagedOutputError.invalidPath(relativePath)
        }
        // A path as pages give it (`cases/x/index.html`) is already normal.
        if parts.count == 1 + relativePath.utf8.count(where: { $0 == UInt8(ascii: "/") }) { return relativePath }
        return parts.map { String(Substring($0)) }.joined(separator: "/")
    }

    /// One pass over the bytes for what every page gives (`cases/x/index.html`): not empty, no
    /// empty, `.` or `..` component. Splitting each of 20,000 paths into an array cost more.
    static func isNormal(_ path: String) -> Bool {
        var path = path
        return path.withUTF8 { bytes in
            guard !bytes.isEmpty else { return false }
            var start = 0
            for index in 0...bytes.count where index == bytes.count || bytes[index] == UInt8(ascii: "/") {
                let length = index - start
                if length == 0 { return false }
                if bytes[start] == UInt8(ascii: "."),
                    length == 1 || (length == 2 && bytes[start + 1] == UInt8(ascii: "."))
                {
                    return false
                }
                start = index + 1
            }
            return true
        }
    }

    /// Swaps the staging tree in place of the output. The previous output is then deleted, or
    /// kept as the standby when the build keeps one. A recycled standby is first cleared of what
    /// this build did not write or keep.
    public func commit() throws {
        precondition(!finished, "StagedOutput.commit() called twice")
        if recycled { try sweep() }
        finished = true
        defer { unlock() }
        let fileManager = FileManager.default
        // The new tree's record, taken while its folder is open, and the tree it replaces.
        let published = keepsStandby ? record(of: stagingDescriptor) : nil
        var replaced = stat()
        let replacing = lstat(outputPath, &replaced) == 0
        BuildPhaseProbe.reached("swap")
        if replacing {
            if Self.exchange(staging.path, outputPath) {
                BuildPhaseProbe.reached("swapped")
                try retire(staging, replaced: replaced, published: published)  // now holds the previous output
                return
            }
            let old = output.deletingLastPathComponent().appendingPathComponent(
                ".\(output.lastPathComponent).old-\(getpid())")
            try? fileManager.removeItem(at: old)
            guard rename(outputPath, old.path) == 0 else { throw StagedOutputError.renameFailed(outputPath, errno) }
            guard rename(staging.path, outputPath) == 0 else {
                let code = errno
                _ = rename(old.path, outputPath)
                throw StagedOutputError.renameFailed(staging.path, code)
            }
            BuildPhaseProbe.reached("swapped")
            try? retire(old, replaced: replaced, published: published)
        } else {
            guard rename(staging.path, outputPath) == 0 else {
                throw StagedOutputError.renameFailed(staging.path, errno)
            }
            BuildPhaseProbe.reached("swapped")
            if let published { try? StagedTreeRecords(trees: [published]).write(to: recordsPath) }
        }
    }

    /// What this build staged, as a record of the tree in the folder `descriptor`.
    private func record(of descriptor: Int32) -> StagedTreeRecords.Tree? {
        var status = stat()
        guard fstat(descriptor, &status) == 0 else { return nil }
        let (files, folders) = staged.withLock { ($0.files, $0.folders) }
        // The top folders (`cases`, `search`, …): what a program writing into a site adds (a folder
        // of its own, a file beside `index.html`) changes the tree's own time or theirs. Every
        // folder's would cost a stat for each of 12,000 at 10,000 documents, twice a build.
        var holders: Set<Substring> = []
        for path in Array(files) + folders {
            if let slash = path.utf8.firstIndex(of: UInt8(ascii: "/")) { holders.insert(path[..<slash]) }
        }
        var times = [(path: ".", modified: Self.modified(status))]
        for folder in holders {
            var folderStatus = stat()
            guard fstatat(descriptor, String(folder), &folderStatus, AT_SYMLINK_NOFOLLOW) == 0 else { return nil }
            times.append((String(folder), Self.modified(folderStatus)))
        }
        return StagedTreeRecords.Tree(
            device: UInt64(status.st_dev), inode: UInt64(status.st_ino), files: files, folders: folders.sorted(),
            times: times)
    }

    private static func modified(_ status: stat) -> Int64 {
        Int64(status.st_mtim.tv_sec) * 1_000_000_000 + Int64(status.st_mtim.tv_nsec)
    }

    /// Whether the tree at `path` and its top folders have the modification times its record holds:
    /// nothing was added, removed or renamed in them since it was recorded.
    private static func isUnchanged(_ path: String, since record: StagedTreeRecords.Tree) -> Bool {
        let tree = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard tree >= 0 else { return false }
        defer { close(tree) }
        for (folder, modified) in record.times {
            var status = stat()
            guard fstatat(tree, folder, &status, AT_SYMLINK_NOFOLLOW) == 0, Self.modified(status) == modified else {
                return false
            }
        }
        return true
    }

    /// Keeps a tree no longer published (whose folder's status was `replaced`) as the standby,
    /// with its record if it had one, beside the record of the tree now `published`; or deletes it.
    private func retire(_ tree: URL, replaced: stat, published: StagedTreeRecords.Tree?) throws {
        guard keepsStandby else {
            StagedTreeRecords.remove(recordsPath)
            try FileManager.default.removeItem(at: tree)
            return
        }
        let retired = records.tree(device: UInt64(replaced.st_dev), inode: UInt64(replaced.st_ino))
        let kept = StagedTreeRecords(trees: [published, retired].compactMap { $0 })
        if (try? kept.write(to: recordsPath)) == nil { StagedTreeRecords.remove(recordsPath) }
        if rename(tree.path, standby.path) == 0 { return }
        // Not kept: its record goes before the folder, whose inode the file system may give again.
        if retired != nil, (try? StagedTreeRecords(trees: [published].compactMap { $0 }).write(to: recordsPath)) == nil
        {
            StagedTreeRecords.remove(recordsPath)
        }
        try FileManager.default.removeItem(at: tree)
    }

    /// Deletes from the recycled staging tree every file this build neither wrote nor kept, and
    /// the folders that leaves empty: the tree is then the one an empty staging folder would hold.
    /// From the standby's record when it has one; else by walking the tree.
    private func sweep() throws {
        let (files, folders) = staged.withLock { ($0.files, $0.folders) }
        guard let standbyPaths = standbyRecord?.paths else {
            return try walkSweep(keeping: files, folders: Set(folders))
        }
        func copied(_ path: String) -> Bool { folders.contains { path == $0 || path.hasPrefix($0 + "/") } }
        var emptied: Set<String> = []
        func removed(_ path: String) {
            if let slash = path.lastIndex(of: "/") { emptied.insert(String(path[..<slash])) }
        }
        for path in standbyPaths.files where !files.contains(path) && !copied(path) {
            if unlinkat(stagingDescriptor, path, 0) == 0 {
                removed(path)
            } else if errno != ENOENT, errno != ENOTDIR, errno != EISDIR {
                throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO)
            }
        }
        for folder in standbyPaths.folders where !copied(folder) {
            try clearEntry(folder)
            removed(folder)
        }
        // Folders left empty, deepest first, then their parents while they are empty too: a
        // build makes no empty folder.
        var removedFolders: Set<Substring> = []
        for folder in emptied.sorted(by: { $0.count > $1.count }) {
            var folder = Substring(folder)
            while !folder.isEmpty, !removedFolders.contains(folder) {
                guard unlinkat(stagingDescriptor, String(folder), AT_REMOVEDIR) == 0 else { break }
                removedFolders.insert(folder)
                folder = folder.lastIndex(of: "/").map { folder[..<$0] } ?? ""
            }
        }
    }

    /// ``sweep()`` without a record: every folder of the tree is read.
    private func walkSweep(keeping files: Set<String>, folders copied: Set<String>) throws {
        /// Returns how many entries are left in the folder.
        func walk(_ directory: Int32, _ prefix: String) throws -> Int {
            guard let stream = fdopendir(directory) else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
            defer { closedir(stream) }
            var left = 0
            while let entry = readdir(stream) {
                let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                    String(decoding: raw.prefix(while: { $0 != 0 }), as: UTF8.self)
                }
                if name == "." || name == ".." { continue }
                let path = prefix.isEmpty ? name : prefix + "/" + name
                left += 1
                if copied.contains(path) { continue }
                var isFolder = entry.pointee.d_type == UInt8(DT_DIR)
                if entry.pointee.d_type == UInt8(DT_UNKNOWN) {
                    var status = stat()
                    isFolder =
                        fstatat(directory, name, &status, AT_SYMLINK_NOFOLLOW) == 0
                        && status.st_mode & S_IFMT == S_IFDIR
                }
                if isFolder {
                    let child = openat(directory, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
                    guard child >= 0 else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
                    // Left empty: no file of this build is in it (a build makes no empty folder).
                    if try walk(child, path) == 0 {
                        guard unlinkat(directory, name, AT_REMOVEDIR) == 0 else {
                            throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO)
                        }
                        left -= 1
                    }
                } else if !files.contains(path) {
                    guard unlinkat(directory, name, 0) == 0 || errno == ENOENT else {
                        throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO)
                    }
                    left -= 1
                }
            }
            return left
        }
        _ = try walk(dup(stagingDescriptor), "")
    }

    /// Deletes the staging tree and leaves the output as it was; a recycled one stays the standby.
    public func discard() {
        guard !finished else { return }
        finished = true
        if !(recycled && rename(staging.path, standby.path) == 0) {
            try? FileManager.default.removeItem(at: staging)
        }
        unlock()
    }

    /// The trees' record file beside the output `name`: `.NAME.trees`.
    private static func recordsName(of name: String) -> String { ".\(name).trees" }

    /// Deletes the staging and old trees a killed build left, and the trees' record it was writing
    /// (`.NAME.trees.PID.tmp`: ``StagedTreeRecords/write(to:)``); with `standby`, the first of the
    /// trees becomes the standby when there is none (any tree serves: nothing in a standby is
    /// trusted), and without it any standby is deleted too.
    private static func removeLeftovers(in parent: URL, name: String, adoptingAs standby: URL?) {
        let prefixes = [".\(name).staging-", ".\(name).old-"]
        let fileManager = FileManager.default
        let entries = ((try? fileManager.contentsOfDirectory(atPath: parent.path)) ?? []).sorted()
        for entry in entries where StagedTreeRecords.isTemporary(entry, ofRecordNamed: recordsName(of: name)) {
            unlink(parent.appendingPathComponent(entry).path)
        }
        var hasStandby = standby.map { fileManager.fileExists(atPath: $0.path) } ?? false
        for entry in entries where prefixes.contains(where: entry.hasPrefix) || entry == ".\(name).standby" {
            let url = parent.appendingPathComponent(entry)
            if let standby {
                if entry == ".\(name).standby" { continue }
                if !hasStandby, rename(url.path, standby.path) == 0 {
                    hasStandby = true
                    continue
                }
            }
            try? fileManager.removeItem(at: url)
        }
    }

    private typealias RenameAt2 =
        @convention(c) (Int32, UnsafePointer<CChar>, Int32, UnsafePointer<CChar>, UInt32) -> Int32

    /// Atomically exchanges two paths with Linux's renameat2(RENAME_EXCHANGE), looked up at run
    /// time because Swift's Glibc module does not declare it. Returns false where unavailable.
    private static func exchange(_ a: String, _ b: String) -> Bool {
        #if os(Linux)
            guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "renameat2") else { return false }
            let renameat2 = unsafeBitCast(symbol, to: RenameAt2.self)
            let renameExchange: UInt32 = 1 << 1
            return renameat2(AT_FDCWD, a, AT_FDCWD, b, renameExchange) == 0
        #else
            return false
        #endif
    }
}

public enum StagedOutputError: Error, CustomStringConvertible, Sendable {
    case invalidPath(String)
    case renameFailed(String, Int32)
    case lockFailed(String, Int32)
    /// Another build is writing the same output folder right now.
    case busy(String)

    public var description: String {
        switch self {
        case .invalidPath(let path): "refusing to write outside the output folder: '\(path)'"
        case .renameFailed(let path, let code):
            "could not move '\(path)' into place: \(String(cString: strerror(code)))"
        case .lockFailed(let path, let code):
            "could not create the lock file '\(path)': \(String(cString: strerror(code)))"
        case .busy(let path): "another build is writing '\(path)' right now; wait for it to finish"
        }
    }
}
