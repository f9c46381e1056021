import Foundation
import MinaoshiContent
import MinaoshiSupport
import MinaoshiTestSupport
import Testing

@testable import MinaoshiSite

/// The corpus we ship: big enough, wide enough, clean, and cross-linked on its pages.
@Suite(.serialized) struct ShippedCorpusTests {
    static let root = FixtureSite.packageRoot

    func load() -> LoadResult {
        CorpusLoader.load(root: Self.root, options: LoadOptions(today: CalendarDate(year: 2026, month: 11, day: 27)!))
    }

    @Test func hasNoErrorsAndCoversWhatTheIssueAsks() {
        let result = load()
        #expect(!result.diagnostics.containsErrors, "\(result.diagnostics.filter { $0.severity == .error })")
        let corpus = result.corpus
        let regulations = corpus.documents.compactMap(\.kind.regulation)
        let cases = corpus.documents.compactMap(\.kind.caseStudy)
        #expect(regulations.count >= 27)
        #expect(cases.count >= 20)
        #expect(
            Set(regulations.flatMap(\.categories) + cases.flatMap(\.categories))
                == Set(corpus.vocabularies[.categories].ids))
        // The eight categories of the review, plus `other` for procedures that fit none of them.
        #expect(corpus.vocabularies[.categories].ids.count == 9)
        #expect(Set(regulations.map(\.ministry).filter { !$0.isEmpty }).count >= 8)
        #expect(Set(cases.flatMap(\.prefectures)).count >= 12)
        #expect(corpus.vocabularies[.prefectures].terms.count == 47)
        #expect(
            corpus.documents.filter { $0.kind.regulation != nil || $0.kind.caseStudy != nil }.allSatisfy {
                !$0.sources.isEmpty
            })
    }

    @Test func theHojoDXCaseCarriesTheFoundingDocumentFigures() throws {
        let corpus = load().corpus
        let hojo = try #require(corpus.document(id: "cases/minamisoma-hojo-dx"))
        let outcomes = try #require(hojo.kind.caseStudy?.outcomes)
        #expect(outcomes.contains { $0.value.contains("85%") && $0.period == "令和7年度" })
        #expect(hojo.plainText.contains("120"))
        #expect(hojo.plainText.contains("39"))
        #expect(hojo.kind.caseStudy?.prefectures == ["fukushima"])
    }

    @Test func pagesShowTheirCrossLinksBothWays() throws {
        let site = try FixtureSite.shippedProject()
        defer { site.remove() }
        _ = try SiteBuilder.build(
            BuildOptions(
                root: site.root, output: site.url("site"), today: CalendarDate(year: 2026, month: 11, day: 27)!))
        let corpus = load().corpus
        // Find a case that names a regulation, and check both pages link to each other.
        let linked = try #require(corpus.documents.first { !($0.kind.caseStudy?.regulations.isEmpty ?? true) })
        let regulationID = try #require(linked.kind.caseStudy?.regulations.first)
        let casePage = try site.read("site/\(linked.id)/index.html")
        #expect(casePage.contains(#"href="/regulations/\#(regulationID)/""#))
        #expect(casePage.contains("この事例が実装した規制の見直し"))
        let regulationPage = try site.read("site/regulations/\(regulationID)/index.html")
        #expect(regulationPage.contains("この規制の見直しを実装した事例"))
        #expect(regulationPage.contains(#"href="/\#(linked.id)/""#))
        // Vocabulary pages list their documents.
        let categoryPage = try site.read("site/categories/visual-inspection/index.html")
        #expect(categoryPage.contains("<h1>アナログ規制の類型：目視</h1>"))
        #expect(categoryPage.contains(#"href="/cases/minamisoma-hojo-dx/""#))
        let prefecturePage = try site.read("site/prefectures/fukushima/index.html")
        #expect(prefecturePage.contains(#"href="/cases/minamisoma-hojo-dx/""#))
        #expect(try site.read("site/categories/index.html").contains("FD等記録媒体"))
    }
}
