import Foundation
import MinaoshiSupport
import NIOConcurrencyHelpers

#if canImport(Glibc)
    import Glibc
#endif

/// Watches a project's sources (`content/`, `templates/`, `minaoshi.yml`) and tells of each
/// settled burst of changes once: an editor's save (a temporary file, a rename, a backup) comes as
/// several events within a few milliseconds, and waits until `quiet` has passed without another.
///
/// Uses inotify where the system has it, and otherwise, or when asked (network drives deliver no
/// inotify events), compares the sources' sizes, modification times and inodes every `pollInterval`.
/// Runs on a thread of its own.
public final class SourceWatcher: Sendable {
    public enum Method: String, Sendable { case inotify, polling }

    public let method: Method
    public let changes: AsyncStream<Void>
    private let continuation: AsyncStream<Void>.Continuation
    private let stopped = NIOLockedValueBox(false)

    /// The folders and files under the root that hold sources.
    public static let watchedFolders = ["content", "templates"]
    public static let watchedFiles = ["minaoshi.yml"]

    /// - Parameter noticed: called on the watcher's thread as each notice is given, with what
    ///   the burst changed, before `changes` carries it (whoever keeps what the sources say drops
    ///   it at once, and an edit is previewed, while a rebuild may still be running and the notice
    ///   waiting in `changes`).
    public init(
        root: URL, polling: Bool = false, quiet: Duration = .milliseconds(100),
        pollInterval: Duration = .milliseconds(300), noticed: @escaping @Sendable (SourceChanges) -> Void = { _ in }
    ) {
        let backend: any WatchBackend
        if !polling, let inotify = InotifyBackend(root: root.path) {
            backend = inotify
            method = .inotify
        } else {
            backend = PollingBackend(root: root.path, interval: pollInterval)
            method = .polling
        }
        // One pending notice is enough: changes during a rebuild make one more rebuild.
        (changes, continuation) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
        let thread = Thread { [continuation, stopped] in
            Self.watch(backend, quiet: quiet, stopped: stopped, noticed: noticed, continuation: continuation)
        }
        thread.name = "minaoshi source watcher"
        thread.start()
    }

    /// Stops watching and ends `changes`.
    public func stop() {
        stopped.withLockedValue { $0 = true }
    }

    private static func watch(
        _ backend: any WatchBackend, quiet: Duration, stopped: NIOLockedValueBox<Bool>,
        noticed: @Sendable (SourceChanges) -> Void, continuation: AsyncStream<Void>.Continuation
    ) {
        let clock = ContinuousClock()
        var lastEvent: ContinuousClock.Instant?
        var burst = SourceChanges()
        while !stopped.withLockedValue({ $0 }) {
            // Wake at least every quarter second to notice `stop`.
            var wait = Duration.milliseconds(250)
            if let lastEvent { wait = min(wait, max(.zero, lastEvent + quiet - clock.now)) }
            if backend.waitForChange(upTo: wait, into: &burst) {
                lastEvent = clock.now
            } else if let last = lastEvent, clock.now - last >= quiet {
                lastEvent = nil
                noticed(burst)
                burst = SourceChanges()
                continuation.yield(())
            }
        }
        backend.close()
        continuation.finish()
    }

    /// Whether a file's name can be a source: editors' swap, backup and lock files are not.
    static func isSourceName(_ name: String) -> Bool {
        !(name.isEmpty || name.hasPrefix(".") || name.hasPrefix("#") || name.hasSuffix("~")
            || name.hasSuffix(".swp") || name.hasSuffix(".swx") || name == "4913")
    }
}

/// The sources a burst of changes touched, by path relative to the root (`content/cases/a.md`,
/// `minaoshi.yml`), as far as the watcher can tell.
public struct SourceChanges: Equatable, Sendable {
    /// The files named by the events: changed, made, removed or renamed (either name).
    public var paths: Set<String> = []
    /// Whether something changed that is not told by file names alone: a folder made, moved or
    /// removed, or events lost (inotify's queue overflowed).
    public var beyondPaths = false

    public init(paths: Set<String> = [], beyondPaths: Bool = false) {
        self.paths = paths
        self.beyondPaths = beyondPaths
    }
}

protocol WatchBackend: Sendable {
    /// Waits up to `timeout` for a change to a source; true when one came, which is added to `changes`.
    func waitForChange(upTo timeout: Duration, into changes: inout SourceChanges) -> Bool
    func close()
}

extension Duration {
    var milliseconds: Int {
        let (seconds, attoseconds) = components
        return Int(seconds) * 1000 + Int(attoseconds / 1_000_000_000_000_000)
    }
}

