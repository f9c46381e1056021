import MinaoshiSupport

/// The context every template gets. Views hold strings ready to print, never domain types,
/// so templates need no logic and the domain can change without breaking them. Templates read
/// them through `child(named:)` (`TemplateLookup.swift`), never through reflection, so flags
/// such as `hasBreadcrumbs` are answers computed from the data, not copies kept in step.
struct PageView {
    var site: SiteView
    /// The page's own title (the `<h1>`).
    var title: String
    /// The `<title>`: page title, then the site's.
    var documentTitle: String
    var description: String
    var canonicalURL: String
    var nav: [NavItemView]
    var breadcrumbs: [LinkView]
    /// The same page in other formats (`<link rel="alternate">`), from its kind's outputs.
    var alternates: [AlternateLinkView] = []
    /// Nil on a list that fits on one page.
    var pagination: PaginationView?
    /// Schema.org JSON-LD blocks (``StructuredData.swift``): a `BreadcrumbList` on every page.
    var structuredData: [JSONValue] = []
    /// OpenGraph's `og:type`: `article` for a document, else `website`.
    var openGraphType = "website"
    /// The shared image of OpenGraph and Twitter cards, an absolute URL on the site itself.
    var imageURL = ""
    /// `partials/header` and `partials/footer` as rendered for this page (see ``FrameFragments``).
    var header = ""
    var footer = ""

    var home: HomeView?
    var section: SectionListView?
    var document: DocumentView?
    var taxonomy: TaxonomyView?
    var term: TermView?
    var feedIndex: FeedIndexView?
    var api: APIIndexView?
    var progress: ProgressView?
    var sitemap: SitemapView?
    /// What the page's feeds print, for a page whose kind has feeds (see ``FeedContext``).
    var feed: FeedContext?

    init(
        site: SiteView, title: String, documentTitle: String, description: String, canonicalURL: String,
        nav: [NavItemView], breadcrumbs: [LinkView]
    ) {
        self.site = site
        self.title = title
        self.documentTitle = documentTitle
        self.description = description
        self.canonicalURL = canonicalURL
        self.nav = nav
        self.breadcrumbs = breadcrumbs
    }
}

// The views below that templates look up again and again (`{{site.basePath}}` in every list
// item, a document's date, its breadcrumbs) are classes: handing a struct of several strings to
// a template boxed it anew (an allocation and a retain per string) on every lookup.

final class SiteView {
    let title: String
    let description: String
    let publisher: String
    /// Prefix for every site link: `/` or `/minaoshi/`.
    let basePath: String
    let language: String
    /// The other sites' index folders the search page reads (`search.sites`), each after a space:
    /// what the Content-Security-Policy's `connect-src` allows besides `'self'`, and nothing more.
    let connectSources: String
    /// `search.sites` as JSON (`[{"url":…,"label":…}]`), for the search page's script; empty without any.
    let searchSites: String

    init(
        title: String, description: String, publisher: String, basePath: String, language: String,
        sites: [(url: String, label: String)] = []
    ) {
        self.title = title
        self.description = description
        self.publisher = publisher
        self.basePath = basePath
        self.language = language
        connectSources = sites.map { " " + $0.url + "search/" }.joined()
        searchSites =
            sites.isEmpty
            ? ""
            : JSONValue.array(
                sites.map {
                    .object([("label", .string($0.label)), ("url", .string($0.url))])
                }
            ).text
    }
}

/// A struct: the header is rendered once per navigation state (``FrameFragments``), not per page.
struct NavItemView {
    var label: String
    var url: String
    /// `page` on the section's own index, `true` on pages inside it, nil elsewhere (`aria-current`).
    var current: String?
}

final class LinkView {
    let label: String
    let url: String

    init(label: String, url: String) {
        self.label = label
        self.url = url
    }
}

final class DateView: Sendable {
    /// `2022-01-18`, for `<time datetime>`.
    let iso: String
    /// `2022年1月18日`, for readers.
    let japanese: String

    init(iso: String, japanese: String) {
        self.iso = iso
        self.japanese = japanese
    }
}

/// A class, made once per document and build: lists on every page hold the same summaries,
/// and a struct of seven strings was copied (and, in a template's context stack, boxed) each time.
final class DocumentSummaryView: Sendable {
    let title: String
    let url: String
    let summary: String
    let date: DateView?
    let sectionTitle: String
    /// One line of key facts: ministry and status of a regulation, places of a case.
    let meta: String?
    /// The item as `partials/document-item` renders it, once per document per build (UTF-8).
    let html: [UInt8]

    init(
        title: String, url: String, summary: String, date: DateView?, sectionTitle: String, meta: String?,
        html: [UInt8] = []
    ) {
        self.title = title
        self.url = url
        self.summary = summary
        self.date = date
        self.sectionTitle = sectionTitle
        self.meta = meta
        self.html = html
    }

    /// The same summary with its list item rendered.
    func with(html: [UInt8]) -> DocumentSummaryView {
        DocumentSummaryView(
            title: title, url: url, summary: summary, date: date, sectionTitle: sectionTitle, meta: meta, html: html)
    }
}

