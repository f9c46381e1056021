import MinaoshiContent
import MinaoshiSupport

/// Builds the view structs for each kind of page from the corpus and the config.
struct ViewFactory {
    let config: SiteConfig
    let corpus: Corpus
    /// Section folders in display order.
    let sections: [String]

    init(config: SiteConfig, corpus: Corpus) {
        self.config = config
        self.corpus = corpus
        self.sections = SectionCatalog.ordered(corpus.sections.filter { !$0.isEmpty })
    }

    var site: SiteView {
        SiteView(title: config.title, description: config.description, publisher: config.publisher,
                 basePath: config.basePath, language: config.language)
    }

    /// A site path as a link inside pages (`/cases/x/` → `/minaoshi/cases/x/`).
    func link(_ path: String) -> String { config.basePath + path.drop(while: { $0 == "/" }) }

    func home() -> PageView {
        let cards = sections.map { folder in
            let info = SectionCatalog.info(for: folder)
            let documents = newestFirst(corpus.documents(in: folder))
            return SectionCardView(id: folder, title: info.title, description: info.description, url: link("/\(folder)/"),
                                   count: documents.count, recent: documents.prefix(5).map(summary))
        }
        var view = page(title: config.title, description: config.description, path: "/", currentSection: nil, crumbs: [])
        view.documentTitle = config.title
        view.home = HomeView(sections: cards)
        return view
    }

    func section(_ folder: String) -> PageView {
        let info = SectionCatalog.info(for: folder)
        let documents = newestFirst(corpus.documents(in: folder))
        var view = page(title: info.title, description: info.description, path: "/\(folder)/", currentSection: folder,
                        crumbs: [LinkView(label: "ホーム", url: link("/"))])
        view.section = SectionListView(description: info.description, count: documents.count, documents: documents.map(summary))
        return view
    }

    func document(_ document: Document) -> PageView {
        let info = SectionCatalog.info(for: document.section)
        var crumbs = [LinkView(label: "ホーム", url: link("/"))]
        if !document.section.isEmpty { crumbs.append(LinkView(label: info.title, url: link("/\(document.section)/"))) }
        var view = page(title: document.title, description: document.body.summary, path: document.path,
                        currentSection: document.section, crumbs: crumbs)
        view.document = DocumentView(
            sectionTitle: info.title,
            sectionURL: link("/\(document.section)/"),
            date: document.date.map(dateView),
            updated: document.updated.map(dateView),
            summary: document.body.summary,
            html: document.body.html,
            toc: document.body.headings.filter { $0.level == 2 || $0.level == 3 }.map {
                TOCEntryView(id: $0.id, text: $0.text, level: $0.level, isSubsection: $0.level > 2)
            },
            sourcePath: document.sourcePath
        )
        return view
    }

    func notFound() -> PageView {
        page(title: "ページが見つかりません", description: "お探しのページは見つかりませんでした。", path: "/404.html",
             currentSection: nil, crumbs: [LinkView(label: "ホーム", url: link("/"))])
    }

    // MARK: - Pieces

    private func page(title: String, description: String, path: String, currentSection: String?, crumbs: [LinkView]) -> PageView {
        PageView(
            site: site,
            title: title,
            documentTitle: "\(title) | \(config.title)",
            description: description,
            canonicalURL: config.absoluteURL(path),
            nav: sections.map { folder in
                let current: String? = folder != currentSection ? nil : (path == "/\(folder)/" ? "page" : "true")
                return NavItemView(label: SectionCatalog.info(for: folder).title, url: link("/\(folder)/"), current: current)
            },
            breadcrumbs: crumbs
        )
    }

    private func summary(_ document: Document) -> DocumentSummaryView {
        DocumentSummaryView(title: document.title, url: link(document.path), summary: document.body.summary,
                            date: document.date.map(dateView), sectionTitle: SectionCatalog.info(for: document.section).title)
    }

    private func dateView(_ date: CalendarDate) -> DateView {
        DateView(iso: date.iso8601, japanese: date.japanese)
    }

    /// Newest first; undated documents last; ties by title then id so the order never wavers.
    private func newestFirst(_ documents: [Document]) -> [Document] {
        documents.sorted { a, b in
            switch (a.date, b.date) {
            case let (x?, y?) where x != y: return x > y
            case (.some, nil): return true
            case (nil, .some): return false
            default: return (a.title, a.id) < (b.title, b.id)
            }
        }
    }
}
