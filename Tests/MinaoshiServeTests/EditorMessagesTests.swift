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

    /// The checks the live check runs beyond the common ones: a review id of the wrong shape, a
    /// PHASE that goes down, and the corpus-wide checks (a title the same as another's, a link to
    /// a file that is not there), each from the real check's own message.
    @Test func theCorpusChecksAndTheRestAreSaidInJapanese() throws {
        let (vocabularies, _) = Vocabularies.load(root: FixtureSite.packageRoot)
        let caseText = """
            ---
            id: a
            title: 同じ題名
            categories: [visual-inspection]
            regulations: [Bad_ID]
            sources: [{title: 出典, url: "https://example.go.jp/a"}]
            ---
            [前の事例](../cases/none.md)と[ある事例](b.md)。

            """
        let corpus = EditorCorpus(
            titles: ["content/cases/b.md": "同じ題名", "content/cases/a.md": "同じ題名"],
            publishing: LoadOptions(today: CalendarDate(year: 2026, month: 11, day: 27)!)
        ) {
            $0 == "content/cases/b.md" ? documentText(id: "b", title: "同じ題名") : nil
        }
        let regulation = regulationText(id: "r", title: "規制", extra: "phase: {before: 3, after: 1}\n")
        let found = [
            DocumentForm.check(
                caseText, relativePath: "content/cases/a.md", vocabularies: vocabularies, regulationIDs: []),
            DocumentForm.corpusCheck(caseText, relativePath: "content/cases/a.md", corpus: corpus),
            DocumentForm.check(
                regulation, relativePath: "content/regulations/r.md", vocabularies: vocabularies, regulationIDs: [])
        ]
        var labels: [String: String] = [:]
        for kind in AuthoringKind.allCases {
            labels.merge(DocumentForm.labels(for: kind)) { first, _ in first }
        }
        var said: [String: [String]] = [:]
        for byField in found {
            for (name, diagnostics) in byField {
                said[name, default: []] += diagnostics.map { EditorMessages.japanese($0, labels: labels) }
            }
        }
        #expect(said["regulations"] == ["「実施した規制の見直し」の「Bad_ID」は ID の形になっていません（小文字の英字・数字と - だけです）。一覧から選んでください。"])
        #expect(said["phase"] == ["「PHASE（デジタル化の段階）」の見直し後（PHASE 1）が見直し前（PHASE 3）より低くなっています。"])
        #expect(said["title"] == ["「タイトル」が content/cases/b.md と同じです。ほかの文書と見分けられるタイトルにしてください。"])
        #expect(
            said["body"] == [
                "本文のリンク「../cases/none.md」の先（content/cases/none.md）がないか、下書きなどでまだ公開されていません。ファイル名を確かめてください（文書どうしのリンクは ../cases/名前.md のように書きます）。"
            ])
        for message in said.values.flatMap({ $0 }) {
            #expect(!message.hasPrefix("この項目を確かめてください"), "\(message)")
        }
    }

    /// An id another file of the section declares: the live check says what the build says (the
    /// same `path:line:col: error: message; hint`), and the editor says it in Japanese.
    @Test func aDuplicateIDIsSaidAsTheBuildSaysIt() throws {
        let first = caseText(id: "same", title: "事例一")
        let second = caseText(id: "same", title: "事例二")
        let site = try FixtureSite(
            files: ["content/cases/a.md": first, "content/cases/b.md": second], copyTemplates: false)
        defer { site.remove() }
        let loaded = CorpusLoader.load(
            root: site.root, options: LoadOptions(today: CalendarDate(year: 2026, month: 11, day: 27)!))
        let built = try #require(loaded.diagnostics.first { $0.message.contains("already used") })
        let corpus = EditorCorpus(
            titles: [:],
            ids: [
                "content/cases/a.md": EditorCorpus.declaredID(in: first, fileSlug: "a"),
                "content/cases/b.md": EditorCorpus.declaredID(in: second, fileSlug: "b")
            ], publishing: LoadOptions(today: CalendarDate(year: 2026, month: 11, day: 27)!)
        ) { _ in nil }
        let live = DocumentForm.corpusCheck(second, relativePath: "content/cases/b.md", corpus: corpus)
        #expect(live["id"]?.map(\.description) == [built.description])
        #expect(
            EditorMessages.japanese(built, labels: DocumentForm.labels(for: .caseStudy))
                == "ID「same」は content/cases/a.md がすでに使っています。ID は種類ごとに1つずつ違うものにしてください（新しい文書の ID はタイトルか日付から決まります。どちらかを変えてください）。"
        )
    }

    /// The body's links as the build checks them: a file that is not there, a draft, one dated
    /// later, an anchor that is no heading of this document or of the one linked to. The live
    /// check says each as the build does, on the body's line, and in Japanese.
    @Test func theBodysLinksAreCheckedAsTheBuildChecksThem() throws {
        let body = """
            ## Here

            [規制B](../regulations/b.md#overview)と[見出し違い](../regulations/b.md#nope)。
            [ここ](#here)と[ない見出し](#there)、[見出しのない文書](../regulations/plain.md#x)。
            [下書き](../regulations/draft.md)、[まだ先](../regulations/later.md)、[ない文書](../regulations/none.md)。
            """
        let caseFile = caseText(id: "a", title: "事例A", regulations: ["b"], body: body)
        let files = [
            "content/regulations/b.md": regulationText(id: "b", title: "規制B", body: "## Overview\n\n本文。"),
            "content/regulations/plain.md": regulationText(id: "plain", title: "見出しなし"),
            "content/regulations/draft.md": regulationText(id: "draft", title: "下書き", extra: "draft: true\n"),
            "content/regulations/later.md": regulationText(id: "later", title: "先の話", date: "2027-01-01"),
            "content/cases/a.md": caseFile
        ]
        let site = try FixtureSite(files: files, copyTemplates: false)
        defer { site.remove() }
        let publishing = LoadOptions(today: CalendarDate(year: 2026, month: 11, day: 27)!)
        let built = CorpusLoader.load(root: site.root, options: publishing).diagnostics
            .filter { $0.location.file == "content/cases/a.md" }.map(\.description).sorted()
        #expect(built.count == 6, "\(built)")
        let corpus = EditorCorpus(titles: [:], publishing: publishing) { files[$0] }
        let live = DocumentForm.corpusCheck(caseFile, relativePath: "content/cases/a.md", corpus: corpus)
        #expect(live.keys.sorted() == ["body"])
        #expect(live["body"]?.map(\.description).sorted() == built)

        let said = (live["body"] ?? []).map {
            EditorMessages.japanese($0, labels: DocumentForm.labels(for: .caseStudy))
        }
        #expect(said.contains("本文のリンクの「#nope」は、content/regulations/b.md の見出しにありません。見出しの名前を確かめてください（ある見出し：#overview）。"))
        #expect(said.contains("本文のリンクの「#x」は、content/regulations/plain.md の見出しにありません。見出しの名前を確かめてください（その文書には見出しがありません）。"))
        #expect(
            said.contains {
                $0.hasPrefix("本文のリンク「../regulations/draft.md」の先（content/regulations/draft.md）がないか、下書きなどでまだ公開されていません。")
            })
        for message in said { #expect(!message.hasPrefix("この項目を確かめてください"), "\(message)") }
    }

    /// Whatever the build warns of a file, the live check shows too, beside the field it concerns
    /// and in Japanese: a missing field, an `updated` before the `date`, a PHASE that goes down, a
    /// `**` shown as it is.
    @Test func theBuildsWarningsOfAFileAreShownBesideTheirFields() throws {
        let text = """
            ---
            id: r
            title: 警告のある見直し
            laws: [road-act]
            ministry: mlit
            categories: [visual-inspection]
            status: reviewed
            before: 近接目視
            after: ドローンも可
            technologies: [drones]
            phase: {before: 3, after: 1}
            date: 2024-06-01
            updated: 2024-01-01
            ---
            前置き。

            **「重要」**です。

            """
        let site = try FixtureSite(files: ["content/regulations/r.md": text], copyTemplates: false)
        defer { site.remove() }
        let publishing = LoadOptions(today: CalendarDate(year: 2026, month: 11, day: 27)!)
        let built = CorpusLoader.load(root: site.root, options: publishing).diagnostics
        #expect(built.allSatisfy { $0.severity == .warning }, "\(built)")
        #expect(built.count == 5, "\(built)")
        let (vocabularies, _) = Vocabularies.load(root: FixtureSite.packageRoot)
        let relativePath = "content/regulations/r.md"
        let own = DocumentForm.check(text, relativePath: relativePath, vocabularies: vocabularies, regulationIDs: [])
        let corpusWide = DocumentForm.corpusCheck(
            text, relativePath: relativePath, corpus: EditorCorpus(titles: [:], publishing: publishing) { _ in nil })
        let live = own.merging(corpusWide, uniquingKeysWith: +)
        #expect(live.values.flatMap { $0 }.map(\.description).sorted() == built.map(\.description).sorted())
        #expect(live.keys.sorted() == ["body", "phase", "sources", "updated"], "\(live)")
        let labels = DocumentForm.labels(for: .regulation)
        let said = live.mapValues { $0.map { EditorMessages.japanese($0, labels: labels) } }
        #expect(said["sources"] == ["「出典」がまだありません。分かれば入れてください（このままでも保存できます）。"])
        #expect(said["updated"] == ["「更新日」（2024-01-01）が「日付」（2024-06-01）より前になっています。"])
        #expect(said["body"]?.first?.hasPrefix("この「**」（または「__」）は太字にならず") == true)
        for message in said.values.flatMap({ $0 }) {
            #expect(!message.hasPrefix("この項目を確かめてください"), "\(message)")
        }
    }
}
