import Foundation
import MinaoshiContent
import MinaoshiSearch
import MinaoshiSupport
import MinaoshiTestSupport
import Testing

@testable import MinaoshiSite

/// Pages whose inputs did not change are kept as published (hard links into the staging
/// folder), and only in the tree their fingerprints describe. `IncrementalEquivalenceTests`
/// holds the kept site to a clean build's bytes; these hold the keeping itself.
@Suite struct PageReuseTests {
    static let today = CalendarDate(year: 2026, month: 11, day: 27)!

    /// The file's inode: the same inode is the same file, kept rather than written again.
    private func inode(_ url: URL) throws -> UInt64 {
        try #require(FileManager.default.attributesOfItem(atPath: url.path)[.systemFileNumber] as? UInt64)
    }

    @Test func aBodyEditKeepsThePagesThatDoNotShowTheDocument() throws {
        let site = try FixtureSite(files: SiteBuilderTests.basicFiles)
        defer { site.remove() }
        let options = BuildOptions(root: site.root, output: site.url("site"), today: Self.today)
        let first = try IncrementalBuild.build(options)
        #expect(first.keptPageCount == 0)
        let about = site.url("site/pages/about/index.html"),
            bridge = site.url("site/regulations/road-bridge/index.html")
        let (aboutBefore, bridgeBefore) = (try inode(about), try inode(bridge))

        let nothingChanged = try IncrementalBuild.build(options)
        #expect(nothingChanged.keptPageCount == nothingChanged.pageCount)

        let path = "content/regulations/road-bridge.md"
        try site.write(path, try site.read(path) + "\n追記。\n")
        let edited = try IncrementalBuild.build(options)
        #expect(edited.keptPageCount > 0 && edited.keptPageCount < edited.pageCount)
        #expect(try inode(about) == aboutBefore, "a page that does not show the edited document is kept")
        #expect(try inode(bridge) != bridgeBefore, "the edited document's page is rendered")
        #expect(try site.read("site/regulations/road-bridge/index.html").contains("追記。"))
    }

    /// The search index's files of the groups a body edit does not change keep their names and are
    /// kept as published; the others are written under new names. With one file to a group, so
    /// that the small fixture has many groups.
    @Test func aBodyEditKeepsTheSearchFilesItDoesNotChange() throws {
        let site = try FixtureSite(files: SiteBuilderTests.basicFiles)
        defer { site.remove() }
        var options = BuildOptions(root: site.root, output: site.url("site"), today: Self.today)
        options.searchIndex.nameGroupFiles = 1
        func searchFiles() throws -> [String: UInt64] {
            let folder = site.url("site/search")
            let names = try FileManager.default.contentsOfDirectory(atPath: folder.path)
            return try Dictionary(
                uniqueKeysWithValues: names.filter { $0 != "index.html" && $0 != "manifest.json" }.map {
                    ($0, try inode(folder.appendingPathComponent($0)))
                })
        }
        _ = try IncrementalBuild.build(options)
        let before = try searchFiles()
        let path = "content/regulations/road-bridge.md"
        try site.write(path, try site.read(path) + "\n追記として近接目視の代替を記す。\n")
        _ = try IncrementalBuild.build(options)
        let after = try searchFiles()
        let kept = Set(before.keys).intersection(after.keys)
        #expect(!kept.isEmpty, "some search files keep their names")
        #expect(kept.count < after.count, "the edited document's files have new names")
        for name in kept { #expect(after[name] == before[name], "\(name) is kept, not written again") }
        var clean = options
        clean.output = site.url("clean")
        _ = try IncrementalBuild.build(clean, cache: .off)
        #expect(try site.tree("site") == site.tree("clean"))
    }

    @Test func aTreeReplacedSinceKeepsNothing() throws {
        let site = try FixtureSite(files: SiteBuilderTests.basicFiles)
        defer { site.remove() }
        let options = BuildOptions(root: site.root, output: site.url("site"), today: Self.today)
        _ = try IncrementalBuild.build(options)
        // A build without the cache replaces the tree and leaves the cache as it was: its
        // fingerprints describe a tree that is gone.
        let path = "content/pages/about.md"
        try site.write(path, try site.read(path) + "\n古い版の後の編集。\n")
        _ = try IncrementalBuild.build(options, cache: .off)
        try site.write(path, try site.read(path).replacingOccurrences(of: "\n古い版の後の編集。\n", with: ""))
        let searchBefore = try FileManager.default.contentsOfDirectory(atPath: site.url("site/search").path)
            .map { try inode(site.url("site/search/\($0)")) }
        let after = try IncrementalBuild.build(options)
        #expect(after.keptPageCount == 0)
        let searchAfter = try FileManager.default.contentsOfDirectory(atPath: site.url("site/search").path)
            .map { try inode(site.url("site/search/\($0)")) }
        #expect(Set(searchBefore).isDisjoint(with: searchAfter), "no search file is kept either")
        var clean = options
        clean.output = site.url("clean")
        _ = try IncrementalBuild.build(clean, cache: .off)
        #expect(try site.tree("site") == site.tree("clean"))
    }

    @Test func theFingerprintsSurviveTheCacheFile() throws {
        let site = try FixtureSite(files: SiteBuilderTests.basicFiles)
        defer { site.remove() }
        let options = BuildOptions(root: site.root, output: site.url("site"), today: Self.today)
        let built = try IncrementalBuild.build(options)
        let cached = try IncrementalBuild.cached(for: options.output).get()
        #expect(cached == built.cached)
        #expect(cached.outputs?.pages.count == built.pageCount, "one fingerprint a page")
        let index = try BuildCache(output: options.output).readIndex().get()
        #expect(index.outputs == built.cached?.outputs)
        let bytes = CacheIndexCodec.encode(index)
        #expect(CacheIndexCodec.decode(bytes) == index)
        for length in stride(from: 0, to: bytes.count, by: max(1, bytes.count / 200)) {
            #expect(CacheIndexCodec.decode(Array(bytes.prefix(length))) == nil, "cut to \(length) bytes")
        }
    }
}
