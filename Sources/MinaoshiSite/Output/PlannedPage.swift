import MinaoshiContent

/// A page the build will write: its kind, its site path and what it shows. Planning is cheap
/// (no view is built), so every output path is known, and checked for collisions, before the
/// first page is rendered.
struct PlannedPage: Sendable {
    enum Content: Sendable {
        case home
        case notFound
        /// A section's documents, newest first; `page` counts from 1.
        case section(folder: String, page: Int)
        case document(index: Int)
        case taxonomy(VocabularyKind)
        case term(VocabularyKind, termID: String, page: Int)
        case search
    }

    let kind: PageKind
    /// `/regulations/page/2/`: a folder, or `/` for the 404 page.
    let path: String
    let content: Content
    /// Shown in collision messages: the content file or data file the page comes from.
    let source: String

    /// Every file the page writes, with its format.
    var outputs: [(path: String, format: OutputFormat)] {
        kind.outputs.map { (String($0.path(for: path).dropFirst()), $0) }
    }

    /// Whether the sitemap lists the page (the error page is no page to visit).
    /// Nor is the search page, whose content is whatever the reader asks.
    var isListed: Bool { kind.name != PageKind.notFound.name && kind.name != PageKind.search.name }
}
