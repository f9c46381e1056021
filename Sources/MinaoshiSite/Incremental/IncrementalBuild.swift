import Foundation
import MinaoshiContent
import MinaoshiSupport

/// `minaoshi build` with its cache: the standard pipeline, reusing the bodies an earlier build
/// rendered where nothing they read changed (``RenderedBodies``), and leaving what this build
/// rendered in ``BuildCacheFile`` for the next one. The output is the same bytes a build without
/// the cache writes: `IncrementalEquivalenceTests` holds it to that over random edits.
public enum IncrementalBuild {
    /// How a build treats the cache.
    public enum CacheUse: Sendable {
        /// Reads the cache if it can be trusted, and writes the new one.
        case use
        /// Deletes the cache, builds everything, and writes a new one (`--clean`).
        case clean
        /// Neither reads nor writes it (`--no-cache`).
        case off
    }

    /// The bodies of the cache beside `output`, or why there are none; a cache that exists but
    /// cannot be trusted is deleted.
    public static func cachedBodies(for output: URL) -> Result<RenderedBodies, BuildCacheFile.Rejection> {
        let file = BuildCacheFile(output: output)
        switch file.read() {
        case .success(let payload):
            if let bodies = RenderedBodiesCodec.decode(payload) { return .success(bodies) }
            file.remove()
            return .failure(.corrupt)
        case .failure(.missing):
            return .failure(.missing)
        case .failure(let rejection):
            file.remove()
            return .failure(rejection)
        }
    }

    /// Builds like ``SiteBuilder/build(_:progress:)``, reusing `previous` bodies (the cache's,
    /// read here, when nil and `cache` is `.use`). A failed build leaves the cache as it was.
    public static func build(
        _ options: BuildOptions, cache: CacheUse = .use, previous: RenderedBodies? = nil,
        progress: BuildProgress = .silent
    ) throws(DiagnosticsError) -> BuildResult {
        var options = options
        let file = BuildCacheFile(output: options.output)
        switch cache {
        case .off:
            return try SiteBuilder.build(options, progress: progress)
        case .clean:
            file.remove()
        case .use:
            options.previousBodies = previous ?? (try? cachedBodies(for: options.output).get())
        }
        options.keepsRenderedBodies = true
        var result = try SiteBuilder.build(options, progress: progress)
        if let bodies = result.bodies {
            do {
                try file.write(RenderedBodiesCodec.encode(bodies))
            } catch {
                result.diagnostics.append(
                    .warning(
                        at: SourceLocation(file: file.url.path), "cannot write the build cache: \(error)",
                        hint: "the next build renders every body again"))
            }
        }
        return result
    }
}
