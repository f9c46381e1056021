import Foundation
import MinaoshiTestSupport
import Testing

/// `Tests/Fixtures/sites/bad-inputs/`: one bad input a file (README.md there lists them), and
/// the exact report `check` must give of them all in one run (`expected.txt`), in a process held
/// to 2 GiB of address space; `build` refuses them and leaves the previous site as it was.
@Suite struct BadInputCatalogueTests {
    static let fixture = FixtureSite.packageRoot.appendingPathComponent("Tests/Fixtures/sites/bad-inputs")
    static let limit = 2 * 1024 * 1024

    @Test func checkReportsEveryBadInputExactlyAndBuildKeepsThePreviousSite() throws {
        let site = try FixtureSite(files: [:])
        defer { site.remove() }
        let content = Self.fixture.appendingPathComponent("content")
        try FileManager.default.copyItem(at: content.appendingPathComponent("regulations"), to: site.url("content/regulations"))
        let first = try CommandRunner.run(["build", "--now", "2026-11-27"], in: site.root)
        #expect(first.status == 0, "\(first.stderr)")
        let previous = try site.tree("site")

        try FileManager.default.copyItem(at: content.appendingPathComponent("cases"), to: site.url("content/cases"))
        let expected = try String(contentsOf: Self.fixture.appendingPathComponent("expected.txt"), encoding: .utf8)
        let errors = expected.split(separator: "\n").filter { $0.contains(": error: ") }.count
        let check = try CommandRunner.run(["check", "--now", "2026-11-27"], in: site.root, virtualMemoryKiB: Self.limit)
        #expect(check.status == 1)
        #expect(check.stderr == expected + "\(errors) errors, 0 warnings\n")

        let build = try CommandRunner.run(["build", "--now", "2026-11-27"], in: site.root, virtualMemoryKiB: Self.limit)
        #expect(build.status == 1)
        #expect(build.stderr.hasSuffix("Build failed; site was not changed.\n"), "\(build.stderr)")
        #expect(try site.tree("site") == previous)
        #expect(site.list("").filter { $0.hasPrefix(".site.") && $0 != ".site.lock" } == [])
    }
}
