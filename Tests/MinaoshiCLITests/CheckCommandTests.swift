import Foundation
import MinaoshiTestSupport
import Testing

@Suite struct CheckCommandTests {
    /// The fixture's content with the real templates, so the report is about content only.
    func fixtureProject() throws -> FixtureSite {
        let site = try FixtureSite(files: [:], copyVocabularies: false)
        try FileManager.default.copyItem(at: FixtureSite.packageRoot.appendingPathComponent("Tests/Fixtures/sites/check-errors/content"),
                                         to: site.url("content"))
        return site
    }

    @Test func printsEveryProblemAndExitsOne() throws {
        let site = try fixtureProject()
        defer { site.remove() }
        let result = try CommandRunner.run(["check", "--now", "2026-11-27"], in: site.root)
        let expected = try String(contentsOf: FixtureSite.packageRoot.appendingPathComponent("Tests/Fixtures/sites/check-errors/expected.txt"), encoding: .utf8)
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

    @Test func theShippedContentHasNoErrors() throws {
        let site = try FixtureSite.shippedProject()
        defer { site.remove() }
        let result = try CommandRunner.run(["check"], in: site.root)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(!result.stderr.contains("error:"), "\(result.stderr)")
        #expect(result.stdout.wholeMatch(of: /Checked \d+ documents: no errors\n/) != nil, "\(result.stdout)")
    }
}
