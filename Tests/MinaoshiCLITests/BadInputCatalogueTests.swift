import Foundation
import MinaoshiTestSupport
import Testing

/// `Tests/Fixtures/sites/bad-inputs/`: one bad input a file (README.md there lists them), and
/// the exact report `check` must give of them all in one run (`expected.txt`), in a process held
/// to 2 GiB of address space and killed if it runs past a generous time limit; `build` refuses
/// them and leaves the previous site as it was. The inputs git cannot hold or that are too big to
/// commit (a 50 MB file, cmark's pathological inputs, symbolic links, a named pipe) are made in the
/// copy by `GeneratedBadInputs`.
@Suite struct BadInputCatalogueTests {
    static let fixture = FixtureSite.packageRoot.appendingPathComponent("Tests/Fixtures/sites/bad-inputs")
    static let limit = 2 * 1024 * 1024
    /// Not a measure of speed: a hang (an input that makes a step go round for ever) ends here
    /// with SIGKILL instead of holding up the suite. A check of the whole catalogue takes seconds.
    static let hangLimit = ["/usr/bin/timeout", "-s", "KILL", "600"]

    static let content = fixture.appendingPathComponent("content")

    /// A project with the shipped templates and vocabularies and the catalogue's good regulation
    /// review, and a folder outside it for a link to point into.
    func project() throws -> (site: FixtureSite, outside: FixtureSite) {
        let site = try FixtureSite(files: [:])
        let outside = try FixtureSite(files: [:], copyTemplates: false, copyVocabularies: false)
        try FileManager.default.copyItem(
            at: Self.content.appendingPathComponent("regulations"), to: site.url("content/regulations"))
        return (site, outside)
    }

    @Test func checkReportsEveryBadInputExactlyAndBuildKeepsThePreviousSite() throws {
        let (site, outside) = try project()
        defer { site.remove(); outside.remove() }
        let first = try CommandRunner.run(["build", "--now", "2026-11-27"], in: site.root)
        #expect(first.status == 0, "\(first.stderr)")
        let previous = try site.tree("site")

        try FileManager.default.copyItem(
            at: Self.content.appendingPathComponent("cases"), to: site.url("content/cases"))
        try FileManager.default.copyItem(
            at: Self.fixture.appendingPathComponent("minaoshi.yml"), to: site.url("minaoshi.yml"))
        for partial in ["unclosed-section", "names-a-missing-partial"] {
            let name = "templates/partials/\(partial).mustache"
            try FileManager.default.copyItem(at: Self.fixture.appendingPathComponent(name), to: site.url(name))
        }
        let made = try GeneratedBadInputs.make(in: site.url("content/cases"), outside: outside.root)

        var expected = try String(contentsOf: Self.fixture.appendingPathComponent("expected.txt"), encoding: .utf8)
            .replacingOccurrences(of: "{outside}", with: made.outsideTarget)
        if let unreadable = made.unreadableLine {
            expected =
                (expected.split(separator: "\n").map(String.init) + [unreadable]).sorted().joined(separator: "\n")
                + "\n"
        }
        let errors = expected.split(separator: "\n").filter { $0.contains(": error: ") }.count
        let check = try CommandRunner.run(
            ["check", "--now", "2026-11-27"], in: site.root, virtualMemoryKiB: Self.limit, launcher: Self.hangLimit)
        #expect(check.status == 1)
        #expect(check.stderr == expected + "\(errors) errors, 0 warnings\n")

        let build = try CommandRunner.run(
            ["build", "--now", "2026-11-27"], in: site.root, virtualMemoryKiB: Self.limit, launcher: Self.hangLimit)
        #expect(build.status == 1)
        #expect(build.stderr.hasSuffix("Build failed; site was not changed.\n"), "\(build.stderr)")
        #expect(try site.tree("site") == previous)
        // No staging folder left (a standby and the trees' record may be: `StagedOutput`).
        #expect(site.list("").filter { $0.hasPrefix(".site.staging-") || $0.hasPrefix(".site.old-") } == [])
    }

    /// The inputs that are accepted build a site when the broken ones are gone: the big and
    /// pathological Markdown renders (in bounded memory and time), the future-dated case is left
    /// out until `--future`, and a number as a title is the text as written.
    @Test func theAcceptedInputsBuildInBoundedMemory() throws {
        let (site, outside) = try project()
        defer { site.remove(); outside.remove() }
        try FileManager.default.createDirectory(at: site.url("content/cases"), withIntermediateDirectories: true)
        let accepted = [
            "only-front-matter", "bom", "crlf", "mixed-newlines", "title-is-a-number", "future-date", "事例 テスト"
        ]
        for name in accepted {
            try FileManager.default.copyItem(
                at: Self.content.appendingPathComponent("cases/\(name).md"), to: site.url("content/cases/\(name).md"))
        }
        _ = try GeneratedBadInputs.make(in: site.url("content/cases"), outside: outside.root, acceptedOnly: true)
        let build = try CommandRunner.run(
            ["build", "--now", "2026-11-27"], in: site.root, virtualMemoryKiB: Self.limit, launcher: Self.hangLimit)
        #expect(build.status == 0, "\(build.stderr)")
        for page in ["only-front-matter", "bom", "crlf", "mixed-newlines", "title-is-a-number", "japanese-file-name"]
            + GeneratedBadInputs.acceptedNames
        {
            #expect(site.exists("site/cases/\(page)/index.html"), "\(page)")
        }
        #expect(!site.exists("site/cases/future-date/index.html"))
        #expect(try site.read("site/cases/title-is-a-number/index.html").contains("<h1>2024.10</h1>"))
        let headings = try site.read("site/cases/ten-thousand-headings/index.html")
        #expect(headings.contains("見出し9999"))
        let quotes = try site.read("site/cases/nested-block-quotes/index.html")
        #expect(quotes.components(separatedBy: "<blockquote>").count - 1 == 10_000)

        let future = try CommandRunner.run(
            ["build", "--now", "2026-11-27", "--future"], in: site.root, virtualMemoryKiB: Self.limit,
            launcher: Self.hangLimit)
        #expect(future.status == 0, "\(future.stderr)")
        #expect(site.exists("site/cases/future-date/index.html"))
    }

