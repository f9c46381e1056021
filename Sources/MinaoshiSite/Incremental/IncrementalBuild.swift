import Foundation
import MinaoshiContent
import MinaoshiSupport

/// `minaoshi build` with its cache: the standard pipeline, reusing the bodies an earlier build
/// rendered where nothing they read changed (``RenderedBodies``) and the pages it published
/// whose fingerprints did not change (``OutputFingerprints``), and leaving what this build
/// rendered in ``BuildCache`` for the next one. The output is the same bytes a build without
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

    /// The cache beside `output`, or why there is none; a cache that exists but cannot be
    /// trusted is deleted.
    public static func cached(for output: URL) -> Result<CachedBuild, BuildCacheFile.Rejection> {
        read(BuildCache(output: output)).map(\.cached)
    }

    /// ``BuildCache/read()``, deleting a cache that exists but cannot be trusted.
    static func read(_ cache: BuildCache) -> Result<(cached: CachedBuild, index: CacheIndex), BuildCacheFile.Rejection>
    {
        let result = cache.read()
        if case .failure(let rejection) = result, rejection != .missing { cache.remove() }
        return result
    }

    /// The bodies of ``cached(for:)``.
    public static func cachedBodies(for output: URL) -> Result<RenderedBodies, BuildCacheFile.Rejection> {
        cached(for: output).map(\.bodies)
    }

    /// Builds like ``SiteBuilder/build(_:progress:)``, reusing what `previous` holds (the cache's,
    /// read here, when nil and `cache` is `.use`): bodies, and pages whose fingerprint did not
    /// change. A failed build leaves the cache as it was. With `keptIndex`, the index this process
    /// wrote last is taken from memory while the file on disk is still the one it wrote.
    public static func build(
        _ options: BuildOptions, cache: CacheUse = .use, previous: CachedBuild? = nil,
        keptIndex: KeptCacheIndex? = nil, progress: BuildProgress = .silent
    ) throws(DiagnosticsError) -> BuildResult {
        if case .off = cache { return try SiteBuilder.build(options, progress: progress) }
        var options = options
        let store = BuildCache(output: options.output)
        // The front matter on disk, unless the caller keeps its own from build to build (`serve`).
        let frontMatterFile = options.frontMatterCache == nil ? FrontMatterCacheFile(output: options.output) : nil
        var frontMatterFromFile = false
        // Before the build reads any of them (``OutputReuse``).
        let siteFiles = SiteInputs.hash(root: options.root)
        // The index the cache on disk has now, when read here: the new one reuses its segments.
        var index: CacheIndex?
        switch cache {
        case .off:
            break
        case .clean:
            store.remove()
            SearchTokenCache(output: options.output).remove()
            frontMatterFile?.remove()
            if frontMatterFile != nil { options.frontMatterCache = FrontMatterCache() }
            options.outputReuse = OutputReuse(previous: nil, siteFiles: siteFiles)
        case .use:
            // The two cache files side by side, before the build's first step: reading each file,
            // checking its checksum and filling its tables are stretches one core runs alone.
            let (found, frontMatter) = ParallelMap.both(
                { previous == nil ? try? read(store).get() : nil }, { [frontMatterFile] in frontMatterFile?.read() })
            var previous = previous
            if let found { (previous, index) = (found.cached, found.index) }
            options.previousBodies = previous?.bodies
            options.previousRelated = previous?.related
            // A process of its own takes the unchanged open data records from the published files.
            if options.openDataRows == nil, let places = previous?.openData {
                options.openDataRows = OpenDataRows(published: places, output: options.output)
            }
            options.outputReuse = OutputReuse(previous: previous?.outputs, siteFiles: siteFiles)
            options.keepsStandbyTree = true
            if let frontMatter { (options.frontMatterCache, frontMatterFromFile) = frontMatter }
        }
        options.keepsRenderedBodies = true
        options.reusesSearchTokens = true
        // Rows are made in any case, to learn where each lies for the next build.
        if options.openDataRows == nil { options.openDataRows = OpenDataRows() }
        var result = try SiteBuilder.build(options, progress: progress)
        if let frontMatterFile, let read = options.frontMatterCache {
            do {
                try frontMatterFile.write(read, readFromFile: frontMatterFromFile)
            } catch {
                result.diagnostics.append(
                    .warning(
                        at: SourceLocation(file: frontMatterFile.file.url.path),
                        "cannot write the build cache: \(error)", hint: "the next build reads every content file again")
                )
            }
        }
        // The tree just published is the one the fingerprints describe, and holds the open data files.
        result.outputs?.tree = OutputFingerprints.treeIdentity(of: options.output)
        result.openData = options.openDataRows?.lastPlaces?.stamped(output: options.output)
        result.reusedOpenDataRowCount = options.openDataRows?.lastReusedCount ?? 0
        if let cached = result.cached {
            do {
                // Given the previous build from memory (`serve`), the index on disk is read for its segments.
                if case .use = cache, index == nil {
                    index = keptIndex?.index(of: store) ?? (try? store.readIndex().get())
                }
                let written = try store.write(cached, over: index)
                keptIndex?.keep(written, writtenTo: store)
            } catch {
                result.diagnostics.append(
                    .warning(
                        at: SourceLocation(file: store.file.url.path), "cannot write the build cache: \(error)",
                        hint: "the next build renders every page again"))
            }
        }
        return result
    }
}

/// The cache index a process wrote last, kept in memory (`serve`, which writes it after every
/// rebuild, and read it again each time: 2 MB at 10,000 documents) with the status of the file it
/// wrote; given back only while the file on disk has that status, so a cache written since by
/// another process (a `minaoshi build` beside `serve`) is read from disk.
public final class KeptCacheIndex: Sendable {
    private let kept = Locked<(index: CacheIndex, status: FileStatus)?>(nil)

    public init() {}

    func index(of store: BuildCache) -> CacheIndex? {
        guard let (index, status) = kept.withLock({ $0 }),
            (try? FileStatus(path: store.file.url.path)) == status
        else { return nil }
        return index
    }

    func keep(_ index: CacheIndex, writtenTo store: BuildCache) {
        let status = try? FileStatus(path: store.file.url.path)
        kept.withLock { $0 = status.map { (index, $0) } }
    }
}

/// What a build leaves for the next: its bodies, its pages' fingerprints, its related documents and
/// where its open data records lie.
public struct CachedBuild: Equatable, Sendable {
    public var bodies: RenderedBodies
    public var outputs: OutputFingerprints?
    public var related: RelatedDocuments?
    public var openData: OpenDataPlaces?

    public init(
        bodies: RenderedBodies, outputs: OutputFingerprints?, related: RelatedDocuments? = nil,
        openData: OpenDataPlaces? = nil
    ) {
        self.bodies = bodies
        self.outputs = outputs
        self.related = related
        self.openData = openData
    }
}

extension BuildResult {
    /// What the next build may reuse of this one, when it kept its bodies.
    public var cached: CachedBuild? {
        bodies.map { CachedBuild(bodies: $0, outputs: outputs, related: related, openData: openData) }
    }
}
