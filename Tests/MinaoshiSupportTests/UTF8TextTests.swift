import Foundation
import MinaoshiSupport
import Testing

@Suite("UTF-8 text operations") struct UTF8TextTests {
    @Test func findsASCIIMarkersInJapaneseText() {
        #expect("「**重要**」です".containsBytes("**"))
        #expect(!"目視＊＊全角".containsBytes("**"))
        #expect("a\r\nb".containsBytes("\r"))
        #expect(!"".containsBytes("__"))
        #expect("見直し".containsBytes("直し"))
        #expect("x".containsBytes(""))
    }

    @Test func replacesEveryOccurrenceAndLeavesTheRest() {
        #expect("一\r\n二\r\n三".replacingBytes("\r\n", with: "\n") == "一\n二\n三")
        #expect("aaa".replacingBytes("aa", with: "b") == "ba")
        #expect(
            "<p aria-label=\"Back to content\">↩</p>".replacingBytes(
                "aria-label=\"Back to content\"", with: "aria-label=\"本文に戻る\"")
                == "<p aria-label=\"本文に戻る\">↩</p>")
        #expect("変化なし".replacingBytes("x", with: "y") == "変化なし")
        #expect("末尾x".replacingBytes("x", with: "") == "末尾")
    }

    @Test(arguments: [
        ("  前後の空白  ", "前後の空白"), ("\u{3000}全角空白\u{3000}", "全角空白"), ("\n\t改行\n", "改行"), ("", ""), (" \u{3000}\n ", ""),
        ("中 の 空白", "中 の 空白"), ("\u{00A0}x\u{2028}", "x")
    ])
    func trimsWhiteSpaceLikeFoundation(_ input: String, _ expected: String) {
        #expect(input.trimmingWhitespace == expected)
    }
}

@Suite struct WhiteSpaceTests {
    /// The hand-written White_Space list against the Unicode property, for every scalar.
    @Test func whiteSpaceListIsTheUnicodeProperty() {
        var mismatches: [UInt32] = []
        for value in UInt32(0)...0x10FFFF {
            guard let scalar = Unicode.Scalar(value) else { continue }
            if scalar.isWhiteSpace != scalar.properties.isWhitespace { mismatches.append(value) }
        }
        #expect(mismatches.isEmpty)
    }
}

@Suite struct ByteSearchTests {
    /// Every occurrence, found the slow way on arrays of bytes.
    private static func reference(_ text: String, _ needle: String, _ replacement: String) -> (
        found: Bool, replaced: String
    ) {
        let haystack = Array(text.utf8), pattern = Array(needle.utf8)
        var out: [UInt8] = [], index = 0, found = false
        while index < haystack.count {
            if !pattern.isEmpty, index + pattern.count <= haystack.count,
                Array(haystack[index..<index + pattern.count]) == pattern
            {
                found = true
                out += Array(replacement.utf8)
                index += pattern.count
            } else {
                out.append(haystack[index])
                index += 1
            }
        }
        return (found || pattern.isEmpty, String(decoding: out, as: UTF8.self))
    }

    @Test(arguments: [
        ("「**重要**」です", "**"), ("目視＊＊全角", "**"), ("a\r\nb\r", "\r"), ("", "__"), ("見直し", "直し"), ("aaaa", "aa"),
        ("aab", "ab"),
        ("__", "__"), ("x_", "__"), ("_x_", "__"), ("**", "***"), ("ab", "b"), ("ba", "b"), ("abc", "abcd"),
        ("%E8%A6%8B", "%"),
        (String(repeating: "規制の見直し*", count: 200) + "**", "**"), (String(repeating: "\r\n", count: 300), "\r\n")
    ])
    func findsAndReplacesAsTheSlowSearch(_ text: String, _ needle: String) {
        let expected = Self.reference(text, needle, "<>")
        #expect(text.containsBytes(needle) == expected.found)
        #expect(text.replacingBytes(needle, with: "<>") == expected.replaced)
    }
}

@Suite struct SpaceOrTabTests {
    /// The hand-written list against Foundation's `CharacterSet.whitespaces`, for every scalar.
    @Test func spaceOrTabIsFoundationsWhitespaces() {
        var mismatches: [UInt32] = []
        for value in UInt32(0)...0x10FFFF {
            guard let scalar = Unicode.Scalar(value) else { continue }
            if scalar.isSpaceOrTab != CharacterSet.whitespaces.contains(scalar) { mismatches.append(value) }
        }
        #expect(mismatches.isEmpty)
    }

    @Test(arguments: [
        "", " ", "\t\u{3000}", "見直し", "　全角で囲む　", " a b ", "\n改行は残る\n", "\u{A0}x\u{2009}", "x\u{200B}",
        "\u{3000}（第1号）\u{3000}", "e\u{301} ", " \u{301}"
    ])
    func trimsAsFoundationTrims(_ text: String) {
        #expect(text.trimmingSpaces == text.trimmingCharacters(in: .whitespaces))
    }
}
