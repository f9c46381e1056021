import Foundation
import MinaoshiSupport
import MinaoshiTestSupport
import Testing

@testable import MinaoshiSite

/// The home page's ways in: each category with its count and the technologies its documents use
/// (most used first, ties in the vocabulary's order), and the latest changes with their notes.
@Suite struct HomePageTests {
    static func regulation(_ id: String, date: String, technologies: String, extra: String = "") -> String {
        regulationText(id: id, title: "規制\(id)", date: date, extra: extra, technologies: technologies)
    }

    @Test func categoriesLeadToTheirTechnologiesAndChangesShowTheirNotes() throws {
        let site = try FixtureSite(files: [
            "minaoshi.yml": "title: 見直しテスト\nbase_url: https://example.go.jp/\n",
            // drones 2, satellite-data 2, ai-image-analysis 1: the tie goes to the vocabulary's order.
            "content/regulations/a.md": Self.regulation(
                "a", date: "2024-01-01", technologies: "satellite-data, drones, ai-image-analysis"),
            "content/regulations/b.md": Self.regulation(
                "b", date: "2024-02-01", technologies: "drones",
                extra: "changes:\n  - {date: 2024-05-01, note: 要領を改定}\n"),
            "content/regulations/c.md": Self.regulation(
                "c", date: "2024-03-01", technologies: "satellite-data",
                extra: "changes:\n  - {date: 2023-01-01, note: 古い変更}\n")
        ])
        defer { site.remove() }
        _ = try SiteBuilder.build(
            BuildOptions(
                root: site.root, output: site.url("site"), today: CalendarDate(year: 2026, month: 11, day: 27)!))
        let home = try site.read("site/index.html")
        #expect(
            home.contains(
                #"<p class="task-ways__name"><a href="/categories/visual-inspection/">目視</a> <span class="count">3件</span></p>"#
            ))
        #expect(
            home.contains(
                #"<ul class="inline-list"><li><a href="/technologies/drones/">ドローン</a>（2件）</li><li><a href="/technologies/satellite-data/">衛星データ</a>（2件）</li><li><a href="/technologies/ai-image-analysis/">AI画像解析</a>（1件）</li></ul>"#
            ))
        let changes = home.components(separatedBy: #"<h2 id="home-changes-heading">最近の更新</h2>"#)[1]
        let order = ["規制b", "規制c", "規制a"].map { changes.range(of: $0)!.lowerBound }
        #expect(order == order.sorted(), "newest change first")
        #expect(changes.contains("規制の見直し：要領を改定</span> <time class=\"document-list__date\" datetime=\"2024-05-01\">"))
        #expect(
            changes.contains("規制c</a> <span class=\"document-list__meta\">規制の見直し：新しく載せました</span>"),
            "a change older than the document's date is not its last change")
        #expect(!home.contains("古い変更"))
    }
}
