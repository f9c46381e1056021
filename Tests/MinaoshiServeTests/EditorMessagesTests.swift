import Foundation
import MinaoshiContent
import MinaoshiSupport
import MinaoshiTestSupport
import Testing

@testable import MinaoshiServe

/// The editor says the loader's problems in Japanese by recognising its messages: each pattern is
/// held here to a message the real check writes, so that a reworded message cannot fall through
/// to the generic wording unnoticed.
@Suite struct EditorMessagesTests {
    @Test func everyCommonProblemOfTheCheckIsSaidInJapanese() throws {
        let (vocabularies, _) = Vocabularies.load(root: FixtureSite.packageRoot)
        let text = """
            ---
            id: a
            title: ""
            categories: []
            technologies: [no-such-technology]
            regulations: [no-such-review]
            date: 2024-02-30
            sources:
              - {title: 出典, url: "ftp://example.go.jp/a"}
            ---
            本文。

            """
        let found = DocumentForm.check(
            text, relativePath: "content/cases/a.md", vocabularies: vocabularies, regulationIDs: ["b"])
        let labels = DocumentForm.labels(for: .caseStudy)
        let said = found.values.flatMap { $0 }.filter { $0.severity == .error }.map {
            EditorMessages.japanese($0, labels: labels)
        }
        #expect(said.count == 6, "\(found)")
        for message in said { #expect(!message.hasPrefix("この項目を確かめてください"), "\(message)") }
        #expect(said.contains("「タイトル」が空です。入力してください。"))
        #expect(said.contains("「アナログ規制の類型」を1つ以上選んでください。"))
        #expect(said.contains("「技術」の「no-such-technology」は一覧にありません。一覧から選んでください。"))
        #expect(said.contains("規制の見直し「no-such-review」はありません。一覧から選んでください。"))
        #expect(said.contains("「日付」が日付になっていません。日付の欄から選んでください（例：2024-06-28）。"))
        #expect(said.contains("「出典」の URL「ftp://example.go.jp/a」は、http:// か https:// で始まる完全な URL にしてください。"))
        let missing = Diagnostic.error(at: SourceLocation(file: "x"), "missing required field 'status'")
        #expect(EditorMessages.japanese(missing, labels: ["status": "見直しの状況"]) == "「見直しの状況」を入力してください（必須の項目です）。")
    }
}
