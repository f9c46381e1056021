import MinaoshiSupport
import Testing

@Suite("Text normalisation")
struct TextNormalizationTests {
    @Test("NFKC folds width and compatibility forms")
    func nfkc() {
        #expect("ＡＢＣ１２３".nfkc == "ABC123")
        #expect("ｶﾀｶﾅ".nfkc == "カタカナ")
        #expect("ﾊﾟﾝ".nfkc == "パン")
        #expect("①㈱".nfkc == "1(株)")
        #expect("見直し".nfkc == "見直し")
    }

    @Test("CJK characters", arguments: Array("あアｱ漢。、（）「」ー々〇㈱㍻ㇰ𠮷﹁"))
    func cjk(character: Character) {
        #expect(character.isCJK)
    }

    @Test("Non-CJK characters", arguments: Array("aZ1 .,()-éкα한"))
    func notCJK(character: Character) {
        #expect(!character.isCJK)
    }

    @Test("Soft line breaks", arguments: [
        ("見直し", "の結果", "見直しの結果"),       // Japanese on both sides: no space
        ("規制（2023年）", "の見直し", "規制（2023年）の見直し"),
        ("弊社は", "㈱ミナオシ", "弊社は㈱ミナオシ"),
        ("first line", "second line", "first line second line"),
        ("日本語", "English", "日本語 English"),    // a space unless both sides are CJK
        ("English", "日本語", "English 日本語"),
        ("", "text", "text"),
        ("text", "", "text"),
    ])
    func softLines(left: String, right: String, expected: String) {
        #expect(joinSoftLines(left, right) == expected)
    }
}
