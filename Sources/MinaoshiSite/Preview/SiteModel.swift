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
    /// Each document's page as the plan made it, by corpus index.
    let documentPages: [Int: PlannedPage]

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
        var pages: [Int: PlannedPage] = [:]
        for page in context.pages { if case .document(let index) = page.content { pages[index] = page } }
        documentPages = pages
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
    public func preview(_ paths: [String]) -> Preview {
        let corpus: Corpus, replaced: [Int]
        switch CorpusLoader.reload(paths, of: self.corpus, root: options.root, options: loadOptions) {
        case .refused(let reason): return .refused(reason)
        case .reloaded(let reloaded, let indices, _): (corpus, replaced) = (reloaded, indices)
        }
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
                guard let page = documentPages[index] else { continue }
                files += try renderer.render(page)
            }
            return .rendered(files)
        } catch {
            return .refused(error.diagnostics.map(\.description).joined(separator: "\n"))
        }
    }
}
