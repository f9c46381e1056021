import Foundation
import MinaoshiContent
import MinaoshiSupport

/// What a successful build rendered its pages from, kept (`BuildOptions.keepsModel`) so that
/// `serve` can render the pages of a few edited documents at once, with the same views and
/// templates, while the whole build catches up: Hugo's fast render.
///
/// Only a document's own page is rendered here; everything else it shows (the lists it is on, the
/// related documents, the navigation, its feeds) is this build's. Bodies are not kept: a build lets
/// them go once their pages are written, and a preview renders the edited ones again.
public final class SiteModel: Sendable {
    let options: BuildOptions
    let config: SiteConfig
    let today: CalendarDate
    let corpus: Corpus
    let lists: SiteLists
    let related: RelatedDocuments
    let templates: TemplateSet
    /// The site path of every page the plan made (`/cases/x/`): an added document must not take one.
    let pagePaths: Set<String>

    init?(_ context: BuildContext) {
        guard let lists = context.lists, let related = context.related, let templates = context.templates else {
            return nil
        }
        options = context.options
        config = context.config
        today = context.today
        corpus = context.corpus
        self.lists = lists
        self.related = related
        self.templates = templates
        pagePaths = Set(context.pages.map(\.path))
    }

    /// The load options the build read the content with.
    var loadOptions: LoadOptions {
        LoadOptions(
            includeDrafts: options.includeDrafts, includeFuture: options.includeFuture, today: today,
            basePath: config.basePath, markdown: config.markdownOptions)
    }

    /// What a preview of some edited files came to.
    public enum Preview: Sendable {
        /// Each output file of the edited documents' pages, by its path in the output folder
        /// (`cases/x/index.html`), with the bytes the whole build would write for it when nothing
        /// else it shows changed.
        case rendered([(path: String, bytes: [UInt8])])
        /// Why only a whole build can say what the change makes (``CorpusReload/refused(_:)``).
        case refused(String)
    }

    /// Reads the files at `paths` (`content/cases/x.md`) again (``CorpusLoader/reload(_:of:root:options:)``)
    /// and renders their documents' pages.
    ///
    /// An added document's page is the one the whole build will publish: its lists and related
    /// documents are worked out with it in the corpus. It is refused when it would change more
    /// than its own page shows besides the lists other pages print: a new section (every page's
    /// navigation), the about page (the navigation's link), or a site path another page has.
    public func preview(_ paths: [String]) -> Preview {
        let corpus: Corpus, replaced: [Int], added: Bool
        switch CorpusLoader.reload(paths, of: self.corpus, root: options.root, options: loadOptions) {
        case .refused(let reason): return .refused(reason)
        case .reloaded(let reloaded, let indices, let hasAdds, _):
            (corpus, replaced, added) = (reloaded, indices, hasAdds)
        }
        if added {
            for document in replaced.map({ corpus.documents[$0] }) where self.corpus.index(of: document.id) == nil {
                guard lists.sections.contains(document.section) else {
                    return .refused("\(document.sourcePath) starts a new section")
                }
                guard document.id != ViewFactory.aboutPageID else {
                    return .refused("\(document.sourcePath) is the about page, which the navigation links")
                }
                guard !pagePaths.contains(document.path) else {
                    return .refused("\(document.sourcePath) has the site path of another page")
                }
            }
        }
        // With an add, the corpus's indices are new ones: the related documents of the pages
        // shown are worked out again, for those pages alone.
        let related = added ? RelatedDocuments(only: replaced, in: corpus) : self.related
        var views = ViewFactory(config: config, corpus: corpus, lists: lists, related: related)
        do throws(DiagnosticsError) {
            // The list items the pages print, and only those (the others are never read).
            let shown = Set(replaced.flatMap { views.documentLists(corpus.documents[$0]).shown })
            let unread = DocumentSummaryView(title: "", url: "", summary: "", date: nil, sectionTitle: "", meta: nil)
            var summaries = [DocumentSummaryView](repeating: unread, count: corpus.documents.count)
            for index in shown {
                let summary = views.summary(at: index)
                summaries[index] = summary.with(
                    html: try templates.renderBytes(summary, with: PageKind.listItemTemplate))
            }
            views.summaries = summaries
            let renderer = try PageRenderer(views: views, templates: templates)
            var files: [(path: String, bytes: [UInt8])] = []
            for index in replaced {
                guard let page = PagePlanner.documentPage(at: index, views) else { continue }
                files += try renderer.render(page)
            }
            return .rendered(files)
        } catch {
            return .refused(error.diagnostics.map(\.description).joined(separator: "\n"))
        }
    }
}
