import Foundation
import MinaoshiTestSupport
import Testing

@testable import MinaoshiSearch

/// Swift's synonym expansion against the golden vectors `engine.js` also passes
/// (`Tests/Fixtures/search/synonym-golden.json`, written by `scripts/synonym-golden.mjs`).
@Suite struct SynonymGoldenTests {
    struct Expansion: Decodable, Equatable {
        var term: String
        var synonyms: [String]
        var runs: [[String]]
    }
    struct Vector: Decodable {
        var query: String
        var expansions: [Expansion?]
        var exactQuery: String?
    }
    struct Golden: Decodable {
        var groups: [[String]]
        var oneWay: [String]
        var unfound: [String]
        var vectors: [Vector]
    }

    static let golden: Golden = {
        let url = FixtureSite.packageRoot.appendingPathComponent("Tests/Fixtures/search/synonym-golden.json")
        return try! JSONDecoder().decode(Golden.self, from: Data(contentsOf: url))
    }()

    @Test func everyGoldenQueryExpandsAsRecorded() {
        #expect(Self.golden.vectors.count >= 40)
        #expect(
            Self.golden.vectors.contains { $0.exactQuery != nil }
                && Self.golden.vectors.contains { $0.exactQuery == nil })
        #expect(!Self.golden.unfound.isEmpty && !Self.golden.oneWay.isEmpty)
        // The index's one list: the one-way terms as the writer marks them, then those no document has.
        let table = SynonymTable(groups: Self.golden.groups, unfound: Set(Self.golden.oneWay + Self.golden.unfound))
        for vector in Self.golden.vectors {
            let query = SearchQuery(vector.query)
            let expansions = query.terms.map { term in
                table.expansions(of: term).map { entry in
                    Expansion(
                        term: entry.written, synonyms: entry.expansions.map(\.text),
                        runs: entry.expansions.map { $0.term.runs.map(\.text) })
                }
            }
            #expect(expansions == vector.expansions, "query \(vector.query)")
            let quoted = Set(expansions.indices.filter { expansions[$0] != nil })
            #expect((quoted.isEmpty ? nil : query.text(quoting: quoted)) == vector.exactQuery, "query \(vector.query)")
        }
    }

    @Test func theWriterMarksTheOneWayTermsAndNoQueryExpandsToThem() throws {
        var written: [UInt8] = []
        _ = SynonymIndex.write(Self.golden.groups, oneWay: Self.golden.oneWay) { _, bytes in written = bytes }
        let contents = try JSONDecoder().decode(SynonymIndex.Contents.self, from: Data(written))
        #expect(contents.unfound == Self.golden.oneWay)
        for term in Self.golden.oneWay {
            #expect(
                Self.golden.vectors.first { $0.query == term }?.expansions.first??.synonyms.isEmpty == false,
                "\(term) expands")
            #expect(
                !Self.golden.vectors.contains { $0.expansions.contains { $0?.synonyms.contains(term) == true } },
                "a query expands to \(term)")
        }
    }
}
