import MinaoshiContent
import MinaoshiMarkdown
import MinaoshiSupport

/// Builds the view structs for each kind of page from the corpus and the config.
struct ViewFactory: Sendable {
    let config: SiteConfig
    let corpus: Corpus
    /// Section and term lists, sorted once.
    let lists: SiteLists
    let related: RelatedDocuments
    let paginator: Paginator
    /// `config.basePath`, worked out once: every link on every page starts with it.
    let basePath: String
    /// Each document's summary with its list item rendered, by corpus index; empty until the
    /// render step fills it once per build.
    var summaries: [DocumentSummaryView] = []
    /// Each document's feed item, by corpus index; empty until the render step fills it once per build.
    var feedItems: [FeedItem] = []
    /// Vocabularies that get pages, in the order of their declarations' `pages`.
    static let browsable = VocabularyKind.pageOrder
    /// Their Japanese titles joined, for the texts that name them all (府省庁・技術・…).
    static let browsableTitles = browsable.map(\.japaneseTitle).joined(separator: "・")

    /// The navigation's entries (label, link, and the site path whose pages are `current`), made
    /// once: every page shows them.
    private let navEntries: [(label: String, url: String, path: String)]

    init(config: SiteConfig, corpus: Corpus, lists: SiteLists, related: RelatedDocuments) {
        self.config = config
        self.corpus = corpus
        self.lists = lists
        self.related = related
        self.paginator = Paginator(pageSize: config.pageSize)
        self.basePath = config.basePath
        let basePath = config.basePath
        func link(_ path: String) -> String { basePath + path.withoutLeadingSlashes }
        var entries = lists.sections.filter { $0 != DocumentKind.pageSection }.map { folder in
            (label: SectionCatalog.info(for: folder).title, url: link("/\(folder)/"), path: "/\(folder)/")
        }
        entries += VocabularyKind.navigationOrder.map { kind in
            (label: kind.japaneseTitle, url: link("/\(kind.rawValue)/"), path: "/\(kind.rawValue)/")
        }
        if lists.sections.contains(DocumentKind.pageSection) {
            let about = corpus.document(id: Self.aboutPageID) != nil ? "/pages/about/" : "/pages/"
            entries.append(
                (
                    label: SectionCatalog.info(for: DocumentKind.pageSection).title, url: link(about),
                    path: "/\(DocumentKind.pageSection)/"
                ))
        }
        self.navEntries = entries
    }

    /// The page the navigation's last entry links, when there is one (else the pages' section).
    static let aboutPageID = "\(DocumentKind.pageSection)/about"

    /// Content section folders in display order.
    var sections: [String] { lists.sections }

    var site: SiteView {
        SiteView(
            title: config.title, description: config.description, publisher: config.publisher,
            basePath: basePath, language: config.language, sites: config.searchSites.map { ($0.url, $0.label) })
    }

    /// A site path as a link inside pages (`/cases/x/` → `/minaoshi/cases/x/`).
    func link(_ path: String) -> String { basePath + path.withoutLeadingSlashes }

    func home() -> PageView {
        let cards = sections.map { folder in
            let info = SectionCatalog.info(for: folder)
            let documents = lists.documents(in: folder)
            return SectionCardView(
                id: folder, title: info.title, description: info.description, url: link("/\(folder)/"),
                count: documents.count)
        }
        // Categories are the first way in (``frontDoor()``); then the kinds the declarations put on
        // the home page, with the terms that have documents.
        let browse = VocabularyKind.homeOrder.map { kind in
            TaxonomySummaryView(
                title: "\(kind.japaneseTitle)から探す", url: link("/\(kind.rawValue)/"),
                terms: termSummaries(kind).filter { $0.count > 0 })
        }
        var view = page(title: config.title, description: config.description, path: "/", crumbs: [])
        view.documentTitle = config.title
        view.home = HomeView(sections: cards, browse: browse, frontDoor: frontDoor())
        return view
    }

