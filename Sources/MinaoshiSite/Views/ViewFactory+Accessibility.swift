import MinaoshiContent
import MinaoshiSupport
import MinaoshiTemplate

/// The latest automated accessibility result, shown on the accessibility page
/// (`content/pages/accessibility.md`) when `content/_data/accessibility-report.json` is present.
struct AccessibilityResultView {
    struct Row {
        var page: String
        /// The page's path in the test's site (whose lists hold ten documents a page), shown as text.
        var path: String
        var width: Int
        var violations: Int
    }

    var date: DateView
    var axe: String
    var tags: String
    var checkCount: Int
    var violations: Int
    var rows: [Row]
}

extension ViewFactory {
    /// The page that states the site's accessibility target shows the result.
    static let accessibilityPageID = "\(DocumentKind.pageSection)/accessibility"

    func accessibilityResult(for document: Document) -> AccessibilityResultView? {
        guard document.id == Self.accessibilityPageID, let report = corpus.accessibilityReport,
            let day = CalendarDate(iso8601: report.date)
        else { return nil }
        return AccessibilityResultView(
            date: dateView(day), axe: report.axe, tags: report.tags.joined(separator: ", "),
            checkCount: report.checks.count, violations: report.violations,
            rows: report.checks.map { .init(page: $0.page, path: $0.path, width: $0.width, violations: $0.violations) })
    }
}

extension AccessibilityResultView: TemplateContext {
    func templateValue(named name: String) -> TemplateValue? {
        switch name {
        case "date": TemplateValue(date)
        case "axe": TemplateValue(axe)
        case "tags": TemplateValue(tags)
        case "checkCount": TemplateValue(checkCount)
        case "violations": TemplateValue(violations)
        case "rows": TemplateValue(rows)
        default: nil
        }
    }
}

extension AccessibilityResultView.Row: TemplateContext {
    func templateValue(named name: String) -> TemplateValue? {
        switch name {
        case "page": TemplateValue(page)
        case "path": TemplateValue(path)
        case "width": TemplateValue(width)
        case "violations": TemplateValue(violations)
        default: nil
        }
    }
}
