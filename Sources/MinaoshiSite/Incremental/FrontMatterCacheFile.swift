import Foundation
import MinaoshiContent

/// The front matter of the last build, `.minaoshi-cache/<output folder's name>.front-matter` (a
/// ``BuildCacheFile``: this binary's, whole, its checksum right): each content file's first pass
/// (``FrontMatterCache/encoded()``), so that `minaoshi build` reads and parses only the files that
/// changed since. What it holds is a function of the sources alone, never of the published site.
struct FrontMatterCacheFile: Sendable {
    let file: BuildCacheFile

    init(output: URL) {
        file = BuildCacheFile(output: output, suffix: "front-matter")
    }

    /// The cache the file holds; an empty one when there is none, or when it cannot be trusted
    /// (and is then deleted).
    func read() -> FrontMatterCache {
        switch file.read() {
        case .success(let payload):
            if let cache = FrontMatterCache(decoding: payload) { return cache }
            file.remove()
        case .failure(.missing):
            break
        case .failure:
            file.remove()
        }
        return FrontMatterCache()
    }

    /// Replaces the file with what `cache`'s last load read; removes it when no load finished.
    func write(_ cache: FrontMatterCache) throws {
        guard let bytes = cache.encoded() else { return file.remove() }
        try file.write(bytes)
    }

    func remove() { file.remove() }
}
