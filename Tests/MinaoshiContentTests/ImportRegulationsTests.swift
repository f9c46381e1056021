import Foundation
import MinaoshiMarkdown
import MinaoshiSupport
import MinaoshiTestSupport
import Testing

@testable import MinaoshiContent

@Suite struct ImportRegulationsTests {
    static let fixtures = FixtureSite.packageRoot.appendingPathComponent("Tests/Fixtures/import")
    static let header = "ID,件名,法令名,条項,所管府省庁,類型,見直し状況,見直し前,見直し後,技術,日付,出典URL\n"
    static let row = ",,建設業法,26条の5,国土交通省,常駐・専任,改正済み,専任の技術者を置く必要がありました。,1人で2現場まで兼任できるようになりました。,,2024-12-13,\n"

    private func importFixture(
        _ name: String, into site: FixtureSite, configure: (inout RegulationImportOptions) -> Void = { _ in }
    ) throws -> RegulationImportReport {
        try importCSV(
            Data(contentsOf: Self.fixtures.appendingPathComponent(name)), file: name, into: site, configure: configure)
    }

    private func importCSV(
        _ data: Data, file: String = "list.csv", into site: FixtureSite,
        configure: (inout RegulationImportOptions) -> Void = { _ in }
    ) -> RegulationImportReport {
        var options = RegulationImportOptions(root: site.root)
        configure(&options)
        return RegulationImporter.run(csv: data, file: file, options: options)
    }

    @Test func theShiftJISFixtureRoundTripsThroughTheLoader() throws {
        let site = try projectWithVocabularies()
        defer { site.remove() }
        let report = try importFixture("regulations-sjis.csv", into: site) { $0.encoding = .shiftJIS }
        #expect(report.diagnostics.isEmpty, "\(report.diagnostics)")
        #expect(
            report.written == [
                "content/regulations/regulation-2022-01-18.md", "content/regulations/road-bridge-inspection.md",
                "content/regulations/regulation-2020-10-30.md", "content/regulations/regulation-2025-03-18.md"
            ])
        let loaded = loadProject(site)
        #expect(loaded.diagnostics.isEmpty, "\(loaded.diagnostics)")

        let wall = try #require(loaded.corpus.document(id: "regulations/regulation-2022-01-18"))
        #expect(wall.title == "建築基準法12条（定期報告）の見直し")
        #expect(wall.date == CalendarDate(year: 2022, month: 1, day: 18))
        let review = try #require(wall.kind.regulation)
        #expect(review.laws == ["building-standards-act"])
        #expect([review.article, review.ministry, review.status] == ["12条（定期報告）", "mlit", "amended"])
        #expect(review.categories == ["periodic-inspection"])
        #expect(review.technologies == ["drones"])
        #expect(review.before.contains("①6か月\u{FF5E}3年ごと") && review.before.contains("②おおむね10年"))
        #expect(wall.body.summary.hasPrefix("タイル張りやモルタル仕上げの外壁は"))

