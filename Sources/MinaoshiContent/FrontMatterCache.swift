import Foundation
import MinaoshiSupport

/// The loader's first pass over each content file (its front matter read and checked, and its
/// body's Markdown), kept from one load to the next in the same process, so that `serve`
/// re-reads only the files that changed; and, as bytes (``encoded()``), from one `minaoshi build`
/// to the next.
///
/// What the pass gives is a function of the file's text, its path and the vocabularies; so an
/// entry is used again only for the same path, the same vocabularies (compared whole), and a
/// file whose ``FileStatus`` (device, inode, size, modification and change times) is the one
/// taken just before it was read. A file's status can stay the same across a change made within
/// one tick of the file system's clock; so, as git treats a "racily clean" index entry, an entry
/// is trusted only when both of the file's times were at least ``racyWindow`` older than the
/// start of the load that read it: any later change then leaves a newer time. A file written
/// just before or during a load is read again by the next one.
///
/// Entries that failed (a file that cannot be read, broken front matter) are kept like the
/// others: their diagnostics are reported again by every load, as a fresh read would.
public final class FrontMatterCache: Sendable {
    struct Entry: Sendable {
        var status: FileStatus
        var pass: Result<CorpusLoader.FrontMatterPass, DiagnosticsError>
        /// Whether the file's times were safely older than the load that read it.
        var trusted: Bool
    }

    private struct Kept: Sendable {
        var vocabularies: Vocabularies?
        /// The vocabularies' ``Vocabularies/fingerprint`` instead, for entries read from disk
        /// (``init(decoding:)``).
        var vocabularyFingerprint: StableHash?
        var entries: [String: Entry] = [:]
        /// How many passes the last load took from here, and how many it read.
        var counts = (reused: 0, read: 0)
    }

    /// Two seconds: file systems with whole-second times (and FAT's two) change a time at least so
    /// often, and the kernel's file clock lags the wall clock by far less.
    public static let racyWindow: Int64 = 2_000_000_000

    private let kept = Locked(Kept())
    /// Nanoseconds since 1970 now; the wall clock, as file times are.
    private let now: @Sendable () -> Int64

    public init() {
        self.now = Self.wallClock
    }

    /// With another clock, for tests that make every file old.
    init(now: @escaping @Sendable () -> Int64) {
        self.now = now
    }

    static let wallClock: @Sendable () -> Int64 = {
        var time = timespec()
        clock_gettime(CLOCK_REALTIME, &time)
        return Int64(time.tv_sec) * 1_000_000_000 + Int64(time.tv_nsec)
    }

    /// One load's use of the cache: started before the load reads its first file.
    func begin(vocabularies: Vocabularies) -> Load {
        let started = now()
        let previous = kept.withLock { kept in
            if let read = kept.vocabularies { return read == vocabularies ? kept.entries : [:] }
            guard let read = kept.vocabularyFingerprint, read == vocabularies.fingerprint else { return [:] }
            return kept.entries
        }
        return Load(cache: self, vocabularies: vocabularies, started: started, previous: previous)
    }

    /// The file's first pass as the last load left it, if the file is still as it was then: what
    /// the editor asks instead of reading every file again.
    func pass(at relativePath: String, root: URL) -> CorpusLoader.FrontMatterPass? {
        guard let entry = kept.withLock({ $0.entries[relativePath] }), entry.trusted,
            case .success(let pass) = entry.pass,
            let status = try? FileStatus(path: root.path + "/" + relativePath), status == entry.status
        else { return nil }
        return pass
    }

    /// The id the file at `relativePath` has, as the last load read it (its `id:`, else its
    /// file's name), if the file is still as it was then.
    public func loadedID(at relativePath: String, root: URL) -> String? {
        pass(at: relativePath, root: root)?.slug
    }

    /// Whether an entry taken with `status` by a load that began at `loadStarted` may be used again.
    static func isTrusted(_ status: FileStatus, loadStarted: Int64) -> Bool {
        max(status.modified, status.changed) < loadStarted - racyWindow
    }

    fileprivate func replace(with load: Load) {
        let entries = load.taken.withLock { $0 }
        let counts = (reused: load.reusedCount, read: load.readCount)
        kept.withLock { $0 = Kept(vocabularies: load.vocabularies, entries: entries, counts: counts) }
    }

    /// How many files the last load that finished took from the cache, and how many it read.
    public var lastLoadCounts: (reused: Int, read: Int) { kept.withLock { $0.counts } }

    /// A load's reads: each file's pass from the cache when it may be used, else read.
    /// Safe to call from the loader's parallel read.
    final class Load: Sendable {
        fileprivate let cache: FrontMatterCache
        fileprivate let vocabularies: Vocabularies
        private let started: Int64
        private let previous: [String: Entry]
        fileprivate let taken = Locked<[String: Entry]>([:])
        private let counts = Locked((reused: 0, read: 0))

