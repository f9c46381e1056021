import MinaoshiContent
import MinaoshiSupport

/// Decides the pages of a site: what each shows and where it goes.
enum PagePlanner {
    static func pages(_ views: ViewFactory) -> [PlannedPage] {
        let corpus = views.corpus, lists = views.lists, paginator = views.paginator
        var pages = [
            PlannedPage(kind: .home, path: "/", content: .home, source: "templates/index.mustache"),
            PlannedPage(kind: .notFound, path: "/", content: .notFound, source: "templates/404.mustache"),
            PlannedPage(kind: .search, path: "/search/", content: .search, source: "templates/search.mustache"),
        ]
        for folder in lists.sections {
            for number in 1...paginator.pageCount(of: lists.documents(in: folder).count) {
                pages.append(PlannedPage(kind: .section, path: Paginator.path("/\(folder)/", page: number),
                                         content: .section(folder: folder, page: number), source: "content/\(folder)/"))
            }
        }
        // A duplicate id is the loader's error already; its first document keeps the page.
        for (index, document) in corpus.documents.enumerated() where corpus.index(of: document.id) == index {
            pages.append(PlannedPage(kind: .document, path: document.path, content: .document(index: index), source: document.sourcePath))
        }
        for kind in ViewFactory.browsable where !corpus.vocabularies[kind].terms.isEmpty {
            let source = "content/_data/\(kind.fileName)"
            pages.append(PlannedPage(kind: .taxonomy, path: "/\(kind.rawValue)/", content: .taxonomy(kind), source: source))
            for term in views.termsWithDocuments(kind) {
                let count = lists.documents(filedUnder: kind, term: term.id).count
                for number in 1...paginator.pageCount(of: count) {
                    pages.append(PlannedPage(kind: .term, path: Paginator.path("/\(kind.rawValue)/\(term.id)/", page: number),
                                             content: .term(kind, termID: term.id, page: number), source: source))
                }
            }
        }
        return pages
    }

    /// Two sources must never write the same file (a page `content/regulations.md` and the
    /// section index of `content/regulations/`, say). Reported at the later source.
    static func collisions(_ pages: [PlannedPage]) -> [Diagnostic] {
        var owners: [String: String] = [:]
        var problems: [Diagnostic] = []
        for page in pages {
            for output in page.outputs {
                if let owner = owners[output.path] {
                    problems.append(.error(at: SourceLocation(file: page.source), "writes \(output.path), which \(owner) also writes",
                                           hint: "give one of them another id"))
                } else {
                    owners[output.path] = page.source
                }
            }
        }
        return problems
    }
}
