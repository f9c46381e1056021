import Foundation
import MinaoshiServe
import MinaoshiSite
import MinaoshiSupport
import MinaoshiTestSupport
import Testing

@Suite struct ContentTypeTests {
    @Test func everyKindOfOutputHasItsType() {
        #expect(ContentTypes.forPath(["feed.json"]) == "application/feed+json")
        #expect(ContentTypes.forPath(["feeds", "categories", "drones.json"]) == "application/feed+json")
        #expect(ContentTypes.forPath(["feed.xml"]) == "application/atom+xml")
        #expect(ContentTypes.forPath(["feeds", "regulations.xml"]) == "application/atom+xml")
        #expect(ContentTypes.forPath(["api", "cases.csv"]) == "text/csv; charset=utf-8")
        #expect(ContentTypes.forPath(["api", "schema", "cases.schema.json"]) == "application/schema+json")
        #expect(ContentTypes.forPath(["api", "cases.json"]) == "application/json")
        #expect(ContentTypes.forPath(["search", "manifest.json"]) == "application/json")
        #expect(ContentTypes.forPath(["search", "p0.1a2b3c.bin"]) == "application/octet-stream")
        #expect(ContentTypes.forPath(["sitemap.xml"]) == "application/xml")
        #expect(ContentTypes.forPath(["index.html"]) == "text/html; charset=utf-8")
        #expect(ContentTypes.forPath(["assets", "style.css"]) == "text/css; charset=utf-8")
        #expect(ContentTypes.forPath(["assets", "search", "engine.js"]) == "text/javascript; charset=utf-8")
        #expect(ContentTypes.forPath(["assets", "icon.svg"]) == "image/svg+xml")
        #expect(ContentTypes.forPath(["robots.txt"]) == "text/plain; charset=utf-8")
        #expect(ContentTypes.forPath(["a.png"]) == "image/png")
    }

    /// The second copy of the feeds' media types is bound to the first: each `<link rel="alternate">`
    /// a built page declares names the type `serve` sends for that file.
    @Test func theAlternateLinksOfBuiltPagesAgreeWithServe() throws {
        let site = try FixtureSite(files: [
            "content/cases/a.md": caseText(id: "a", title: "事例A"),
            "content/regulations/b.md": regulationText(id: "b", title: "規制B")
        ])
        defer { site.remove() }
        _ = try SiteBuilder.build(
            BuildOptions(root: site.root, baseURL: "http://127.0.0.1:8080/", today: .init(iso8601: "2026-11-27")))
        var checked = 0
        for (path, data) in try site.tree("site") where path.hasSuffix(".html") {
            let html = String(decoding: data, as: UTF8.self)
            for link in html.matches(of: /<link rel="alternate" type="([^"]+)" href="([^"]+)"/) {
                let href = String(link.output.2)
                #expect(href.hasPrefix("/"), "\(path): \(href)")
                let segments = href.split(separator: "/").map(String.init)
                #expect(site.exists("site/" + segments.joined(separator: "/")), "\(path) links to a missing \(href)")
                #expect(ContentTypes.forPath(segments) == String(link.output.1), "\(path): \(href)")
                checked += 1
            }
        }
        #expect(checked > 10)
    }
}
