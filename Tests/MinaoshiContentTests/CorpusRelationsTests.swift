import MinaoshiSupport
import MinaoshiTestSupport
import Testing
@testable import MinaoshiContent

@Suite struct CorpusRelationsTests {
    func corpus() throws -> Corpus {
        let site = try FixtureSite(files: [
            "content/regulations/bridge.md": regulationText(id: "bridge", title: "橋の点検"),
            "content/regulations/river.md": regulationText(id: "river", title: "河川の巡視"),
            "content/cases/a.md": caseText(id: "a", title: "事例A", regulations: ["bridge"]),
            "content/cases/b.md": caseText(id: "b", title: "事例B", regulations: ["bridge"]),
            "content/cases/c.md": caseText(id: "c", title: "事例C", extra: "").replacingOccurrences(of: "technologies: [drones]", with: "technologies: [satellite-data]"),
        ], copyTemplates: false)
        defer { site.remove() }
        let result = CorpusLoader.load(root: site.root, options: LoadOptions(today: CalendarDate(year: 2026, month: 11, day: 27)!))
        #expect(!result.diagnostics.containsErrors, "\(result.diagnostics)")
        return result.corpus
    }

    @Test func regulationsAndCasesLinkBothWays() throws {
        let corpus = try corpus()
        let bridge = try #require(corpus.document(id: "regulations/bridge"))
        #expect(corpus.cases(implementing: bridge).map(\.id) == ["cases/a", "cases/b"])
        let a = try #require(corpus.document(id: "cases/a"))
        #expect(corpus.regulations(implementedBy: a).map(\.id) == ["regulations/bridge"])
        #expect(corpus.cases(implementing: try #require(corpus.document(id: "regulations/river"))).isEmpty)
    }

    @Test func termsKnowTheirDocuments() throws {
        let corpus = try corpus()
        #expect(corpus.documents(filedUnder: .technologies, term: "drones").map(\.id) == ["cases/a", "cases/b", "regulations/bridge", "regulations/river"])
        #expect(corpus.documents(filedUnder: .technologies, term: "satellite-data").map(\.id) == ["cases/c"])
        #expect(corpus.documents(filedUnder: .ministries, term: "mlit").count == 2)
        #expect(corpus.documents(filedUnder: .prefectures, term: "fukushima").count == 3)
    }

    @Test func relatedDocumentsAreRankedByWhatTheyShareAndSkipDirectLinks() throws {
        let corpus = try corpus()
        let a = try #require(corpus.document(id: "cases/a"))
        // b shares the regulation (4), the technology (2) and the category (1); river shares technology and category;
        // bridge is a direct link and c shares only the category (1, below the threshold of 2).
        #expect(corpus.related(to: a).map(\.id) == ["cases/b", "regulations/river"])
        let c = try #require(corpus.document(id: "cases/c"))
        #expect(corpus.related(to: c).isEmpty)
    }
}
