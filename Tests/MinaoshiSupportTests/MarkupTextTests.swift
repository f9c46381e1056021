import Testing

@testable import MinaoshiSupport

/// The byte-level checks that let feed and page text through untouched must agree with the
/// scalar-by-scalar definitions they stand in for.
@Suite struct MarkupTextTests {
    static let samples =
        [
            "", "見直し", "a\u{7}b\tc\u{FFFF}", "改行\r\n\tタブ", "\u{FFFE}", "\u{FFFD}置換文字", "\u{EFBF}\u{BFBE}", "\u{FFBF}",
            "\u{FEFF}BOM",
            "ｶﾀｶﾅ＆全角＜＞", "a & b <c> \"d\" 'e'", "\u{1F}", "\u{7F}削除", "\u{85}NEL", "𠮷野家\u{0}", "ﾟ\u{FFFF}ﾟ", "末尾\u{1B}",
            String(repeating: "規制の見直し", count: 50) + "<"
        ] + shifted

    /// Each special at every offset of the eight-byte blocks the checks skip by, after ASCII and after kana.
    static let shifted: [String] = {
        var texts: [String] = []
        for special in ["&", "<", ">", "\"", "'", "\u{1}", "\u{FFFE}", "\u{FFFF}", "\u{FFFD}"] {
            for offset in 0..<17 {
                let ascii: String = String(repeating: "x", count: offset) + special + "見直し"
                let kana: String =
                    String(repeating: "ア", count: offset / 3) + String(repeating: "y", count: offset % 3) + special
                texts += [ascii, kana]
            }
        }
        return texts
    }()

    @Test(arguments: samples)
    func illegalXMLCharactersAreFoundAsScalarsFindThem(_ text: String) {
        let scalarWise = String(String.UnicodeScalarView(text.unicodeScalars.filter { !String.isIllegalInXML($0) }))
        #expect(text.mayHoldXMLIllegalCharacters == text.unicodeScalars.contains(where: String.isIllegalInXML))
        #expect(text.withoutXMLIllegalCharacters == scalarWise)
    }

    @Test(arguments: samples)
    func markupEscapingMatchesCharacterReplacement(_ text: String) {
        var expected = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": expected += "&amp;"
            case "<": expected += "&lt;"
            case ">": expected += "&gt;"
            case "\"": expected += "&quot;"
            case "'": expected += "&#39;"
            default: expected.unicodeScalars.append(scalar)
            }
        }
        #expect(text.escapedForMarkup == expected)
        #expect(Substring(text).description.escapedForMarkup == expected)
    }
}
