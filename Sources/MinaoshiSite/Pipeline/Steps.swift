import Foundation
import MinaoshiContent
import MinaoshiSupport

// The standard steps, in the order `BuildPipeline.standard` runs them.

extension BuildStep {
    /// Refuses an output folder whose replacement would destroy the project's own files.
    static let checkOutputFolder = BuildStep("output folder", writes: true) { context throws(DiagnosticsError) in
        try OutputFolderGuard.check(context.options)
    }

    /// Reads `minaoshi.yml`. Its problems are reported with the content's: the rest of the
    /// build reads the content with the settings that are valid (the defaults for the others),
    /// and a build with errors writes nothing.
    static let configure = BuildStep("configure") { context in
        var config = SiteConfig()
        do throws(DiagnosticsError) {
            let diagnostics: [Diagnostic]
            (config, diagnostics) = try SiteConfig.read(root: context.options.root)
            context.diagnostics += diagnostics
        } catch {
            context.diagnostics += error.diagnostics
        }
        if let baseURL = context.options.baseURL { config.baseURL = SiteConfig.normalizedBaseURL(baseURL) }
        context.config = config
        context.today = context.options.today ?? CalendarDate(Date(), in: config.timeZone)
    }

    /// Reads, checks and renders every Markdown file of `content/`.
    static let load = BuildStep("load content") { context in
        let progress = context.progress
        var options = LoadOptions(
            includeDrafts: context.options.includeDrafts, includeFuture: context.options.includeFuture,
            today: context.today,
            basePath: context.config.basePath, markdown: context.config.markdownOptions,
            progress: { done, total in progress.report(.advanced(step: "load content", done: done, total: total)) }
        )
        options.frontMatter = context.options.frontMatterCache
        if context.options.keepsRenderedBodies, context.mode == .build {
            context.bodies = BodyRenderSession(previous: context.options.previousBodies, options: options.markdown)
            options.bodies = context.bodies
        }
        let loaded = CorpusLoader.load(root: context.options.root, options: options)
        context.corpus = loaded.corpus
        context.skippedCount = loaded.skipped
        context.diagnostics += loaded.diagnostics
    }

    /// The lists pages show, sorted once, and each document's related documents.
    static let relate = BuildStep("relate") { context in
        // Side by side: the lists are serial work, the related documents mostly parallel.
        let corpus = context.corpus, previous = context.options.previousRelated
        (context.related, context.lists) = ParallelMap.both(
            { RelatedDocuments(corpus: corpus, reusing: previous) }, { SiteLists(corpus: corpus) })
    }

    /// Parses every template once; a missing or broken one is reported with the content's problems.
    static let loadTemplates = BuildStep("load templates") { context in
        do throws(DiagnosticsError) {
            context.templates = try TemplateSet.load(
                root: context.options.root,
                required: PageKind.standard.flatMap(\.templateNames)
                    + [PageKind.listItemTemplate, FrameFragments.headerTemplate, FrameFragments.footerTemplate])
        } catch {
            context.diagnostics += error.diagnostics
        }
    }

    /// Decides every page and its output paths, and reports two sources writing one file.
    static let plan = BuildStep("plan pages") { context in
        context.pages = PagePlanner.pages(context.views)
        context.diagnostics += PagePlanner.collisions(context.pages)
        context.pageCount = context.pages.reduce(0) { $0 + $1.kind.outputs.filter(\.isHTML).count }
    }