#if canImport(Glibc)
    /// Linux's inotify: one watch per folder under `content/` and `templates/` (inotify does not
    /// recurse; folders made later get theirs as they come) and one on the root for `minaoshi.yml`,
    /// which editors replace by rename, so watching the file itself would lose it.
    // @unchecked: its state is made in init and then used from the watcher's thread only.
    final class InotifyBackend: WatchBackend, @unchecked Sendable {
        private let descriptor: Int32
        private var folders: [Int32: String] = [:]
        private let root: String
        private var rootWatch: Int32 = -1
        private static let mask = UInt32(
            IN_CLOSE_WRITE | IN_MOVED_TO | IN_MOVED_FROM | IN_CREATE | IN_DELETE
                | IN_DELETE_SELF | IN_MOVE_SELF)

        init?(root: String) {
            descriptor = inotify_init1(Int32(IN_NONBLOCK | IN_CLOEXEC))
            guard descriptor >= 0 else { return nil }
            self.root = root
            rootWatch = inotify_add_watch(descriptor, root, Self.mask)
            guard rootWatch >= 0 else { Glibc.close(descriptor); return nil }
            for folder in SourceWatcher.watchedFolders where !addTree(root + "/" + folder) {
                Glibc.close(descriptor)
                return nil
            }
        }

        /// Watches `path` and every folder under it; false when the system refused a watch (its
        /// limit, `fs.inotify.max_user_watches`), so that the caller can poll instead.
        private func addTree(_ path: String) -> Bool {
            var isFolder: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder), isFolder.boolValue else {
                return true
            }
            let watch = inotify_add_watch(descriptor, path, Self.mask)
            if watch < 0 { return errno == ENOENT }
            folders[watch] = path
            for name in (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? [] where !name.hasPrefix(".") {
                guard addTree(path + "/" + name) else { return false }
            }
            return true
        }

        func waitForChange(upTo timeout: Duration, into changes: inout SourceChanges) -> Bool {
            var request = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
            guard poll(&request, 1, Int32(timeout.milliseconds)) > 0 else { return false }
            var changed = false
            let size = 64 * 1024
            let buffer = UnsafeMutableRawPointer.allocate(byteCount: size, alignment: 8)
            defer { buffer.deallocate() }
            while true {
                let count = read(descriptor, buffer, size)
                guard count > 0 else { break }
                var offset = 0
                while offset + MemoryLayout<inotify_event>.size <= count {
                    let event = buffer.load(fromByteOffset: offset, as: inotify_event.self)
                    let nameStart = buffer + offset + MemoryLayout<inotify_event>.size
                    let name = event.len > 0 ? String(cString: nameStart.assumingMemoryBound(to: CChar.self)) : ""
                    offset += MemoryLayout<inotify_event>.size + Int(event.len)
                    if handle(event, name: name, into: &changes) { changed = true }
                }
            }
            return changed
        }

        /// Whether `event` changed a source; keeps the watches in step with new and gone folders.
        private func handle(_ event: inotify_event, name: String, into changes: inout SourceChanges) -> Bool {
            if event.mask & UInt32(IN_Q_OVERFLOW) != 0 { changes.beyondPaths = true; return true }
            if event.mask & UInt32(IN_IGNORED) != 0 { folders[event.wd] = nil; return false }
            if event.wd == rootWatch {
                if SourceWatcher.watchedFolders.contains(name) {
                    if event.mask & UInt32(IN_CREATE | IN_MOVED_TO) != 0 { _ = addTree(root + "/" + name) }
                    changes.beyondPaths = true
                    return true
                }
                guard SourceWatcher.watchedFiles.contains(name) else { return false }
                changes.paths.insert(name)
                return true
            }
            guard let folder = folders[event.wd] else { return false }
            if event.mask & UInt32(IN_DELETE_SELF | IN_MOVE_SELF) != 0 { changes.beyondPaths = true; return true }
            guard SourceWatcher.isSourceName(name) else { return false }
            if event.mask & UInt32(IN_ISDIR) != 0 {
                if event.mask & UInt32(IN_CREATE | IN_MOVED_TO) != 0 { _ = addTree(folder + "/" + name) }
                changes.beyondPaths = true
            } else {
                changes.paths.insert(String((folder + "/" + name).dropFirst(root.count + 1)))
            }
            return true
        }

        func close() {
            Glibc.close(descriptor)
        }
    }
#else
    final class InotifyBackend: WatchBackend {
        init?(root: String) { nil }
        func waitForChange(upTo timeout: Duration) -> Bool { false }
        func close() {}
    }
#endif

/// The general way: every `interval`, each source file's size, modification time and inode,
/// compared with the last look (a new or removed file shows as one more or one fewer).
// @unchecked: its state is made in init and then used from the watcher's thread only.
final class PollingBackend: WatchBackend, @unchecked Sendable {
    struct Stamp: Equatable {
        var size: Int64
        var modified: Int64
        var inode: UInt64
    }

    private let root: String
    private let interval: Duration
    private var last: [String: Stamp]

    init(root: String, interval: Duration) {
        self.root = root
        self.interval = interval
        last = Self.look(root)
    }

    func waitForChange(upTo timeout: Duration, into changes: inout SourceChanges) -> Bool {
        Thread.sleep(forTimeInterval: Double(min(timeout, interval).milliseconds) / 1000)
        let now = Self.look(root)
        defer { last = now }
        guard now != last else { return false }
        for path in Set(now.keys).union(last.keys) where now[path] != last[path] {
            changes.paths.insert(String(path.dropFirst(root.count + 1)))
        }
        return true
    }

    func close() {}

    static func look(_ root: String) -> [String: Stamp] {
        var stamps: [String: Stamp] = [:]
        func add(_ path: String) {
            // Folders are left out: an editor's swap file changes its folder's time too.
            guard let status = try? FileStatus(path: path, followingLinks: false), !status.isDirectory else { return }
            stamps[path] = Stamp(size: status.size, modified: status.modified, inode: status.inode)
        }
        for file in SourceWatcher.watchedFiles { add(root + "/" + file) }
        for folder in SourceWatcher.watchedFolders {
            let base = root + "/" + folder
            guard let walker = FileManager.default.enumerator(atPath: base) else { continue }
            while let relative = walker.nextObject() as? String {
                let name = (relative as NSString).lastPathComponent
                if name.hasPrefix(".") { walker.skipDescendants(); continue }
                if SourceWatcher.isSourceName(name) { add(base + "/" + relative) }
            }
        }
        return stamps
    }
}
