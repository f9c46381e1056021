import Foundation
import MinaoshiContent
import MinaoshiSupport
import MinaoshiTestSupport
import Testing

@testable import MinaoshiSite

@Suite struct SiteBuilderTests {
    static let today = CalendarDate(year: 2026, month: 11, day: 27)!

    static let basicFiles: [String: String] = [
        "minaoshi.yml": "title: 見直しテスト\nbase_url: https://example.go.jp/minaoshi/\npublisher: テスト班\n",
        "content/regulations/road-bridge.md": regulationText(
            id: "road-bridge", title: "道路橋の定期点検", date: "2019-02-28",
            body: "近接目視を基本とした点検の見直し。\n\n## 見直し前\n\n5年に1回の近接目視。\n\n## 見直し後\n\n[ドローン事例](../cases/drone.md)も参照。"
        ),
        "content/cases/drone.md": caseText(
            id: "drone", title: "ドローンで橋を点検", date: "2023-04-01",
            body: "事例の概要。\n\n[規制](../regulations/road-bridge.md#見直し後)"),
        "content/pages/about.md": "---\ntitle: このサイトについて\nid: about\n---\n説明。\n"
    ]

    private func build(_ site: FixtureSite, output: String = "site") throws(DiagnosticsError) -> BuildResult {
        try SiteBuilder.build(BuildOptions(root: site.root, output: site.url(output), today: Self.today))
    }

