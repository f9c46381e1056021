import Foundation
import MinaoshiSupport
import MinaoshiTestSupport
import Testing

@testable import MinaoshiSite

/// JSON-LD is data inside `<script>`: nothing an author writes may close the element or open a
/// comment, and the data must read back unchanged.
@Suite struct StructuredDataTests {
    @Test func markupCharactersBecomeJSONEscapes() throws {
        let json = JSONValue.object([("name", .string("</script><!-- & -->"))]).text
        let safe = Self.scriptSafe(json)
        #expect(safe == #"{"name":"\u003c/script\u003e\u003c!-- \u0026 --\u003e"}"#)
        let back = try JSONSerialization.jsonObject(with: Data(safe.utf8)) as? [String: String]
        #expect(back == ["name": "</script><!-- & -->"])
    }

    @Test func aTitleThatLooksLikeMarkupStaysInsideItsBlock() throws {
        let site = try FixtureSite(files: [
            "minaoshi.yml": "title: テスト\nbase_url: https://example.go.jp/\n",
            "content/cases/x.md": caseText(id: "x", title: "事例</script><script>alert(1)</script><!--")
        ])
        defer { site.remove() }
        _ = try SiteBuilder.build(
            BuildOptions(
                root: site.root, output: site.url("site"), today: CalendarDate(year: 2026, month: 11, day: 27)!))
        let page = try site.read("site/cases/x/index.html")
        let head = page.components(separatedBy: "</head>")[0]
        #expect(!head.contains("<script>alert"), "the title never reaches the page as script")
        #expect(!head.contains("<!--"))
        let blocks = head.components(separatedBy: #"<script type="application/ld+json">"#).dropFirst().map {
            $0.components(separatedBy: "</script>")[0]
        }
        #expect(blocks.count == 2)
        let article = try #require(try JSONSerialization.jsonObject(with: Data(blocks[1].utf8)) as? [String: Any])
        #expect(article["@type"] as? String == "Article")
        #expect(article["headline"] as? String == "事例</script><script>alert(1)</script><!--")
    }

    /// The byte pass that writes pages equals the scalar-by-scalar escaper it replaced, on hostile
    /// pieces (`</script>`, `<!--`, U+2028/2029, astral scalars, NUL, combining marks after `<`)
    /// joined at random, so each lands at every offset of a run.
    @Test func theBytePassEqualsTheScalarEscaper() {
        let pieces = [
            "</script>", "<!--", "-->", "<", ">", "&", "&amp;", "\u{2028}", "\u{2029}", "\u{0}", "\u{1F5FE}", "𠮷",
            "<\u{301}",
            "見直し", "ドローン", "a", " ", "\"", "\\", "\n", "é", "\u{FEFF}", "\u{FFFF}"
        ]
        var generator = SplitMix(seed: 26)
        for _ in 0..<5_000 {
            let text = (0..<Int(generator.next() % 20)).map { _ in pieces[Int(generator.next() % UInt64(pieces.count))]
            }.joined()
            // Raw text as well as the JSON a page writes of it: the pass must not depend on JSON's own escapes.
            for input in [text, JSONValue.object([("name", .string(text))]).text] {
                var bytes: [UInt8] = Array("前".utf8)
                Array(input.utf8).withUnsafeBufferPointer { PageView.appendScriptSafe($0, to: &bytes) }
                #expect(bytes == Array(("前" + Self.scriptSafe(input)).utf8), "\(input.debugDescription)")
            }
        }
    }

    /// Every block of a page in its element, each escaped, in order: what `{{{jsonLD}}}` prints.
    @Test func eachBlockIsItsOwnScriptElement() {
        var view = PageView(
            site: SiteView(title: "t", description: "", publisher: "", basePath: "/", language: "ja"), title: "t",
            documentTitle: "t", description: "", canonicalURL: "/", nav: [], breadcrumbs: [])
        view.structuredData = [.object([("a", .string("<b>"))]), .array([.string("&"), .int(1)])]
        let expected =
            #"<script type="application/ld+json">{"a":"\u003cb\u003e"}</script>"# + "\n"
            + #"<script type="application/ld+json">["\u0026",1]</script>"# + "\n"
        #expect(String(decoding: view.jsonLDScripts, as: UTF8.self) == expected)
    }

    /// The general escaper the byte pass replaced, scalar by scalar into a `String`: the reference
    /// the test above holds it to.
    static func scriptSafe(_ json: String) -> String {
        var out = ""
        for scalar in json.unicodeScalars {
            switch scalar {
            case "<": out += "\\u003c"
            case ">": out += "\\u003e"
            case "&": out += "\\u0026"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}
