import Foundation
import MinaoshiContent
import MinaoshiSupport

/// Renders a planned page into its files: one per output format of its kind.
struct PageRenderer: Sendable {
    let views: ViewFactory
    let templates: TemplateSet
    let frame: FrameFragments

    init(views: ViewFactory, templates: TemplateSet) throws(DiagnosticsError) {
        self.views = views
        self.templates = templates
        self.frame = try FrameFragments(views: views, templates: templates)
    }

    /// Each output's path and bytes: templates render into bytes, which are written as they are.
    func render(_ page: PlannedPage) throws(DiagnosticsError) -> [(path: String, bytes: [UInt8])] {
        var view = self.view(for: page)
        if page.kind.primary.isHTML {
            if let header = frame.header(for: view.nav) {
                view.header = header
            } else {
                view.header = try FrameFragments.header(for: view, templates: templates)
            }
            view.footer = frame.footer
            // The page's own channel first (its kind's alternates), then the channels it belongs to.
            // Closures, not `views.link`: a method reference copied the whole view factory, twice a page.
            view.alternates =
                (page.channel.map { [$0] } ?? []).flatMap { $0.links { views.link($0) } }
                + page.channels.flatMap { $0.links { views.link($0) } }
        }
        var files: [(path: String, bytes: [UInt8])] = []
        for output in page.outputs {
            switch output.format.renderer {
            case .template(let suffix):
                files.append((output.path, try templates.renderBytes(view, with: page.kind.template + suffix)))
            case .encoder(let encode): files.append((output.path, encode(view, output.format)))
            }
        }
        return files
    }

    private func view(for page: PlannedPage) -> PageView {
        var view: PageView =
            switch page.content {
            case .home: views.home()
            case .homeFeed(let number): views.homeFeedPage(number)
            case .notFound: views.notFound()
            case .search: views.search()
            case .section(let folder, let number): views.section(folder, page: number)
            case .document(let index): views.document(views.corpus.documents[index])
            case .taxonomy(let kind): views.taxonomy(kind)
            case .term(let kind, let termID, let number):
                views.term(views.corpus.vocabularies[kind].term(termID)!, of: kind, page: number)
            case .feedIndex: views.feedIndex()
            case .apiIndex: views.apiIndex()
            case .progress: views.progress()
            case .htmlSitemap: views.sitemapPage()
            }
        // A feed shows the same slice of the same list as the page, whatever kind it is.
        if let channel = page.channel, !page.kind.feeds.isEmpty {
            view.feed = views.feed(channel, list: views.list(of: page.content), pagePath: page.path)
        }
        return view
    }
}
