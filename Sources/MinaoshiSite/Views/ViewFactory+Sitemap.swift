import MinaoshiContent
import MinaoshiTemplate

/// `/sitemap/`: the site's structure for readers, one link per list and term, so that it never
/// grows with the documents (they are a click away on their lists). The fixed pages of the
/// `pages` section are listed one by one.
struct SitemapView {
    var groups: [SitemapGroupView]
}

struct SitemapGroupView {
    var id: String
    var title: String
    var url: String?
    var links: [SitemapLinkView]
}

struct SitemapLinkView {
    var label: String
    var url: String
    /// Documents filed under a term; nil for a page.
    var count: Int?
}

extension ViewFactory {
    static let sitemapPath = "/sitemap/"

    func sitemapPage() -> PageView {
        let description = "本サイトのページの一覧です。規制の見直しと実装事例は、それぞれの一覧と分類のページからたどれます。"
        var view = page(title: "サイトマップ", description: description, path: Self.sitemapPath, crumbs: [homeCrumb])
        func entry(_ label: String, _ path: String) -> SitemapLinkView {
            SitemapLinkView(label: label, url: link(path), count: nil)
        }
        var groups = [
            SitemapGroupView(
                id: "main", title: "主なページ", url: nil,
                links: [
                    entry("ホーム", "/"), entry("見直しの進み具合", Self.progressPath), entry("サイト内検索", "/search/"),
                    entry("フィード一覧", "/feeds/"), entry("オープンデータ（API）", "/api/")
                ])
        ]
        for folder in sections {
            let info = SectionCatalog.info(for: folder)
            let documents = lists.documents(in: folder)
            // The fixed pages are few and are the site's own; the other sections are lists to browse.
            let links =
                folder == DocumentKind.pageSection
                ? documents.map { entry(corpus.documents[$0].title, corpus.documents[$0].path) }
                : [entry("\(info.title)の一覧（\(documents.count)件）", "/\(folder)/")]
            groups.append(
                SitemapGroupView(id: "section-\(folder)", title: info.title, url: link("/\(folder)/"), links: links))
        }
        for kind in ViewFactory.browsable where !corpus.vocabularies[kind].terms.isEmpty {
            groups.append(
                SitemapGroupView(
                    id: "vocabulary-\(kind.rawValue)", title: kind.japaneseTitle, url: link("/\(kind.rawValue)/"),
                    links: termSummaries(kind).compactMap { term in
                        term.url.map { SitemapLinkView(label: term.label, url: $0, count: term.count) }
                    }))
        }
        view.sitemap = SitemapView(groups: groups)
        return view
    }
}

extension SitemapView: TemplateContext {
    func templateValue(named name: String) -> TemplateValue? {
        name == "groups" ? TemplateValue(groups) : nil
    }
}

extension SitemapGroupView: TemplateContext {
    func templateValue(named name: String) -> TemplateValue? {
        switch name {
        case "id": TemplateValue(id)
        case "title": TemplateValue(title)
        case "url": TemplateValue(url)
        case "links": TemplateValue(links)
        default: nil
        }
    }
}

extension SitemapLinkView: TemplateContext {
    func templateValue(named name: String) -> TemplateValue? {
        switch name {
        case "label": TemplateValue(label)
        case "url": TemplateValue(url)
        case "count": TemplateValue(count)
        default: nil
        }
    }
}