    @Test func writesEveryPageSitemapRobotsAnd404() throws {
        let site = try FixtureSite(files: Self.basicFiles)
        defer { site.remove() }
        let report = try build(site)
        // Home, 404, search, 3 section indexes, 3 documents, 6 vocabulary indexes, 6 term pages, /feeds/, /api/,
        // /progress/, /sitemap/
        #expect(report.pageCount == 25)
        let tree = try site.tree("site")
        // The search index (its own tests check it) and the search scripts are beside the pages.
        #expect(tree.keys.contains("search/manifest.json"))
        let search = try site.read("site/search/index.html")
        #expect(
            search.contains(#"<div class="search" id="search" data-index="/minaoshi/search/" data-base="/minaoshi/">"#))
        #expect(search.contains(#"<script type="module" src="/minaoshi/assets/search/search-page.js"></script>"#))
        #expect(search.contains("<noscript>"))
        #expect(
            Set(tree.keys.filter { !$0.hasPrefix("search/") && !$0.hasPrefix("assets/search/") }) == [
                "index.html", "404.html", "sitemap.xml", "robots.txt", "assets/style.css", "assets/card.png",
                "regulations/index.html", "regulations/road-bridge/index.html",
                "cases/index.html", "cases/drone/index.html",
                "pages/index.html", "pages/about/index.html",
                "categories/index.html", "categories/visual-inspection/index.html",
                "technologies/index.html", "technologies/drones/index.html",
                "ministries/index.html", "ministries/mlit/index.html",
                "prefectures/index.html", "prefectures/fukushima/index.html",
                "statuses/index.html", "statuses/reviewed/index.html",
                "laws/index.html", "laws/road-act/index.html",
                "assets/icon.svg", "feeds/index.html", "api/index.html", "progress/index.html", "sitemap/index.html",
                // Channels: the site's, the two sections', every term with documents.
                "feed.json", "feed.xml", "feeds/regulations.json", "feeds/regulations.xml", "feeds/cases.json",
                "feeds/cases.xml",
                "feeds/categories/visual-inspection.json", "feeds/categories/visual-inspection.xml",
                "feeds/technologies/drones.json", "feeds/technologies/drones.xml",
                "feeds/ministries/mlit.json", "feeds/ministries/mlit.xml",
                "feeds/prefectures/fukushima.json", "feeds/prefectures/fukushima.xml",
                "feeds/statuses/reviewed.json", "feeds/statuses/reviewed.xml",
                "feeds/laws/road-act.json", "feeds/laws/road-act.xml",
                "api/regulations.json", "api/regulations.csv", "api/cases.json", "api/cases.csv",
                "api/vocabularies.json",
                "api/schema/regulations.schema.json", "api/schema/cases.schema.json",
                "api/schema/vocabularies.schema.json",
                "api/schema/feed.schema.json", "api/openapi.json"
            ])
        let page = try site.read("site/regulations/road-bridge/index.html")
        #expect(page.contains(#"<html lang="ja">"#))
        #expect(
            page.contains(#"<form class="site-search" role="search" action="/minaoshi/search/" method="get">"#),
            "every header has the search box")
        #expect(page.contains("<title>道路橋の定期点検 | 見直しテスト</title>"))
        #expect(
            page.contains(#"<link rel="canonical" href="https://example.go.jp/minaoshi/regulations/road-bridge/">"#))
        #expect(page.contains(#"<time datetime="2019-02-28">2019年2月28日</time>"#))
        #expect(page.contains(#"<h2 id="見直し後">見直し後</h2>"#))
        #expect(page.contains(#"<a href="/minaoshi/cases/drone/">ドローン事例</a>"#))
        #expect(page.contains(##"<li><a href="#見直し前">見直し前</a></li>"##), "table of contents")
        #expect(page.contains(#"<link rel="stylesheet" href="/minaoshi/assets/style.css">"#))
        #expect(
            try site.read("site/robots.txt")
                == "User-agent: *\nAllow: /\n\nSitemap: https://example.go.jp/minaoshi/sitemap.xml\n")
        let sitemap = try site.read("site/sitemap.xml")
        #expect(
            sitemap.contains(
                "<url><loc>https://example.go.jp/minaoshi/cases/drone/</loc><lastmod>2023-04-01</lastmod></url>"))
        #expect(sitemap.components(separatedBy: "<url>").count - 1 == 23)
        #expect(try site.read("site/404.html").contains("<h1>ページが見つかりません</h1>"))
        let home = try site.read("site/index.html")
        #expect(home.contains("規制の見直し"))
        #expect(home.contains(#"<a class="document-list__title" href="/minaoshi/cases/drone/">ドローンで橋を点検</a>"#))
    }

    @Test func textFromContentIsEscapedInPages() throws {
        let site = try FixtureSite(files: [
            "content/cases/x.md": caseText(
                id: "x", title: "<script>alert(1)</script> & \"引用\"", body: "<script>alert(2)</script>\n\n本文")
        ])
        defer { site.remove() }
        _ = try build(site)
        let page = try site.read("site/cases/x/index.html")
        #expect(!page.contains("<script>"))
        #expect(page.contains("<h1>&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;引用&quot;</h1>"))
        #expect(page.contains("<!-- raw HTML omitted -->"))
    }

    @Test func rawHTMLPassesOnlyWhenTheSiteAllowsItAndScriptsStayDisarmed() throws {
        let body = "<span class=\"note\">注</span>\n\n<script>alert(1)</script>\n"
        let site = try FixtureSite(files: ["content/notes/x.md": documentText(id: "x", title: "生のHTML", body: body)])
        defer { site.remove() }
        _ = try build(site)
        #expect(try !site.read("site/notes/x/index.html").contains("<span class=\"note\">"))
        try site.write("minaoshi.yml", "title: テスト\nallow_raw_html: true\n")
        _ = try build(site)
        let page = try site.read("site/notes/x/index.html")
        #expect(page.contains("<span class=\"note\">注</span>"))
        #expect(page.contains("&lt;script>alert(1)&lt;/script>"), "GitHub's tag filter disarms <script>")
        #expect(!page.contains("<script>"))
    }

    @Test func aFailedBuildLeavesThePreviousSiteAsItWas() throws {
        let site = try FixtureSite(files: Self.basicFiles)
        defer { site.remove() }
        _ = try build(site)
        let before = try site.tree("site")

        try site.write("content/cases/drone.md", "---\nid: drone\ntitle: [broken\n---\n")
        try site.write("content/cases/new.md", caseText(id: "new", title: "新しい事例"))
        #expect(throws: DiagnosticsError.self) { try build(site) }

        #expect(try site.tree("site") == before)
        #expect(
            site.list("").filter { $0.hasPrefix(".site.") && $0 != ".site.lock" } == [],
            "no staging folder is left behind")
    }

    @Test func aSuccessfulRebuildReplacesTheWholeSite() throws {
        let site = try FixtureSite(files: Self.basicFiles)
        defer { site.remove() }
        _ = try build(site)
        try site.write("site/stale.html", "left from an old build")
        try FileManager.default.removeItem(at: site.url("content/pages/about.md"))
        _ = try build(site)
        #expect(!site.exists("site/stale.html"))
        #expect(!site.exists("site/pages/about/index.html"))
        #expect(site.exists("site/cases/drone/index.html"))
        #expect(site.list("").filter { $0.hasPrefix(".site.") && $0 != ".site.lock" } == [])
    }

    @Test func leftoversOfAKilledBuildAreCleanedUp() throws {
        let site = try FixtureSite(files: Self.basicFiles)
        defer { site.remove() }
        try site.write(".site.staging-99999/index.html", "half-written")
        try site.write(".site.old-99999/index.html", "previous")
        _ = try build(site)
        #expect(site.list("").filter { $0.hasPrefix(".site.") && $0 != ".site.lock" } == [])
    }

    @Test func twoBuildsOfTheSameInputAreByteIdentical() throws {
        var files = Self.basicFiles
        for n in 0..<40 {
            files["content/cases/case-\(n).md"] = caseText(
                id: "case-\(n)", title: "事例\(n)", date: "2024-0\(n % 9 + 1)-1\(n % 10)",
                body: "概要\(n)。\n\n## 成果\n\n| 指標 | 値 |\n|---|---|\n| 人員 | \(n)%削減 |\n")
        }
        let site = try FixtureSite(files: files)
        defer { site.remove() }
        _ = try build(site, output: "first")
        _ = try build(site, output: "second")
        let first = try site.tree("first"), second = try site.tree("second")
        // documents, home + 404 + 3 sections, 6 vocabularies + 6 terms, sitemap + robots + stylesheet + icon + card image,
        // /feeds/ + /api/ + /progress/ + /sitemap/, 2 × (site + 2 sections + 6 terms) feeds, 9 open data files and openapi.json; the search page
        // and index besides
        #expect(
            first.keys.filter { !$0.hasPrefix("search/") && !$0.hasPrefix("assets/search/") }.count == 43 + 5 + 12 + 5
                + 4 + 18 + 10)
        #expect(first == second)
    }

    @Test(arguments: [".", "content", "templates", ".."])
    func refusesOutputFoldersThatHoldTheProject(_ output: String) throws {
        let site = try FixtureSite(files: Self.basicFiles)
        defer { site.remove() }
        #expect(throws: DiagnosticsError.self) { try build(site, output: output) }
        #expect(site.exists("content/cases/drone.md"))
        #expect(site.exists("templates/base.mustache"))
    }

    @Test func refusesToReplaceAFileOrAFolderThatHoldsNoSite() throws {
        let site = try FixtureSite(files: Self.basicFiles)
        defer { site.remove() }
        try site.write("notes.txt", "an author's notes")
        try site.write("documents/report.docx", "a report")
        #expect(throws: DiagnosticsError.self) { try build(site, output: "notes.txt") }
        #expect(throws: DiagnosticsError.self) { try build(site, output: "documents") }
        #expect(try site.read("notes.txt") == "an author's notes")
        #expect(try site.read("documents/report.docx") == "a report")
        try FileManager.default.createDirectory(at: site.url("empty"), withIntermediateDirectories: true)
        _ = try build(site, output: "empty")  // an empty folder is fine
        _ = try build(site, output: "empty")  // and so is a site built before
        #expect(site.exists("empty/index.html"))
    }

    @Test func templateErrorsNameTheFileAndLine() throws {
        let site = try FixtureSite(files: Self.basicFiles)
        defer { site.remove() }
        try site.write(
            "templates/section.mustache",
            "{{<base}}\n{{$main}}\n<h1>{{title}}</h1>\n{{#section}}\n{{/main}}\n{{/base}}\n")
        try FileManager.default.removeItem(at: site.url("templates/404.mustache"))
        do {
            _ = try build(site)
            Issue.record("a broken template must fail the build")
        } catch {
            let lines = error.diagnostics.map(\.description)
            #expect(lines.count == 2, "\(lines)")
            #expect(
                lines.first?.hasPrefix("templates/404.mustache:1:1: error: required template is missing") == true,
                "\(lines)")
            #expect(lines.last?.hasPrefix("templates/section.mustache:5:") == true, "\(lines)")
            #expect(lines.last?.contains("error: template does not parse") == true, "\(lines)")
        }
    }

    /// A template several page kinds render with (`section.mustache`: a section's list and a
    /// channel's) is reported missing once, and the list of what every site needs names it once.
    @Test func aMissingTemplateIsReportedOnce() throws {
        let site = try FixtureSite(files: Self.basicFiles)
        defer { site.remove() }
        try FileManager.default.removeItem(at: site.url("templates/section.mustache"))
        do {
            _ = try build(site)
            Issue.record("a missing template must fail the build")
        } catch {
            let lines = error.diagnostics.map(\.description)
            #expect(lines.count == 1, "\(lines)")
            let line = try #require(lines.first)
            #expect(line.hasPrefix("templates/section.mustache:1:1: error: required template is missing"), "\(line)")
            #expect(line.components(separatedBy: "section.mustache").count - 1 == 2, "\(line)")
        }
    }

    @Test func contentAndTemplateErrorsAreReportedTogether() throws {
        let site = try FixtureSite(files: Self.basicFiles)
        defer { site.remove() }
        try site.write("templates/index.mustache", "{{#x}}\n")
        try site.write("content/cases/bad.md", "---\ntitle: [\n---\n")
        do {
            _ = try build(site)
            Issue.record("must fail")
        } catch {
            #expect(error.diagnostics.map(\.location.file) == ["content/cases/bad.md", "templates/index.mustache"])
        }
    }

    @Test func collidingOutputPathsAreErrors() throws {
        let site = try FixtureSite(files: [
            "content/cases.md": documentText(id: "cases", title: "事例という名のページ"),
            "content/cases/a.md": caseText(id: "a", title: "事例")
        ])
        defer { site.remove() }
        do {
            _ = try build(site)
            Issue.record("must fail")
        } catch {
            #expect(
                error.diagnostics.map(\.description) == [
                    "content/cases.md:1:1: error: writes cases/index.html, which content/cases/ also writes; give one of them another id"
                ])
        }
    }
}
