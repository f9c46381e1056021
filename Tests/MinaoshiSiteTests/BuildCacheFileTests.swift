import Foundation
import MinaoshiContent
import MinaoshiMarkdown
import MinaoshiSupport
import MinaoshiTestSupport
import Testing

@testable import MinaoshiSite

/// The build cache is never trusted blindly: every way a cache file can be wrong is refused, and
/// a refused cache makes a full build, never a wrong one.
@Suite struct BuildCacheFileTests {
    static let binary = "minaoshi test-binary"
    static let payload: [UInt8] = Array("何かのペイロード payload".utf8) + (0..<300).map { UInt8($0 % 251) }

    private func folder() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("minaoshi-cache-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    @Test func aWrittenCacheReadsBackAsWritten() throws {
        let parent = try folder()
        defer { try? FileManager.default.removeItem(at: parent) }
        let file = BuildCacheFile(output: parent.appendingPathComponent("site"))
        #expect(file.url.path == parent.appendingPathComponent(".minaoshi-cache/site.cache").path)
        #expect(file.read(binary: Self.binary) == .failure(.missing))
        try file.write(Self.payload, binary: Self.binary)
        #expect(file.read(binary: Self.binary) == .success(Self.payload))
    }

    @Test func everyFlippedByteIsRefused() {
        let bytes = BuildCacheFile.file(payload: Self.payload, binary: Self.binary)
        #expect(BuildCacheFile.payload(of: bytes, binary: Self.binary) == .success(Self.payload))
        for index in bytes.indices {
            var corrupt = bytes
            corrupt[index] ^= 0x20
            #expect(throws: Never.self) { _ = BuildCacheFile.payload(of: corrupt, binary: Self.binary) }
            if case .success = BuildCacheFile.payload(of: corrupt, binary: Self.binary) {
                Issue.record("a cache with byte \(index) changed was trusted")
            }
        }
    }

    @Test func everyTruncationIsRefused() {
        let bytes = BuildCacheFile.file(payload: Self.payload, binary: Self.binary)
        for length in 0..<bytes.count {
            let result = BuildCacheFile.payload(of: Array(bytes.prefix(length)), binary: Self.binary)
            if case .success = result { Issue.record("a cache cut to \(length) of \(bytes.count) bytes was trusted") }
        }
        #expect(BuildCacheFile.payload(of: Array(bytes.dropLast()), binary: Self.binary) == .failure(.truncated))
        #expect(BuildCacheFile.payload(of: bytes + [0], binary: Self.binary) == .failure(.corrupt))
    }