        fileprivate init(cache: FrontMatterCache, vocabularies: Vocabularies, started: Int64, previous: [String: Entry])
        {
            self.cache = cache
            self.vocabularies = vocabularies
            self.started = started
            self.previous = previous
        }

        /// The pass over `relativePath`: the kept one when the file is as it was, else `read()`'s.
        /// The status is taken before the read, so a change during the read leaves the entry stale.
        func pass(
            _ relativePath: String, rootPath: String,
            read: () -> Result<CorpusLoader.FrontMatterPass, DiagnosticsError>
        ) -> Result<CorpusLoader.FrontMatterPass, DiagnosticsError> {
            // A file that cannot be stat'ed is read, for the read to report why.
            guard let status = try? FileStatus(path: rootPath + "/" + relativePath) else {
                counts.withLock { $0.read += 1 }
                return read()
            }
            if let entry = previous[relativePath], entry.trusted, entry.status == status {
                taken.withLock { $0[relativePath] = entry }
                counts.withLock { $0.reused += 1 }
                return entry.pass
            }
            let pass = read()
            let entry = Entry(
                status: status, pass: pass, trusted: FrontMatterCache.isTrusted(status, loadStarted: started))
            taken.withLock { $0[relativePath] = entry }
            counts.withLock { $0.read += 1 }
            return pass
        }

        /// Leaves this load's entries, and only them, for the next load: files gone are forgotten.
        func finish() { cache.replace(with: self) }

        var reusedCount: Int { counts.withLock { $0.reused } }
        var readCount: Int { counts.withLock { $0.read } }
    }
}

/// The cache on disk: what `minaoshi build` leaves for the next build, which then re-reads only
/// the files that changed. Only trusted entries of files that read cleanly are written (one that
/// failed is read again, to report its problems as a fresh read would), with the fingerprint of
/// the vocabularies they were read with; they are used again by the same rules as in memory.
extension FrontMatterCache {
    /// The last load's entries as bytes; nil before any load finished. Each entry is one
    /// length-prefixed record, so that both ends work on the entries in parallel.
    public func encoded() -> [UInt8]? {
        guard let (vocabularies, entries) = kept.withLock({ kept in kept.vocabularies.map { ($0, kept.entries) } })
        else { return nil }
        // Sorted by path: the same load gives the same bytes in every process.
        let written = entries.compactMap { path, entry -> (String, FileStatus, CorpusLoader.FrontMatterPass)? in
            guard entry.trusted, case .success(let pass) = entry.pass else { return nil }
            return (path, entry.status, pass)
        }.sorted { $0.0 < $1.0 }
        let records = ParallelMap.map(written) { path, status, pass in
            var writer = RecordWriter()
            writer.text(path)
            writer.fileStatus(status)
            FrontMatterPassCodec.encode(pass, into: &writer)
            return writer.buffer
        }
        var writer = RecordWriter()
        let fingerprint = vocabularies.fingerprint
        writer.uint64(fingerprint.high)
        writer.uint64(fingerprint.low)
        writer.int(records.count)
        for record in records { writer.data(record) }
        return writer.buffer
    }

    /// A cache holding the entries of ``encoded()``'s bytes; nil when the bytes are not what it
    /// writes.
    public convenience init?(decoding bytes: [UInt8]) {
        self.init(decoding: bytes, now: Self.wallClock)
    }

    /// With another clock, for tests that make every file old.
    convenience init?(decoding bytes: [UInt8], now: @escaping @Sendable () -> Int64) {
        var reader = RecordReader(bytes)
        let fingerprint: StableHash
        var ranges: [Range<Int>] = []
        do throws(RecordReader.Malformed) {
            fingerprint = StableHash(high: try reader.uint64(), low: try reader.uint64())
            for _ in 0..<(try reader.count()) { ranges.append(try reader.skipData()) }
        } catch {
            return nil
        }
        guard reader.remaining == 0 else { return nil }
        let decoded = ParallelMap.map(ranges) { range -> (String, Entry)? in
            var reader = RecordReader(bytes, range: range)
            do throws(RecordReader.Malformed) {
                let path = try reader.text()
                let status = try reader.fileStatus()
                let pass = try FrontMatterPassCodec.decode(&reader)
                guard reader.remaining == 0 else { return nil }
                return (path, Entry(status: status, pass: .success(pass), trusted: true))
            } catch {
                return nil
            }
        }
        var entries: [String: Entry] = [:]
        entries.reserveCapacity(decoded.count)
        for entry in decoded {
            guard let (path, entry) = entry else { return nil }
            entries[path] = entry
        }
        self.init(now: now)
        kept.withLock { $0 = Kept(vocabularyFingerprint: fingerprint, entries: entries) }
    }
}
