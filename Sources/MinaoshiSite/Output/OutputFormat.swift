/// One way a page can be written: HTML, JSON Feed, Atom. A format is data: a page kind lists the
/// formats it has, and the render step writes each of them through the kind's template for that
/// format (`term` + `.atom` → `term.atom.mustache`) or through the format's encoder.
/// A template format is one declaration here and one template per page kind. A feed format takes
/// more: its encoder (`FeedEncoder`), a field of `FeedItem` holding each document's entry in it,
/// and a branch in `ViewFactory.makeFeedItem` that writes that field; add it to ``feeds`` to be
/// linked. Feed items are made after the pages, once each document's body HTML is released
/// (`Document.releaseBodyHTML()`): a format that prints whole bodies must keep them before then,
/// and reading a released body stops the build rather than publish it empty.
struct OutputFormat: Sendable {
    enum Renderer: Sendable {
        /// Renders the template named after the page kind plus this suffix (`""` for HTML).
        case template(suffix: String)
        /// Encodes the page's view in Swift. Feeds read `view.feed`, which the view factory builds
        /// from the same slice of the same list as the page's HTML, so they cannot disagree.
        case encoder(@Sendable (PageView, OutputFormat) -> [UInt8])
    }

    /// Where the file of a page at a given site path goes.
    enum Placement: Sendable {
        /// A file in the page's folder: `/regulations/` → `/regulations/index.html`.
        case inFolder(fileName: String)
        /// A channel file under `/feeds/` named after the page's path, with this extension:
        /// `/categories/x/` → `/feeds/categories/x.json`, `/categories/x/page/2/` →
        /// `/feeds/categories/x/page/2.json`; the home page's channel is `/feed.json`
        /// (`/feed/page/2.json` after it).
        case channel(extension: String)
    }

    /// Short name, unique among formats (`html`, `json-feed`, `atom`).
    let name: String
    /// The `type` of a `<link rel="alternate">` and what a server should send.
    let mediaType: String
    let placement: Placement
    /// How an alternate link to this format is labelled for people.
    let label: String
    let renderer: Renderer

    var isHTML: Bool { mediaType == "text/html" }

    /// The site path of this output for a page at `pagePath` (`/regulations/` → `/regulations/index.html`).
    func path(for pagePath: String) -> String {
        switch placement {
        case .inFolder(let fileName):
            return pagePath + fileName
        case .channel(let ext):
            let trimmed = pagePath.hasSuffix("/") ? String(pagePath.dropLast()) : pagePath
            if trimmed.isEmpty { return "/feed.\(ext)" }
            if trimmed.hasPrefix("/page/") { return "/feed\(trimmed).\(ext)" }
            return "/feeds\(trimmed).\(ext)"
        }
    }

    /// The URL to link to: folders for HTML index files, the file itself otherwise.
    func linkPath(for pagePath: String) -> String {
        if case .inFolder("index.html") = placement { return pagePath }
        return path(for: pagePath)
    }

    static let html = OutputFormat(
        name: "html", mediaType: "text/html", placement: .inFolder(fileName: "index.html"), label: "HTML",
        renderer: .template(suffix: ""))
    /// The error page servers send for a missing path: `/404.html`, not a folder.
    static let notFoundHTML = OutputFormat(
        name: "html-404", mediaType: "text/html", placement: .inFolder(fileName: "404.html"),
        label: "HTML", renderer: .template(suffix: ""))
    /// JSON Feed 1.1 (https://www.jsonfeed.org/version/1.1/), paged with `next_url`.
    static let jsonFeed = OutputFormat(
        name: "json-feed", mediaType: "application/feed+json", placement: .channel(extension: "json"),
        label: "JSON Feed", renderer: .encoder(FeedEncoder.jsonFeed))
    /// Atom 1.0 (RFC 4287), paged with `<link rel="next">` (RFC 5005).
    static let atom = OutputFormat(
        name: "atom", mediaType: "application/atom+xml", placement: .channel(extension: "xml"),
        label: "Atom", renderer: .encoder(FeedEncoder.atom))

    /// The formats a channel is published in, in the order pages link them.
    static let feeds: [OutputFormat] = [.jsonFeed, .atom]
}