    /// Renders every page in parallel and writes each file into the staging folder as soon as it
    /// is rendered, so memory holds the pages being rendered, not the whole site.
    static let render = BuildStep("render pages", writes: true) { context throws(DiagnosticsError) in
        try context.stageOutput()
        let staged = context.staged!
        // A document appears in many lists (its section, its terms, related lists): its list item
        // is rendered once here, like Hugo's partialCached, and every list prints it.
        var views = context.views
        let templates = context.templates!, itemViews = views
        // With the fingerprints of the build that published the site, the pages whose inputs did
        // not change are kept as published, and only the rendered pages' list items are made.
        let reuse = context.options.outputReuse.map {
            PageReuse(
                pages: context.pages, views: itemViews, reuse: $0, options: context.options, today: context.today)
        }
        context.pageFingerprints = reuse?.byPath(context.pages)
        let listItemsShown = reuse?.listItemsShown
        let summaries = ParallelMap.map(Array(context.corpus.documents.indices)) {
            index -> Result<DocumentSummaryView, DiagnosticsError> in
            let document = itemViews.corpus.documents[index]
            let summary = itemViews.summary(document)
            if let listItemsShown, !listItemsShown[index] { return .success(summary) }
            // Compacted: the renderer's buffer starts at 16 KB, which kept for every document was
            // 1.6 GB at 100k.
            return Result { () throws(DiagnosticsError) in
                summary.with(html: try templates.renderBytes(summary, with: PageKind.listItemTemplate).compacted)
            }
        }
        views.summaries = []
        views.summaries.reserveCapacity(summaries.count)
        for summary in summaries { views.summaries.append(try summary.get()) }
        let progress = context.progress
        let counter = ProgressCounter(total: context.pages.count) {
            progress.report(.advanced(step: "render pages", done: $0, total: $1))
        }
        let documents = context.corpus.documents
        let kept = Locked(0)
        /// The pages' write failures; a template that cannot render stops the step with its
        /// diagnostic. A page marked to be kept is kept if its published files are there.
        func render(_ pages: [(page: PlannedPage, keeps: Bool)], with renderer: PageRenderer) throws(DiagnosticsError)
            -> [String]
        {
            let results = ParallelMap.map(pages) { item -> Result<String?, DiagnosticsError> in
                defer { counter.advance() }
                let (page, keeps) = item
                do {
                    if keeps, try PageReuse.keep(page, in: staged) {
                        kept.withLock { $0 += 1 }
                        if case .document(let index) = page.content { documents[index].releaseBodyHTML() }
                        return .success(nil)
                    }
                } catch {
                    return .success("\(page.path): \(error)")
                }
                let files: [(path: String, bytes: [UInt8])]
                do throws(DiagnosticsError) { files = try renderer.render(page) } catch { return .failure(error) }
                do {
                    for (path, bytes) in files { try staged.write(bytes, to: path) }
                    // A document's page is the only one that prints its body: let the HTML go.
                    if case .document(let index) = page.content { documents[index].releaseBodyHTML() }
                    return .success(nil)
                } catch {
                    return .success("\(page.path): \(error)")
                }
            }
            var failures: [String] = []
            for result in results { if let failure = try result.get() { failures.append(failure) } }
            return failures
        }
        // Document pages first: their bodies' HTML is let go before the feed items are made, so the
        // two are never in memory together (at 100,000 documents, 450 and 300 MB).
        let keeps = reuse?.keeps ?? [Bool](repeating: false, count: context.pages.count)
        var documentPages: [(page: PlannedPage, keeps: Bool)] = [], otherPages: [(page: PlannedPage, keeps: Bool)] = []
        for (page, keeps) in zip(context.pages, keeps) {
            if case .document = page.content {
                documentPages.append((page, keeps))
            } else {
                otherPages.append((page, keeps))
            }
        }
        var failures = try render(documentPages, with: PageRenderer(views: views, templates: templates))
        // Each document's feed item, made once: every channel that lists it prints the same bytes.
        // When most feeds are kept, the few rendered make their items as they print them (the
        // view factory's ``ViewFactory/feedItem(_:)`` makes the same item either way).
        if otherPages.count(where: { !$0.keeps }) * 2 > otherPages.count {
            let feedViews = views
            views.feedItems = ParallelMap.map(context.corpus.documents) { feedViews.makeFeedItem($0) }
        }
        failures += try render(otherPages, with: PageRenderer(views: views, templates: templates))
        context.keptPageCount = kept.withLock { $0 }
        if let first = failures.first {
            throw DiagnosticsError([
                .error(at: SourceLocation(file: context.outputDisplayPath), "cannot write the site: \(first)")
            ])
        }
        context.fileCount += context.pages.reduce(0) { $0 + $1.kind.outputs.count }
    }

    /// `/api/`'s files: the regulation reviews and case studies as JSON and CSV, the
    /// vocabularies, and a JSON Schema for each JSON file and for the feeds.
    /// Beside the pages at any corpus size: it writes its files a block of documents at a time.
    static let openData = BuildStep("open data", writes: true, runsBeside: "render pages", atAnySize: true) {
        context throws(DiagnosticsError) in
        do {
            let options = context.options
            let rows = options.openDataRows.flatMap { rows in
                options.outputReuse.map { rows.session(siteFiles: $0.siteFiles, baseURL: options.baseURL) }
            }
            context.fileCount += try OpenData.write(context.views, into: context.staged!, rows: rows)
        } catch {
            throw DiagnosticsError([
                .error(at: SourceLocation(file: context.outputDisplayPath), "cannot write the site: \(error)")
            ])
        }
    }

    /// The sitemap (an index of several when it passes 50,000 URLs), robots.txt and the assets.
    /// Beside the pages at any corpus size: the sitemap of 100,000 pages is a few megabytes.
    static let writeSiteFiles = BuildStep("site files", writes: true, runsBeside: "render pages", atAnySize: true) {
        context throws(DiagnosticsError) in
        let files = SiteMapWriter.files(for: context.pages, corpus: context.corpus, config: context.config)
        do {
            for file in files { try context.staged!.write(file.text, to: file.path) }
            context.fileCount += files.count + (try copyAssets(root: context.options.root, into: context.staged!))
        } catch {
            throw DiagnosticsError([
                .error(at: SourceLocation(file: context.outputDisplayPath), "cannot write the site: \(error)")
            ])
        }
    }

    /// Swaps the staging folder in place of the output, in one rename.
    static let publish = BuildStep("publish", writes: true) { context throws(DiagnosticsError) in
        do {
            try context.staged!.commit()
            context.staged = nil
        } catch {
            throw DiagnosticsError([
                .error(at: SourceLocation(file: context.outputDisplayPath), "cannot publish the site: \(error)")
            ])
        }
    }

    /// Copies `templates/assets/`; returns the number of files copied.
    private static func copyAssets(root: URL, into staged: StagedOutput) throws -> Int {
        let assets = root.appendingPathComponent(TemplateSet.folder).appendingPathComponent("assets")
        guard FileManager.default.fileExists(atPath: assets.path) else { return 0 }
        try staged.copyItem(at: assets, to: "assets")
        let enumerator = FileManager.default.enumerator(at: assets, includingPropertiesForKeys: [.isRegularFileKey])
        return enumerator?.compactMap {
            ($0 as? URL).flatMap { try? $0.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile }
        }
        .filter { $0 }.count ?? 0
    }
}