    /// A CSV import with a broken row of each kind (`Tests/Fixtures/import/regulations-bad.csv`):
    /// every row's problem at its cell, in one run, exactly as `expected-import.txt` says, and the
    /// good row written. (Formulas in cells are imported as text and reach the open data's CSV only
    /// neutralised: `ImportCommandTests.formulasInImportedCellsReachTheOpenDataCSVOnlyNeutralised`.)
    @Test func aCSVImportReportsEveryBrokenRowExactly() throws {
        let site = try FixtureSite(files: [:], copyTemplates: false)
        defer { site.remove() }
        try FileManager.default.copyItem(
            at: FixtureSite.packageRoot.appendingPathComponent("Tests/Fixtures/import/regulations-bad.csv"),
            to: site.url("list.csv"))
        let result = try CommandRunner.run(
            ["import", "regulations", "list.csv"], in: site.root, virtualMemoryKiB: Self.limit, launcher: Self.hangLimit
        )
        #expect(result.status == 1)
        #expect(
            result.stderr
                == (try String(contentsOf: Self.fixture.appendingPathComponent("expected-import.txt"), encoding: .utf8))
        )
        #expect(
            result.stdout
                == "wrote content/regulations/construction-engineer-dedication.md\nImported 1 regulation review; 7 rows with errors left out\n"
        )
        #expect(site.list("content/regulations") == ["construction-engineer-dedication.md"])
    }
}

/// The bad inputs made at test time: too big to commit, or what git does not hold.
enum GeneratedBadInputs {
    /// Cases that must build, by id: big and pathological Markdown.
    static let acceptedNames = [
        "fifty-megabytes", "ten-thousand-headings", "one-megabyte-line", "deep-brackets",
        "nested-emphasis", "nested-block-quotes"
    ]

    struct Made {
        /// Where `symlink-out-of-root.md` leads, resolved (`{outside}` in `expected.txt`).
        var outsideTarget: String
        /// The diagnostic for a file without read permission, when the tests do not run as root
        /// (root reads it all the same; the named pipe stands for an unreadable file then).
        var unreadableLine: String?
    }

    static func frontMatter(_ id: String) -> String {
        """
        ---
        id: \(id)
        title: 事例 \(id)
        prefectures: [fukushima]
        categories: [visual-inspection]
        technologies: [drones]
        date: 2024-01-01
        sources: [{title: 出典, url: "https://example.go.jp/\(id)"}]
        ---

        """
    }

    static func make(in cases: URL, outside: URL, acceptedOnly: Bool = false) throws -> Made {
        func write(_ id: String, _ body: String) throws {
            try Data((frontMatter(id) + body).utf8).write(to: cases.appendingPathComponent("\(id).md"))
        }
        let paragraph = "アナログ規制の見直しに関する本文の段落です。目視による点検をドローンに置き換えた。\n\n"
        try write("fifty-megabytes", String(repeating: paragraph, count: 50 * 1024 * 1024 / paragraph.utf8.count + 1))
        try write("ten-thousand-headings", (0..<10_000).map { "## 見出し\($0)\n\n本文。\n\n" }.joined())
        try write("one-megabyte-line", String(repeating: "見直し", count: 1024 * 1024 / 9 + 1) + "\n")
        // cmark's own pathological inputs (its test/pathological_tests.py), at 50,000.
        try write(
            "deep-brackets", String(repeating: "[", count: 50_000) + "a" + String(repeating: "]", count: 50_000) + "\n")
        try write(
            "nested-emphasis",
            String(repeating: "*a **a ", count: 50_000) + "b" + String(repeating: " a** a*", count: 50_000) + "\n")
        try write("nested-block-quotes", String(repeating: ">", count: 10_000) + " a\n")
        let target = outside.appendingPathComponent("outside.md")
        try Data((frontMatter("symlink-out-of-root") + "外の本文。\n").utf8).write(to: target)
        let resolved = target.resolvingSymlinksInPath().path
        guard !acceptedOnly else { return Made(outsideTarget: resolved) }

        let links = FileManager.default
        try links.createSymbolicLink(
            atPath: cases.appendingPathComponent("symlink-loop.md").path, withDestinationPath: "symlink-loop.md")
        try links.createSymbolicLink(
            atPath: cases.appendingPathComponent("symlink-out-of-root.md").path, withDestinationPath: target.path)
        // A link to a folder above it: not followed, so the walk cannot go round.
        try links.createSymbolicLink(
            atPath: cases.appendingPathComponent("folder-loop").path, withDestinationPath: "..")
        guard mkfifo(cases.appendingPathComponent("named-pipe.md").path, 0o644) == 0 else {
            throw CocoaError(.fileWriteUnknown)
        }
        var unreadable: String?
        if getuid() != 0 {
            try write("unreadable", "本文。\n")
            try links.setAttributes(
                [.posixPermissions: 0], ofItemAtPath: cases.appendingPathComponent("unreadable.md").path)
            unreadable =
                "content/cases/unreadable.md:1:1: error: cannot read file: permission denied; "
                + "make the file readable by the user who runs minaoshi, e.g. chmod a+r FILE"
        }
        return Made(outsideTarget: resolved, unreadableLine: unreadable)
    }
}
