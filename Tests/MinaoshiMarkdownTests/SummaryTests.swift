import MinaoshiSupport
import Testing

@testable import MinaoshiMarkdown

/// The summary's shortcuts (no line break: no splitting; few scalars: no counting Characters)
/// must cut where the Character-based way cuts.
@Suite struct SummaryTests {
    /// `summarize` as it was, splitting every text into Characters.
    private static func reference(_ text: String, maxLength: Int) -> String {
        guard maxLength > 0 else { return "" }
        let flat = text.split(whereSeparator: \.isNewline).map(String.init).reduce("") { joinSoftLines($0, $1) }
        guard flat.count > maxLength else { return flat }
        let head = flat.prefix(maxLength)
        let end = head.indices.last { index in
            if "。．！？".contains(head[index]) { return true }
            let next = flat.index(after: index)
            return ".!?".contains(head[index]) && (next == flat.endIndex || flat[next].isWhitespace)
        }
        if let end, head.distance(from: head.startIndex, to: end) >= maxLength / 2 { return String(head[...end]) }
        return String(flat.prefix(maxLength - 1)) + "…"
    }

    static let texts = [
        "", "最初の段落。", "一行目\n二行目", "English line\nnext line.", "a\r\nb", "改行\u{2028}区切り", "段落\u{2029}区切り", "x\u{85}y",
        "縦\u{0B}タブ", "用紙\u{0C}送り", "が\u{3099}か\u{3099}", "👨‍👩‍👧‍👦家族の絵文字。", String(repeating: "規制の見直し。", count: 40),
        String(repeating: "ｶﾞｷﾞｸﾞ", count: 60), String(repeating: "e\u{301}", count: 100) + ".",
        "Version 2.5 is out. Next",
        String(repeating: "あ", count: 159) + "\n" + String(repeating: "い", count: 10)
    ]

    @Test(arguments: texts)
    func cutsWhereTheCharacterWayCuts(_ text: String) {
        for limit in [0, 1, 5, 80, 159, 160, 161, 400] {
            #expect(
                CMarkTree.summarize(text, maxLength: limit) == Self.reference(text, maxLength: limit), "limit \(limit)")
        }
    }
}
