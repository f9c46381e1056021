import Foundation
import MinaoshiContent
import MinaoshiSite
import MinaoshiSupport

/// What one rebuild came to.
public enum RebuildOutcome: Sendable {
    case built(pages: Int, seconds: Double, warnings: [Diagnostic])
    /// Every problem found; the output folder was left as it was.
    case failed([Diagnostic])
}

/// Brings the output folder up to date with the sources: the one call `serve` makes after a
/// change. `FullRebuilder` builds everything; an incremental build takes its place behind this
/// protocol without touching the rest of `serve`.
public protocol SiteRebuilder: Sendable {
    func rebuild() -> RebuildOutcome
    /// What the last build that succeeded rendered its pages from, for previews of edits
    /// (``PagePreviews``); nil when the last build failed, or when the rebuilder keeps none.
    var model: SiteModel? { get }
}

extension SiteRebuilder {
    public var model: SiteModel? { nil }
}

/// The whole standard pipeline, as `minaoshi build` runs it.
public struct FullRebuilder: SiteRebuilder {
    public let options: BuildOptions

    public init(options: BuildOptions) {
        self.options = options
    }

    public func rebuild() -> RebuildOutcome {
        do throws(DiagnosticsError) {
            let result = try SiteBuilder.build(options)
            return .built(pages: result.pageCount, seconds: result.seconds, warnings: result.warnings)
        } catch {
            return .failed(error.diagnostics)
        }
    }
}

/// `minaoshi build` with its cache (``IncrementalBuild``), the bodies and page fingerprints kept in memory
/// from one rebuild to the next (the cache file is read once, at the first, and written after
/// each, so a later `minaoshi build` or `serve` starts from it), the front matter of every
/// file (``FrontMatterCache``), so that a file that did not change is not read again, and the
/// open data rows (``OpenDataRows``). `serve`'s default.
public final class IncrementalRebuilder: SiteRebuilder {
    public let options: BuildOptions
    /// What the last successful build leaves for the next; nil until then, when the cache file is read instead.
    private let previous = Locked<CachedBuild?>(nil)
    /// The cache index the last rebuild wrote, while the file on disk is that one.
    private let keptIndex = KeptCacheIndex()
    private let kept = Locked<SiteModel?>(nil)

    /// Kept from the last build until the next one ends; gone after one that failed.
    public var model: SiteModel? { kept.withLock { $0 } }

    /// Keeps `options.frontMatterCache` and `options.openDataRows`, or new ones where it has none.
    public init(options: BuildOptions) {
        var options = options
        if options.frontMatterCache == nil { options.frontMatterCache = FrontMatterCache() }
        if options.openDataRows == nil { options.openDataRows = OpenDataRows() }
        options.keepsModel = true
        self.options = options
    }

    public func rebuild() -> RebuildOutcome {
        do throws(DiagnosticsError) {
            let result = try IncrementalBuild.build(
                options, cache: .use, previous: previous.withLock { $0 }, keptIndex: keptIndex)
            previous.withLock { $0 = result.cached }
            kept.withLock { $0 = result.model }
            return .built(pages: result.pageCount, seconds: result.seconds, warnings: result.warnings)
        } catch {
            kept.withLock { $0 = nil }
            return .failed(error.diagnostics)
        }
    }
}

/// Runs blocking work on a thread of its own, off the server's event loops and Swift's
/// cooperative pool, and waits for it.
enum OwnThread {
    static func run<T: Sendable>(_ work: @escaping @Sendable () -> T) async -> T {
        await withCheckedContinuation { continuation in
            let thread = Thread { continuation.resume(returning: work()) }
            // A build runs here as `minaoshi build` runs on the main thread: give it as deep a stack.
            thread.stackSize = 8 << 20
            thread.start()
        }
    }
}
