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
        let safe = PageView.scriptSafe(json)
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
}
