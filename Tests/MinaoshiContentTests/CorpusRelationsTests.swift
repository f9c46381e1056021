import Foundation
import MinaoshiSupport
import MinaoshiTestSupport
import Testing

@testable import MinaoshiContent

@Suite struct CorpusRelationsTests {
    func corpus() throws -> Corpus {
        let site = try FixtureSite(
            files: [
                "content/regulations/bridge.md": regulationText(id: "bridge", title: "橋の点検"),
                "content/regulations/river.md": regulationText(id: "river", title: "河川の巡視"),
                "content/cases/a.md": caseText(id: "a", title: "事例A", regulations: ["bridge"]),
                "content/cases/b.md": caseText(id: "b", title: "事例B", regulations: ["bridge"]),
                "content/cases/c.md": caseText(id: "c", title: "事例C", extra: "").replacingOccurrences(
                    of: "technologies: [drones]", with: "technologies: [satellite-data]")
            ], copyTemplates: false)
        defer { site.remove() }
        let result = CorpusLoader.load(
            root: site.root, options: LoadOptions(today: CalendarDate(year: 2026, month: 11, day: 27)!))
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
        #expect(
            corpus.documents(filedUnder: .technologies, term: "drones").map(\.id) == [
                "cases/a", "cases/b", "regulations/bridge", "regulations/river"
            ])
        #expect(corpus.documents(filedUnder: .technologies, term: "satellite-data").map(\.id) == ["cases/c"])
        #expect(corpus.documents(filedUnder: .ministries, term: "mlit").count == 2)
        #expect(corpus.documents(filedUnder: .prefectures, term: "fukushima").count == 3)
    }

    @Test func relatedDocumentsAreRankedByWhatTheyShareAndSkipDirectLinks() throws {
        let corpus = try corpus()
        let a = try #require(corpus.document(id: "cases/a"))
        // b shares the regulation (4), the technology (2) and the category (1); river shares technology and category;
        // bridge is a direct link and c shares only the category (1, below the threshold of 2).
        let related = RelatedDocuments(corpus: corpus)
        #expect(related.related(to: a, in: corpus).map(\.id) == ["cases/b", "regulations/river"])
        let c = try #require(corpus.document(id: "cases/c"))
        #expect(related.related(to: c, in: corpus).isEmpty)
        Self.expectOneAtATimeIsTheWhole(related, corpus)
    }

    /// The related documents of one document worked out alone (a preview's) are the whole
    /// computation's, and the others get none there.
    static func expectOneAtATimeIsTheWhole(
        _ whole: RelatedDocuments, _ corpus: Corpus, sourceLocation: Testing.SourceLocation = #_sourceLocation
    ) {
        for (index, document) in corpus.documents.enumerated() {
            let alone = RelatedDocuments(only: [index], in: corpus)
            #expect(
                alone.relatedIndices(to: document, in: corpus) == whole.relatedIndices(to: document, in: corpus),
                "\(document.id)", sourceLocation: sourceLocation)
            let other = corpus.documents[(index + 1) % corpus.documents.count]
            if other.id != document.id {
                #expect(alone.relatedIndices(to: other, in: corpus).isEmpty, sourceLocation: sourceLocation)
            }
        }
    }

    /// 600 reviews in one category with one technology: every pair shares something, so the old
    /// all-pairs scoring visited 600 × 600 documents. Candidates must stay bounded by the window,
    /// and the result must not depend on the order the work was done in.
    @Test func candidatesStayBoundedInAHugeTermAndTheResultIsDeterministic() throws {
        var files: [String: String] = [:]
        for number in 0..<600 {
            let day = 1 + number % 28, month = 1 + (number / 28) % 12
            files["content/regulations/r\(number).md"] = regulationText(
                id: "r\(number)", title: "規制\(number)",
                date: String(format: "2023-%02d-%02d", month, day))
        }
        let site = try FixtureSite(files: files, copyTemplates: false)
        defer { site.remove() }
        let loaded = CorpusLoader.load(
            root: site.root, options: LoadOptions(today: CalendarDate(year: 2026, month: 11, day: 27)!))
        #expect(!loaded.diagnostics.containsErrors, "\(loaded.diagnostics.prefix(3))")
        let corpus = loaded.corpus
        let first = RelatedDocuments(corpus: corpus)
        // Each feature contributes at most 2 × window + 1 neighbours; a review has a technology and a category.
        #expect(first.largestCandidateSet <= 2 * (2 * RelatedDocuments.neighbourWindow + 1))
        #expect(first.largestCandidateSet >= 2 * RelatedDocuments.neighbourWindow)
        let second = RelatedDocuments(corpus: corpus)
        for document in corpus.documents {
            let ids = first.related(to: document, in: corpus).map(\.id)
            #expect(ids.count == RelatedDocuments.defaultLimit)
            #expect(!ids.contains(document.id))
            #expect(ids == second.related(to: document, in: corpus).map(\.id))
        }
        // Here every feature's list is over the full-scan limit: the window around the document
        // in each list decides, and must be found alone as in the whole.
        Self.expectOneAtATimeIsTheWhole(first, corpus)
    }

    /// Keeping the best few by insertion ranks as sorting every candidate and taking the first few.
    @Test func keepingTheBestFewRanksAsAFullSort() {
        for round in 0..<200 {
            let count = round % 40, limit = round % 7
            // Scores 2 to 6 in a fixed scramble, so ties are common and the test is the same each run.
            let scored = (0..<count).map { (index: $0 * 3, score: 2 + ($0 * 7 + round * 13 + $0 * $0) % 5) }
            var best: [(index: Int, score: Int)] = []
            for candidate in scored { RelatedDocuments.keep(candidate, in: &best, limit: limit) }
            let sorted = scored.sorted { $0.score != $1.score ? $0.score > $1.score : $0.index < $1.index }.prefix(
                limit)
            #expect(best.map(\.index) == sorted.map(\.index), "round \(round)")
        }
    }
}
