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

    static let home = PageKind(name: "home", template: "index", outputs: [.html])
    static let notFound = PageKind(name: "404", template: "404", outputs: [.notFoundHTML])
    static let section = PageKind(name: "section", template: "section", outputs: [.html])
    static let document = PageKind(name: "document", template: "document", outputs: [.html])
    static let taxonomy = PageKind(name: "taxonomy", template: "taxonomy", outputs: [.html])
    static let term = PageKind(name: "term", template: "term", outputs: [.html])
    /// `/search/`: the form and the script that reads the index under `search/`.
    static let search = PageKind(name: "search", template: "search", outputs: [.html])

    /// A document's entry in every list, rendered once per document and build.
    static let listItemTemplate = "partials/document-item"

    /// Every kind the standard build plans, so templates can be checked before rendering.
    static let standard: [PageKind] = [.home, .notFound, .section, .document, .taxonomy, .term, .search]

    /// Template names the kind needs: one per template output.
    var templateNames: [String] {
        outputs.compactMap { format in
            if case .template(let suffix) = format.renderer { return template + suffix }
            return nil
        }
    }
}
