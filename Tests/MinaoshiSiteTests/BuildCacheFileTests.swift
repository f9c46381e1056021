import Foundation
import MinaoshiMarkdown
import MinaoshiSupport
import MinaoshiTestSupport
import Testing

@testable import MinaoshiContent
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

    static let sampleRelated = RelatedDocuments(related: [[1], []], largestCandidateSet: 3, inputs: StableHash("関連"))
    static let sampleOpenData = OpenDataPlaces(datasets: [
        OpenDataPlaces.Dataset(
            jsonPath: "api/regulations.json", csvPath: "api/regulations.csv",
            jsonStatus: FileStatus(
                type: 0o100000, size: 120, modified: 1_700_000_000_000_000_001, changed: 1_700_000_000_000_000_002,
                inode: 42, device: 7),
            csvStatus: nil,
            rows: [OpenDataPlaces.Row(key: StableHash("行"), json: 20..<60, csv: 10..<30)])
    ])

    private func sampleBuild(_ bodies: RenderedBodies = sampleBodies) -> CachedBuild {
        CachedBuild(
            bodies: bodies, outputs: OutputFingerprints(tree: "1-2-3", pages: ["index.html": StableHash("頁")]),
            related: Self.sampleRelated, openData: Self.sampleOpenData)
    }

    @Test func renderedBodiesRoundTripThroughIndexAndSegments() throws {
        let parent = try folder()
        defer { try? FileManager.default.removeItem(at: parent) }
        let cache = BuildCache(output: parent.appendingPathComponent("site"))
        #expect(cache.segments.folder.path == parent.appendingPathComponent(".minaoshi-cache/site.bodies").path)
        let index = try cache.write(sampleBuild(), over: nil)
        let read = try cache.read().get()
        #expect(read.cached == sampleBuild())
        #expect(read.index == index)
        #expect(index.segments.count == 1)
    }

    /// The fast path (records kept where the previous cache holds them) against the general one
    /// (every record written anew): over a run of edits, adds and deletes, both read back as the
    /// very build written, and the kept records' segments are only ever read, never written.
    @Test func aCacheWrittenOverAnotherReadsBackAsOneWrittenWhole() throws {
        let parent = try folder()
        defer { try? FileManager.default.removeItem(at: parent) }
        let incremental = BuildCache(output: parent.appendingPathComponent("site"))
        let whole = BuildCache(output: parent.appendingPathComponent("whole"))
        var bodies = Self.sampleBodies
        var index = try incremental.write(sampleBuild(bodies), over: nil)
        var generator = SystemRandomNumberGenerator()
        for step in 0..<40 {
            switch Int.random(in: 0..<4, using: &generator) {
            case 0 where !bodies.entries.isEmpty:
                // A body edited: new Markdown, new rendering.
                let number = Int.random(in: 0..<bodies.entries.count, using: &generator)
                bodies.entries[number].sourceHash = StableHash("版\(step)")
                bodies.entries[number].rendered.htmlBytes = Array("<p>版\(step)</p>\n".utf8)
                bodies.entries[number].rendered.plainText = "版\(step)"
            case 1 where !bodies.entries.isEmpty:
                // A link's answer changed (the target renamed): the body rendered again.
                let number = Int.random(in: 0..<bodies.entries.count, using: &generator)
                bodies.entries[number].linkAnswers.append(.init(destination: "x\(step).md", answer: "/x\(step)/"))
                bodies.entries[number].rendered.summary = "要約\(step)"
            case 2 where bodies.entries.count > 1:
                bodies.entries.remove(at: Int.random(in: 0..<bodies.entries.count, using: &generator))
            default:
                var added = Self.sampleBodies.entries[step % 2]
                added.sourcePath = "content/cases/n\(step).md"
                added.rendered.plainText = "追加\(step)"
                bodies.entries.append(added)
                bodies.entries.sort { $0.sourcePath < $1.sourcePath }
            }
            let before = Set(index.segments)
            index = try incremental.write(sampleBuild(bodies), over: index)
            #expect(try incremental.read().get().cached == sampleBuild(bodies), "step \(step)")
            try whole.write(sampleBuild(bodies), over: nil)
            #expect(try whole.read().get().cached == sampleBuild(bodies), "step \(step)")
            // At most one segment is new; the others are the earlier build's.
            #expect(Set(index.segments).subtracting(before).count <= 1, "step \(step)")
            #expect(
                Set(try FileManager.default.contentsOfDirectory(atPath: incremental.segments.folder.path))
                    == Set(index.segments.map(\.description)), "step \(step): only the indexed segments are left")
        }
    }

    /// One body of many changed: the new segment holds that body alone.
    @Test func oneChangedBodyWritesOneSmallSegment() throws {
        let parent = try folder()
        defer { try? FileManager.default.removeItem(at: parent) }
        let cache = BuildCache(output: parent.appendingPathComponent("site"))
        var bodies = Self.sampleBodies
        bodies.entries = (0..<50).map { number in
            var entry = Self.sampleBodies.entries[0]
            entry.sourcePath = "content/cases/n\(number).md"
            entry.rendered.htmlBytes = Array(String(repeating: "<p>本文\(number)</p>", count: 40).utf8)
            return entry
        }
        let first = try cache.write(sampleBuild(bodies), over: nil)
        bodies.entries[7].sourceHash = StableHash("編集")
        bodies.entries[7].rendered.htmlBytes = Array("<p>編集</p>".utf8)
        let second = try cache.write(sampleBuild(bodies), over: first)
        #expect(second.segments.count == 2)
        let new = try #require(second.segments.first { !first.segments.contains($0) })
        let oneRecord = second.bodies[7].location
        #expect(oneRecord.segment == new && oneRecord.offset == 0)
        #expect(cache.segments.read(new)?.count == oneRecord.length)
        #expect(
            second.bodies.enumerated().allSatisfy {
                $0.offset == 7 || $0.element.location == first.bodies[$0.offset].location
            })
        #expect(try cache.read().get().cached == sampleBuild(bodies))
    }

    /// Too many segments, or segments used too little, are written into one again.
    @Test func manyOrWastedSegmentsAreCompacted() throws {
        let parent = try folder()
        defer { try? FileManager.default.removeItem(at: parent) }
        let cache = BuildCache(output: parent.appendingPathComponent("site"))
        var bodies = Self.sampleBodies
        var index = try cache.write(sampleBuild(bodies), over: nil)
        // A body added a build, none changed: a segment more each time, nothing wasted, until the limit.
        var counts: [Int] = []
        for number in 0..<(BuildCache.segmentLimit + 4) {
            var added = Self.sampleBodies.entries[0]
            added.sourcePath = "content/cases/n\(1000 + number).md"
            // Another rendering: the same bytes would be the same segment, written once.
            added.rendered.plainText = "追加\(number)"
            bodies.entries.append(added)
            index = try cache.write(sampleBuild(bodies), over: index)
            counts.append(index.segments.count)
            #expect(try cache.read().get().cached == sampleBuild(bodies))
        }
        #expect(counts.max() == BuildCache.segmentLimit)
        #expect(counts.contains(1), "\(counts)")
        // Two thirds of the bodies changed: most of their segment's bytes are unused.
        index = try cache.write(sampleBuild(bodies), over: nil)
        for number in bodies.entries.indices where number % 3 != 0 {
            bodies.entries[number].sourceHash = StableHash("編集\(number)")
        }
        index = try cache.write(sampleBuild(bodies), over: index)
        #expect(index.segments.count == 1)
        #expect(try cache.read().get().cached == sampleBuild(bodies))
    }

    /// A segment changed, cut or gone makes the whole cache untrusted; a dead writer's leftover
    /// in the segments' folder is no segment and the next write removes it.
    @Test func aSegmentChangedOrMissingIsRefused() throws {
        let parent = try folder()
        defer { try? FileManager.default.removeItem(at: parent) }
        let cache = BuildCache(output: parent.appendingPathComponent("site"))
        let index = try cache.write(sampleBuild(), over: nil)
        let segment = cache.segments.url(of: index.segments[0])
        let bytes = [UInt8](try Data(contentsOf: segment))
        for position in [0, bytes.count / 2, bytes.count - 1] {
            var corrupt = bytes
            corrupt[position] ^= 0x01
            try Data(corrupt).write(to: segment)
            #expect(cache.read().map(\.cached) == .failure(.corrupt), "byte \(position) changed")
        }
        try Data(bytes.dropLast()).write(to: segment)
        #expect(cache.read().map(\.cached) == .failure(.corrupt))
        try FileManager.default.removeItem(at: segment)
        #expect(cache.read().map(\.cached) == .failure(.corrupt))
        try Data(bytes).write(to: segment)
        #expect(cache.read().map(\.cached) == .success(sampleBuild()))

        let dead = cache.segments.folder.appendingPathComponent("\(index.segments[0]).tmp-99999999")
        let live = cache.segments.folder.appendingPathComponent("\(index.segments[0]).tmp-1")
        try Data([1, 2]).write(to: dead)
        try Data([3]).write(to: live)
        try cache.write(sampleBuild(), over: index)
        #expect(!FileManager.default.fileExists(atPath: dead.path))
        #expect(FileManager.default.fileExists(atPath: live.path))
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
        #expect(Mirror(reflecting: sampleBuild()).children.map(\.label) == ["bodies", "outputs", "related", "openData"])
        #expect(
            Mirror(reflecting: Self.sampleOpenData.datasets[0]).children.map(\.label) == [
                "jsonPath", "csvPath", "jsonStatus", "csvStatus", "rows"
            ])
        #expect(
            Mirror(reflecting: Self.sampleOpenData.datasets[0].rows[0]).children.map(\.label) == ["key", "json", "csv"])
        #expect(
            Mirror(reflecting: Self.sampleRelated).children.map(\.label) == ["related", "largestCandidateSet", "inputs"]
        )
    }

    @Test func anIndexOrRecordCutAnywhereDecodesToNothing() throws {
        let parent = try folder()
        defer { try? FileManager.default.removeItem(at: parent) }
        let cache = BuildCache(output: parent.appendingPathComponent("site"))
        let index = try cache.write(sampleBuild(), over: nil)
        let bytes = CacheIndexCodec.encode(index)
        #expect(CacheIndexCodec.decode(bytes) == index)
        for length in 0..<bytes.count {
            #expect(CacheIndexCodec.decode(Array(bytes.prefix(length))) == nil, "cut to \(length) bytes")
        }
        let segment = try #require(cache.segments.read(index.segments[0]))
        let first = index.bodies[0].location
        for length in 0..<first.length {
            var reader = RecordReader(segment, range: first.offset..<first.offset + length)
            #expect(RenderedBodiesCodec.decodeRecord(&reader) == nil, "record cut to \(length) bytes")
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
        // A segment changed: the same.
        let segments = BuildCache(output: options.output).segments
        let segment = try #require(try FileManager.default.contentsOfDirectory(atPath: segments.folder.path).first)
        let segmentURL = segments.folder.appendingPathComponent(segment)
        var segmentBytes = [UInt8](try Data(contentsOf: segmentURL))
        segmentBytes[segmentBytes.count / 2] ^= 0xFF
        try Data(segmentBytes).write(to: segmentURL)
        let fourth = try IncrementalBuild.build(options)
        #expect(fourth.reusedBodyCount == 0 && fourth.renderedBodyCount == 3)
        #expect(try IncrementalBuild.cachedBodies(for: options.output).get().entries.count == 3)
        var clean = options
        clean.output = site.url("clean")
        _ = try IncrementalBuild.build(clean, cache: .off)
        #expect(try site.tree("site") == site.tree("clean"))
        #expect(!site.exists(".minaoshi-cache/clean.cache"))
    }

    /// The front matter a build leaves on disk spares the next build its reads: only a changed
    /// file is read again. A corrupt file is refused and deleted, and every file is read.
    @Test func theFrontMatterOnDiskSparesTheNextBuildItsReads() throws {
        let site = try FixtureSite(files: SiteBuilderTests.basicFiles)
        defer { site.remove() }
        let sources = site.list("content/regulations").count + site.list("content/cases").count
        // Files are trusted only once their times are older than the load by the racy window.
        usleep(useconds_t(FrontMatterCache.racyWindow / 1_000 + 100_000))
        let options = BuildOptions(root: site.root, output: site.url("site"), today: Self.today)
        let first = try IncrementalBuild.build(options)
        #expect(first.readFileCount >= sources && first.reusedFrontMatterCount == 0)
        let second = try IncrementalBuild.build(options)
        #expect(second.readFileCount == 0 && second.reusedFrontMatterCount == first.readFileCount)

        let file = FrontMatterCacheFile(output: options.output).file
        var bytes = [UInt8](try Data(contentsOf: file.url))
        bytes[bytes.count / 2] ^= 0xFF
        try Data(bytes).write(to: file.url)
        let third = try IncrementalBuild.build(options)
        #expect(third.readFileCount == first.readFileCount && third.reusedFrontMatterCount == 0)

        #expect(FrontMatterCacheFile(output: options.output).read().fromFile)

        // An edit: the file is read, and the few files read leave the cache file as it was
        // (``FrontMatterCacheFile/staleFiles``); the next build reads the edited file again.
        let edited = "content/regulations/" + site.list("content/regulations")[0]
        try site.write(edited, try site.read(edited) + "\n追記。\n")
        let written = try FileStatus(path: file.url.path)
        let fourth = try IncrementalBuild.build(options)
        #expect(fourth.readFileCount == 1 && fourth.reusedFrontMatterCount == first.readFileCount - 1)
        #expect(try FileStatus(path: file.url.path) == written)
        let fifth = try IncrementalBuild.build(options)
        #expect(fifth.readFileCount == 1 && fifth.reusedFrontMatterCount == first.readFileCount - 1)

        // Other vocabularies: every file is read, and the file is written again with them.
        let vocabulary = "content/_data/technologies.yml"
        try site.write(vocabulary, try site.read(vocabulary) + "- id: probe\n  ja: 試験\n  en: Probe\n")
        usleep(useconds_t(FrontMatterCache.racyWindow / 1_000 + 100_000))
        let sixth = try IncrementalBuild.build(options)
        #expect(sixth.readFileCount == first.readFileCount && sixth.reusedFrontMatterCount == 0)
        #expect(try FileStatus(path: file.url.path) != written)
        let seventh = try IncrementalBuild.build(options)
        #expect(seventh.readFileCount == 0 && seventh.reusedFrontMatterCount == first.readFileCount)
        var clean = options
        clean.output = site.url("clean")
        _ = try IncrementalBuild.build(clean, cache: .off)
        #expect(try site.tree("site") == site.tree("clean"))
        #expect(!site.exists(".minaoshi-cache/clean.front-matter"))
    }
}
