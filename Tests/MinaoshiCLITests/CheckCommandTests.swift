import Foundation
import MinaoshiTestSupport
import Testing

@Suite struct CheckCommandTests {
    /// The fixture's content with the real templates, so the report is about content only.
    func fixtureProject() throws -> FixtureSite {
        let site = try FixtureSite(files: [:], copyVocabularies: false)
        try FileManager.default.copyItem(
            at: FixtureSite.packageRoot.appendingPathComponent("Tests/Fixtures/sites/check-errors/content"),
            to: site.url("content"))
        return site
    }

    @Test func printsEveryProblemAndExitsOne() throws {
        let site = try fixtureProject()
        defer { site.remove() }
        let result = try CommandRunner.run(["check", "--now", "2026-11-27"], in: site.root)
        let expected = try String(
            contentsOf: FixtureSite.packageRoot.appendingPathComponent(
                "Tests/Fixtures/sites/check-errors/expected.txt"), encoding: .utf8)
        #expect(result.status == 1)
        #expect(result.stdout == "")
        #expect(result.stderr == expected + "17 errors, 4 warnings\n")
    }

    @Test func jsonFormatGivesEveryDiagnosticWithItsPosition() throws {
        let site = try fixtureProject()
        defer { site.remove() }
        let result = try CommandRunner.run(["check", "--format", "json", "--now", "2026-11-27"], in: site.root)
        #expect(result.status == 1)
        let report = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        #expect(report["errors"] as? Int == 17)
        #expect(report["warnings"] as? Int == 4)
        let diagnostics = try #require(report["diagnostics"] as? [[String: Any]])
        let first = try #require(diagnostics.first)
        #expect(first["severity"] as? String == "error")
        #expect(first["message"] as? String == "'date' is not a date: '令和6年2月1日'")
        let location = try #require(first["location"] as? [String: Any])
        #expect(location["file"] as? String == "content/cases/bad-date.md")
        #expect(location["line"] as? Int == 5)
        #expect(location["column"] as? Int == 7)
    }

    /// Nine levels of nine aliases (387 million words in 400 bytes), in a front matter and in a
    /// vocabulary file: refused with a positioned error in a process held to 2 GiB of address
    /// space, where the expansion would die (as it took 24 GiB before it was bounded).
    @Test func anAliasBombIsRefusedInBoundedMemoryByCheckAndBuild() throws {
        let limit = 2 * 1024 * 1024
        let bomb =
            "content/cases/bomb.md:9:5: error: invalid YAML: its aliases (*name) repeat anchored values (&name) into more than 100000 values; write the values out, or repeat fewer of them\n"
        let site = try FixtureSite(files: [
            "content/cases/bomb.md": "---\nid: bomb\ntitle: 爆弾\n" + HostileYAML.aliasBomb() + "---\n本文\n"
        ])
        defer { site.remove() }
        let check = try CommandRunner.run(["check"], in: site.root, virtualMemoryKiB: limit)
        #expect(check.status == 1)
        #expect(check.stderr.hasPrefix(bomb), "\(check.stderr)")
        let build = try CommandRunner.run(["build"], in: site.root, virtualMemoryKiB: limit)
        #expect(build.status == 1)
        #expect(build.stderr.hasPrefix(bomb), "\(build.stderr)")
        #expect(!site.exists("site"))

        let vocabulary = try FixtureSite(files: ["content/_data/technologies.yml": HostileYAML.aliasBomb(prefix: "- ")])
        defer { vocabulary.remove() }
        let vocabularyCheck = try CommandRunner.run(["check"], in: vocabulary.root, virtualMemoryKiB: limit)
        #expect(vocabularyCheck.status == 1)
        #expect(
            vocabularyCheck.stderr.contains(
                "content/_data/technologies.yml:6:3: error: invalid YAML: its aliases (*name) repeat anchored values (&name) into more than 100000 values"
            ),
            "\(vocabularyCheck.stderr)")
    }

    @Test func theShippedContentHasNoErrors() throws {
        let site = try FixtureSite.shippedProject()
        defer { site.remove() }
        let result = try CommandRunner.run(["check"], in: site.root)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(!result.stderr.contains("error:"), "\(result.stderr)")
        #expect(result.stdout.wholeMatch(of: /Checked \d+ documents: no errors\n/) != nil, "\(result.stdout)")
    }
}
