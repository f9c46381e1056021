import MinaoshiContent
import MinaoshiMarkdown
import MinaoshiSupport

extension ViewFactory {
    // MARK: - Channels

    /// Every regulation review and case study: `/feed.json`, `/feed.xml`.
    var siteChannel: FeedChannel { FeedChannel(kind: .home, path: "/", title: "すべての規制の見直しと実装事例") }

    /// The channel of a section with one: regulation reviews and case studies.
    func sectionChannel(_ folder: String) -> FeedChannel? {
        guard folder == DocumentKind.regulationSection || folder == DocumentKind.caseSection else { return nil }
        return FeedChannel(kind: .channelSection, path: "/\(folder)/", title: SectionCatalog.info(for: folder).title)
    }

    func termChannel(_ term: VocabularyTerm, of kind: VocabularyKind) -> FeedChannel {
        FeedChannel(kind: .term, path: "/\(kind.rawValue)/\(term.id)/", title: "\(kind.japaneseTitle)：\(term.ja)")
    }

    /// The list a page shows and which page of it: the one place pages and feeds get their documents.
    func list(of content: PlannedPage.Content) -> (all: [Int], page: Int) {
        switch content {
        case .home: (lists.channelDocuments, 1)
        case .homeFeed(let number): (lists.channelDocuments, number)
        case .section(let folder, let number): (lists.documents(in: folder), number)
        case .term(let kind, let termID, let number): (lists.documents(filedUnder: kind, term: termID), number)
        case .notFound, .document, .taxonomy, .feedIndex, .apiIndex, .search, .progress, .htmlSitemap: ([], 1)
        }
    }

    /// The feed of page `number` of a channel's list: the same slice as its HTML page.
    func feed(_ channel: FeedChannel, list: (all: [Int], page: Int), pagePath: String) -> FeedContext {
        let (all, number) = list
        let description = channel.path == "/" ? config.description : "\(channel.title)に関する規制の見直しと実装事例（\(config.title)）。"
        return FeedContext(
            title: channel.path == "/" ? config.title : "\(channel.title) | \(config.title)",
            description: description, channelPath: channel.path, pagePath: pagePath,
            nextPagePath: number < paginator.pageCount(of: all.count)
                ? Paginator.path(channel.path, page: number + 1) : nil,
            updated: all.first.flatMap { corpus.documents[$0].lastMajorChange },
            items: all[paginator.range(of: number, count: all.count)].map { feedItem($0) }, config: config)
    }

    /// Page `number` (from 2) of the home channel: feeds only.
    func homeFeedPage(_ number: Int) -> PageView {
        page(
            title: Self.numbered(config.title, page: number), description: config.description,
            path: Paginator.path("/", page: number),
            crumbs: [])
    }

    // MARK: - Items

    /// The feed item of the document at `index`, rendered once per build in the render step.
    func feedItem(_ index: Int) -> FeedItem {
        index < feedItems.count ? feedItems[index] : makeFeedItem(corpus.documents[index])
    }

