import MinaoshiContent
import MinaoshiSupport

/// Writes a page's feed (``PageView/feed``) as JSON Feed 1.1 or Atom 1.0. Items are rendered
/// once per build (``FeedItem``); a feed is their concatenation with the channel's head.
enum FeedEncoder {
    @Sendable static func jsonFeed(_ view: PageView, _ format: OutputFormat) -> [UInt8] {
        guard let feed = view.feed else { return [] }
        let config = feed.config
        var head: [(String, JSONValue)] = [
            ("version", .string("https://jsonfeed.org/version/1.1")),
            ("title", .string(feed.title.withoutXMLIllegalCharacters)),
            ("home_page_url", .string(config.absoluteURL(feed.channelPath))),
            ("feed_url", .string(config.absoluteURL(format.path(for: feed.pagePath))))
        ]
        if !feed.description.isEmpty {
            head.append(("description", .string(feed.description.withoutXMLIllegalCharacters)))
        }
        head += [
            ("language", .string(config.language)),
            ("icon", .string(config.absoluteURL("/assets/icon.svg"))),
            ("favicon", .string(config.absoluteURL("/assets/icon.svg"))),
            ("authors", .array([.object([("name", .string(publisher(config))), ("url", .string(config.baseURL))])]))
        ]
        if let next = feed.nextPagePath {
            head.append(("next_url", .string(config.absoluteURL(format.path(for: next)))))
        }
        head.append(
            (
                "_minaoshi",
                .object([
                    ("about", .string(config.absoluteURL("/api/"))),
                    ("schema_version", .int(DataField.schemaVersion)),
                    (
                        "license",
                        .object([("name", .string(config.license.name)), ("url", .string(config.license.url))])
                    ),
                    ("first_url", .string(config.absoluteURL(format.path(for: feed.channelPath))))
                ])
            ))
        var bytes: [UInt8] = []
        bytes.reserveCapacity(1024 + feed.items.reduce(0) { $0 + $1.json.count + 2 })
        JSONValue.object(head).write(to: &bytes)
        bytes.removeLast()
        bytes.append(contentsOf: ",\"items\":[".utf8)
        for (index, item) in feed.items.enumerated() {
            if index > 0 { bytes.append(UInt8(ascii: ",")) }
            bytes.append(UInt8(ascii: "\n"))
            bytes.append(contentsOf: item.json)
        }
        bytes.append(contentsOf: "\n]}\n".utf8)
        return bytes
    }

    @Sendable static func atom(_ view: PageView, _ format: OutputFormat) -> [UInt8] {
        guard let feed = view.feed else { return [] }
        let config = feed.config
        let updated = FeedDate.rfc3339(feed.updated ?? ViewFactory.epoch, in: config.timeZone)
        func link(_ rel: String, _ path: String, type: String? = nil) -> String {
            "<link rel=\"\(rel)\"\(type.map { " type=\"\($0)\"" } ?? "") href=\"\(config.absoluteURL(path).escapedForMarkup)\"/>\n"
        }
        var text = "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
        text += "<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"\(config.language.escapedForMarkup)\">\n"
        text += "<id>\(feed.id.escapedForMarkup)</id>\n"
        text += "<title type=\"text\">\(feed.title.withoutXMLIllegalCharacters.escapedForMarkup)</title>\n"
        if !feed.description.isEmpty {
            text +=
                "<subtitle type=\"text\">\(feed.description.withoutXMLIllegalCharacters.escapedForMarkup)</subtitle>\n"
        }
        text += "<updated>\(updated)</updated>\n"
        text +=
            "<author><name>\(publisher(config).escapedForMarkup)</name><uri>\(config.baseURL.escapedForMarkup)</uri></author>\n"
        text +=
            "<rights type=\"text\">\(config.license.name.escapedForMarkup)（\(config.license.url.escapedForMarkup)）</rights>\n"
        text += "<generator>Minaoshi</generator>\n"
        text += "<icon>\(config.absoluteURL("/assets/icon.svg").escapedForMarkup)</icon>\n"
        text += link("self", format.path(for: feed.pagePath), type: format.mediaType)
        text += link("alternate", feed.channelPath, type: "text/html")
        text += link("first", format.path(for: feed.channelPath), type: format.mediaType)
        if let next = feed.nextPagePath { text += link("next", format.path(for: next), type: format.mediaType) }
        text += "<link rel=\"license\" href=\"\(config.license.url.escapedForMarkup)\"/>\n"
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.utf8.count + feed.items.reduce(0) { $0 + $1.atom.count } + 8)
        bytes.append(contentsOf: text.utf8)
        for item in feed.items { bytes.append(contentsOf: item.atom) }
        bytes.append(contentsOf: "</feed>\n".utf8)
        return bytes
    }

    private static func publisher(_ config: SiteConfig) -> String {
        config.publisher.isEmpty ? config.title : config.publisher
    }
}
