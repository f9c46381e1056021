import Foundation
import MinaoshiSupport
import MinaoshiTestSupport
import Testing

@Suite("Text normalisation")
struct TextNormalizationTests {
    /// The fast path (text that is its own NFKC form) must agree with Foundation on every input.
    @Test(
        "NFKC fast path agrees with Foundation",
        arguments: [
            "見直し後の規制", "ドローンによる点検", "ｶﾀｶﾅ", "カ\u{3099}", "ABC abc 123", "（括弧）", "①②", "ヿ", "e\u{301}", "が", "ゔ",
            "近接目視、定期点検。「書面掲示」『縦覧』", "ﾄﾞﾛｰﾝ", "ｈｔｔｐ", "㈱", "〜", "・", ""
        ])
    func fastPathAgrees(_ text: String) {
        #expect(text.nfkc == text.precomposedStringWithCompatibilityMapping)
    }

    /// Mixed strings go through Foundation run by run; the pieces must join to exactly the
    /// scalars of the whole string normalised at once, whatever sits beside each run.
    @Test("NFKC by runs equals NFKC of the whole string, scalar for scalar")
    func runsAgreeWithWhole() {
        let alphabet =
            Array("Ａｚ０（）　※→\u{338}見直しドローン点検、。「」ー々がゞヾ・〜ｶﾞﾊﾟｰﾞﾟ（）ＡＢ１２①㈱㍻\u{3099}\u{309A}\u{3000}ゟヿe\u{301}ab 1\n豈")
            as [Character]
        var generator = SplitMix(seed: 7)
        for _ in 0..<3_000 {
            let length = Int(generator.next() % 12)
            let text = String((0..<length).map { _ in alphabet[Int(generator.next() % UInt64(alphabet.count))] })
            let mapped = text.precomposedStringWithCompatibilityMapping
            let whole = mapped.precomposedStringWithCanonicalMapping
            #expect(Array(text.nfkc.unicodeScalars) == Array(whole.unicodeScalars), "\(Array(text.unicodeScalars))")
        }
    }

    /// A text that needs only full-width forms mapped is read scalar by scalar by the search
    /// tokenizer, without its NFKC string: the mapped scalars must be exactly that string's.
    @Test("Mapping scalar by scalar gives NFKC whenever every scalar can say alone")
    func widthMappingAloneIsNFKC() {
        let alphabet = Array("Ａｚ０（）　※→見直しドローン点検、。「」ー々・ab 1\n豈ｶﾞ①㈱e\u{301}\u{3099}") as [Character]
        var generator = SplitMix(seed: 11)
        var mappedOnly = 0
        for _ in 0..<3_000 {
            let length = Int(generator.next() % 10)
            let text = String((0..<length).map { _ in alphabet[Int(generator.next() % UInt64(alphabet.count))] })
            let mapped = text.unicodeScalars.map(\.nfkcAlone)
            guard !mapped.contains(nil) else { continue }
            mappedOnly += 1
            #expect(mapped == Array(text.nfkc.unicodeScalars), "\(Array(text.unicodeScalars))")
        }
        #expect(mappedOnly > 100, "the alphabet gives texts of both kinds")
        #expect("（ドローン）　１２３".unicodeScalars.map(\.nfkcAlone) == "(ドローン) 123".unicodeScalars.map { $0 })
        #expect(
            "ｶ".unicodeScalars.first!.nfkcAlone == nil && "①".unicodeScalars.first!.nfkcAlone == nil
                && "\u{301}".unicodeScalars.first!.nfkcAlone == nil)
    }

    /// Strings that are plainly NFC order by their UTF-8 bytes exactly as `<` orders them; a
    /// string with a combining mark or a form NFC changes is not taken for one.
    @Test("Plainly NFC strings compare as their bytes, as String does")
    func triviallyNFCComparesAsBytes() {
        let alphabet = Array("見直し点検ドローンがぱアイ、。「」（）　ＡＢ１２ab AB12-_※→ーゞ") as [Character]
        var generator = SplitMix(seed: 23)
        var texts: [String] = []
        for _ in 0..<400 {
            let length = Int(generator.next() % 6)
            texts.append(String((0..<length).map { _ in alphabet[Int(generator.next() % UInt64(alphabet.count))] }))
        }
        for a in texts {
            #expect(a.isTriviallyNFC, "\(Array(a.unicodeScalars))")
            for b in texts.prefix(100) {
                #expect(Array(a.utf8).lexicographicallyPrecedes(Array(b.utf8)) == (a < b), "\(a) \(b)")
            }
        }
        for text in ["カ\u{3099}", "e\u{301}", "\u{F900}", "ｶ", "①", "ゟ", "\u{3099}"] {
            #expect(!text.isTriviallyNFC, "\(Array(text.unicodeScalars))")
        }
    }

    @Test("NFKC folds width and compatibility forms")
    func nfkc() {
        #expect("ＡＢＣ１２３".nfkc == "ABC123")
        #expect("ｶﾀｶﾅ".nfkc == "カタカナ")
        #expect("ﾊﾟﾝ".nfkc == "パン")
        #expect("①㈱".nfkc == "1(株)")
        #expect("見直し".nfkc == "見直し")
    }

    /// String equality is canonical equivalence, so ト + U+3099 == ド; search compares scalars.
    @Test("NFKC composes the voiced marks of half-width katakana")
    func nfkcComposes() {
        #expect(Array("ﾄﾞﾛｰﾝ".nfkc.unicodeScalars) == Array("ドローン".unicodeScalars))
        #expect(Array("ﾊﾟｿｺﾝ".nfkc.unicodeScalars) == Array("パソコン".unicodeScalars))
    }

    @Test("CJK characters", arguments: Array("あアｱ漢。、（）「」ー々〇㈱㍻ㇰ𠮷﹁"))
    func cjk(character: Character) {
        #expect(character.isCJK)
    }

    @Test("Non-CJK characters", arguments: Array("aZ1 .,()-éкα한"))
    func notCJK(character: Character) {
        #expect(!character.isCJK)
    }

    @Test(
        "Soft line breaks",
        arguments: [
            ("見直し", "の結果", "見直しの結果"),  // Japanese on both sides: no space
            ("規制（2023年）", "の見直し", "規制（2023年）の見直し"),
            ("弊社は", "㈱ミナオシ", "弊社は㈱ミナオシ"),
            ("first line", "second line", "first line second line"),
            ("日本語", "English", "日本語 English"),  // a space unless both sides are CJK
            ("English", "日本語", "English 日本語"),
            ("", "text", "text"),
            ("text", "", "text")
        ])
    func softLines(left: String, right: String, expected: String) {
        #expect(joinSoftLines(left, right) == expected)
    }
}
