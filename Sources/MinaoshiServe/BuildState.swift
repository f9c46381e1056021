import Foundation
import MinaoshiSupport
import NIOConcurrencyHelpers

/// What the open pages are told: the last good build, and the problems of the latest one when it
/// failed. Every change goes to every listener; a new listener hears the current state first.
/// It also knows when each build began, so that a save can wait for a build that read its file.
public final class BuildState: Sendable {
    public struct Snapshot: Equatable, Sendable, Codable {
        /// Names the last build that succeeded; a page built from an older one reloads.
        public var build: String
        /// `path:line:col: severity: message; hint`, one per problem; empty when the latest build succeeded.
        public var diagnostics: [String]
        /// The pages (site paths, `/cases/x/`) served from a preview (``PagePreviews``) rather than
        /// from `build`, with the preview's name in place of the build's: a page whose name is not
        /// the one it was served with reloads.
        public var pages: [String: String]

        public init(build: String, diagnostics: [String], pages: [String: String] = [:]) {
            self.build = build
            self.diagnostics = diagnostics
            self.pages = pages
        }

        /// The name a page at `path` is served with now.
        public func build(for path: String) -> String { pages[path] ?? build }
    }

    private struct Inner {
        var snapshot: Snapshot
        var succeeded = 0
        var previews = 0
        /// When the build running now, or the last one, began.
        var began: ContinuousClock.Instant?
        /// When the last build that ended began.
        var lastEndedBegan: ContinuousClock.Instant?
        var listeners: [Int: AsyncStream<Snapshot>.Continuation] = [:]
        var nextListener = 0
        var closed = false
    }

    private let inner: NIOLockedValueBox<Inner>
    /// Tells this session's builds from those of an earlier `serve`, so a page left open across
    /// a restart reloads too.
    private let session: String

    public init(session: String = String(UInt64(Date().timeIntervalSince1970 * 1000), radix: 36)) {
        self.session = session
        inner = NIOLockedValueBox(Inner(snapshot: Snapshot(build: session + "-0", diagnostics: [])))
    }

    public var snapshot: Snapshot { inner.withLockedValue { $0.snapshot } }

    /// Records that a build begins: it reads the sources as they are from now on.
    public func began() {
        inner.withLockedValue { $0.began = .now }
    }

    /// The state after the last build that ended, if that build began after `instant`; nil
    /// while none has (a build that was running at `instant` may have read the sources before it).
    public func ended(beganAfter instant: ContinuousClock.Instant) -> Snapshot? {
        inner.withLockedValue { inner in
            inner.lastEndedBegan.map { $0 > instant } == true ? inner.snapshot : nil
        }
    }

    /// Records a build that succeeded (its warnings are for the terminal, not the overlay). The
    /// pages in `keeping` (site path to the preview name they were served with) showed the bytes
    /// this build wrote already, and keep their names: they do not reload.
    public func succeeded(keeping: [String: String] = [:]) {
        publish { inner in
            inner.lastEndedBegan = inner.began
            inner.succeeded += 1
            inner.snapshot = Snapshot(build: "\(session)-\(inner.succeeded)", diagnostics: [], pages: keeping)
        }
    }

    /// Records that the pages at `paths` (site paths) are served from a new preview: those open
    /// reload at once, the others stay. Returns the preview's name.
    @discardableResult
    public func previewed(_ paths: [String]) -> String {
        var name = ""
        publish { inner in
            inner.previews += 1
            name = "\(session)-p\(inner.previews)"
            for path in paths { inner.snapshot.pages[path] = name }
        }
        return name
    }

    /// Records a build that failed; the last good build stays what pages show.
    public func failed(_ diagnostics: [Diagnostic]) {
        publish { inner in
            inner.lastEndedBegan = inner.began
            inner.snapshot.diagnostics = diagnostics.sorted().map(\.description)
        }
    }

    private func publish(_ change: (inout Inner) -> Void) {
        let (snapshot, listeners) = inner.withLockedValue { inner in
            change(&inner)
            return (inner.snapshot, Array(inner.listeners.values))
        }
        for listener in listeners { listener.yield(snapshot) }
    }

    /// The states from now on, starting with the current one; ends when `close` is called.
    public func listen() -> AsyncStream<Snapshot> {
        let (stream, continuation) = AsyncStream.makeStream(of: Snapshot.self, bufferingPolicy: .bufferingNewest(1))
        let id: Int? = inner.withLockedValue { inner in
            guard !inner.closed else { return nil }
            let id = inner.nextListener
            inner.nextListener += 1
            inner.listeners[id] = continuation
            continuation.yield(inner.snapshot)
            return id
        }
        guard let id else { continuation.finish(); return stream }
        continuation.onTermination = { [weak self] _ in
            _ = self?.inner.withLockedValue { $0.listeners.removeValue(forKey: id) }
        }
        return stream
    }

    public var listenerCount: Int { inner.withLockedValue { $0.listeners.count } }

    /// Ends every stream, so that open event connections let the server shut down.
    public func close() {
        let listeners = inner.withLockedValue { inner in
            inner.closed = true
            return Array(inner.listeners.values)
        }
        for listener in listeners { listener.finish() }
    }
}
