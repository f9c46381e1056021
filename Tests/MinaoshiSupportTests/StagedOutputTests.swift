import Foundation
import MinaoshiSupport
import MinaoshiTestSupport
import Testing

@Suite("StagedOutput")
struct StagedOutputTests {
    private func read(_ url: URL) throws -> String {
        try String(contentsOf: url, encoding: .utf8)
    }

    /// The folder's entries, less the lock file every StagedOutput keeps beside its output.
    private func entries(_ folder: URL) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0 != ".site.lock" }.sorted()
    }

    /// Every file under `folder`, as relative paths.
    private func tree(_ folder: URL) throws -> [String] {
        let base = folder.resolvingSymlinksInPath().path + "/"
        let enumerator = try #require(
            FileManager.default.enumerator(at: folder, includingPropertiesForKeys: [.isRegularFileKey]))
        var files: [String] = []
        for case let url as URL in enumerator
        where (try url.resourceValues(forKeys: [.isRegularFileKey])).isRegularFile == true {
            files.append(String(url.resolvingSymlinksInPath().path.dropFirst(base.count)))
        }
        return files.sorted()
    }

    @Test("Writes go to a staging folder beside the output, not to the output")
    func writesGoToStaging() throws {
        try withTemporaryFolder { parent in
            let output = parent.appendingPathComponent("site")
            let staged = try StagedOutput(output: output)
            try staged.write("<p>見直し</p>", to: "index.html")
            try staged.write(Data([0, 1, 2]), to: "assets/img/a.bin")

            let pid = ProcessInfo.processInfo.processIdentifier
            #expect(staged.staging.lastPathComponent == ".site.staging-\(pid)")
            #expect(staged.staging.deletingLastPathComponent().standardizedFileURL == parent.standardizedFileURL)
            #expect(try read(staged.staging.appendingPathComponent("index.html")) == "<p>見直し</p>")
            #expect(try Data(contentsOf: staged.staging.appendingPathComponent("assets/img/a.bin")) == Data([0, 1, 2]))
            #expect(!FileManager.default.fileExists(atPath: output.path))
            staged.discard()
        }
    }

    @Test("commit puts the new tree in place of the old one and removes the old one")
    func commitReplacesOutput() throws {
        try withTemporaryFolder { parent in
            let output = parent.appendingPathComponent("site")
            try FileManager.default.createDirectory(
                at: output.appendingPathComponent("old"), withIntermediateDirectories: true)
            try "old".write(to: output.appendingPathComponent("old/page.html"), atomically: true, encoding: .utf8)
            try "old index".write(to: output.appendingPathComponent("index.html"), atomically: true, encoding: .utf8)

            let staged = try StagedOutput(output: output)
            try staged.write("new index", to: "index.html")
            try staged.write("新しい", to: "cases/a/index.html")
            try staged.commit()

            #expect(try tree(output) == ["cases/a/index.html", "index.html"])
            #expect(try read(output.appendingPathComponent("index.html")) == "new index")
            #expect(try read(output.appendingPathComponent("cases/a/index.html")) == "新しい")
            #expect(try entries(parent) == ["site"])  // no staging or old tree left behind
        }
    }

    @Test("commit with no previous output moves the staging tree into place")
    func commitFirstBuild() throws {
        try withTemporaryFolder { parent in
            let output = parent.appendingPathComponent("public/site")
            let staged = try StagedOutput(output: output)
            try staged.write("first", to: "index.html")
            try staged.commit()
            #expect(try read(output.appendingPathComponent("index.html")) == "first")
            #expect(try entries(parent.appendingPathComponent("public")) == ["site"])
        }
    }

    @Test("discard leaves the old output untouched and removes the staging tree")
    func discardKeepsOutput() throws {
        try withTemporaryFolder { parent in
            let output = parent.appendingPathComponent("site")
            try FileManager.default.createDirectory(at: output, withIntermediateDirectories: true)
            try "old".write(to: output.appendingPathComponent("index.html"), atomically: true, encoding: .utf8)

            let staged = try StagedOutput(output: output)
            try staged.write("half-written", to: "index.html")
            try staged.write("half-written", to: "new.html")
            staged.discard()

            #expect(try tree(output) == ["index.html"])
            #expect(try read(output.appendingPathComponent("index.html")) == "old")
            #expect(try entries(parent) == ["site"])
        }
    }

    @Test("A StagedOutput dropped without commit discards its staging tree")
    func deinitDiscards() throws {
        try withTemporaryFolder { parent in
            let output = parent.appendingPathComponent("site")
            var staging: URL?
            do {
                let staged = try StagedOutput(output: output)
                try staged.write("x", to: "index.html")
                staging = staged.staging
            }
            #expect(staging != nil)
            #expect(try entries(parent) == [])
        }
    }

    @Test("A new StagedOutput removes the staging and old trees and the trees' record a killed build left")
    func removesLeftovers() throws {
        try withTemporaryFolder { parent in
            let fileManager = FileManager.default
            for leftover in [".site.staging-999999", ".site.staging-1", ".site.old-999999", ".other.staging-1", "keep"]
            {
                try fileManager.createDirectory(
                    at: parent.appendingPathComponent("\(leftover)/nested"), withIntermediateDirectories: true)
                try "x".write(
                    to: parent.appendingPathComponent("\(leftover)/nested/file"), atomically: true, encoding: .utf8)
            }
            // The trees' record a killed build was writing (`StagedTreeRecords.write(to:)`).
            for leftover in [".site.trees.999999.tmp", ".other.trees.1.tmp"] {
                try "tree".write(to: parent.appendingPathComponent(leftover), atomically: false, encoding: .utf8)
            }
            let staged = try StagedOutput(output: parent.appendingPathComponent("site"))
            let pid = ProcessInfo.processInfo.processIdentifier
            // Only this output's leftovers go; other outputs' and unrelated folders stay.
            #expect(
                try entries(parent) == [".other.staging-1", ".other.trees.1.tmp", ".site.staging-\(pid)", "keep"])
            #expect(try tree(staged.staging) == [])
            staged.discard()
        }
    }

    @Test("A second build of the same output is refused while the first is staging, not allowed to delete its work")
    func secondBuildIsRefusedWhileTheFirstRuns() throws {
        try withTemporaryFolder { parent in
            let output = parent.appendingPathComponent("site")
            let first = try StagedOutput(output: output)
            try first.write("first", to: "index.html")
            #expect(throws: StagedOutputError.self) { try StagedOutput(output: output) }
            #expect(FileManager.default.fileExists(atPath: first.staging.appendingPathComponent("index.html").path))
            try first.commit()
            let second = try StagedOutput(output: output)  // the lock is free again
            second.discard()
            #expect(try String(contentsOf: output.appendingPathComponent("index.html"), encoding: .utf8) == "first")
        }
    }

    @Test(
        "Paths that leave the staging tree are refused",
        arguments: ["../escape.html", "a/../../b", "./a", "a/./b", "..", "", "/"])
    func refusesEscapingPaths(path: String) throws {
        try withTemporaryFolder { parent in
            let staged = try StagedOutput(output: parent.appendingPathComponent("site"))
            defer { staged.discard() }
            #expect(throws: StagedOutputError.self) { try staged.write("x", to: path) }
            #expect(throws: StagedOutputError.self) { try staged.url(for: path) }
            #expect(try entries(parent) == [staged.staging.lastPathComponent])
        }
    }

    @Test("Leading and doubled slashes stay inside the staging tree")
    func normalisesSlashes() throws {
        try withTemporaryFolder { parent in
            let staged = try StagedOutput(output: parent.appendingPathComponent("site"))
            defer { staged.discard() }
            #expect(try staged.url(for: "/a//b.html") == staged.staging.appendingPathComponent("a/b.html"))
        }
    }

    /// Writes build the file's path as text; `url(for:)`, the URL way, is the oracle.
    @Test(
        "Each write lands where url(for:) says",
        arguments: [
            "index.html", "/a//b.html", "cases/見直し/index.html", "a b/%41.html", "dir/", "x/y/z/w.json", "..a/b..",
            "ｆｕｌｌ／width.html"
        ])
    func writesWhereURLSays(path: String) throws {
        try withTemporaryFolder { parent in
            let staged = try StagedOutput(output: parent.appendingPathComponent("site"))
            defer { staged.discard() }
            try staged.write(Array("見直し".utf8), to: path)
            #expect(try read(try staged.url(for: path)) == "見直し")
            #expect(try tree(staged.staging).count == 1)
        }
    }

    @Test("The refusal names the path")
    func errorDescription() {
        #expect(
            StagedOutputError.invalidPath("../x").description == "refusing to write outside the output folder: '../x'")
    }

    @Test("copyItem copies files and folders into the staging tree")
    func copyItem() throws {
        try withTemporaryFolder { parent in
            let source = parent.appendingPathComponent("static")
            try FileManager.default.createDirectory(
                at: source.appendingPathComponent("css"), withIntermediateDirectories: true)
            try "body{}".write(to: source.appendingPathComponent("css/site.css"), atomically: true, encoding: .utf8)

            let output = parent.appendingPathComponent("site")
            let staged = try StagedOutput(output: output)
            try staged.copyItem(at: source, to: "assets")
            try staged.copyItem(at: source.appendingPathComponent("css/site.css"), to: "top/site.css")
            try staged.commit()
            #expect(try tree(output) == ["assets/css/site.css", "top/site.css"])
            #expect(try read(output.appendingPathComponent("assets/css/site.css")) == "body{}")
        }
    }
}
