import Foundation
import Testing
@testable import MinaoshiContent

/// Shortcuts that skip a Foundation call when it cannot change the text must answer as the call does.
@Suite struct TextShortcutTests {
    @Test(arguments: ["2024-06-28", " 2024-06-28", "2024-06-28\t", "\u{3000}2024-06-28", "2024-06-28\u{A0}", "２０２４-06-28", "", " ",
                      "a b", "日付", "x\u{2003}", "\u{2003}x", "\n2024-01-01\n"])
    func dateTrimmingMatchesFoundation(_ text: String) {
        #expect(text.trimmingSpaces == text.trimmingCharacters(in: .whitespaces))
    }

    @Test(arguments: ["../cases/x.md", "../cases/%E8%A6%8B.md", "a%20b.md", "%", "100%", "%zz", "見直し.md", "x.md#%E7%9B%AE", ""])
    func linkDecodingMatchesFoundation(_ text: String) {
        #expect(ContentLinks.decoded(text) == (text.removingPercentEncoding ?? text))
    }
}
