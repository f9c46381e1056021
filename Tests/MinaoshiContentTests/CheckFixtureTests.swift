import Foundation
import MinaoshiSupport
import MinaoshiTestSupport
import Testing

@testable import MinaoshiContent

/// `Tests/Fixtures/sites/check-errors` holds one broken file per check; every problem must be
/// reported at its exact position, in one run.
@Suite struct CheckFixtureTests {
    static let fixture = FixtureSite.packageRoot.appendingPathComponent("Tests/Fixtures/sites/check-errors")

    func load() -> LoadResult {
        CorpusLoader.load(
            root: Self.fixture, options: LoadOptions(today: CalendarDate(year: 2026, month: 11, day: 27)!))
    }

    @Test func reportsEveryProblemOfTheFixtureAtItsPosition() throws {
        let expected = try String(contentsOf: Self.fixture.appendingPathComponent("expected.txt"), encoding: .utf8)
            .split(separator: "\n").map(String.init)
        #expect(load().diagnostics.map(\.description) == expected)
    }

    /// Each check of the issue has its own line in the report.
    @Test(arguments: [
        ("missing required field", "content/regulations/missing-law.md:2:1: error: missing required field 'laws'"),
        (
            "wrong type",
            "content/regulations/wrong-type.md:6:13: error: 'categories' must be a list such as [a, b], found a mapping"
        ),
        (
            "unknown vocabulary id",
            "content/regulations/unknown-category.md:6:14: error: unknown category 'visual' in 'categories'; did you mean 'visual-inspection'?"
        ),
        ("id format", "content/regulations/bad-id.md:2:5: error: id 'Bad_ID' may only contain"),
        (
            "id uniqueness",
            "content/regulations/good-bridge.md:2:5: error: id 'good-bridge' is already used by content/regulations/duplicate-id.md"
        ),
        (
            "dangling reference",
            "content/cases/dangling.md:6:28: error: no regulation review with id 'good-brige'; did you mean 'good-bridge'?"
        ),
        ("broken link", "content/cases/broken-links.md:8:1: error: link to '../regulations/no-such.md'"),
        (
            "broken anchor",
            "content/cases/broken-links.md:10:1: error: no heading '#見直し前' in content/regulations/good-bridge.md; headings there are: #見直し後"
        ),
        (
            "duplicate title",
            "content/regulations/good-bridge.md:3:8: warning: title is the same as that of content/cases/duplicate-title.md"
        ),
        ("missing sources", "content/cases/duplicate-title.md:2:1: warning: no 'sources' given"),
        ("not a date", "content/cases/bad-date.md:5:7: error: 'date' is not a date: '令和6年2月1日'"),
        (
            "emphasis trap",
            "content/cases/broken-links.md:12:4: warning: this '**' (or '__') is shown as literal characters, not as bold; CommonMark does not open or close emphasis between punctuation such as 「」 and a letter; put the brackets outside (「**重要**」) or add a space"
        ),
        ("unknown field", "content/cases/dangling.md:8:1: error: unknown field 'outcome'; did you mean 'outcomes'?"),
        (
            "retired law key",
            "content/regulations/retired-law.md:4:1: error: 'law' is now 'laws: [id]'; see content/_data/laws.yml"
        ),
        (
            "unknown law id",
            "content/regulations/unknown-category.md:4:8: error: unknown law 'rivr-act' in 'laws'; did you mean 'river-act'?"
        )
    ])
    func eachCheckIsReported(_ check: String, _ line: String) {
        let lines = load().diagnostics.map(\.description)
        #expect(lines.contains { $0.hasPrefix(line) }, "\(check): \(line) not in \(lines)")
    }

    @Test func theGoodDocumentOfTheFixtureIsClean() {
        #expect(
            !load().diagnostics.contains {
                $0.location.file == "content/regulations/missing-law.md" && $0.severity == .warning
            })
        let good = load().diagnostics.filter { $0.location.file == "content/regulations/good-bridge.md" }
        #expect(good.map(\.severity) == [.error, .warning])  // the id another file took, the title a case shares
    }
}