    func makeFeedItem(_ document: Document) -> FeedItem {
        let zone = config.timeZone
        let url = config.absoluteURL(document.path)
        let title = document.title.withoutXMLIllegalCharacters
        let summary = document.body.summary.withoutXMLIllegalCharacters
        let published = document.date.map { FeedDate.rfc3339($0, in: zone) }
        let modified = document.lastMajorChange.map { FeedDate.rfc3339($0, in: zone) }
        let terms = tagTerms(document)
        var extensionObject: [(String, JSONValue)] = [
            ("about", .string(config.absoluteURL("/api/"))),
            ("type", .string(Self.typeName(document))),
            ("document_id", .string(document.id))
        ]
        for field in DataField.fields(for: document) where field.inFeeds {
            extensionObject.append((field.name, field.value(document, self)))
        }
        // Items carry the summary and a link as content, not the whole page: a document is in
        // about nine channels, and whole pages made a 50-item feed page 250 KB and the feeds of
        // 10,000 documents 700 MB. The structured fields (`_minaoshi`) and the pages carry the rest.
        let excerpt = "<p>\(summary.escapedForMarkup)</p>\n<p><a href=\"\(url.escapedForMarkup)\">全文を読む</a></p>"
        let id = FeedItem.id(of: document)
        // Written straight into bytes, as every feed page concatenates them: no value tree, no String.
        var json: [UInt8] = []
        json.reserveCapacity(1024)
        func member(_ key: StaticString, _ value: String, first: Bool = false) {
            json.append(UInt8(ascii: first ? "{" : ","))
            json.append(contentsOf: UnsafeBufferPointer(start: key.utf8Start, count: key.utf8CodeUnitCount))
            JSONValue.writeString(value, to: &json)
        }
        member("\"id\":", id, first: true)
        member("\"url\":", url)
        member("\"title\":", title)
        member("\"summary\":", summary)
        member("\"content_html\":", excerpt)
        if let published { member("\"date_published\":", published) }
        if let modified { member("\"date_modified\":", modified) }
        json.append(contentsOf: ",\"tags\":".utf8)
        JSONValue.strings(terms.map(\.term.ja)).write(to: &json)
        json.append(contentsOf: ",\"_minaoshi\":".utf8)
        JSONValue.object(extensionObject.map { ($0.0, Self.withoutIllegal($0.1)) }).write(to: &json)
        json.append(UInt8(ascii: "}"))

        var atom: [UInt8] = []
        atom.reserveCapacity(2048)
        func add(_ text: StaticString) {
            atom.append(contentsOf: UnsafeBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
        }
        func escaped(_ text: String) { text.appendEscapedForMarkup(to: &atom) }
        add("<entry xml:base=\""); escaped(url); add("\">\n<id>"); escaped(id); add("</id>\n")
        add("<title type=\"text\">"); escaped(title); add("</title>\n")
        add("<link rel=\"alternate\" type=\"text/html\" href=\""); escaped(url); add("\"/>\n")
        for source in document.sources {
            add("<link rel=\"related\" href=\""); escaped(source.url.withoutXMLIllegalCharacters)
            add("\" title=\""); escaped(source.title.withoutXMLIllegalCharacters); add("\"/>\n")
        }
        if let published { add("<published>"); atom.append(contentsOf: published.utf8); add("</published>\n") }
        add("<updated>");
        atom.append(contentsOf: (modified ?? published ?? FeedDate.rfc3339(Self.epoch, in: zone)).utf8);
        add("</updated>\n")
        add("<summary type=\"text\">"); escaped(summary); add("</summary>\n")
        add("<content type=\"html\">"); escaped(excerpt); add("</content>\n")
        for (kind, term) in terms {
            add("<category term=\""); escaped(term.id)
            add("\" scheme=\""); escaped(config.absoluteURL("/\(kind.rawValue)/"))
            add("\" label=\""); escaped(term.ja); add("\"/>\n")
        }
        add("</entry>\n")
        // Kept for the whole step, one per document: copied to their exact size, not the capacity
        // they grew to (at 100,000 documents the slack was 70 MB of the build's peak).
        return FeedItem(json: json.compacted, atom: atom.compacted)
    }

    /// The vocabulary terms a document is filed under, in the order of tags (``VocabularyKind/tagOrder``),
    /// for JSON Feed tags and Atom categories.
    private func tagTerms(_ document: Document) -> [(kind: VocabularyKind, term: VocabularyTerm)] {
        var result: [(kind: VocabularyKind, term: VocabularyTerm)] = []
        for kind in VocabularyKind.tagOrder {
            for id in document.kind.terms(of: kind) {
                // A document has a handful of terms: a scan finds a repeat without making a key string for each.
                if let term = corpus.vocabularies[kind].term(id),
                    !result.contains(where: { $0.kind == kind && $0.term.id == term.id })
                {
                    result.append((kind, term))
                }
            }
        }
        return result
    }

    static func typeName(_ document: Document) -> String {
        switch document.kind {
        case .regulation: "regulation"
        case .caseStudy: "case"
        case .page: "page"
        case .other: "other"
        }
    }

    /// Undated documents (only untyped ones can be) need some `updated` in Atom: a fixed day, never the clock.
    static let epoch = CalendarDate(year: 2000, month: 1, day: 1)!

    private static func withoutIllegal(_ value: JSONValue) -> JSONValue {
        // Almost every value is clean: it is kept as it is, not rebuilt array by array.
        guard mayHoldIllegal(value) else { return value }
        return switch value {
        case .string(let text): .string(text.withoutXMLIllegalCharacters)
        case .array(let values): .array(values.map(withoutIllegal))
        case .object(let members): .object(members.map { ($0.0, withoutIllegal($0.1)) })
        default: value
        }
    }

    private static func mayHoldIllegal(_ value: JSONValue) -> Bool {
        switch value {
        case .string(let text): text.mayHoldXMLIllegalCharacters
        case .array(let values): values.contains(where: mayHoldIllegal)
        case .object(let members): members.contains { mayHoldIllegal($0.1) }
        case .int, .bool, .null: false
        }
    }
}
