import Testing
@testable import MinaoshiSite

@Suite("HTML escaping") struct HTMLEscapingTests {
    @Test(arguments: [
        ("目視と<script>&\"'", "目視と&lt;script&gt;&amp;&quot;&#39;"),
        ("エスケープ不要の日本語", "エスケープ不要の日本語"),
        ("", ""),
        ("a<\u{0338}b", "a&lt;\u{0338}b"), // a combining mark after '<' must not hide it
        ("🙂&🙂", "🙂&amp;🙂"),
    ])
    func escapesTheFiveCharactersOnBytes(_ input: String, _ expected: String) {
        #expect(HTMLEscaping.escape(input) == expected)
    }
}