        let bridge = try #require(loaded.corpus.document(id: "regulations/road-bridge-inspection")?.kind.regulation)
        #expect(bridge.categories == ["visual-inspection", "periodic-inspection"])  // 目視、定期検査・点検
        #expect(bridge.technologies == ["drones", "cameras"])
        #expect(bridge.status == "reviewed")
        let bridgeDocument = try #require(loaded.corpus.document(id: "regulations/road-bridge-inspection"))
        #expect(bridgeDocument.title == "道路橋の定期点検（近接目視）の見直し")
        #expect(bridgeDocument.date == CalendarDate(year: 2019, month: 2, day: 28))
        #expect(
            bridgeDocument.sources.map(\.url) == [
                "https://www.zivil.co.jp/product/011/", "https://www.digital.go.jp/news/vV3M2yLJ/"
            ])
        #expect(bridgeDocument.sources.map(\.title) == ["www.zivil.co.jp", "www.digital.go.jp"])

        let gas = try #require(loaded.corpus.document(id: "regulations/regulation-2020-10-30")?.kind.regulation)
        #expect(gas.ministry == "meti")
        #expect(gas.categories == ["visual-inspection", "periodic-inspection"])
        #expect(gas.technologies == ["cameras", "drones"])
        let sewer = try #require(loaded.corpus.document(id: "regulations/regulation-2025-03-18")?.kind.regulation)
        #expect(sewer.after.contains("\"潜行目視\"のほか"))
    }

    @Test func theUTF8FixtureWithAByteOrderMarkAndAMultiLineCellImports() throws {
        let site = try projectWithVocabularies()
        defer { site.remove() }
        let report = try importFixture("regulations-utf8.csv", into: site)
        #expect(report.diagnostics.isEmpty, "\(report.diagnostics)")
        #expect(
            report.written == [
                "content/regulations/real-estate-dedicated-agent.md", "content/regulations/regulation-2021-01-25.md"
            ])
        let loaded = loadProject(site)
        #expect(loaded.diagnostics.isEmpty, "\(loaded.diagnostics)")
        let osh = try #require(loaded.corpus.document(id: "regulations/regulation-2021-01-25"))
        #expect(osh.kind.regulation?.before == "特別教育をはじめとする法定の安全衛生教育は、対面で実施するものでした。")
        #expect(osh.date == CalendarDate(year: 2021, month: 1, day: 25))
        #expect(osh.sources.map(\.url) == ["https://www.mhlw.go.jp/web/t_doc?dataId=00tc5617&dataType=1&pageNo=1"])
        let agent = try #require(loaded.corpus.document(id: "regulations/real-estate-dedicated-agent"))
        #expect(agent.kind.regulation?.technologies == ["telework"])
        #expect(agent.sources.count == 2)
    }

    @Test func everyBadRowIsReportedAtItsFieldAndTheGoodRowIsStillWritten() throws {
        let site = try projectWithVocabularies()
        defer { site.remove() }
        let report = try importFixture("regulations-bad.csv", into: site)
        let file = "regulations-bad.csv"
        #expect(
            report.diagnostics.map(\.description) == [
                "\(file):3:13: error: unknown ministry '国土交通相' in '所管府省庁'; did you mean '国土交通省' (mlit)?",
                "\(file):4:3: error: missing value for '法令名' (laws); every row needs 法令名, 所管府省庁, 類型, 見直し状況, 見直し前, 見直し後, 日付",
                "\(file):5:78: error: '日付' is not a date: '令和4年2月30日'; there is no such day in the calendar",
                "\(file):6:1: error: duplicate id 'construction-engineer-dedication': line 2 already gives it; give each row its own ID, or leave ID empty to derive one",
                "\(file):7:25: error: unknown category '目視点検' in '類型'; did you mean '目視' (visual-inspection)?",
                "\(file):8:1: error: 'Road_Bridge' in 'ID' is not a valid id; use lower-case letters a-z, digits and single '-', e.g. bsa-12-exterior-wall",
                "\(file):9:97: error: 'www.env.go.jp/press/105337.html' in '出典URL' is not an http(s) URL; write absolute URLs such as https://www.mlit.go.jp/…, separated by spaces or line breaks"
            ])
        #expect(report.badRows == 7)
        #expect(report.written == ["content/regulations/construction-engineer-dedication.md"])
        #expect(site.list("content/regulations") == ["construction-engineer-dedication.md"])
        #expect(loadProject(site).diagnostics.isEmpty)
    }

    @Test func lawNamesBecomeLawIdsByNameAbbreviationOrIdAndAnUnknownNameIsPlaced() throws {
        let site = try projectWithVocabularies()
        defer { site.remove() }
        func row(_ id: String, _ law: String) -> String {
            "\(id),,\"\(law)\",1条,国土交通省,常駐・専任,改正済み,前,後,,2024-12-13,https://example.go.jp/\(id)\n"
        }
        let csv =
            Self.header + row("two-laws", "警備業法／警備業法施行規則") + row("abbreviated", "廃棄物処理法")
            + row("name-with-comma", "指定居宅サービス等の事業の人員、設備及び運営に関する基準") + row("by-id", "road-act")
            + row("unknown", "道路方")
        let report = importCSV(Data(csv.utf8), into: site)
        #expect(
            report.diagnostics.map(\.description) == [
                "list.csv:6:10: error: unknown law '道路方' in '法令名'; did you mean '道路法' (road-act)?"
            ])
        let loaded = loadProject(site)
        #expect(loaded.diagnostics.isEmpty, "\(loaded.diagnostics)")
        func laws(_ id: String) -> [String]? { loaded.corpus.document(id: "regulations/\(id)")?.kind.regulation?.laws }
        #expect(laws("two-laws") == ["security-business-act", "security-business-act-regulations"])
        #expect(laws("abbreviated") == ["waste-management-act"])
        #expect(laws("name-with-comma") == ["designated-home-care-service-standards"])
        #expect(laws("by-id") == ["road-act"])
        #expect(laws("unknown") == nil)
    }

    @Test func aMissingRequiredHeaderIsOneErrorAtLineOneListingTheHeadersFound() throws {
        let site = try projectWithVocabularies()
        defer { site.remove() }
        let csv = "法令名,条項,類型,見直し状況,見直し前,見直し後,日付\n建設業法,26条の5,常駐・専任,改正済み,a,b,2024-12-13\n"
        let report = importCSV(Data(csv.utf8), into: site)
        #expect(
            report.diagnostics.map(\.description) == [
                "list.csv:1:1: error: missing required column '所管府省庁' (ministry); found 法令名, 条項, 類型, 見直し状況, 見直し前, 見直し後, 日付; add the column, or name the column that holds it with --map '<header>=ministry'"
            ])
        #expect(report.planned.isEmpty && site.list("content") == ["_data"])
    }

    @Test func aDryRunPlansEveryFileAndWritesNothing() throws {
        let site = try projectWithVocabularies()
        defer { site.remove() }
        let report = try importFixture("regulations-sjis.csv", into: site) {
            $0.encoding = .shiftJIS
            $0.dryRun = true
        }
        #expect(report.diagnostics.isEmpty)
        #expect(report.planned.map(\.relativePath).count == 4)
        #expect(report.planned[0].text.hasPrefix("---\nid: \"regulation-2022-01-18\"\ntitle: \"建築基準法12条（定期報告）の見直し\"\n"))
        #expect(report.written.isEmpty)
        #expect(site.list("content") == ["_data"])
    }

    @Test func existingFilesAreNotOverwrittenWithoutForce() throws {
        let site = try projectWithVocabularies()
        defer { site.remove() }
        try site.write("content/regulations/road-bridge-inspection.md", "hand-written\n")
        try site.write("content/regulations/regulation-2022-01-18.md", "hand-written\n")
        let report = try importFixture("regulations-sjis.csv", into: site) { $0.encoding = .shiftJIS }
        #expect(
            report.diagnostics.map(\.description) == [
                "regulations-sjis.csv:3:1: error: content/regulations/road-bridge-inspection.md already exists and was not overwritten; use --force to replace it, or give this row another ID"
            ])
        // A derived id never replaces a file: it takes the next free suffix.
        #expect(
            report.written == [
                "content/regulations/regulation-2022-01-18-2.md", "content/regulations/regulation-2020-10-30.md",
                "content/regulations/regulation-2025-03-18.md"
            ])
        #expect(try site.read("content/regulations/road-bridge-inspection.md") == "hand-written\n")
        #expect(try site.read("content/regulations/regulation-2022-01-18.md") == "hand-written\n")

        let forced = try importFixture("regulations-sjis.csv", into: site) {
            $0.encoding = .shiftJIS
            $0.force = true
        }
        #expect(forced.diagnostics.isEmpty)
        #expect(forced.planned.first { $0.id == "road-bridge-inspection" }?.replacesExisting == true)
        #expect(try site.read("content/regulations/road-bridge-inspection.md").contains("laws: [\"road-act\"]"))
    }

    @Test func mapTakesFieldsFromOtherHeadersAndIgnoresColumns() throws {
        let site = try projectWithVocabularies()
        defer { site.remove() }
        let csv =
            "Law Name,Article,所管府省庁,類型,Status,見直し前,見直し後,日付,件名,メモ\n"
            + "下水道法,7条の3,mlit,periodic-inspection,reviewed,管内に入って点検していました。,ドローンも認められました。,2025-03-18,Sewer drone inspection,社内用\n"
        let unmapped = importCSV(Data(csv.utf8), into: site) { $0.dryRun = true }
        #expect(
            unmapped.diagnostics.filter { $0.severity == .error }.map(\.message) == [
                "missing required column '法令名' (laws); found Law Name, Article, 所管府省庁, 類型, Status, 見直し前, 見直し後, 日付, 件名, メモ",
                "missing required column '見直し状況' (status); found Law Name, Article, 所管府省庁, 類型, Status, 見直し前, 見直し後, 日付, 件名, メモ"
            ])

        let overrides = try ["Law Name=laws", "Article=article", "status=status", "メモ=", "件名=id"].map {
            try RegulationColumns.parseOverride($0).get()
        }
        let report = importCSV(Data(csv.utf8), into: site) { $0.columns = RegulationColumns(overrides: overrides) }
        #expect(
            report.diagnostics.map(\.description) == [
                "list.csv:2:86: error: 'Sewer drone inspection' in '件名' is not a valid id; use lower-case letters a-z, digits and single '-', e.g. bsa-12-exterior-wall"
            ])
        let titled = try ["Law Name=laws", "Article=article", "Status=status", "メモ="].map {
            try RegulationColumns.parseOverride($0).get()
        }
        let good = importCSV(Data(csv.utf8), into: site) { $0.columns = RegulationColumns(overrides: titled) }
        #expect(good.diagnostics.isEmpty, "\(good.diagnostics)")
        #expect(good.written == ["content/regulations/sewer-drone-inspection.md"])
        let review = try #require(
            loadProject(site).corpus.document(id: "regulations/sewer-drone-inspection")?.kind.regulation)
        #expect(review.laws == ["sewerage-act"])
        #expect(review.article == "7条の3")

        #expect(
            RegulationColumns.parseOverride("Law Name=lawz").map(\.header)
                == .failure(
                    ImportProblem(
                        message:
                            "--map 'Law Name=lawz': unknown field 'lawz'; the fields are id, title, laws, article, ministry, categories, status, before, after, technologies, date, sources"
                    )))
        #expect(RegulationColumns.parseOverride("a=b=laws").map(\.header) == .success("a=b"))
    }

    @Test func unmappedColumnsAreWarnedAboutAndTwoColumnsForOneFieldAreAnError() throws {
        let site = try projectWithVocabularies()
        defer { site.remove() }
        let csv = Self.header.replacingOccurrences(of: "\n", with: ",備考,タイトル\n") + Self.row
        let report = importCSV(Data(csv.utf8), into: site)
        #expect(
            report.diagnostics.map(\.description) == [
                "list.csv:1:51: warning: column '備考' is not imported; map it to a field with --map '備考=<field>', or ignore it with --map '備考='",
                "list.csv:1:54: error: columns '件名' and 'タイトル' both give 'title'; remove one, or ignore it with --map 'タイトル='"
            ])
        #expect(report.planned.isEmpty)
    }

    @Test func quotedCellsWithLineBreaksQuotesAndMarkdownSyntaxStayIntactAndSafe() throws {
        let site = try projectWithVocabularies()
        defer { site.remove() }
        let csv =
            Self.header
            + "tricky,\"題: \"\"引用\"\" # \\ [x]\",建設業法,26条,国土交通省,\"常駐・専任、\n目視\",改正済み,\"*強調*ではない\n<b>タグ</b>\",\"1. 一覧ではない\",,2024-12-13,\n"
        let report = importCSV(Data(csv.utf8), into: site)
        #expect(report.diagnostics.isEmpty, "\(report.diagnostics)")
        let loaded = loadProject(site)
        // A row without 出典URL is imported; check nudges
        #expect(loaded.diagnostics.map(\.message) == ["no 'sources' given"])
        let document = try #require(loaded.corpus.document(id: "regulations/tricky"))
        #expect(document.title == "題: \"引用\" # \\ [x]")
        #expect(document.kind.regulation?.categories == ["resident-dedicated", "visual-inspection"])
        // Lines of a cell join as soft line breaks do: a space only where Japanese meets other text.
        #expect(document.kind.regulation?.before == "*強調*ではない <b>タグ</b>")
        #expect(document.plainText.contains("*強調*ではない <b>タグ</b> 1. 一覧ではない"))
        #expect(!document.bodyHTML.contains("<em>") && !document.bodyHTML.contains("<ol"))
    }

    @Test func derivedIdsAreUniqueAcrossTheRowsOfOneImportAndGivenIds() throws {
        let site = try projectWithVocabularies()
        defer { site.remove() }
        let csv = Self.header + Self.row + Self.row + "regulation-2024-12-13-2" + Self.row
        let report = importCSV(Data(csv.utf8), into: site)
        #expect(report.diagnostics.map(\.severity).filter { $0 == .error }.isEmpty, "\(report.diagnostics)")
        #expect(
            report.written == [
                "content/regulations/regulation-2024-12-13.md", "content/regulations/regulation-2024-12-13-3.md",
                "content/regulations/regulation-2024-12-13-2.md"
            ])
    }

    /// A derived id that another file declares (its file has another name) is taken, as a file of
    /// that name is: the build would refuse the two as duplicates.
    @Test func aDerivedIdAnotherFileDeclaresIsTaken() throws {
        let site = try projectWithVocabularies()
        defer { site.remove() }
        try site.write("content/regulations/other-name.md", "---\nid: \"regulation-2024-12-13\" # declared\n---\n")
        let report = importCSV(Data((Self.header + Self.row).utf8), into: site)
        #expect(report.diagnostics.map(\.severity).filter { $0 == .error }.isEmpty, "\(report.diagnostics)")
        #expect(report.written == ["content/regulations/regulation-2024-12-13-2.md"])
    }
}
