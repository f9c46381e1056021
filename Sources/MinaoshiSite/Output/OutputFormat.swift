/// One way a page can be written: HTML now; JSON Feed, Atom, CSV and JSON data later. A format
/// is data: a page kind lists the formats it has, and the render step writes each of them
/// through the kind's template for that format (`term` + `.atom` → `term.atom.mustache`) or
/// through the format's encoder. Adding a format is one declaration here and one template or
/// encoder; the pipeline does not change.
struct OutputFormat: Sendable {
    enum Renderer: Sendable {
        /// Renders the template named after the page kind plus this suffix (`""` for HTML).
        case template(suffix: String)
        /// Encodes the page's view in Swift (JSON, CSV).
        case encoder(@Sendable (PageView) -> String)
    }

    /// Short name, unique among formats (`html`, `json-feed`, `atom`).
    let name: String
    /// The `type` of a `<link rel="alternate">` and what a server should send.
    let mediaType: String
    /// The file written in the page's folder (`index.html`, `feed.json`).
    let fileName: String
    /// How an alternate link to this format is labelled for people.
    let label: String
    let renderer: Renderer

    var isHTML: Bool { mediaType == "text/html" }

    /// The site path of this output for a page at `pagePath` (`/regulations/` → `/regulations/index.html`).
    func path(for pagePath: String) -> String { pagePath + fileName }

    /// The URL to link to: folders for HTML index files, the file itself otherwise.
    func linkPath(for pagePath: String) -> String { fileName == "index.html" ? pagePath : pagePath + fileName }

    static let html = OutputFormat(name: "html", mediaType: "text/html", fileName: "index.html", label: "HTML",
                                          renderer: .template(suffix: ""))
    /// The error page servers send for a missing path: `/404.html`, not a folder.
    static let notFoundHTML = OutputFormat(name: "html-404", mediaType: "text/html", fileName: "404.html", label: "HTML",
                                                  renderer: .template(suffix: ""))
}
