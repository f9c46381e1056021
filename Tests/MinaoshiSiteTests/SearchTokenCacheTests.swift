import Foundation
import MinaoshiContent
import MinaoshiSearch
import MinaoshiSupport
import MinaoshiTestSupport
import Testing

@testable import MinaoshiSite

/// The search index's token cache on disk (`SearchTokenCache`): a cached build takes the chunks of
/// unchanged documents from it, and a cache that is corrupt, another binary's, or whose segments
/// changed is refused, and the build's site is still the one a build without any cache writes.
@Suite struct SearchTokenCacheTests {
    static let today = CalendarDate(year: 2026, month: 11, day: 27)!

    /// Enough reviews for several chunks (a chunk holds at least 16 documents).
    static func files() -> [String: String] {
        var files = SiteBuilderTests.basicFiles
        for number in 0..<60 {
            files["content/regulations/r\(number).md"] = regulationText(
                id: "r\(number)", title: "見直し\(number)号の点検",
                body: "第\(number)条の近接目視をドローンで置き換える。河川管理施設の点検\(number)。")
        }
        return files
    }

    func clean(_ site: FixtureSite, _ options: BuildOptions) throws -> [String: Data] {
        var clean = options
        clean.output = site.url("clean")
        _ = try IncrementalBuild.build(clean, cache: .off)
        return try site.tree("clean")
    }

    /// A site of ``files()`` built once with the cache: `body` is given it, its options and its token cache.
    func withBuiltSite(_ body: (FixtureSite, BuildOptions, SearchTokenCache) throws -> Void) throws {
        let site = try FixtureSite(files: Self.files())
        defer { site.remove() }
        let options = BuildOptions(root: site.root, output: site.url("site"), today: Self.today)
        _ = try IncrementalBuild.build(options)
        try body(site, options, SearchTokenCache(output: options.output))
    }

    @Test func aBodyEditTakesTheOtherChunksFromTheCache() throws {
        try withBuiltSite { site, options, cache in
            let first = try cache.entries().get()
            #expect(first.reduce(0) { $0 + $1.key.documents.count } == 63)
            #expect(first.count > 1)
            try site.write("content/regulations/r30.md", regulationText(id: "r30", title: "見直し30号", body: "書き換えた本文。"))
            _ = try IncrementalBuild.build(options)
            let second = try cache.entries().get()
            #expect(second.reduce(0) { $0 + $1.key.documents.count } == 63)
            // Chunks without the edited document are the ones the first build kept, where they lie.
            #expect(!Set(first.map(\.segment)).isDisjoint(with: second.map(\.segment)))
            #expect(Set(first.map(\.key)) != Set(second.map(\.key)))
            #expect(try site.tree("site") == clean(site, options))
            // Every segment the index names is there; no other file is left.
            let names = Set(try FileManager.default.contentsOfDirectory(atPath: cache.segments.folder.path))
            #expect(names == Set(second.map(\.segment.description)))
            // Without the cache, nothing is read or written.
            var off = options
            off.output = site.url("uncached")
            _ = try IncrementalBuild.build(off, cache: .off)
            #expect(!site.exists(".minaoshi-cache/uncached.tokens-index"))
            #expect(!site.exists(".minaoshi-cache/uncached.tokens"))
        }
    }

    @Test func aCorruptForeignOrChangedTokenCacheMakesTheWholeIndex() throws {
        try withBuiltSite { site, options, cache in
            let wanted = try clean(site, options)

            // A flipped byte in the index: refused, deleted, and the build is whole.
            var bytes = [UInt8](try Data(contentsOf: cache.file.url))
            bytes[bytes.count / 2] ^= 0xFF
            try Data(bytes).write(to: cache.file.url)
            #expect(cache.entries() == .failure(.corrupt))
            #expect(!FileManager.default.fileExists(atPath: cache.file.url.path))
            try Data(bytes).write(to: cache.file.url)
            _ = try IncrementalBuild.build(options)
            #expect(try site.tree("site") == wanted)
            #expect((try? cache.entries().get())?.isEmpty == false)

            // Cut short: the same.
            bytes = [UInt8](try Data(contentsOf: cache.file.url))
            try Data(bytes.prefix(bytes.count - 7)).write(to: cache.file.url)
            #expect(cache.entries() == .failure(.truncated))
            try Data(bytes.prefix(bytes.count - 7)).write(to: cache.file.url)
            _ = try IncrementalBuild.build(options)
            #expect(try site.tree("site") == wanted)

            // Another binary's index: refused.
            let payload = try cache.file.read().get()
            try cache.file.write(payload, binary: "minaoshi another-binary")
            #expect(cache.entries() == .failure(.otherBinary("minaoshi another-binary")))
            _ = try IncrementalBuild.build(options)
            #expect(try site.tree("site") == wanted)

            // Every segment's bytes changed: none is used (their bytes no longer hash to their names).
            for name in try FileManager.default.contentsOfDirectory(atPath: cache.segments.folder.path) {
                let url = cache.segments.folder.appendingPathComponent(name)
                var segment = [UInt8](try Data(contentsOf: url))
                segment[segment.count / 3] ^= 0x55
                try Data(segment).write(to: url)
            }
            let entries = cache.reuse().entries
            #expect(!entries.isEmpty && entries.allSatisfy { cache.segments.read($0.segment) == nil })
            _ = try IncrementalBuild.build(options)
            #expect(try site.tree("site") == wanted)
            // Tokenized again, each chunk's bytes replace the changed ones under the same name.
            let rewritten = try cache.entries().get()
            #expect(rewritten.allSatisfy { cache.segments.read($0.segment) != nil })

            // A segment gone: the same.
            let gone = try #require(rewritten.first)
            try FileManager.default.removeItem(at: cache.segments.url(of: gone.segment))
            _ = try IncrementalBuild.build(options)
            #expect(try site.tree("site") == wanted)
            #expect(try cache.entries().get().allSatisfy { cache.segments.read($0.segment) != nil })

            // `--clean` deletes it and writes it again whole.
            _ = try IncrementalBuild.build(options, cache: .clean)
            #expect(try site.tree("site") == wanted)
            #expect(try cache.entries().get().reduce(0) { $0 + $1.key.documents.count } == 63)
        }
    }
}
