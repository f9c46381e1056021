import Foundation
import MinaoshiSupport

/// The latest automated accessibility result (`content/_data/accessibility-report.json`), as the
/// browser test writes it (Tests/browser/test_accessibility.py): axe-core's version, the rules'
/// tags, and for one page of every page kind at each width the number of violations. The
/// accessibility page shows it; no file means no result to show.
public struct AccessibilityReport: Sendable, Decodable {
    public struct Check: Sendable, Decodable {
        public var page: String
        public var path: String
        public var width: Int
        public var violations: Int
    }

    /// The day of the run, `YYYY-MM-DD`.
    public var date: String
    public var axe: String
    public var tags: [String]
    public var checks: [Check]

    public static let fileName = "accessibility-report.json"

    public var violations: Int { checks.reduce(0) { $0 + $1.violations } }

    /// Reads the report; a file that is not one is an error at its path, and the site shows no result.
    public static func load(root: URL) -> (AccessibilityReport?, [Diagnostic]) {
        let displayPath = "\(Vocabularies.folder)/\(fileName)"
        let url = root.appendingPathComponent(displayPath)
        guard let data = FileManager.default.contents(atPath: url.path) else { return (nil, []) }
        do {
            let report = try JSONDecoder().decode(AccessibilityReport.self, from: data)
            guard CalendarDate(iso8601: report.date) != nil else {
                return (
                    nil,
                    [
                        .error(
                            at: SourceLocation(file: displayPath), "'date' is not a date: '\(report.date)'",
                            hint: "write it as YYYY-MM-DD; the file is written by Tests/browser/test_accessibility.py")
                    ]
                )
            }
            return (report, [])
        } catch {
            return (
                nil,
                [
                    .error(
                        at: SourceLocation(file: displayPath), "not an accessibility report: \(error)",
                        hint: "copy the accessibility-report.json that Tests/browser/test_accessibility.py writes")
                ]
            )
        }
    }
}
