import Foundation
import MinaoshiSupport
import MinaoshiTestSupport
import Testing

@testable import MinaoshiContent

/// The editor's content side: forms follow the declarations, a new document is the file
/// `minaoshi new` writes, an edit rewrites only what changed, and the check's problems land on
/// the field they concern.
@Suite struct DocumentFormTests {
    /// Every shipped regulation review and case study, with its kind.
    static func shippedFiles() throws -> [(path: String, kind: AuthoringKind, text: String)] {
        var files: [(String, AuthoringKind, String)] = []
        for kind in AuthoringKind.allCases {
            let folder = FixtureSite.packageRoot.appendingPathComponent("content/\(kind.section)")
            for name in try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
            where name.hasSuffix(".md") {
                let text = try String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8)
                files.append(("content/\(kind.section)/\(name)", kind, text))
            }
        }
        return files
    }

    @Test func everyShippedFileSavedUnchangedKeepsEveryByte() throws {
        let files = try Self.shippedFiles()
        #expect(files.count > 40)
        for (path, kind, text) in files {
            let form = try #require(DocumentForm.values(of: text, kind: kind, displayPath: path), "\(path)")
            #expect(DocumentForm.edited(text, kind: kind, form: form, displayPath: path) == text, "\(path)")
        }
    }

    /// Saving unchanged keeps bytes by comparing values; this holds the other half: a field the
    /// editor does rewrite reads back as the same values, for every field of every shipped file.
    @Test func everyFieldOfEveryShippedFileRewrittenReadsBackTheSame() throws {
        for (path, kind, text) in try Self.shippedFiles() {
            let layout = try #require(FrontMatterLayout(text))
            let form = try #require(DocumentForm.values(of: text, kind: kind, displayPath: path))
            for field in DocumentForm.fields(for: kind) where layout.fields[field.key] != nil {
                let canonical = DocumentForm.canonical(field, in: form)
                let rewritten = layout.replacing([(field.key, DocumentForm.lines(field, canonical))])
                let again = try #require(
                    DocumentForm.values(of: rewritten, kind: kind, displayPath: path), "\(path) \(field.key)")
                for other in DocumentForm.fields(for: kind) {
                    #expect(
                        DocumentForm.canonical(other, in: again) == DocumentForm.canonical(other, in: form),
                        "\(path): rewriting '\(field.key)' changed '\(other.key)'")
                }
                #expect(again[DocumentForm.bodyName] == form[DocumentForm.bodyName], "\(path) \(field.key)")
            }
        }
    }

    @Test func aOneFieldEditChangesOnlyThatFieldsLine() throws {
        let (path, kind, text) = try #require(try Self.shippedFiles().first { $0.kind == .regulation })
        var form = try #require(DocumentForm.values(of: text, kind: kind, displayPath: path))
        form["title"] = ["新しい題名: 「引用」と # 記号"]
        let edited = try #require(DocumentForm.edited(text, kind: kind, form: form, displayPath: path))
        let before = text.components(separatedBy: "\n"), after = edited.components(separatedBy: "\n")
        #expect(before.count == after.count)
        let changed = zip(before, after).enumerated().filter { $0.element.0 != $0.element.1 }
        #expect(changed.count == 1)
        #expect(changed.first?.element.0.hasPrefix("title:") == true)
        #expect(changed.first?.element.1 == "title: \"新しい題名: 「引用」と # 記号\"")
        let reread = try #require(DocumentForm.values(of: edited, kind: kind, displayPath: path))
        #expect(reread["title"] == ["新しい題名: 「引用」と # 記号"])
    }

    @Test func commentsAndOtherFieldsStayWhenAListAndTheBodyChange() throws {
        let text = """
            ---
            id: a  # the id
            title: 事例A
            # a comment between fields
            categories:
              - visual-inspection
            regulations: []
            sources: [{title: 出典, url: "https://example.go.jp/a"}]
            ---
            本文です。

            """
        var form = try #require(DocumentForm.values(of: text, kind: .caseStudy, displayPath: "content/cases/a.md"))
        #expect(form["categories"] == ["visual-inspection"])
        form["categories"] = ["visual-inspection", "on-site-inspection"]
        form["body"] = ["新しい本文。\r\n"]
        let edited = try #require(
            DocumentForm.edited(text, kind: .caseStudy, form: form, displayPath: "content/cases/a.md"))
        #expect(
            edited == """
                ---
                id: a  # the id
                title: 事例A
                # a comment between fields
                categories: ["visual-inspection", "on-site-inspection"]
                regulations: []
                sources: [{title: 出典, url: "https://example.go.jp/a"}]
                ---
                新しい本文。

                """)
    }

    /// Boxes are ticked in the list's order: the file's order is no change, and stays.
    @Test func aListInAnotherOrderIsNoChangeAndANewItemFollowsTheFilesOrder() throws {
        let text =
            "---\nid: a\ntitle: 事例A\ncategories: [visual-inspection]\ntechnologies: [telework, remote-video]\n---\n本文。\n"
        var form = try #require(DocumentForm.values(of: text, kind: .caseStudy, displayPath: "content/cases/a.md"))
        form["technologies"] = ["remote-video", "telework"]
        #expect(DocumentForm.edited(text, kind: .caseStudy, form: form, displayPath: "content/cases/a.md") == text)
        form["technologies"] = ["drones", "remote-video", "telework"]
        #expect(
            DocumentForm.edited(text, kind: .caseStudy, form: form, displayPath: "content/cases/a.md")
                == text.replacingOccurrences(
                    of: "[telework, remote-video]", with: "[\"telework\", \"remote-video\", \"drones\"]"))
    }

    /// What the form saves for a new document is what `minaoshi new` writes for the same request.
    @Test func aNewDocumentFromTheFormIsWhatNewWrites() throws {
        let site = try FixtureSite(files: [:])
        defer { site.remove() }
        var form = FormValues()
        form["title"] = ["Drone Bridge Check ドローン点検"]
        form["categories"] = ["visual-inspection"]
        form["date"] = ["2024-06-28"]
        form["sources.title"] = [""]
        form["sources.url"] = ["https://example.go.jp/a"]
        let request = DocumentForm.request(.caseStudy, form)
        let today = CalendarDate(year: 2026, month: 11, day: 27)!
        let id = DocumentForm.newID(request, root: site.root, today: today) { _ in false }
        #expect(id == "drone-bridge-check")
        var asked = NewDocumentRequest(kind: .caseStudy, title: "Drone Bridge Check ドローン点検")
        asked.categories = ["visual-inspection"]
        asked.date = CalendarDate(year: 2024, month: 6, day: 28)
        asked.sources = ["https://example.go.jp/a"]
        let written = try NewDocument.create(asked, root: site.root, today: today)
        #expect(try site.read(written.relativePath) == DocumentSkeleton.text(for: request, id: id))
        // The next form with that title gets the next id, as `minaoshi new` would.
        #expect(DocumentForm.newID(request, root: site.root, today: today) { _ in false } == "drone-bridge-check-2")
    }

    /// An id another file declares is taken for the form as for `minaoshi new`, whether the
    /// declared ids are read from the files (`new`) or from the editor's view of the corpus.
    @Test func anIDAnotherFileDeclaresIsTakenAsNewTakesIt() throws {
        let other = "---\nid: 'drone-bridge-check'\ntitle: 別の名前\n---\n"
        let site = try FixtureSite(files: ["content/cases/other-name.md": other])
        defer { site.remove() }
        var form = FormValues()
        form["title"] = ["Drone Bridge Check"]
        form["date"] = ["2024-06-28"]
        let request = DocumentForm.request(.caseStudy, form)
        let today = CalendarDate(year: 2026, month: 11, day: 27)!
        let declared = DocumentIDs.declaredIDs(kind: .caseStudy, root: site.root)
        #expect(declared == ["drone-bridge-check"])
        let fromFiles = DocumentForm.newID(request, root: site.root, today: today, isDeclared: declared.contains)
        let view = EditorCorpus(
            titles: [:], ids: ["content/cases/other-name.md": "drone-bridge-check"],
            publishing: LoadOptions(today: today)
        ) { _ in nil }
        let fromView = DocumentForm.newID(request, root: site.root, today: today) { view.declares($0, in: "cases") }
        var asked = NewDocumentRequest(kind: .caseStudy, title: "Drone Bridge Check")
        asked.categories = ["visual-inspection"]
        asked.date = CalendarDate(year: 2024, month: 6, day: 28)
        let written = try NewDocument.create(asked, root: site.root, today: today)
        #expect([fromFiles, fromView, written.id] == Array(repeating: "drone-bridge-check-2", count: 3))
        // Without the declared ids the name alone would collide with the other file's id.
        #expect(DocumentForm.newID(request, root: site.root, today: today) { _ in false } == "drone-bridge-check")
    }

    /// The form asks for every declared field but the id (chosen from the title), so that a field
    /// added to the model is in the form without a word here.
    @Test func theFormsFieldsAreTheDeclarationsButTheID() {
        for kind in AuthoringKind.allCases {
            let own = kind == .regulation ? DocumentKind.regulationFields : DocumentKind.caseFields
            let keys = DocumentForm.fields(for: kind).map(\.key)
            #expect(keys.count == Set(keys).count)
            #expect(Set(keys) == Set((DocumentKind.commonFields + own).map(\.key)).subtracting(["id"]))
            #expect(keys.first == "title" && keys.last == "sources")
        }
    }

    @Test func updatedDraftAndChangesAreWrittenReadBackAndEdited() throws {
        var form = FormValues()
        form["title"] = ["事例"]
        form["categories"] = ["visual-inspection"]
        form["sources.title"] = ["市の発表"]
        form["sources.url"] = ["https://example.go.jp/a"]
        form["date"] = ["2024-06-28"]
        form["updated"] = ["2025-01-02"]
        form["draft"] = ["", "true"]
        form["changes.date"] = ["2025-01-02", ""]
        form["changes.note"] = ["施行された。", ""]
        let text = DocumentSkeleton.text(for: DocumentForm.request(.caseStudy, form), id: "a")
        #expect(
            text.contains(
                "date: 2024-06-28\nupdated: 2025-01-02\ndraft: true\nchanges:\n  - {date: 2025-01-02, note: \"施行された。\"}\nsources:\n"
            ), "\(text)")
        let (vocabularies, _) = Vocabularies.load(root: FixtureSite.packageRoot)
        let found = DocumentForm.check(
            text, relativePath: "content/cases/a.md", vocabularies: vocabularies, regulationIDs: [])
        #expect(found["updated"] == nil && found["draft"] == nil && found["changes"] == nil, "\(found)")
        var back = try #require(DocumentForm.values(of: text, kind: .caseStudy, displayPath: "content/cases/a.md"))
        for field in DocumentForm.fields(for: .caseStudy) {
            #expect(DocumentForm.canonical(field, in: back) == DocumentForm.canonical(field, in: form), "\(field.key)")
        }
        // Unticking the draft removes its line; a change added follows the one there; nothing else moves.
        back["draft"] = [""]
        back["changes.date"].append("2025-03-04")
        back["changes.note"].append("改正。")
        let edited = DocumentForm.edited(text, kind: .caseStudy, form: back, displayPath: "content/cases/a.md")
        #expect(
            edited
                == text.replacingOccurrences(of: "draft: true\n", with: "").replacingOccurrences(
                    of: "note: \"施行された。\"}\n", with: "note: \"施行された。\"}\n  - {date: 2025-03-04, note: \"改正。\"}\n"))
        // A date that is not one stays one quoted value, and the check names it.
        back["changes.date"] = ["2025-13-01}, draft: true"]
        back["changes.note"] = ["x"]
        let odd = try #require(
            DocumentForm.edited(text, kind: .caseStudy, form: back, displayPath: "content/cases/a.md"))
        #expect(odd.contains("  - {date: \"2025-13-01}, draft: true\", note: \"x\"}\n"))
        #expect(
            DocumentForm.check(odd, relativePath: "content/cases/a.md", vocabularies: vocabularies, regulationIDs: [])[
                "changes"] != nil)
    }

    @Test func rowsAndABodyAreWrittenAndReadBack() throws {
        var form = FormValues()
        form["title"] = ["事例"]
        form["categories"] = ["visual-inspection"]
        form["outcomes.label"] = ["人員", ""]
        form["outcomes.value"] = ["約85%削減", ""]
        form["outcomes.period"] = ["令和7年度", ""]
        form["sources.title"] = ["市の発表"]
        form["sources.url"] = ["https://example.go.jp/a"]
        form["organizations"] = ["南相馬市\r\n\r\n福島県 "]
        form["body"] = ["## 課題\r\n\r\n本文。"]
        let text = DocumentSkeleton.text(for: DocumentForm.request(.caseStudy, form), id: "a")
        #expect(text.contains("outcomes:\n  - {label: \"人員\", value: \"約85%削減\", period: \"令和7年度\"}\n"))
        #expect(text.contains("sources:\n  - {title: \"市の発表\", url: \"https://example.go.jp/a\"}\n"))
        #expect(text.contains("organizations: [\"南相馬市\", \"福島県\"]\n"))
        #expect(text.hasSuffix("---\n\n## 課題\n\n本文。\n"))
        let back = try #require(DocumentForm.values(of: text, kind: .caseStudy, displayPath: "content/cases/a.md"))
        for field in DocumentForm.fields(for: .caseStudy) {
            #expect(DocumentForm.canonical(field, in: back) == DocumentForm.canonical(field, in: form), "\(field.key)")
        }
    }

    @Test func theChecksProblemsLandOnTheirFields() throws {
        let (vocabularies, _) = Vocabularies.load(root: FixtureSite.packageRoot)
        var form = FormValues()
        form["title"] = ["事例"]
        form["categories"] = []
        form["technologies"] = ["no-such-technology"]
        form["regulations"] = ["no-such-review"]
        form["sources.title"] = ["出典"]
        form["sources.url"] = ["ftp://example.go.jp/a"]
        let text = DocumentSkeleton.text(for: DocumentForm.request(.caseStudy, form), id: "a")
        let found = DocumentForm.check(
            text, relativePath: "content/cases/a.md", vocabularies: vocabularies, regulationIDs: ["road-bridge"])
        #expect(found["categories"]?.map(\.message) == ["'categories' needs at least one category"])
        #expect(found["technologies"]?.first?.message.contains("no-such-technology") == true)
        #expect(found["regulations"]?.map(\.message) == ["no regulation review with id 'no-such-review'"])
        #expect(found["sources"]?.first?.message.contains("absolute http(s) URL") == true)
        #expect(found["title"] == nil)
        var fixed = form
        fixed["categories"] = ["visual-inspection"]
        fixed["technologies"] = ["drones"]
        fixed["regulations"] = ["road-bridge"]
        fixed["sources.url"] = ["https://example.go.jp/a"]
        let good = DocumentSkeleton.text(for: DocumentForm.request(.caseStudy, fixed), id: "a")
        let none = DocumentForm.check(
            good, relativePath: "content/cases/a.md", vocabularies: vocabularies, regulationIDs: ["road-bridge"])
        #expect(none.values.flatMap { $0 }.filter { $0.severity == .error }.isEmpty, "\(none)")
    }

    /// The 令和 reading beside a date input comes from the table the importer reads era dates with.
    @Test(arguments: [
        ("2019-05-01", "令和元年5月1日"), ("2024-06-28", "令和6年6月28日"), ("2019-04-30", "平成31年4月30日"),
        ("1989-01-08", "平成元年1月8日")
    ])
    func eraReadingsReadBackAsTheSameDay(iso: String, reading: String) throws {
        let date = try #require(CalendarDate(iso8601: iso))
        #expect(ImportDate.eraReading(of: date) == reading)
        #expect(try ImportDate.parse(reading).get() == date)
    }

    @Test func formsAreReadAsBrowsersPostThem() throws {
        let form = try #require(FormValues.urlEncoded(Array("title=%E4%BA%8B%E4%BE%8B+A&c=1&c=2&empty=&bad".utf8)))
        #expect(form["title"] == ["事例 A"])
        #expect(form["c"] == ["1", "2"])
        #expect(form["empty"] == [""])
        #expect(form["bad"] == [""])
        #expect(FormValues.urlEncoded(Array("a=%E4%BA".utf8)) == nil)
        #expect(FormValues.urlEncoded(Array("a=%zz".utf8)) == nil)
        #expect(FormValues.urlEncoded(Array(form.urlEncoded.utf8)) == form)
    }
}
