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

    /// The cache the file holds, and whether it came from the file; an empty one when there is
    /// none, or when it cannot be trusted (and is then deleted).
    func read() -> (cache: FrontMatterCache, fromFile: Bool) {
        switch file.read() {
        case .success(let payload):
            if let cache = FrontMatterCache(decoding: payload) { return (cache, true) }
            file.remove()
        case .failure(.missing):
            break
        case .failure:
            file.remove()
        }
        return (FrontMatterCache(), false)
    }

    /// Replaces the file with what `cache`'s last load read; removes it when no load finished.
    /// A load through a cache read from the file that took entries from it and read few files (at
    /// most ``staleFiles``, or one in a hundred) leaves the file as it is: the next build reads
    /// those files again (their status no longer matches), which costs less than writing every
    /// entry again. A load that took none (other vocabularies) always writes it.
    func write(_ cache: FrontMatterCache, readFromFile: Bool) throws {
        let counts = cache.lastLoadCounts
        if readFromFile, counts.reused > 0, counts.read <= max(Self.staleFiles, (counts.read + counts.reused) / 100) {
            return
        }
        guard let bytes = cache.encoded() else { return file.remove() }
        try file.write(bytes)
    }

    /// Files a build may read again rather than write the file: a few reads of a file are cheaper
    /// than rewriting the entries of 10,000 (15 MB at 10k documents).
    static let staleFiles = 32

    func remove() { file.remove() }
}
