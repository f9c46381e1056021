import Foundation
import MinaoshiSupport
import MinaoshiTestSupport
import Testing

@testable import MinaoshiSite

/// One page of every kind, compared byte for byte with `Tests/Snapshots/`, so a refactor shows
/// every change it makes to the output. After a change that is meant, rewrite them with
/// `MINAOSHI_UPDATE_SNAPSHOTS=1 swift test --filter SnapshotTests` and read the diff.
@Suite struct SnapshotTests {
    static let folder = FixtureSite.packageRoot.appendingPathComponent("Tests/Snapshots")
    static let updating = ProcessInfo.processInfo.environment["MINAOSHI_UPDATE_SNAPSHOTS"] == "1"

    /// Output path → snapshot file name.
    static let pages: [(String, String)] = [
        ("index.html", "home.html"),
        ("404.html", "404.html"),
        ("regulations/index.html", "section.html"),
        ("regulations/page/2/index.html", "section-page-2.html"),
        ("regulations/road-bridge/index.html", "regulation.html"),
        ("cases/drone/index.html", "case.html"),
        ("pages/about/index.html", "page.html"),
        ("categories/index.html", "taxonomy.html"),
        ("categories/visual-inspection/index.html", "term.html"),
        ("categories/visual-inspection/page/2/index.html", "term-page-2.html"),
        ("sitemap.xml", "sitemap.xml"),
        ("robots.txt", "robots.txt"),
        ("feeds/index.html", "feeds.html"),
        ("api/index.html", "api.html"),
        ("feed.json", "feed.json"),
        ("feed/page/2.xml", "feed-page-2.xml"),
        ("feeds/categories/visual-inspection.xml", "term.xml"),
        ("feeds/categories/visual-inspection/page/2.json", "term-page-2.json"),
        ("api/regulations.json", "api-regulations.json"),
        ("api/cases.csv", "api-cases.csv"),
        ("api/schema/feed.schema.json", "feed.schema.json"),
        ("search/index.html", "search.html"),
        ("progress/index.html", "progress.html"),
        ("sitemap/index.html", "sitemap-page.html")
    ]

    static let files: [String: String] = [
        "minaoshi.yml": "title: 見直しテスト\nbase_url: https://example.go.jp/minaoshi/\npage_size: 2\npublisher: テスト府\n",
        "content/regulations/road-bridge.md": regulationText(
            id: "road-bridge", title: "道路橋の定期点検", date: "2023-03-01",
            extra: "article: 第3条\nphase: {before: 1, after: 3}\nchanges:\n  - {date: 2024-04-01, note: 要領を改定}\n",
            body: "近接目視を基本とした点検の見直し。\n\n## 見直し前\n\n5年に1回の近接目視。\n\n## 見直し後\n\n[ドローン事例](../cases/drone.md)も参照。"
        ),
        "content/regulations/tunnel.md": regulationText(id: "tunnel", title: "トンネルの点検", date: "2023-02-01"),
        "content/regulations/sabo.md": regulationText(id: "sabo", title: "砂防設備の点検", date: "2023-01-01"),
        "content/cases/drone.md": caseText(
            id: "drone", title: "ドローンで橋を点検", date: "2023-04-01", regulations: ["road-bridge"],
            body: "事例の概要。\n\n## 成果\n\n[規制](../regulations/road-bridge.md#見直し後)"),
        "content/pages/about.md": "---\ntitle: このサイトについて\nid: about\n---\n日付のないページです。\n",
        "content/_data/progress.yml": """
        figures:
          - {id: roadmap, label: 工程表の条項, value: 9669, unit: 条項, date: 2022-12-21, source: {url: "https://example.go.jp/a", title: 記事A}}
        breakdowns:
          - id: open
            title: 残る規制
            date: 2024-09
            unit: 件
            total: 3
            confidence: medium
            source: {url: "https://example.go.jp/b", title: 記事B}
            rows: [{label: 書面掲示, value: 2}, {label: 目視, value: 1}]
        """
    ]

    @Test func everyKindOfPageIsByteForByteTheSnapshot() throws {
        let site = try FixtureSite(files: Self.files)
        defer { site.remove() }
        _ = try SiteBuilder.build(
            BuildOptions(
                root: site.root, output: site.url("site"), today: CalendarDate(year: 2026, month: 11, day: 27)!))
        for (path, name) in Self.pages {
            let actual = try Data(contentsOf: site.url("site/" + path))
            let snapshot = Self.folder.appendingPathComponent(name)
            if Self.updating {
                try FileManager.default.createDirectory(at: Self.folder, withIntermediateDirectories: true)
                try actual.write(to: snapshot)
                continue
            }
            guard let expected = FileManager.default.contents(atPath: snapshot.path) else {
                Issue.record("no snapshot \(name) for \(path); run with MINAOSHI_UPDATE_SNAPSHOTS=1 and commit it")
                continue
            }
            if actual != expected {
                let a = String(decoding: actual, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
                let e = String(decoding: expected, as: UTF8.self).split(
                    separator: "\n", omittingEmptySubsequences: false)
                let line = Array(zip(a, e)).firstIndex { $0 != $1 } ?? min(a.count, e.count)
                Issue.record(
                    """
                    \(path) differs from Tests/Snapshots/\(name) at line \(line + 1):
                      snapshot: \(line < e.count ? String(e[line]) : "<end>")
                      built:    \(line < a.count ? String(a[line]) : "<end>")
                    If the change is meant, rewrite with MINAOSHI_UPDATE_SNAPSHOTS=1.
                    """)
            }
        }
    }
}
