import Foundation
import MinaoshiContent
import MinaoshiSupport

/// What a page's feeds print: the same slice of the same list as its HTML, with the channel's
/// metadata. Built by ``ViewFactory/feed(_:list:pagePath:)`` and read by ``FeedEncoder``.
struct FeedContext: Sendable {
    var title: String
    var description: String
    /// Site path of the channel's first page (`/categories/x/`): its feeds' first URLs, and its HTML.
    var channelPath: String
    /// Site path of this page of the list (`/categories/x/page/2/`): each format's self URL.
    var pagePath: String
    var nextPagePath: String?
    /// The newest last major change in the whole channel, not only this page: the feed's `updated`.
    var updated: CalendarDate?
    var items: [FeedItem]
    var config: SiteConfig

    /// Stable id of the channel (Atom `<feed><id>`): from its path, never from its title.
    var id: String { FeedItem.idPrefix + "channel" + (channelPath == "/" ? "" : String(channelPath.dropLast())) }
}

/// One document as every feed prints it, rendered once per build: its JSON Feed item and its
/// Atom entry.
struct FeedItem: Sendable {
    /// The compact JSON object of the item, UTF-8.
    var json: [UInt8]
    /// The `<entry>` element, UTF-8.
    var atom: [UInt8]

    /// Item ids are `tag:` URIs (RFC 4151) from the document id (section and front-matter `id`,
    /// else the file name), never from the title, the path or the base URL, so they survive a
    /// retitle, a move to another server and, with `id:` kept in front matter, a renamed file.
    static let idPrefix = "tag:minaoshi,2026:"

    static func id(of document: Document) -> String { idPrefix + document.id }
}

/// Dates as feeds print them: the day's midnight in the site's zone, RFC 3339 with its offset.
enum FeedDate {
    static func rfc3339(_ date: CalendarDate, in zone: TimeZone) -> String {
        let seconds = offset(atStartOf: date, in: zone)
        let sign = seconds < 0 ? "-" : "+"
        let minutes = abs(seconds) / 60
        func two(_ value: Int) -> String { value < 10 ? "0\(value)" : String(value) }
        return "\(date.iso8601)T00:00:00\(sign)\(two(minutes / 60)):\(two(minutes % 60))"
    }

    /// The zone's offset from UTC at the day's midnight. Midnight in any zone lies within 14 hours
    /// of midnight UTC, so when the offset is the same at both ends of that window it is the
    /// offset; only a day beside a transition asks the calendar (each feed item needs two dates,
    /// and the calendar made them 1% of a build).
    static func offset(atStartOf date: CalendarDate, in zone: TimeZone) -> Int {
        guard date.year >= 1583 else { return zone.secondsFromGMT(for: date.startOfDay(in: zone)) }
        let utcMidnight = Double(date.daysSince1970) * 86_400
        let before = zone.secondsFromGMT(for: Date(timeIntervalSince1970: utcMidnight - 14 * 3_600))
        let after = zone.secondsFromGMT(for: Date(timeIntervalSince1970: utcMidnight + 14 * 3_600))
        return before == after ? before : zone.secondsFromGMT(for: date.startOfDay(in: zone))
    }
}
