import Foundation
import MinaoshiContent

/// Renders a planned page into its files: one per output format of its kind.
struct PageRenderer: Sendable {
    let views: ViewFactory
    let templates: TemplateSet
    let frame: FrameFragments

    init(views: ViewFactory, templates: TemplateSet) {
        self.views = views
        self.templates = templates
        self.frame = FrameFragments(views: views, templates: templates)
    }

    func render(_ page: PlannedPage) -> [(path: String, data: Data)] {
        var view = self.view(for: page.content)
        view.header = frame.header(for: view.nav) ?? FrameFragments.header(for: view, templates: templates)
        view.footer = frame.footer
        view.alternates = page.kind.alternates.map { format in
            AlternateLinkView(type: format.mediaType, url: views.link(format.linkPath(for: page.path)), title: format.label)
        }
        return page.outputs.map { output in
            let text: String
            switch output.format.renderer {
            case .template(let suffix): text = templates.render(view, with: page.kind.template + suffix)
            case .encoder(let encode): text = encode(view)
            }
            return (output.path, Data(text.utf8))
        }
    }

    private func view(for content: PlannedPage.Content) -> PageView {
        switch content {
        case .home: views.home()
        case .notFound: views.notFound()
        case .search: views.search()
        case .section(let folder, let page): views.section(folder, page: page)
        case .document(let index): views.document(views.corpus.documents[index])
        case .taxonomy(let kind): views.taxonomy(kind)
        case .term(let kind, let termID, let page): views.term(views.corpus.vocabularies[kind].term(termID)!, of: kind, page: page)
        }
    }
}
