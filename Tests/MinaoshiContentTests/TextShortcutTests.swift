import Foundation
import MinaoshiSupport
import Testing

@testable import MinaoshiContent

/// Shortcuts that skip a Foundation call when it cannot change the text must answer as the call does.
@Suite struct TextShortcutTests {
    @Test(arguments: [
        "2024-06-28", " 2024-06-28", "2024-06-28\t", "\u{3000}2024-06-28", "2024-06-28\u{A0}", "２０２４-06-28", "", " ",
        "a b", "日付", "x\u{2003}", "\u{2003}x", "\n2024-01-01\n"
    ])
    func dateTrimmingMatchesFoundation(_ text: String) {
        #expect(text.trimmingSpaces == text.trimmingCharacters(in: .whitespaces))
    }

    @Test(arguments: [
        "../cases/x.md", "../cases/%E8%A6%8B.md", "a%20b.md", "%", "100%", "%zz", "見直し.md", "x.md#%E7%9B%AE", ""
    ])
    func linkDecodingMatchesFoundation(_ text: String) {
        #expect(ContentLinks.decoded(text) == (text.removingPercentEncoding ?? text))
    }

    /// Link targets, resolved on bytes: schemes, anchors, `.md` in any case, `..`, fragments, missing files.
    @Test func linkTargetsResolveAgainstTheSourceFolder() {
        let links = ContentLinks(
            pagePaths: [
                "content/cases/x.md": "/cases/x/", "content/regulations/見直し.md": "/regulations/見直し/",
                "content/top.md": "/top/"
            ], basePath: "/base/")
        let from = "content/regulations/a.md"
        #expect(links.target(of: "#概要", from: from) == .samePage(fragment: "概要"))
        #expect(links.target(of: "https://example.jp/x.md", from: from) == .other)
        #expect(links.target(of: "mailto:a@example.jp", from: from) == .other)
        #expect(links.target(of: "/cases/x.md", from: from) == .other)
        #expect(links.target(of: "../cases/x.txt", from: from) == .other)
        #expect(
            links.target(of: "../cases/x.md", from: from) == .document(sourcePath: "content/cases/x.md", fragment: nil))
        #expect(
            links.target(of: "..//cases/./x.md#上", from: from)
                == .document(sourcePath: "content/cases/x.md", fragment: "上"))
        #expect(
            links.target(of: "%E8%A6%8B%E7%9B%B4%E3%81%97.md", from: from)
                == .document(sourcePath: "content/regulations/見直し.md", fragment: nil))
        #expect(links.target(of: "../cases/X.MD", from: from) == .missing(sourcePath: "content/cases/X.MD"))
        #expect(links.target(of: "../../top.md", from: from) == .missing(sourcePath: "top.md"))
        #expect(links.target(of: "../top.Md", from: from) == .missing(sourcePath: "content/top.Md"))
        #expect(links.target(of: "../../../x.md", from: from) == .missing(sourcePath: "../../../x.md"))
        #expect(links.rewrite("../cases/x.md#上", from: from) == "/base/cases/x/#上")
        #expect(links.rewrite("../top.md", from: from) == "/base/top/")
        #expect(links.rewrite("../cases/y.md", from: from) == nil)
    }
}