    /// Page `number` (from 1) of a section's documents, newest first.
    func section(_ folder: String, page number: Int) -> PageView {
        let info = SectionCatalog.info(for: folder)
        let all = list(of: .section(folder: folder, page: number)).all
        let base = "/\(folder)/"
        var view = page(
            title: Self.numbered(info.title, page: number), description: info.description,
            path: Paginator.path(base, page: number), crumbs: [homeCrumb])
        view.section = SectionListView(
            description: info.description, count: all.count,
            documents: all[paginator.range(of: number, count: all.count)].map { summary(at: $0) })
        view.pagination = paginator.view(page: number, count: all.count, base: base) { link($0) }
        return view
    }

    /// A list's title on its later pages says which page it is: 規制の見直し（2ページ目）.
    static func numbered(_ title: String, page: Int) -> String { page == 1 ? title : "\(title)（\(page)ページ目）" }

    /// The search page: the form, filters and results are the script's; the page says what to type.
    func search() -> PageView {
        page(
            title: "サイト内検索", description: "規制の見直しと実装事例を、法令名・技術・地名などの言葉と分類で検索します。",
            path: "/search/", crumbs: [homeCrumb])
    }

    func notFound() -> PageView {
        page(title: "ページが見つかりません", description: "お探しのページは見つかりませんでした。", path: "/404.html", crumbs: [homeCrumb])
    }

    // MARK: - Shared pieces

    var homeCrumb: LinkView { LinkView(label: "ホーム", url: link("/")) }

    /// The frame every page shares: titles, canonical URL, navigation with the current place marked.
    func page(title: String, description: String, path: String, crumbs: [LinkView]) -> PageView {
        let nav = navEntries.map { NavItemView(label: $0.label, url: $0.url, current: current(path, $0.path)) }
        var view = PageView(
            site: site, title: title, documentTitle: "\(title) | \(config.title)", description: description,
            canonicalURL: config.absoluteURL(path), nav: nav, breadcrumbs: crumbs)
        view.structuredData = [breadcrumbList(crumbs, title: title, url: view.canonicalURL)]
        view.imageURL = config.absoluteURL(Self.cardImagePath)
        return view
    }

    /// `aria-current`: `page` on the entry's own page, `true` on pages below it.
    private func current(_ path: String, _ entry: String) -> String? {
        path == entry ? "page" : (path.hasPrefix(entry) ? "true" : nil)
    }

    func summary(_ document: Document) -> DocumentSummaryView {
        if !summaries.isEmpty, let index = corpus.index(of: document.id) { return summaries[index] }
        return makeSummary(document)
    }

    /// The summary of the document at a corpus index, as lists hold them: no id to look up.
    /// (Two documents share an id only in a corpus with errors, which renders no page.)
    func summary(at index: Int) -> DocumentSummaryView {
        summaries.isEmpty ? makeSummary(corpus.documents[index]) : summaries[index]
    }

    private func makeSummary(_ document: Document) -> DocumentSummaryView {
        DocumentSummaryView(
            title: document.title, url: link(document.path), summary: document.body.summary,
            date: document.date.map { dateView($0) }, sectionTitle: SectionCatalog.info(for: document.section).title,
            meta: meta(document))
    }

    private func meta(_ document: Document) -> String? {
        let vocabularies = corpus.vocabularies
        switch document.kind {
        case .regulation(let regulation):
            let parts: [String?] = [
                vocabularies[.ministries].term(regulation.ministry)?.ja,
                vocabularies[.statuses].term(regulation.status)?.ja,
                regulation.categories.compactMap { vocabularies[.categories].term($0)?.ja }.joined(separator: "・")
            ]
            return parts.compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: " ／ ")
        case .caseStudy(let caseStudy):
            let places =
                caseStudy.prefectures.compactMap { vocabularies[.prefectures].term($0)?.ja } + caseStudy.municipalities
            return places.isEmpty ? nil : places.joined(separator: "・")
        case .page, .other:
            return nil
        }
    }

    func dateView(_ date: CalendarDate) -> DateView {
        DateView(iso: date.iso8601, japanese: date.japanese)
    }

}
