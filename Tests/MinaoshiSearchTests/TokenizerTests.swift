import Foundation
import MinaoshiSupport
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

    /// The shortcut for kanji and kana must change nothing: each scalar it takes is its own NFKC
    /// (alone and in text), its own case fold, and CJK; its neighbours fall outside it.
    @Test func commonCJKScalarsAreTheirOwnNormalForm() {
        var taken = 0
        for value in UInt32(0x3000)...0xA000 {
            guard let scalar = Unicode.Scalar(value), SearchTokenizer.isCommonCJK(scalar) else { continue }
            taken += 1
            #expect(
                scalar.nfkcAlone == scalar && String(scalar).nfkc == String(scalar)
                    && SearchTokenizer.fold(scalar) == scalar,
                "U+\(String(value, radix: 16))")
            #expect(SearchTokenizer.classify(scalar) == .cjk)
        }
        #expect(taken == (0x9FFF - 0x4E00 + 1) + (0x3096 - 0x3041 + 1) + (0x30FA - 0x30A1 + 1))
        for value: UInt32 in [
            0x3000, 0x3040, 0x3097, 0x3099, 0x309B, 0x30A0, 0x30FB, 0x30FC, 0x4DFF, 0xA000, 0xFF21, 0x41
        ] {
            #expect(!SearchTokenizer.isCommonCJK(Unicode.Scalar(value)!), "U+\(String(value, radix: 16))")
        }
    }
}
