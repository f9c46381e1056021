/// The context every template gets. Views hold strings ready to print, never domain types,
/// so templates need no logic and the domain can change without breaking them.
struct PageView {
    var site: SiteView
    /// The page's own title (the `<h1>`).
    var title: String
    /// The `<title>`: page title, then the site's.
    var documentTitle: String
    var description: String
    var canonicalURL: String
    var nav: [NavItemView]
    var breadcrumbs: [LinkView] { didSet { hasBreadcrumbs = !breadcrumbs.isEmpty } }
    /// Stored, not computed: Mustache reads views through reflection, which sees stored properties only.
    private(set) var hasBreadcrumbs: Bool

    var home: HomeView?
    var section: SectionListView?
    var document: DocumentView?
    var taxonomy: TaxonomyView?
    var term: TermView?

    init(site: SiteView, title: String, documentTitle: String, description: String, canonicalURL: String,
         nav: [NavItemView], breadcrumbs: [LinkView]) {
        self.site = site
        self.title = title
        self.documentTitle = documentTitle
        self.description = description
        self.canonicalURL = canonicalURL
        self.nav = nav
        self.breadcrumbs = breadcrumbs
        self.hasBreadcrumbs = !breadcrumbs.isEmpty
    }
}

struct SiteView {
    var title: String
    var description: String
    var publisher: String
    /// Prefix for every site link: `/` or `/minaoshi/`.
    var basePath: String
    var language: String
}

struct NavItemView {
    var label: String
    var url: String
    /// `page` on the section's own index, `true` on pages inside it, nil elsewhere (`aria-current`).
    var current: String?
}

struct LinkView {
    var label: String
    var url: String
}

struct DateView {
    /// `2022-01-18`, for `<time datetime>`.
    var iso: String
    /// `2022年1月18日`, for readers.
    var japanese: String
}

struct DocumentSummaryView {
    var title: String
    var url: String
    var summary: String
    var date: DateView?
    var sectionTitle: String
    /// One line of key facts: ministry and status of a regulation, places of a case.
    var meta: String?
}

struct HomeView {
    var sections: [SectionCardView]
    var browse: [TaxonomySummaryView]
}

/// A vocabulary with its terms, for browsing.
struct TaxonomySummaryView {
    var title: String
    var url: String
    var terms: [TermSummaryView]
}

struct TermSummaryView {
    var label: String
    /// Nil when no document is filed under the term (no page to link to).
    var url: String?
    var count: Int
    var description: String?
}

/// The index of one vocabulary: `/categories/`.
struct TaxonomyView {
    var description: String
    var terms: [TermSummaryView]
}

/// The page of one term: `/categories/visual-inspection/`.
struct TermView {
    var description: String?
    var english: String
    var lists: [DocumentListView]
}

/// A titled list of documents on a page; only lists with documents are shown.
struct DocumentListView {
    var id: String
    var heading: String
    var documents: [DocumentSummaryView]
}

/// One row of a document's key facts.
struct FactView {
    var label: String
    var text: String?
    var links: [LinkView]
    var hasLinks: Bool
}

struct OutcomeView {
    var label: String
    var value: String
    var period: String?
}

struct ChangeView {
    var date: DateView
    var note: String
}

struct SectionCardView {
    /// The folder name, for element ids.
    var id: String
    var title: String
    var description: String
    var url: String
    var count: Int
    var recent: [DocumentSummaryView]
}

struct SectionListView {
    var description: String
    var count: Int
    var documents: [DocumentSummaryView]
}

struct DocumentView {
    var sectionTitle: String
    var sectionURL: String
    /// What `date` means for this kind of document: 見直しの日付, 事例の日付, 公開日.
    var dateLabel = "公開日"
    var date: DateView?
    var updated: DateView?
    var summary: String
    /// Rendered by cmark in safe mode; printed unescaped.
    var html: String
    var toc: [TOCEntryView] { didSet { hasTOC = toc.count >= 2 } }
    private(set) var hasTOC: Bool
    var sourcePath: String
    var facts: [FactView] = []
    var hasFacts = false
    var outcomes: [OutcomeView] = []
    var hasOutcomes = false
    /// Cases of a regulation, regulations of a case, related documents.
    var lists: [DocumentListView] = []
    var sources: [LinkView] = []
    var hasSources = false
    var changes: [ChangeView] = []
    var hasChanges = false

    init(sectionTitle: String, sectionURL: String, date: DateView?, updated: DateView?, summary: String, html: String,
         toc: [TOCEntryView], sourcePath: String) {
        self.sectionTitle = sectionTitle
        self.sectionURL = sectionURL
        self.date = date
        self.updated = updated
        self.summary = summary
        self.html = html
        self.toc = toc
        self.hasTOC = toc.count >= 2
        self.sourcePath = sourcePath
    }
}

struct TOCEntryView {
    var id: String
    var text: String
    var level: Int
    var isSubsection: Bool
}
