import Foundation
import MinaoshiTestSupport
import Testing
@testable import MinaoshiSearch

/// The Swift tokenizer against the golden vectors the JavaScript tokenizer also passes
/// (`node --test Tests/js/`): one set of rules, two implementations, proven equal.
@Suite struct TokenizerTests {
    struct Vector: Decodable {
        var input: String
        var tokens: [String]
        var positions: [Int]
    }

    static let golden: [Vector] = {
        let url = FixtureSite.packageRoot.appendingPathComponent("Tests/Fixtures/search/tokenizer-golden.json")
        return try! JSONDecoder().decode([Vector].self, from: Data(contentsOf: url))
    }()

    @Test func theGoldenFileHasAtLeast200Vectors() {
        #expect(Self.golden.count >= 200)
    }

    @Test func everyGoldenVectorTokenizesAsRecorded() {
        for vector in Self.golden {
            let tokens = SearchTokenizer.tokens(vector.input)
            #expect(tokens.map(\.term) == vector.tokens, "input \(vector.input)")
            #expect(tokens.map(\.position) == vector.positions, "input \(vector.input)")
        }
    }

    @Test func theLongVowelMarkAtAKatakanaWordEndFolds() {
        #expect(SearchTokenizer.tokens("サーバー") == SearchTokenizer.tokens("サーバ"))
        #expect(SearchTokenizer.tokens("ｻｰﾊﾞｰ") == SearchTokenizer.tokens("サーバ"))
        #expect(SearchTokenizer.tokens("ラーメン").map(\.term) == ["ラー", "ーメ", "メン"])
    }

    @Test func aLoneCJKCharacterIsAUnigramAndRunsAreBigrams() {
        #expect(SearchTokenizer.tokens("法").map(\.term) == ["法"])
        #expect(SearchTokenizer.tokens("近接目視").map(\.term) == ["近接", "接目", "目視"])
        #expect(SearchTokenizer.tokens("ＡＩ活用").map(\.term) == ["ai", "活用"])
    }
}