struct HomeView {
    var sections: [SectionCardView]
    var browse: [TaxonomySummaryView]
    var frontDoor: FrontDoorView
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
    /// The term's description, or a sentence saying what the page lists.
    var description: String
    var english: String
    var lists: [DocumentListView]
    /// A law's 法令番号 and its text on e-Gov 法令検索, when it has them.
    var law: LawTextView? = nil
    /// A law's reviews by article (条項), on its first page.
    var provisions: [ProvisionView] = []
}

/// Where a law's text is: its 略称, 法令番号 and its page on e-Gov 法令検索 (when it has an e-Gov 法令ID).
struct LawTextView {
    var abbreviation: String?
    var number: String?
    var egov: LinkView?
}

/// One reviewed provision of a law: the article as the review gives it, and the review.
struct ProvisionView {
    var article: String
    var review: LinkView
}

/// A titled list of documents on a page; only lists with documents are shown.
struct DocumentListView {
    var id: String
    var heading: String
    var documents: [DocumentSummaryView]
}

extension [DocumentSummaryView] {
    /// The items' rendered HTML one after the other: what `{{#documents}}{{{html}}}{{/documents}}`
    /// prints, without a section pushed and a name looked up per item (a list page has fifty).
    var itemsHTML: [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(reduce(0) { $0 + $1.html.count })
        for item in self { bytes.append(contentsOf: item.html) }
        return bytes
    }
}

/// One row of a document's key facts.
struct FactView {
    var label: String
    var text: String?
    var links: [LinkView]
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
}

struct SectionListView {
    var description: String
    /// Documents in the whole section, not only on this page.
    var count: Int
    /// This page's documents.
    var documents: [DocumentSummaryView]
}

/// `<link rel="alternate" type="application/feed+json" href="…">`.
struct AlternateLinkView {
    var type: String
    var url: String
    var title: String
}

/// Numbered links between the pages of a list, with `rel="prev"` and `rel="next"`.
struct PaginationView {
    var current: Int
    var total: Int
    var previousURL: String?
    var nextURL: String?
    /// Page numbers around the current one, the first and the last; gaps between them.
    var items: [PageLinkView]
}

struct PageLinkView {
    /// Nil for a gap (`…`).
    var number: Int?
    var url: String?
    var isCurrent: Bool
}

/// A class: a document page looks it up for most of what it prints (see `SiteView`).
final class DocumentView {
    var sectionTitle: String
    var sectionURL: String
    /// What `date` means for this kind of document: 見直しの日付, 事例の日付, 公開日.
    var dateLabel = "公開日"
    var date: DateView?
    var updated: DateView?
    var summary: String
    /// Rendered by cmark in safe mode; printed unescaped. UTF-8 bytes, as cmark wrote them.
    var html: [UInt8]
    /// Shown when it has at least two entries.
    var toc: [TOCEntryView]
    var facts: [FactView] = []
    var outcomes: [OutcomeView] = []
    /// The before → after block at the top (``BeforeAfterView``).
    var beforeAfter: BeforeAfterView?
    /// On the accessibility page: the latest automated result (``AccessibilityResultView``).
    var accessibilityResult: AccessibilityResultView?
    /// Cases of a regulation, regulations of a case, related documents.
    var lists: [DocumentListView] = []
    var sources: [LinkView] = []
    var changes: [ChangeView] = []

    init(
        sectionTitle: String, sectionURL: String, date: DateView?, updated: DateView?, summary: String, html: [UInt8],
        toc: [TOCEntryView]
    ) {
        self.sectionTitle = sectionTitle
        self.sectionURL = sectionURL
        self.date = date
        self.updated = updated
        self.summary = summary
        self.html = html
        self.toc = toc
    }
}

struct TOCEntryView {
    var id: String
    var text: String
    /// A level-3 heading under a level-2 one.
    var isSubsection: Bool
}

/// `/feeds/`: every channel, grouped.
struct FeedIndexView {
    var groups: [FeedGroupView]
    var licenseName: String
    var licenseURL: String
}

struct FeedGroupView {
    var id: String
    var heading: String
    var channels: [FeedChannelView]
}

struct FeedChannelView {
    var title: String
    /// The HTML list the channel follows.
    var url: String
    var count: Int
    var jsonURL: String
    var atomURL: String
}

/// `/api/`: the open data files and their fields.
struct APIIndexView {
    var schemaVersion: Int
    var licenseName: String
    var licenseURL: String
    var datasets: [DatasetView]
    /// The fields every JSON file has around its items.
    var envelope: [FieldView]
    var feedSchemaURL: String
    /// `/api/openapi.json` (``OpenAPIDocument``).
    var openAPIURL: String
}

struct DatasetView {
    var id: String
    var title: String
    var description: String
    var count: Int
    var jsonURL: String
    var csvURL: String?
    var schemaURL: String
    var fields: [FieldView]
}

struct FieldView {
    var name: String
    var type: String
    var meaning: String
    var csv: String
    var inFeeds: Bool
}