    @Test func anotherBinaryOrFormatIsRefused() throws {
        let bytes = BuildCacheFile.file(payload: Self.payload, binary: "minaoshi 0.0.9 1-2-3-4.5")
        #expect(
            BuildCacheFile.payload(of: bytes, binary: Self.binary) == .failure(.otherBinary("minaoshi 0.0.9 1-2-3-4.5"))
        )
        var otherFormat = BuildCacheFile.file(payload: Self.payload, binary: Self.binary)
        let formatOffset = BuildCacheFile.magic.count
        otherFormat[formatOffset] = UInt8(truncatingIfNeeded: BuildCacheFile.format + 1)
        #expect(
            BuildCacheFile.payload(of: otherFormat, binary: Self.binary)
                == .failure(.otherFormat(BuildCacheFile.format + 1)))
        #expect(BuildCacheFile.payload(of: Array("<!doctype html>".utf8), binary: Self.binary) == .failure(.notACache))
        // The running binary's identity names its version and the executable file.
        #expect(BuildCacheFile.binaryIdentity.hasPrefix("minaoshi \(MinaoshiVersion.current) "))
    }

    /// A killed writer leaves only its temporary file: that is no cache, and the next write removes it.
    @Test func aWritersLeftoverIsNoCacheAndIsRemoved() throws {
        let parent = try folder()
        defer { try? FileManager.default.removeItem(at: parent) }
        let file = BuildCacheFile(output: parent.appendingPathComponent("site"))
        let cacheFolder = file.url.deletingLastPathComponent()
        try FileManager.default.createDirectory(at: cacheFolder, withIntermediateDirectories: true)
        // A pid above the kernel's limit (4,194,304) never runs; the current process does.
        let dead = cacheFolder.appendingPathComponent("site.cache.tmp-99999999")
        let live = cacheFolder.appendingPathComponent("site.cache.tmp-1")
        try Data(BuildCacheFile.file(payload: Self.payload, binary: Self.binary)).write(to: dead)
        try Data([1, 2, 3]).write(to: live)
        #expect(file.read(binary: Self.binary) == .failure(.missing))
        try file.write(Self.payload, binary: Self.binary)
        #expect(!FileManager.default.fileExists(atPath: dead.path))
        #expect(FileManager.default.fileExists(atPath: live.path))
        #expect(file.read(binary: Self.binary) == .success(Self.payload))
    }

    static let sampleBodies = RenderedBodies(
        optionsFingerprint: "extensions=table;footnotes=true",
        entries: [
            RenderedBodies.Entry(
                sourcePath: "content/cases/a.md", lineOffset: 9, sourceHash: StableHash("本文"),
                linkAnswers: [
                    .init(destination: "../regulations/b.md#見直し後", answer: "/regulations/b/#見直し後"),
                    .init(destination: "https://example.go.jp/", answer: nil)
                ],
                rendered: RenderedMarkdown(
                    htmlBytes: Array("<p>本文</p>\n".utf8), plainText: "本文",
                    headings: [Heading(level: 2, text: "見出し", id: "見出し", line: 12)],
                    links: [
                        Link(kind: .link, destination: "../regulations/b.md", line: 13, column: 2),
                        Link(kind: .image, destination: "a.png", line: 14, column: 1)
                    ],
                    summary: "本文", literalEmphasisMarkers: [SourcePosition(line: 15, column: 3)])),
            RenderedBodies.Entry(
                sourcePath: "content/pages/empty.md", lineOffset: 3, sourceHash: StableHash(""), linkAnswers: [],
                rendered: RenderedMarkdown(htmlBytes: [], plainText: "", headings: [], links: [], summary: ""))
        ])

    @Test func renderedBodiesRoundTripThroughTheCodec() throws {
        let decoded = try #require(RenderedBodiesCodec.decode(RenderedBodiesCodec.encode(Self.sampleBodies)))
        #expect(decoded.optionsFingerprint == Self.sampleBodies.optionsFingerprint)
        #expect(decoded.entries.count == 2)
        for (got, wanted) in zip(decoded.entries, Self.sampleBodies.entries) {
            #expect(
                got.sourcePath == wanted.sourcePath && got.lineOffset == wanted.lineOffset
                    && got.sourceHash == wanted.sourceHash)
            #expect(got.linkAnswers == wanted.linkAnswers)
            #expect(got.rendered == wanted.rendered)
        }
    }

    /// The codec writes every field by name: a field added to either type must be added to it,
    /// or the cache would hand back bodies without it.
    @Test func theCodecKnowsEveryField() {
        let entry = Self.sampleBodies.entries[0]
        #expect(
            Mirror(reflecting: entry).children.map(\.label) == [
                "sourcePath", "lineOffset", "sourceHash", "linkAnswers", "rendered"
            ])
        #expect(
            Mirror(reflecting: entry.rendered).children.map(\.label)
                == ["htmlBytes", "plainText", "headings", "links", "summary", "literalEmphasisMarkers"])
        #expect(Mirror(reflecting: entry.rendered.headings[0]).children.map(\.label) == ["level", "text", "id", "line"])
        #expect(
            Mirror(reflecting: entry.rendered.links[0]).children.map(\.label) == [
                "kind", "destination", "line", "column"
            ])
        #expect(Mirror(reflecting: entry.linkAnswers[0]).children.map(\.label) == ["destination", "answer"])
        #expect(Mirror(reflecting: Self.sampleBodies).children.map(\.label) == ["optionsFingerprint", "entries"])
    }

    @Test func aPayloadCutAnywhereDecodesToNothing() {
        let bytes = RenderedBodiesCodec.encode(Self.sampleBodies)
        for length in 0..<bytes.count {
            #expect(RenderedBodiesCodec.decode(Array(bytes.prefix(length))) == nil, "cut to \(length) bytes")
        }
    }

    /// Options are told apart by every property, and a set's order does not matter.
    @Test func theOptionsFingerprintSeesEveryOption() {
        var options = MarkdownOptions.site
        let base = RenderedBodies.fingerprint(of: options)
        options.extensions = Set(options.extensions.reversed())
        #expect(RenderedBodies.fingerprint(of: options) == base)
        options.allowRawHTML.toggle()
        #expect(RenderedBodies.fingerprint(of: options) != base)
        options = .site
        options.summaryLength += 1
        #expect(RenderedBodies.fingerprint(of: options) != base)
        options = .site
        options.footnoteBackLabel = "戻る"
        #expect(RenderedBodies.fingerprint(of: options) != base)
    }

    static let today = CalendarDate(year: 2026, month: 11, day: 27)!

    /// A corrupt cache on disk is refused and deleted, the build renders every body, and its site
    /// is the one a build without the cache writes.
    @Test func aCorruptCacheOnDiskMakesAFullBuild() throws {
        let site = try FixtureSite(files: SiteBuilderTests.basicFiles)
        defer { site.remove() }
        let options = BuildOptions(root: site.root, output: site.url("site"), today: Self.today)
        let first = try IncrementalBuild.build(options)
        #expect(first.reusedBodyCount == 0 && first.renderedBodyCount == 3)
        let second = try IncrementalBuild.build(options)
        #expect(second.reusedBodyCount == 3 && second.renderedBodyCount == 0)
        let file = BuildCacheFile(output: options.output)
        var bytes = [UInt8](try Data(contentsOf: file.url))
        bytes[bytes.count / 2] ^= 0xFF
        try Data(bytes).write(to: file.url)
        #expect(IncrementalBuild.cachedBodies(for: options.output) == .failure(.corrupt))
        #expect(!FileManager.default.fileExists(atPath: file.url.path))
        try Data(bytes).write(to: file.url)
        let third = try IncrementalBuild.build(options)
        #expect(third.reusedBodyCount == 0 && third.renderedBodyCount == 3)
        var clean = options
        clean.output = site.url("clean")
        _ = try IncrementalBuild.build(clean, cache: .off)
        #expect(try site.tree("site") == site.tree("clean"))
        #expect(!site.exists(".minaoshi-cache/clean.cache"))
    }
}
