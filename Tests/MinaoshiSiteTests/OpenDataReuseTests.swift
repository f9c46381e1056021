import Foundation
import MinaoshiContent
import MinaoshiSupport
import MinaoshiTestSupport
import Testing

@testable import MinaoshiSite

/// A build in a process of its own takes the open data records that did not change from the files
/// the last build published (``OpenDataRows/init(published:output:)``), and never from a file
/// that is not the one that build published. `IncrementalEquivalenceTests` holds the rows to a
/// clean build over random edits; this holds the refusal of a changed file.
@Suite struct OpenDataReuseTests {
    static let today = CalendarDate(year: 2026, month: 11, day: 27)!

    @Test func recordsComeFromThePublishedFilesOnlyWhileTheyAreAsPublished() throws {
        var files = SiteBuilderTests.basicFiles
        for number in 0..<4 {
            files["content/regulations/r\(number).md"] = regulationText(id: "r\(number)", title: "見直し\(number)号")
        }
        let site = try FixtureSite(files: files)
        defer { site.remove() }
        let options = BuildOptions(root: site.root, output: site.url("site"), today: Self.today)
        func edit() throws {
            let path = "content/regulations/road-bridge.md"
            try site.write(path, try site.read(path) + "\n追記。\n")
        }
        func clean() throws -> [String: Data] {
            var clean = options
            clean.output = site.url("clean")
            _ = try IncrementalBuild.build(clean, cache: .off)
            return try site.tree("clean")
        }
        let first = try IncrementalBuild.build(options)
        #expect(first.reusedOpenDataRowCount == 0)
        let records = try #require(first.openData).datasets.reduce(0) { $0 + $1.rows.count }
        #expect(records >= 3)

        // A body edit: the edited review's summary is its record's, so every other record is reused.
        try edit()
        let edited = try IncrementalBuild.build(options)
        #expect(edited.reusedOpenDataRowCount == records - 1)
        #expect(try site.tree("site") == clean())

        // A published record changed in place, its file the same size: that file's records are all
        // made again, and the site is a clean build's, not the changed bytes.
        let regulations = site.url("site/api/regulations.json")
        var bytes = [UInt8](try Data(contentsOf: regulations))
        let title = try #require(bytes.indices.first { bytes[$0] == UInt8(ascii: "\"") && $0 > bytes.count / 2 })
        bytes[title + 1] = UInt8(ascii: "X")
        let handle = try FileHandle(forWritingTo: regulations)
        try handle.write(contentsOf: bytes)
        try handle.close()
        let regulationRecords = try #require(edited.openData?.datasets.first { $0.jsonPath == "api/regulations.json" })
            .rows.count
        try edit()
        let afterChange = try IncrementalBuild.build(options)
        #expect(afterChange.reusedOpenDataRowCount == records - regulationRecords)
        #expect(try site.tree("site") == clean())
    }
}
