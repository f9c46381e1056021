import MinaoshiContent

/// A page the build will write: its kind, its site path and what it shows. Planning is cheap
/// (no view is built), so every output path is known, and checked for collisions, before the
/// first page is rendered.
///
/// A class, its fields set once: the steps hand the plan's 11,759 pages (at 10,000 documents)
/// from list to list and core to core, and as a struct of a dozen references each copy retained
/// and released every one (2% of a body edit's CPU samples at 10,000 documents, its output
/// paths made again at each ask besides).
final class PlannedPage: Sendable {
    enum Content: Sendable {
        case home
        /// Page `page` (from 2) of the home channel, which has feeds but no HTML list.
        case homeFeed(page: Int)
        case notFound
        /// A section's documents, newest first; `page` counts from 1.
        case section(folder: String, page: Int)
        case document(index: Int)
        case taxonomy(VocabularyKind)
        case term(VocabularyKind, termID: String, page: Int)
        case search
        case feedIndex
        case apiIndex
        /// `/progress/`: the corpus counted, and the national figures.
        case progress
        /// `/sitemap/`: the site's structure for readers.
        case htmlSitemap
    }

    let kind: PageKind
    /// `/regulations/page/2/`: a folder, or `/` for the 404 page.
    let path: String
    let content: Content
    /// Shown in collision messages: the content file or data file the page comes from.
    let source: String
    /// Channels the page's `<head>` links for autodiscovery besides its own (its kind's
    /// alternates): the whole site's, a document's section.
    let channels: [FeedChannel]
    /// The page's own channel, for a kind with feeds: page 1 of its list, and its title.
    let channel: FeedChannel?
    /// Every file the page writes, with its format.
    let outputs: [(path: String, format: OutputFormat)]

    init(
        kind: PageKind, path: String, content: Content, source: String, channels: [FeedChannel] = [],
        channel: FeedChannel? = nil
    ) {
        self.kind = kind
        self.path = path
        self.content = content
        self.source = source
        self.channels = channels
        self.channel = channel
        outputs = kind.outputs.map { (String($0.path(for: path).dropFirst()), $0) }
    }

    /// Whether the sitemap lists the page: the error page and feed-only pages are no pages to visit,
    /// nor is the search page, whose content is whatever the reader asks.
    var isListed: Bool {
        kind.primary.isHTML && kind.name != PageKind.notFound.name && kind.name != PageKind.search.name
    }
}

/// A list published as feeds: the kind that declares its formats, the site path of the list's
/// first page and its title.
struct FeedChannel: Sendable {
    let kind: PageKind
    let path: String
    let title: String

    /// `<link rel="alternate">` to each feed of the channel (page 1, the one to subscribe to).
    func links(_ link: (String) -> String) -> [AlternateLinkView] {
        kind.feeds.map { format in
            AlternateLinkView(
                type: format.mediaType, url: link(format.linkPath(for: path)), title: "\(title)（\(format.label)）")
        }
    }
}
