import Foundation
import MinaoshiSupport
import MinaoshiTestSupport
import Testing

@testable import MinaoshiContent

/// `content/_data/accessibility-report.json`: read when present, refused with a clear error when it
/// is not the browser test's summary.
@Suite struct AccessibilityReportTests {
    func load(_ text: String?) throws -> (AccessibilityReport?, [String]) {
        let site = try FixtureSite(
            files: text.map { ["content/_data/accessibility-report.json": $0] } ?? [:],
            copyTemplates: false, copyVocabularies: false)
        defer { site.remove() }
        let (report, problems) = AccessibilityReport.load(root: site.root)
        return (report, problems.map(\.description))
    }

    @Test func theSummaryIsRead() throws {
        let (report, problems) = try load(
            """
            {"date": "2026-12-05", "axe": "4.12.1", "tags": ["wcag2a"],
             "checks": [{"page": "ホーム", "path": "/", "width": 1280, "violations": 0}, {"page": "ホーム", "path": "/", "width": 375, "violations": 2}]}
            """)
        #expect(problems == [])
        #expect(report?.checks.count == 2)
        #expect(report?.violations == 2)
    }

    @Test func noFileIsNoResult() throws {
        let (report, problems) = try load(nil)
        #expect(report == nil)
        #expect(problems == [])
    }

    @Test func aFileThatIsNotTheSummaryIsAnError() throws {
        let (report, problems) = try load(#"{"date": "5 December", "axe": "4", "tags": [], "checks": []}"#)
        #expect(report == nil)
        #expect(
            problems == [
                "content/_data/accessibility-report.json:1:1: error: 'date' is not a date: '5 December'; write it as YYYY-MM-DD; the file is written by Tests/browser/test_accessibility.py"
            ])
        let (_, broken) = try load("[]")
        #expect(broken.count == 1)
        #expect(broken[0].hasPrefix("content/_data/accessibility-report.json:1:1: error: not an accessibility report:"))
    }
}
