/// A kind of page and the outputs it has. The first output is the page itself (its URL, its
/// entry in the sitemap); the others are its alternates, linked from its `<head>`.
struct PageKind: Sendable {
    let name: String
    /// The template of the HTML output; other template outputs add their suffix to it.
    let template: String
    let outputs: [OutputFormat]

    init(name: String, template: String, outputs: [OutputFormat]) {
        precondition(!outputs.isEmpty, "a page kind needs at least one output")
        self.name = name
        self.template = template
        self.outputs = outputs
    }

    /// The page's own output, whose URL is the page's.
    var primary: OutputFormat { outputs[0] }
    var alternates: ArraySlice<OutputFormat> { outputs.dropFirst() }
    /// The outputs that are feeds of the page's list (its channel).
    var feeds: [OutputFormat] { outputs.filter { if case .channel = $0.placement { true } else { false } } }

    /// The home page, whose channel is every regulation review and case study: `/feed.json`, `/feed.xml`.
    static let home = PageKind(name: "home", template: "index", outputs: [.html] + OutputFormat.feeds)
    /// Later pages of the home channel, which has no HTML list of its own: `/feed/page/2.json`.
    static let homeFeedPage = PageKind(name: "home-feed-page", template: "index", outputs: OutputFormat.feeds)
    static let notFound = PageKind(name: "404", template: "404", outputs: [.notFoundHTML])
    /// A section without a channel (`pages`).
    static let section = PageKind(name: "section", template: "section", outputs: [.html])
    /// The regulation reviews and the case studies: `/feeds/regulations.json`, `/feeds/cases.json`.
    static let channelSection = PageKind(
        name: "channel-section", template: "section", outputs: [.html] + OutputFormat.feeds)
    static let document = PageKind(name: "document", template: "document", outputs: [.html])
    static let taxonomy = PageKind(name: "taxonomy", template: "taxonomy", outputs: [.html])
    /// A vocabulary term with documents: `/feeds/categories/<id>.json`.
    static let term = PageKind(name: "term", template: "term", outputs: [.html] + OutputFormat.feeds)
    /// `/feeds/`: every channel with its item count and links.
    static let feedIndex = PageKind(name: "feed-index", template: "feeds", outputs: [.html])
    /// `/api/`: the open data files and every field they have.
    static let apiIndex = PageKind(name: "api-index", template: "api", outputs: [.html])
    /// `/search/`: the form and the script that reads the index under `search/`.
    static let search = PageKind(name: "search", template: "search", outputs: [.html])
    /// `/progress/`: the review's progress, charts drawn at build time with their tables.
    static let progress = PageKind(name: "progress", template: "progress", outputs: [.html])
    /// `/sitemap/`: the site's structure for readers (the XML sitemap is for crawlers).
    static let htmlSitemap = PageKind(name: "html-sitemap", template: "sitemap", outputs: [.html])

    /// A document's entry in every list, rendered once per document and build.
    static let listItemTemplate = "partials/document-item"

    /// Every kind the standard build plans, so templates can be checked before rendering.
    static let standard: [PageKind] = [
        .home, .homeFeedPage, .notFound, .section, .channelSection, .document, .taxonomy, .term,
        .feedIndex, .apiIndex, .search, .progress, .htmlSitemap
    ]

    /// Template names the kind needs: one per template output.
    var templateNames: [String] {
        outputs.compactMap { format in
            if case .template(let suffix) = format.renderer { return template + suffix }
            return nil
        }
    }
}
