import Foundation
import MinaoshiMarkdown
import MinaoshiSupport
import MinaoshiTestSupport
import Testing

@testable import MinaoshiContent

/// A throwaway project with the shipped vocabularies (`content/_data/`) and nothing else.
func projectWithVocabularies() throws -> FixtureSite {
    let site = try FixtureSite(files: [:], copyTemplates: false)
    if !site.exists("content/_data") {  // FixtureSite may already have copied them
        try FileManager.default.createDirectory(at: site.url("content"), withIntermediateDirectories: true)
        try FileManager.default.copyItem(
            at: FixtureSite.packageRoot.appendingPathComponent("content/_data"), to: site.url("content/_data"))
    }
    return site
}

/// Loads the project as `minaoshi check` does, on a fixed day.
func loadProject(_ site: FixtureSite) -> LoadResult {
    CorpusLoader.load(root: site.root, options: LoadOptions(today: CalendarDate(year: 2026, month: 11, day: 27)!))
}

@Suite struct NewDocumentTests {
    let today = CalendarDate(year: 2026, month: 11, day: 27)!

    @Test func aRegulationSkeletonLoadsWithOneErrorPerValueToFillIn() throws {
        let site = try projectWithVocabularies()
        defer { site.remove() }
        let result = try NewDocument.create(
            NewDocumentRequest(kind: .regulation, title: "道路橋の定期点検の見直し"), root: site.root, today: today)
        #expect(result.relativePath == "content/regulations/regulation-2026-11-27.md")
        #expect(result.diagnostics.isEmpty)
        let path = result.relativePath
        #expect(
            loadProject(site).diagnostics.map(\.description) == [
                "\(path):2:1: warning: no 'ministry' given; add ministry: <id from content/_data/ministries.yml> once the ministry in charge is known",
                "\(path):4:7: error: 'laws' needs at least one law",
                "\(path):7:13: error: 'categories' needs at least one category",
                "\(path):8:9: error: 'status' is empty",
                "\(path):10:9: error: 'before' is empty",
                "\(path):11:8: error: 'after' is empty",
                "\(path):13:7: error: 'date' is not a date: ''; write it as YYYY-MM-DD, e.g. 2024-06-28",
                "\(path):18:13: error: 'sources[1].title' is empty",
                "\(path):18:22: error: 'sources[1].url' is empty"
            ])
    }

    @Test func aCaseSkeletonLoadsWithErrorsOnlyForCategoriesAndSources() throws {
        let site = try projectWithVocabularies()
        defer { site.remove() }
        var request = NewDocumentRequest(kind: .caseStudy, title: "圃場のドローン確認")
        request.date = CalendarDate(year: 2024, month: 4, day: 1)
        let result = try NewDocument.create(request, root: site.root, today: today)
        #expect(result.relativePath == "content/cases/case-2024-04-01.md")
        let path = result.relativePath
        #expect(
            loadProject(site).diagnostics.map(\.description) == [
                "\(path):8:13: error: 'categories' needs at least one category",
                "\(path):17:13: error: 'sources[1].title' is empty",
                "\(path):17:22: error: 'sources[1].url' is empty"
            ])
        #expect(try site.read(path).contains("\ndate: 2024-04-01\n"))
    }

    @Test func skeletonsWithEveryValueGivenLoadWithoutAnyProblem() throws {
        let site = try projectWithVocabularies()
        defer { site.remove() }
        var regulation = NewDocumentRequest(kind: .regulation, title: "建築物外壁の定期調査（打診）をドローン赤外線調査で代替")
        regulation.id = "bsa-12-exterior-wall"
        regulation.date = CalendarDate(year: 2022, month: 1, day: 18)
        regulation.laws = ["building-standards-act"]
        regulation.article = "12条（定期報告）"
        regulation.ministry = "mlit"
        regulation.categories = ["periodic-inspection"]
        regulation.status = "amended"
        regulation.before = "外壁は、おおむね10年ごとに全面を打診することが求められていました。"
        regulation.after = "打診と同等以上の精度があれば、ドローンによる赤外線調査も認められました。"
        regulation.technologies = ["drones"]
        regulation.sources = ["https://kkak.jp/pages/19/detail=1/b_id=201/r_id=88/"]
        var caseStudy = NewDocumentRequest(kind: .caseStudy, title: "神戸市役所1号館のドローン外壁調査")
        caseStudy.id = "kobe-city-hall-wall-drone"
        caseStudy.ministry = "mic"  // an alias, written as its id
        caseStudy.categories = ["periodic-inspection"]
        caseStudy.technologies = ["drones"]
        caseStudy.organizations = ["神戸市"]
        caseStudy.municipalities = ["神戸市"]
        caseStudy.prefectures = ["hyogo"]
        caseStudy.regulations = ["bsa-12-exterior-wall"]
        caseStudy.sources = ["https://www.city.kobe.lg.jp/"]
        _ = try NewDocument.create(regulation, root: site.root, today: today)
        _ = try NewDocument.create(caseStudy, root: site.root, today: today)

        let loaded = loadProject(site)
        #expect(loaded.diagnostics.isEmpty, "\(loaded.diagnostics)")
        let review = try #require(loaded.corpus.document(id: "regulations/bsa-12-exterior-wall"))
        #expect(review.kind.regulation?.laws == ["building-standards-act"])
        #expect(review.kind.regulation?.categories == ["periodic-inspection"])
        #expect(
            review.sources == [Source(title: "kkak.jp", url: "https://kkak.jp/pages/19/detail=1/b_id=201/r_id=88/")])
        #expect(review.body.headings.map(\.text) == ["見直し前の規制", "見直し後", "活用できる技術", "経緯", "注記"])
        let kobe = try #require(loaded.corpus.document(id: "cases/kobe-city-hall-wall-drone"))
        #expect(kobe.kind.caseStudy?.ministry == "soumu")
        #expect(kobe.body.headings.map(\.text) == ["課題", "取り組み", "成果", "出典と注記"])
    }

    @Test(arguments: [AuthoringKind.regulation, .caseStudy])
    func everyFieldOfTheKindIsWrittenOrShownAsAComment(kind: AuthoringKind) throws {
        let text = DocumentSkeleton.text(for: NewDocumentRequest(kind: kind, title: "題"), id: "x")
        let frontMatter = text.split(separator: "---\n")[0].split(separator: "\n").map(String.init)
        let keys = kind == .regulation ? MetadataReader.regulationKeys : MetadataReader.caseKeys
        for key in keys {
            #expect(
                frontMatter.contains { $0.hasPrefix("\(key):") || $0.hasPrefix("# \(key):") }, "no line for '\(key)'")
        }
    }

    @Test func idsComeFromTheASCIIWordsOfTheTitleElseKindAndDate() {
        #expect(DocumentIDs.asciiSlug("Drone Inspection: 橋梁 2024") == "drone-inspection-2024")
        #expect(DocumentIDs.asciiSlug("ＯＢＤ点検（自己診断）") == "obd")
        #expect(DocumentIDs.asciiSlug("e-Learning 特別教育") == "e-learning")
        #expect(DocumentIDs.asciiSlug("建築基準法12条の見直し") == nil)  // digits alone make no id
        #expect(DocumentIDs.asciiSlug("道路橋の定期点検") == nil)
        let long = DocumentIDs.asciiSlug(String(repeating: "inspection ", count: 10))!
        #expect(long.count <= DocumentIDs.maxLength && !long.hasSuffix("-") && CorpusLoader.isValidID(long))
        #expect(DocumentIDs.base(title: "道路橋の定期点検", kind: .regulation, date: today) == "regulation-2026-11-27")
        #expect(DocumentIDs.base(title: "道路橋の定期点検", kind: .caseStudy, date: today) == "case-2026-11-27")
        #expect(DocumentIDs.unique("a") { ["a", "a-2"].contains($0) } == "a-3")
        #expect(DocumentIDs.unique("b") { _ in false } == "b")
    }

    @Test func newIdsAreMadeUniqueAndExistingFilesAreNeverOverwritten() throws {
        let site = try projectWithVocabularies()
        defer { site.remove() }
        try site.write("content/regulations/drone-check.md", "original\n")
        var request = NewDocumentRequest(kind: .regulation, title: "Drone Check")
        let first = try NewDocument.create(request, root: site.root, today: today)
        let second = try NewDocument.create(request, root: site.root, today: today)
        #expect([first.id, second.id] == ["drone-check-2", "drone-check-3"])
        request.id = "drone-check"
        let asked = try NewDocument.create(request, root: site.root, today: today)
        #expect(asked.id == "drone-check-4")
        #expect(
            asked.diagnostics.map(\.description) == [
                "content/regulations/drone-check-4.md:1:1: warning: content/regulations/drone-check.md already exists, so the new document has id 'drone-check-4'; give another --id if 'drone-check-4' is not what you want"
            ])
        #expect(try site.read("content/regulations/drone-check.md") == "original\n")

        #expect(throws: DiagnosticsError.self) {
            try NewDocument.write("new\n", to: "content/regulations/drone-check.md", root: site.root, replacing: false)
        }
        #expect(try site.read("content/regulations/drone-check.md") == "original\n")
    }

    @Test func unknownVocabularyValuesAreRejectedWithTheVocabularysDiagnostic() throws {
        let site = try projectWithVocabularies()
        defer { site.remove() }
        var request = NewDocumentRequest(kind: .regulation, title: "Drone Check")
        request.ministry = "mlitt"
        request.categories = ["periodic-inspection", "目視"]
        let error = #expect(throws: DiagnosticsError.self) {
            try NewDocument.create(request, root: site.root, today: today)
        }
        #expect(
            error?.diagnostics.map(\.description) == [
                "content/_data/categories.yml:1:1: error: unknown category '目視' in '--category'; '目視' is the name of 'visual-inspection'; write the id",
                "content/_data/ministries.yml:1:1: error: unknown ministry 'mlitt' in '--ministry'; did you mean 'mlit'?"
            ])
        #expect(site.list("content").filter { $0 != "_data" } == [])
    }

    @Test func malformedRequestsAreReportedBeforeAnythingIsRead() {
        var request = NewDocumentRequest(kind: .caseStudy, title: "  ")
        request.id = "Bad_ID"
        request.sources = ["ftp://example.jp/x"]
        request.regulations = ["Road Bridge"]
        #expect(
            NewDocument.formatProblems(request) == [
                "--title must not be empty",
                "--id 'Bad_ID' may only contain lower-case letters a-z, digits and single '-', e.g. road-bridge-inspection",
                "--source must be an absolute http(s) URL, got 'ftp://example.jp/x'",
                "--regulation 'Road Bridge' is not a regulation id; use the name of a file in content/regulations/ without .md"
            ])
    }

    @Test func titlesAndValuesWithYAMLAndMarkdownSyntaxReadBackAsWritten() throws {
        let site = try projectWithVocabularies()
        defer { site.remove() }
        var request = NewDocumentRequest(kind: .regulation, title: "- \"引用\": a\\b # [x] yes")
        request.id = "tricky"
        request.date = CalendarDate(year: 2024, month: 1, day: 1)
        request.laws = ["road-act"]
        request.article = "null"
        request.ministry = "mlit"
        request.categories = ["visual-inspection"]
        request.status = "reviewed"
        request.before = "1. *強調* ではなく <b>タグ</b> や ~~取消~~ & [リンク](x)"
        request.after = "# 見出しではない"
        request.sources = ["https://example.jp/?a=1&b=\"2\""]
        _ = try NewDocument.create(request, root: site.root, today: today)
        let loaded = loadProject(site)
        #expect(loaded.diagnostics.isEmpty, "\(loaded.diagnostics)")
        let document = try #require(loaded.corpus.document(id: "regulations/tricky"))
        #expect(document.title == "- \"引用\": a\\b # [x] yes")
        #expect(document.kind.regulation?.article == "null")
        #expect(document.kind.regulation?.before == "1. *強調* ではなく <b>タグ</b> や ~~取消~~ & [リンク](x)")
        #expect(document.body.headings.map(\.text) == ["見直し前の規制", "見直し後", "活用できる技術", "経緯", "注記"])
        #expect(document.bodyHTML.contains("*強調*") && document.bodyHTML.contains("~~取消~~"))
        #expect(
            !document.bodyHTML.contains("<em>") && !document.bodyHTML.contains("<del>")
                && !document.bodyHTML.contains("<ol"))
    }
}
