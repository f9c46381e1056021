import Foundation
import MinaoshiContent
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
        let after = try IncrementalBuild.build(options)
        #expect(after.keptPageCount == 0)
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
