import Foundation
import MinaoshiContent
import MinaoshiTestSupport
import Testing

@testable import MinaoshiServe

/// The editor's form labels its fields in the words of ``FieldWording``, the one home of a
/// field's labels: what the page shows is read back from its HTML and held to the wording.
@Suite struct EditorPageTests {
    /// Every field the form shows, by key, with the label of its input or group as the page shows
    /// it, without the marks the page adds (（必須）, （1つ以上）, （任意）).
    private func shownLabels(_ html: String) -> [String: String] {
        var shown: [String: String] = [:]
        let field = /id="field-([a-z]+)"[^>]*>\n(?:<label for="in-[a-z]+">|<legend>)([^<]*)<\//
        for match in html.matches(of: field) where match.1 != DocumentForm.bodyName {
            var label = String(match.2)
            for mark in ["（必須）", "（1つ以上）", "（任意）"] where label.hasSuffix(mark) {
                label.removeLast(mark.count)
            }
            shown[String(match.1)] = label
        }
        // A box to tick has its label after it, with a note on what ticking does.
        let flag =
            /id="field-([a-z]+)">\n<input type="hidden"[^\n]*\n<input type="checkbox"[^\n]*\n<label for="in-[a-z]+">([^<（]*)（/
        for match in html.matches(of: flag) { shown[String(match.1)] = String(match.2) }
        return shown
    }

    @Test(arguments: AuthoringKind.allCases)
    func theFormShowsExactlyTheWordingsFormLabels(_ kind: AuthoringKind) {
        let (vocabularies, _) = Vocabularies.load(root: FixtureSite.packageRoot)
        let page = EditorPage(
            kind: kind, values: FormValues(), vocabularies: vocabularies,
            titles: [DocumentKind.regulationSection: ["a": "規制"]], token: "t",
            editing: nil)
        let wording = DocumentKind.commonWording + DocumentKind.declared(kind).map(\.wording)
        var expected: [String: String] = [:]
        for field in DocumentForm.fields(for: kind) {
            expected[field.key] = wording.first { $0.key == field.key }?.formLabel
        }
        #expect(shownLabels(page.html) == expected)
    }

    /// The form's labels are the wording's even where the page's fact label differs.
    @Test func aCaseAsksForOrganizationsByTheFormLabel() {
        let (vocabularies, _) = Vocabularies.load(root: FixtureSite.packageRoot)
        let html = EditorPage(
            kind: .caseStudy, values: FormValues(), vocabularies: vocabularies, titles: [:], token: "t",
            editing: nil
        ).html
        #expect(shownLabels(html)["organizations"] == "団体・企業")
        #expect(!html.contains("実施主体"))
    }
}
