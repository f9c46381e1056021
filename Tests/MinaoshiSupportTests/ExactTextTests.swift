import Testing

@testable import MinaoshiSupport

@Suite struct ExactTextTests {
    @Test func equalBytesAreOneKeyAndEquivalentSpellingsStayApart() {
        let composed = "ガ", decomposed = "カ\u{3099}"
        #expect(composed == decomposed)  // String: canonically equivalent
        #expect(ExactText(composed) != ExactText(decomposed))
        #expect(ExactText("目視") == ExactText(String(decoding: Array("目視".utf8), as: UTF8.self)))
        var counts: [ExactText: Int] = [:]
        for text in ["目視", "目視", "実地監査", composed, decomposed, "", ""] { counts[ExactText(text), default: 0] += 1 }
        #expect(
            counts == [
                ExactText("目視"): 2, ExactText("実地監査"): 1, ExactText(composed): 1, ExactText(decomposed): 1,
                ExactText(""): 2
            ])
        // A bridged or sliced string is made contiguous first.
        let slice = "定期検査・点検"[..."定期検査・点検".index("定期検査・点検".startIndex, offsetBy: 3)]
        #expect(ExactText(String(slice)) == ExactText("定期検査"))
    }
}
