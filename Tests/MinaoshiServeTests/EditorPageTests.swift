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

    /// An error and a warning are shown in their own slots: only the error marks its field
    /// invalid (a warning does not stop the save), and every id an input is described by is on
    /// the page, so a screen reader reads both.
    @Test func errorsAndWarningsAreShownApartAndOnlyErrorsMarkAFieldInvalid() throws {
        let (vocabularies, _) = Vocabularies.load(root: FixtureSite.packageRoot)
        let problems = FieldProblems(
            errors: ["date": ["「日付」が日付ではありません。"]],
            warnings: ["title": ["「タイトル」が content/cases/a.md と同じです。"], "date": ["<注意>"]])
        let html = EditorPage(
            kind: .caseStudy, values: FormValues(), vocabularies: vocabularies, titles: [:], token: "t",
            editing: nil, problems: problems
        ).html
        #expect(html.contains(#"<p class="error" id="err-date" data-error-for="date">「日付」が日付ではありません。</p>"#))
        #expect(html.contains(#"<p class="warning" id="warn-date" data-warning-for="date">&lt;注意&gt;</p>"#))
        #expect(html.contains(#"<p class="error" id="err-title" data-error-for="title"></p>"#))
        #expect(
            html.contains(
                #"<p class="warning" id="warn-title" data-warning-for="title">「タイトル」が content/cases/a.md と同じです。</p>"#))
        let invalid = html.matches(of: /id="in-([a-z]+)"[^>]*aria-invalid="true"/).map { String($0.1) }
        #expect(invalid == ["date"], "\(invalid)")
        let ids = Set(html.matches(of: /\sid="([^"]+)"/).map { String($0.1) })
        let described = html.matches(of: /aria-describedby="([^"]+)"/).flatMap {
            $0.1.split(separator: " ").map(String.init)
        }
        #expect(!described.isEmpty)
        #expect(described.filter { !ids.contains($0) } == [])
    }
}
