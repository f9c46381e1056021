import MinaoshiContent
import MinaoshiSupport
import MinaoshiTestSupport
import Testing

@testable import MinaoshiSite

/// `/progress/` counts documents per term in one pass (``TermCounts``); each count must be what
/// filtering the documents for the term gives, the way the page counted before.
@Suite struct TermCountsTests {
    @Test func eachCountIsTheFilteredCountOnTheShippedCorpus() {
        let corpus = CorpusLoader.load(
            root: FixtureSite.packageRoot, options: LoadOptions(today: CalendarDate(year: 2026, month: 11, day: 27)!)
        ).corpus
        #expect(corpus.documents.count > 10)
        for kind in VocabularyKind.allCases {
            let lists = corpus.documents.map { $0.kind.terms(of: kind) }
            let counts = TermCounts(lists)
            for term in corpus.vocabularies[kind].terms {
                #expect(counts[term.id] == lists.filter { $0.contains(term.id) }.count, "\(kind) \(term.id)")
            }
        }
    }

    /// Random lists with repeats: a list that names an id twice still counts once, and an id no
    /// list names counts zero.
    @Test func eachCountIsTheFilteredCountOnRandomLists() {
        var generator = SplitMix(seed: 26)
        let ids = ["a", "b", "c", "d", "", "見直し"]
        for _ in 0..<200 {
            let lists = (0..<Int(generator.next() % 30)).map { _ in
                (0..<Int(generator.next() % 5)).map { _ in ids[Int(generator.next() % UInt64(ids.count))] }
            }
            let counts = TermCounts(lists)
            for id in ids + ["z"] { #expect(counts[id] == lists.filter { $0.contains(id) }.count, "\(lists)") }
        }
    }
}
