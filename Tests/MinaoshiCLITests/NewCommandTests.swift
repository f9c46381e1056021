import Foundation
import MinaoshiTestSupport
import Testing

/// Runs `minaoshi new` as a user would.
@Suite struct NewCommandTests {
    private func project() throws -> FixtureSite {
        let site = try FixtureSite(files: ["minaoshi.yml": "title: 見直しテスト\n"])
        if !site.exists("content/_data") {
            try FileManager.default.createDirectory(at: site.url("content"), withIntermediateDirectories: true)
            try FileManager.default.copyItem(
                at: FixtureSite.packageRoot.appendingPathComponent("content/_data"), to: site.url("content/_data"))
        }
        return site
    }

    @Test func newPrintsThePathItWroteAndNeverReusesOne() throws {
        let site = try project()
        defer { site.remove() }
        let arguments = ["new", "regulation", "--title", "道路橋の定期点検の見直し", "--date", "2026-11-27"]
        let first = try CommandRunner.run(arguments, in: site.root)
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stdout == "content/regulations/regulation-2026-11-27.md\n")
        #expect(first.stderr == "")
        let second = try CommandRunner.run(arguments, in: site.root)
        #expect(second.stdout == "content/regulations/regulation-2026-11-27-2.md\n")
        #expect(try site.read("content/regulations/regulation-2026-11-27.md").contains("title: \"道路橋の定期点検の見直し\""))

        // The placeholders are what `check` asks to be filled in.
        let check = try CommandRunner.run(["check"], in: site.root)
        #expect(check.status == 1)
        #expect(
            check.stderr.contains(
                "content/regulations/regulation-2026-11-27.md:4:7: error: 'laws' needs at least one law\n"),
            "\(check.stderr)")
    }

    @Test func aFullyGivenRegulationPassesCheck() throws {
        let site = try project()
        defer { site.remove() }
        let result = try CommandRunner.run(
            [
                "new", "regulation", "--title", "下水道の点検をドローンで", "--id", "sewer-inspection", "--date", "2025-03-18",
                "--law", "sewerage-act", "--article", "7条の3", "--ministry", "mlit", "--category", "periodic-inspection",
                "--status", "reviewed", "--before", "作業員が管内に入って点検していました。", "--after", "ドローンやTVカメラによる調査も認められました。",
                "--technology", "drones", "--technology", "cameras", "--source",
                "https://rabbit15168.com/sewerage_inspection-2-5332",
                "--root", site.root.path
            ], in: FileManager.default.temporaryDirectory)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout == "\(site.root.path)/content/regulations/sewer-inspection.md\n")
        let check = try CommandRunner.run(["check"], in: site.root)
        #expect(check.status == 0, "\(check.stderr)")
        #expect(check.stdout == "Checked 1 documents: no errors\n")
    }

    @Test func anUnknownMinistryIsRejectedAndNothingIsWritten() throws {
        let site = try project()
        defer { site.remove() }
        let result = try CommandRunner.run(
            ["new", "case", "--title", "Drone Check", "--ministry", "mlitt"], in: site.root)
        #expect(result.status == 1)
        #expect(result.stdout == "")
        #expect(
            result.stderr
                == "content/_data/ministries.yml:1:1: error: unknown ministry 'mlitt' in '--ministry'; did you mean 'mlit'?\n1 error, 0 warnings\n"
        )
        #expect(!site.exists("content/cases"))
    }

    @Test(arguments: [
        (["new", "case", "--title", "x", "--law", "road-act"], "--law does not apply to a case"),
        (
            ["new", "regulation", "--title", "x", "--id", "Bad_ID"],
            "--id 'Bad_ID' may only contain lower-case letters a-z, digits and single '-'"
        ),
        (
            ["new", "regulation", "--title", "x", "--date", "2026/11/27"],
            "--date must be a date written YYYY-MM-DD, got '2026/11/27'"
        ),
        (["new", "page", "--title", "x"], "page")
    ])
    func malformedArgumentsAreUsageErrors(arguments: [String], message: String) throws {
        let site = try project()
        defer { site.remove() }
        let result = try CommandRunner.run(arguments, in: site.root)
        #expect(result.status == 64)
        #expect(result.stderr.contains(message), "\(result.stderr)")
        #expect(site.list("content") == ["_data"])
    }
}
