import Foundation
import MinaoshiContent
import MinaoshiSearch
import MinaoshiSupport
import MinaoshiTestSupport
import Testing

@testable import MinaoshiSite

/// The laws vocabulary: every shipped e-Gov 法令ID has e-Gov's form, agrees with its 法令番号 and
/// says how it was confirmed; every regulation's `laws` resolve; a law's page links to its text on
/// e-Gov and lists its reviews by article.
@Suite struct LawsTests {
    static let today = CalendarDate(year: 2026, month: 11, day: 27)!

    @Test func theFormOfAnEGovLawIDIsChecked() {
        for id in ["325AC0000000201", "336CO0000000037", "341M50000400053", "323M40000100023", "123IO0000000001"] {
            #expect(LawID.isWellFormed(id), "\(id)")
        }
        for id in [
            "", "325AC000000201", "625AC0000000201", "3X5AC0000000201", "325XX0000000201", "325ac0000000201",
            "325AC00000002O1", "341M5000040005A", "325AC0000000201 ", "３25AC0000000201"
        ] {
            #expect(!LawID.isWellFormed(id), "\(id)")
        }
        #expect(ViewFactory.articleOrder("3条", "12条") && !ViewFactory.articleOrder("12条", "3条"))
        #expect(
            ViewFactory.articleOrder("26条3項", "26条の5") && ViewFactory.articleOrder("7条", "7条の3")
                && !ViewFactory.articleOrder("7条", "7条"))
        #expect(LawID.url("327AC0000000180") == "https://laws.e-gov.go.jp/law/327AC0000000180")
    }

    @Test func aMalformedOrUnsourcedEGovIDIsAPositionedError() throws {
        let site = try FixtureSite(files: [
            "content/_data/laws.yml": """
            - id: typo-act
              ja: 誤記法
              en: Typo Act
              egov_id: "325AC000000201"
              egov_id_source: "listed: somewhere"
            - id: unsourced-act
              ja: 出典なし法
              en: Unsourced Act
              egov_id: "325AC0000000201"

            """
        ])
        defer { site.remove() }
        let (vocabularies, problems) = Vocabularies.load(root: site.root)
        #expect(
            problems.map(\.description) == [
                "content/_data/laws.yml:4:12: error: '325AC000000201' is not an e-Gov 法令ID; write the ID of https://laws.e-gov.go.jp/law/<法令ID>, e.g. 325AC0000000201 (建築基準法)",
                "content/_data/laws.yml:9:12: error: law 'unsourced-act' does not say how its egov_id was confirmed; add egov_id_source: \"listed: <where a listing shows the ID with the name>\" or \"derived: from <法令番号>\""
            ])
        #expect(vocabularies[.laws].ids == ["typo-act", "unsourced-act"])
    }

    /// Whether `id` is the ID e-Gov's scheme gives a 法律 or 政令 of `lawNumber` (昭和25年法律第201号 →
    /// 325AC0000000201): era, year, kind and number agree; the two digits before the number say who
    /// proposed it (00 the cabinet, 10 a member of the House of Representatives, 01 of the House of
    /// Councillors: 道路法 is 327AC1000000180), which the 法令番号 does not tell. `nil` for other kinds.
    static func agrees(_ id: String, with lawNumber: String) -> Bool? {
        let eras = ["明治": 1, "大正": 2, "昭和": 3, "平成": 4, "令和": 5]
        let pattern = /^(明治|大正|昭和|平成|令和)(\d{1,2})年(法律|政令)第(\d+)号$/
        guard let match = lawNumber.wholeMatch(of: pattern), let era = eras[String(match.1)],
            let year = Int(match.2), let number = Int(match.4)
        else { return nil }
        let kind = match.3 == "法律" ? "AC" : "CO"
        let prefix = "\(era)\(String(format: "%02d", year))\(kind)", digits = id.dropFirst(5)
        let proposers = kind == "AC" ? ["00", "10", "01"] : ["00"]
        return id.hasPrefix(prefix) && proposers.contains(String(digits.prefix(2)))
            && Int(digits.dropFirst(2)) == number
    }

    @Test func everyShippedEGovIDIsWellFormedSourcedAndAgreesWithItsLawNumber() throws {
        let result = CorpusLoader.load(root: FixtureSite.packageRoot, options: LoadOptions(today: Self.today))
        #expect(!result.diagnostics.containsErrors, "\(result.diagnostics.filter { $0.severity == .error })")
        let laws = result.corpus.vocabularies[.laws].terms
        #expect(laws.count >= 40)
        var withID = 0
        for law in laws {
            guard let id = law.attributes["egov_id"] else { continue }
            withID += 1
            #expect(LawID.isWellFormed(id), "\(law.id): \(id)")
            let source = law.attributes["egov_id_source"] ?? ""
            #expect(LawID.sourcePrefixes.contains(where: source.hasPrefix), "\(law.id): \(source)")
            let number = try #require(law.attributes["law_number"], "\(law.id) has an e-Gov ID but no law_number")
            if let agrees = Self.agrees(id, with: number) {
                #expect(agrees, "\(law.id): \(id) is not the ID of \(number)")
            }
            // A ministerial ordinance's ID names the year of its number too.
            if number.contains("省令") { #expect(id.dropFirst(3).first == "M", "\(law.id)") }
        }
        #expect(withID >= 30)
        #expect(Self.agrees("327AC1000000180", with: "昭和27年法律第180号") == true)
        #expect(Self.agrees("325AC0100000214", with: "昭和25年法律第214号") == true)
        #expect(Self.agrees("327AC0000000181", with: "昭和27年法律第180号") == false)
        #expect(Self.agrees("336CO1000000037", with: "昭和36年政令第37号") == false)
    }

    @Test func everyShippedRegulationNamesLawsThatResolve() throws {
        let corpus = CorpusLoader.load(root: FixtureSite.packageRoot, options: LoadOptions(today: Self.today)).corpus
        let regulations = corpus.documents.compactMap(\.kind.regulation)
        #expect(!regulations.isEmpty)
        for regulation in regulations {
            #expect(!regulation.laws.isEmpty)
            for id in regulation.laws { #expect(corpus.vocabularies[.laws].term(id)?.id == id, "\(id)") }
        }
        // A review is found by its laws' names, 略称 included, and filtered by their ids.
        let waste = try #require(corpus.document(id: "regulations/waste-permit-documents-web-inspection"))
        let search = SearchDocument(waste, vocabularies: corpus.vocabularies, typeLabel: "規制の見直し")
        #expect(search.labels.contains("廃棄物の処理及び清掃に関する法律") && search.labels.contains("廃棄物処理法"))
        #expect(search.facets["law"] == ["waste-management-act"])
        // 警備業法／警備業法施行規則 is two laws.
        let security = corpus.document(id: "regulations/security-business-sign-web")?.kind.regulation
        #expect(security?.laws == ["security-business-act", "security-business-act-regulations"])
    }

    @Test func aLawPageLinksToEGovAndListsItsReviewsByArticle() throws {
        let site = try FixtureSite(files: [
            "minaoshi.yml": "title: 見直しテスト\nbase_url: https://example.go.jp/minaoshi/\npublisher: テスト班\n",
            "content/regulations/b.md": regulationText(id: "b", title: "橋の点検", extra: "article: 12条\n"),
            "content/regulations/a.md": regulationText(id: "a", title: "トンネルの点検", extra: "article: 3条\n"),
            "content/regulations/c.md": regulationText(id: "c", title: "案内の掲示"),
            "content/regulations/guide.md": regulationText(id: "guide", title: "砂防の点検")
                .replacingOccurrences(of: "laws: [road-act]", with: "laws: [sabo-facility-inspection-guidelines]")
        ])
        defer { site.remove() }
        _ = try SiteBuilder.build(BuildOptions(root: site.root, output: site.url("site"), today: Self.today))
        let page = try site.read("site/laws/road-act/index.html")
        #expect(
            page.contains(
                #"法令番号：昭和27年法律第180号 <a href="https://laws.e-gov.go.jp/law/327AC1000000180">e-Gov 法令検索で本文を読む</a>"#))
        let rows = page.components(separatedBy: "<tr><td>").dropFirst().map { $0.components(separatedBy: "</tr>")[0] }
        #expect(
            rows == [
                #"3条</td><td><a href="/minaoshi/regulations/a/">トンネルの点検</a></td>"#,
                #"12条</td><td><a href="/minaoshi/regulations/b/">橋の点検</a></td>"#,
                #"（条項の記載なし）</td><td><a href="/minaoshi/regulations/c/">案内の掲示</a></td>"#
            ])
        // A guideline has no 法令番号 and no e-Gov ID: no link.
        let guide = try site.read("site/laws/sabo-facility-inspection-guidelines/index.html")
        #expect(!guide.contains("e-gov.go.jp"))
        #expect(!guide.contains("法令番号"))
        // The review's page names the law and links to its page.
        let review = try site.read("site/regulations/a/index.html")
        #expect(review.contains(#"<a href="/minaoshi/laws/road-act/">道路法</a>"#))
        // A law with a 略称 is named with it, on its page and on its reviews'.
        let abbreviated = try FixtureSite(files: [
            "minaoshi.yml": "title: 見直しテスト\nbase_url: https://example.go.jp/minaoshi/\npublisher: テスト班\n",
            "content/regulations/w.md": regulationText(id: "w", title: "処理施設の情報").replacingOccurrences(
                of: "laws: [road-act]", with: "laws: [waste-management-act]")
        ])
        defer { abbreviated.remove() }
        _ = try SiteBuilder.build(
            BuildOptions(root: abbreviated.root, output: abbreviated.url("site"), today: Self.today))
        #expect(try abbreviated.read("site/regulations/w/index.html").contains(#">廃棄物の処理及び清掃に関する法律（廃棄物処理法）</a>"#))
        #expect(
            try abbreviated.read("site/laws/waste-management-act/index.html").contains("略称：廃棄物処理法 法令番号：昭和45年法律第137号 <a")
        )
    }
}
