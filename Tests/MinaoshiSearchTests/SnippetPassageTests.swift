import Foundation
import MinaoshiTestSupport
import Testing

@testable import MinaoshiSearch

/// Which passage a result's snippet comes from, against the golden cases `engine.js` also passes
/// (`Tests/Fixtures/search/snippet-golden.json`).
@Suite struct SnippetPassageTests {
    struct Term: Decodable {
        var own: [String]
        var synonyms: [String]
        var rarity: Int
    }
    struct Case: Decodable {
        var why: String
        var text: String
        var terms: [Term]
        var parts: [String]
    }
    struct Golden: Decodable { var cases: [Case] }

    @Test func everyGoldenSnippetComesFromTheRecordedPassage() throws {
        let url = FixtureSite.packageRoot.appendingPathComponent("Tests/Fixtures/search/snippet-golden.json")
        let golden = try JSONDecoder().decode(Golden.self, from: Data(contentsOf: url))
        #expect(golden.cases.count >= 10)
        for item in golden.cases {
            let terms = item.terms.map {
                SnippetTerm(
                    own: $0.own.map { Array($0.unicodeScalars) },
                    synonyms: $0.synonyms.map { Array($0.unicodeScalars) }, rarity: $0.rarity)
            }
            #expect(Snippet.parts(item.text, terms: terms) == item.parts, "\(item.why)")
        }
    }

    @Test func rarityIsTheBitLengthOfDocumentsPerMatchingDocument() {
        let pairs = [(1, 10_000), (5_000, 10_000), (5_001, 10_000), (2_500, 10_000), (10_000, 10_000), (0, 10), (3, 3)]
        #expect(pairs.map { Snippet.rarity(documents: $0.0, of: $0.1) } == [14, 2, 1, 3, 1, 4, 1])
    }

    /// A match past the old 300-character start of the body is found: the fragment keeps the body's
    /// passages, and the engine shows the one with the query's rarest term.
    @Test func aSnippetComesFromAPassageFarIntoTheBody() throws {
        let filler = String(repeating: "規制の見直しについて説明する段落です。", count: 30)
        let body = "\(filler)\n\n\(filler)\n\n人工衛星の画像で農地を確認する。\n\n\(filler)"
        let documents = [
            SearchDocument(title: "農地の確認", path: "/a/", summary: "", meta: "", labels: [], body: body, facets: [:]),
            SearchDocument(title: "別の文書", path: "/b/", summary: "", meta: "", labels: [], body: filler, facets: [:])
        ]
        let index = try SearchIndex(source: MemoryIndexSource(SearchIndexWriter.files(documents, facets: [])))
        let hit = try #require(index.search("衛星 規制").hits.first)
        #expect(hit.path == "/a/")
        // The passage from its start (the match is 2 characters in), then 120 characters on into the
        // next passage, shown after a space: five of its sentences and a part of the sixth.
        let sentence = ["規制", "の見直しについて説明する段落です。"]
        #expect(
            hit.snippet == ["…人工", "衛星", "の画像で農地を確認する。 "] + Array(repeatElement(sentence, count: 5).joined()) + [
                "規制", "の見直しにつ…"
            ])
    }
}
