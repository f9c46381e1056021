import Foundation
import MinaoshiContent
import MinaoshiSupport
import MinaoshiTestSupport
import Testing

@testable import MinaoshiSite

/// Feeds in Swift: where channel files go, and that a term page and its feeds show one slice of
/// one list. Tests/feeds/test_feeds.py reads the same outputs with real consumers.
@Suite struct FeedTests {
    @Test(arguments: [
        ("/", "/feed.json"), ("/page/2/", "/feed/page/2.json"), ("/regulations/", "/feeds/regulations.json"),
        ("/categories/visual-inspection/", "/feeds/categories/visual-inspection.json"),
        ("/categories/visual-inspection/page/3/", "/feeds/categories/visual-inspection/page/3.json")
    ])
    func channelFilesGoUnderFeeds(_ page: String, _ file: String) {
        #expect(OutputFormat.jsonFeed.path(for: page) == file)
        #expect(OutputFormat.atom.path(for: page) == String(file.dropLast(".json".count)) + ".xml")
        #expect(OutputFormat.html.linkPath(for: page) == page)
    }

    /// Feeds print each day's midnight with the zone's offset there. The shortcut (one offset at
    /// both ends of the 28 hours around midnight UTC) must agree with the calendar on every day,
    /// including days beside a transition, a midnight that does not exist, and Tokyo's 1948-1951
    /// summer time.
    @Test(arguments: [
        "Asia/Tokyo", "UTC", "America/New_York", "America/Santiago", "America/Havana", "Pacific/Apia",
        "Europe/London", "Australia/Lord_Howe", "Asia/Kolkata", "America/St_Johns"
    ])
    func midnightOffsetsMatchTheCalendar(_ identifier: String) throws {
        let zone = try #require(TimeZone(identifier: identifier))
        for year in [1948, 1949, 1950, 2011, 2024, 2026] {
            for month in 1...12 {
                for day in 1...31 {
                    guard let date = CalendarDate(year: year, month: month, day: day) else { continue }
                    #expect(
                        FeedDate.offset(atStartOf: date, in: zone)
                            == zone.secondsFromGMT(for: date.startOfDay(in: zone)),
                        "\(identifier) \(date)")
                }
            }
        }
        #expect(
            FeedDate.rfc3339(CalendarDate(year: 2026, month: 11, day: 29)!, in: TimeZone(identifier: "Asia/Tokyo")!)
                == "2026-11-29T00:00:00+09:00")
    }

    /// RFC 4180 cells: quoted only with a comma, a quote or a line break, quotes doubled; a formula
    /// neutralised before it is quoted.
    @Test(arguments: [
        ("a", "a"), ("", ""), ("a,b", "\"a,b\""), ("say \"hi\"", "\"say \"\"hi\"\"\""),
        ("line\nbreak", "\"line\nbreak\""),
        ("cr\r", "\"cr\r\""), ("日本語、全角カンマ，", "日本語、全角カンマ，"), ("\"", "\"\"\"\""), ("目視;点検", "目視;点検"),
        ("=1+1", "'=1+1"), ("=SUM(A1,A2)", "\"'=SUM(A1,A2)\""), ("-12", "-12"), ("@x", "'@x")
    ])
    func csvCellsAreQuotedAsRFC4180Says(_ cell: String, _ expected: String) {
        #expect(OpenData.quoted(cell) == expected)
        var bytes: [UInt8] = Array("x,".utf8)
        OpenData.appendQuoted(cell, to: &bytes)
        #expect(bytes == Array(("x," + expected).utf8))
    }

    @Test func jsonTextEscapesWhatJSONMustAndKeepsTheRest() {
        let value = JSONValue.object([("t", .string("a\"b\\c\n\u{7}🎌日本\u{2028}")), ("n", .null), ("l", .strings(["x"]))]
        )
        #expect(value.text == #"{"t":"a\"b\\c\n\u0007🎌日本\u2028","n":null,"l":["x"]}"#)
        #expect(JSONValue.string("\u{2029}\r\t\u{1F}€\u{2027}").text == #""\u2029\r\t\u001f€\#u{2027}""#)
        #expect("a\u{7}b\tc\u{FFFF}".withoutXMLIllegalCharacters == "ab\tc")
    }

    @Test func aTermPageAndItsFeedsListTheSameSliceAndAChangeNoteMovesAnItemUp() throws {
        var files = ["minaoshi.yml": "title: 見直しテスト\nbase_url: https://example.go.jp/\npage_size: 2\n"]
        for n in 1...5 {
            files["content/regulations/r\(n).md"] = regulationText(
                id: "r\(n)", title: "規制\(n)", date: "2023-0\(n)-01",
                extra: n == 1 ? "changes:\n  - {date: 2024-06-01, note: 改正}\n" : "")
        }
        let site = try FixtureSite(files: files)
        defer { site.remove() }
        _ = try SiteBuilder.build(
            BuildOptions(
                root: site.root, output: site.url("site"), today: CalendarDate(year: 2026, month: 11, day: 27)!))
        func feedIDs(_ path: String) throws -> [String] {
            let feed =
                try JSONSerialization.jsonObject(with: Data(contentsOf: site.url("site/" + path))) as! [String: Any]
            return (feed["items"] as! [[String: Any]]).map { $0["id"] as! String }
        }
        func atomIDs(_ path: String) throws -> [String] {
            try site.read("site/" + path).split(separator: "\n").filter {
                $0.hasPrefix("<id>tag:minaoshi,2026:regulations/")
            }
            .map { String($0.dropFirst(4).dropLast(5)) }
        }
        func pageIDs(_ path: String) throws -> [String] {
            try site.read("site/" + path).matches(of: /href="\/regulations\/(r\d)\/">/).map {
                "tag:minaoshi,2026:regulations/" + $0.output.1
            }
        }
        // r1 is the oldest by date, but its change note makes it the newest major change.
        #expect(
            try feedIDs("feeds/categories/visual-inspection.json")
                == ["r1", "r5"].map { "tag:minaoshi,2026:regulations/\($0)" })
        for (page, json, atom) in [
            (
                "categories/visual-inspection/index.html", "feeds/categories/visual-inspection.json",
                "feeds/categories/visual-inspection.xml"
            ),
            (
                "categories/visual-inspection/page/2/index.html", "feeds/categories/visual-inspection/page/2.json",
                "feeds/categories/visual-inspection/page/2.xml"
            )
        ] {
            #expect(Set(try pageIDs(page)) == Set(try feedIDs(json)), "\(page)")
            #expect(try feedIDs(json) == atomIDs(atom))
        }
        let first = try site.read("site/feeds/categories/visual-inspection.json")
        #expect(
            first.contains(#""date_published":"2023-01-01T00:00:00+09:00","date_modified":"2024-06-01T00:00:00+09:00""#)
        )
        #expect(first.contains(#""next_url":"https://example.go.jp/feeds/categories/visual-inspection/page/2.json""#))
        #expect(!(try site.read("site/feeds/categories/visual-inspection/page/3.json")).contains("next_url"))
        let sitemap = try site.read("site/sitemap.xml")
        #expect(
            !sitemap.contains(".json") && !sitemap.contains("feed/page"),
            "feeds and feed-only pages are not pages to visit")
        #expect(sitemap.contains("<loc>https://example.go.jp/feeds/</loc>"))
    }
}
