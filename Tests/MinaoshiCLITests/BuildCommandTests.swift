import Foundation
import MinaoshiTestSupport
import Testing

/// Runs the real `minaoshi` binary, as a user would.
@Suite struct BuildCommandTests {
    static let files: [String: String] = [
        "minaoshi.yml": "title: 見直しテスト\n",
        "content/cases/a.md": caseText(id: "a", title: "事例A", body: "## 概要\n\n本文。"),
        "content/regulations/b.md": regulationText(id: "b", title: "規制B", body: "[事例](../cases/a.md#概要)")
    ]

    @Test func buildPrintsOneSummaryLineAndWritesTheSite() throws {
        let site = try FixtureSite(files: Self.files)
        defer { site.remove() }
        let result = try CommandRunner.run(["build", "--now", "2026-11-27"], in: site.root)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr == "")
        #expect(result.stdout.wholeMatch(of: /Built 23 pages in \d+\.\d\d s\n/) != nil, "\(result.stdout)")
        #expect(site.exists("site/cases/a/index.html"))
        #expect(site.exists("site/regulations/b/index.html"))
    }

    @Test func verbosePrintsTheTimeOfEachStep() throws {
        let site = try FixtureSite(files: Self.files)
        defer { site.remove() }
        let result = try CommandRunner.run(
            ["build", "--verbose", "--root", site.root.path, "--output", site.url("out").path],
            in: FileManager.default.temporaryDirectory)
        #expect(result.status == 0, "\(result.stderr)")
        // Not a terminal: one plain line per step on stderr,
        // `[i/n] name [done / total]  seconds (CPU seconds, peak memory MiB)`.
        let line =
            /^\[\d+\/11\] ([a-z ]+?)(?: [\d,]+ \/ [\d,]+)?  (\d+\.\d{3}) s \(CPU (\d+\.\d{3}) s, peak memory (\d+) MiB\)$/
        let lines = result.stderr.split(separator: "\n")
        let steps = lines.map { String($0.wholeMatch(of: line)?.output.1 ?? "unexpected: \($0)") }
        // The process had some memory by the end of loading, and the high-water mark never falls.
        let peaks = lines.compactMap { $0.wholeMatch(of: line).map { Int($0.output.4)! } }
        #expect(peaks.count == 11 && peaks.last! > 0 && peaks == peaks.sorted(), "\(peaks)")
        #expect(
            steps == [
                "output folder", "configure", "load content", "relate", "load templates", "plan pages", "render pages",
                "search index", "open data", "site files", "publish"
            ], "\(result.stderr)")
        #expect(result.stderr.contains("[3/11] load content 2 / 2 "), "\(result.stderr)")
        #expect(result.stdout.hasPrefix("Built "), "\(result.stdout)")
        #expect(site.exists("out/index.html"))
    }

    /// On a terminal (util-linux `script` gives the build a pseudo-terminal) one progress line is
    /// rewritten in place with counts, and cleared before the summary.
    @Test func aTerminalSeesOneLiveProgressLine() throws {
        let site = try FixtureSite(files: Self.files)
        defer { site.remove() }
        let command = [
            CommandRunner.minaoshiExecutable.path, "build", "--root", site.root.path, "--output", site.url("out").path
        ]
        .map { "'\($0)'" }.joined(separator: " ")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/script")
        process.arguments = ["-qec", command, "/dev/null"]
        let out = Pipe()
        process.standardOutput = out
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let text = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "\(text)")
        func has(_ pattern: String) throws -> Bool { text.contains(try Regex(pattern)) }
        #expect(try has(#"\r\x{1B}\[K\[\d+/\d+\] load content 2 / 2"#), "\(text.debugDescription)")
        #expect(try has(#"\r\x{1B}\[K\[\d+/\d+\] render pages \d+ / \d+"#), "\(text.debugDescription)")
        let last = try #require(
            text.firstMatch(of: try Regex(#"\[(\d+)/(\d+)\] publish\r\x{1B}\[KBuilt "#)),
            "the last step's line is cleared before the summary: \(text.debugDescription)")
        #expect(last.output[1].substring == last.output[2].substring, "publish is the last step")
        // Counts only go up: reports leave the counter in order.
        let counts = text.matches(of: /render pages (\d+) \//).map { Int($0.output.1)! }
        #expect(counts == counts.sorted(), "\(counts)")
        #expect(!text.contains("  0.0"), "no per-step times without --verbose: \(text.debugDescription)")
    }

    @Test func badContentExitsNonZeroAndReportsEveryFileWithPositions() throws {
        let site = try FixtureSite(files: Self.files)
        defer { site.remove() }
        _ = try CommandRunner.run(["build"], in: site.root)
        let before = try site.tree("site")
        try site.write("content/cases/a.md", caseText(id: "a", title: "事例A", date: "2024-02-30", body: "## 概要\n"))
        try site.write("content/cases/c.md", "---\nid: c\ntitle: \"閉じない\n---\n")
        let result = try CommandRunner.run(["build"], in: site.root)
        #expect(result.status == 1)
        #expect(result.stdout == "")
        let lines = result.stderr.split(separator: "\n").map(String.init)
        #expect(lines.count == 4, "\(result.stderr)")
        #expect(
            lines[0]
                == "content/cases/a.md:8:7: error: 'date' is not a date: '2024-02-30'; write it as YYYY-MM-DD, e.g. 2024-06-28"
        )
        #expect(lines[1].hasPrefix("content/cases/c.md:3:13: error: invalid YAML:"), "\(lines[1])")
        #expect(lines[2] == "2 errors, 0 warnings")
        #expect(lines[3] == "Build failed; site was not changed.")
        #expect(try site.tree("site") == before)
    }

    @Test func refusesToWriteOverTheContentFolder() throws {
        let site = try FixtureSite(files: Self.files)
        defer { site.remove() }
        let result = try CommandRunner.run(["build", "--output", "content"], in: site.root)
        #expect(result.status == 1)
        #expect(result.stderr.contains("error: refusing to use this folder as the output"))
        #expect(site.exists("content/cases/a.md"))
    }

    @Test func rejectsAnInvalidNowDate() throws {
        let site = try FixtureSite(files: Self.files)
        defer { site.remove() }
        let result = try CommandRunner.run(["build", "--now", "27/11/2026"], in: site.root)
        #expect(result.status == 64)
        #expect(result.stderr.contains("--now must be a date written YYYY-MM-DD, got '27/11/2026'"))
    }

    @Test func helpListsTheSubcommands() throws {
        let result = try CommandRunner.run(["--help"], in: FileManager.default.temporaryDirectory)
        #expect(result.status == 0)
        #expect(result.stdout.contains("build"))
        #expect(result.stdout.contains("check"))
    }
}
