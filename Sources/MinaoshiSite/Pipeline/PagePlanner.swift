import MinaoshiContent
import MinaoshiSupport

/// Decides the pages of a site: what each shows and where it goes.
enum PagePlanner {
    static func pages(_ views: ViewFactory) -> [PlannedPage] {
        let corpus = views.corpus, lists = views.lists, paginator = views.paginator
        let site = views.siteChannel
        var pages = [
            PlannedPage(kind: .home, path: "/", content: .home, source: "templates/index.mustache", channel: site),
            PlannedPage(
                kind: .notFound, path: "/", content: .notFound, source: "templates/404.mustache", channels: [site]),
            PlannedPage(
                kind: .search, path: "/search/", content: .search, source: "templates/search.mustache", channels: [site]
            )
        ]
        // The home page shows no list; its channel's later pages are feeds only.
        if paginator.pageCount(of: lists.channelDocuments.count) > 1 {
            for number in 2...paginator.pageCount(of: lists.channelDocuments.count) {
                pages.append(
                    PlannedPage(
                        kind: .homeFeedPage, path: Paginator.path("/", page: number), content: .homeFeed(page: number),
                        source: "templates/index.mustache", channel: site))
            }
        }
        for folder in lists.sections {
            let channel = views.sectionChannel(folder)
            for number in 1...paginator.pageCount(of: lists.documents(in: folder).count) {
                pages.append(
                    PlannedPage(
                        kind: channel?.kind ?? .section, path: Paginator.path("/\(folder)/", page: number),
                        content: .section(folder: folder, page: number), source: "content/\(folder)/",
                        channels: [site], channel: channel))
            }
        }
        // A duplicate id is the loader's error already; its first document keeps the page. On
        // every core: one page per document was most of this step, with the other core idle.
        pages += ParallelMap.map(Array(corpus.documents.indices)) { documentPage(at: $0, views) }.compactMap { $0 }
        for kind in ViewFactory.browsable where !corpus.vocabularies[kind].terms.isEmpty {
            let source = "content/_data/\(kind.fileName)"
            pages.append(
                PlannedPage(
                    kind: .taxonomy, path: "/\(kind.rawValue)/", content: .taxonomy(kind), source: source,
                    channels: [site]))
            for term in views.termsWithDocuments(kind) {
                let count = lists.documents(filedUnder: kind, term: term.id).count
                let channel = views.termChannel(term, of: kind)
                for number in 1...paginator.pageCount(of: count) {
                    pages.append(
                        PlannedPage(
                            kind: .term, path: Paginator.path(channel.path, page: number),
                            content: .term(kind, termID: term.id, page: number), source: source, channels: [site],
                            channel: channel))
                }
            }
        }
        pages.append(
            PlannedPage(
                kind: .feedIndex, path: "/feeds/", content: .feedIndex, source: "templates/feeds.mustache",
                channels: [site]))
        pages.append(
            PlannedPage(
                kind: .progress, path: ViewFactory.progressPath, content: .progress,
                source: "content/_data/progress.yml",
                channels: [site]))
        pages.append(
            PlannedPage(
                kind: .htmlSitemap, path: ViewFactory.sitemapPath, content: .htmlSitemap,
                source: "templates/sitemap.mustache",
                channels: [site]))
        pages.append(
            PlannedPage(
                kind: .apiIndex, path: "/api/", content: .apiIndex, source: "templates/api.mustache", channels: [site]))
        return pages
    }

    /// The page of the document at a corpus index; nil for a later document of a duplicate id.
    static func documentPage(at index: Int, _ views: ViewFactory) -> PlannedPage? {
        let document = views.corpus.documents[index]
        guard views.corpus.index(of: document.id) == index else { return nil }
        return PlannedPage(
            kind: .document, path: document.path, content: .document(index: index), source: document.sourcePath,
            channels: [views.sectionChannel(document.section)].compactMap { $0 } + [views.siteChannel])
    }

    /// Two sources must never write the same file (a page `content/regulations.md` and the
    /// section index of `content/regulations/`, say). Reported at the later source.
    static func collisions(_ pages: [PlannedPage]) -> [Diagnostic] {
        // Each page's output paths are made on every core; the check itself is one pass in order.
        let paths = ParallelMap.map(pages) { page in page.outputs.map(\.path) }
        var owners: [String: String] = [:]
        owners.reserveCapacity(paths.reduce(0) { $0 + $1.count })
        var problems: [Diagnostic] = []
        for (page, outputs) in zip(pages, paths) {
            for path in outputs {
                if let owner = owners[path] {
                    problems.append(
                        .error(
                            at: SourceLocation(file: page.source), "writes \(path), which \(owner) also writes",
                            hint: "give one of them another id"))
                } else {
                    owners[path] = page.source
                }
            }
        }
        return problems
    }
}
