import Foundation
import MinaoshiContent
import MinaoshiMarkdown
import MinaoshiSupport

/// Builds a site in named steps: configure → load → templates → render → write → publish.
/// Everything is rendered into memory and written into a staging folder; the output folder
/// is replaced only when every step succeeded.
public enum SiteBuilder {
    public static func build(_ options: BuildOptions) throws(DiagnosticsError) -> BuildReport {
        var clock = Stopwatch()
        try checkOutputFolder(options)

        var config = try SiteConfig.load(root: options.root)
        if let baseURL = options.baseURL { config.baseURL = SiteConfig.normalizedBaseURL(baseURL) }
        let today = options.today ?? CalendarDate(Date(), in: config.timeZone)
        clock.lap("configure")

        let loaded = CorpusLoader.load(root: options.root, options: LoadOptions(
            includeDrafts: options.includeDrafts, includeFuture: options.includeFuture, today: today, basePath: config.basePath,
            markdown: config.markdownOptions
        ))
        clock.lap("load content")

        // Template problems are reported together with content problems: one run, every error.
        var templates: TemplateSet?
        var problems = loaded.diagnostics
        do throws(DiagnosticsError) {
            templates = try TemplateSet.load(root: options.root)
        } catch {
            problems += error.diagnostics
        }
        guard let templates, !problems.containsErrors else { throw DiagnosticsError(problems) }
        clock.lap("load templates")

        let files = try render(loaded.corpus, config: config, templates: templates)
        clock.lap("render")

        let staged: StagedOutput
        do {
            staged = try StagedOutput(output: options.output)
            for file in files { try staged.write(file.contents, to: file.path) }
            try copyAssets(root: options.root, into: staged)
        } catch {
            throw DiagnosticsError([.error(at: SourceLocation(file: displayPath(options.output, root: options.root)), "cannot write the site: \(error)")])
        }
        clock.lap("write")
        do {
            try staged.commit()
        } catch {
            throw DiagnosticsError([.error(at: SourceLocation(file: displayPath(options.output, root: options.root)), "cannot publish the site: \(error)")])
        }
        clock.lap("publish")

        return BuildReport(
            pageCount: files.filter { $0.path.hasSuffix(".html") }.count,
            fileCount: files.count + assetCount(root: options.root),
            skippedCount: loaded.skipped,
            warnings: loaded.diagnostics.filter { $0.severity == .warning },
            laps: clock.laps,
            seconds: clock.elapsedSeconds
        )
    }

    struct OutputFile: Sendable {
        var path: String
        var contents: Data
        /// The content file it comes from, for collision messages.
        var source: String
    }

    /// Every page and data file of the site, rendered in parallel, in a stable order.
    static func render(_ corpus: Corpus, config: SiteConfig, templates: TemplateSet) throws(DiagnosticsError) -> [OutputFile] {
        let views = ViewFactory(config: config, corpus: corpus)
        enum Job: Sendable { case home, section(String), document(Int), notFound, taxonomy(VocabularyKind), term(VocabularyKind, VocabularyTerm) }
        var jobs: [Job] = [.home, .notFound] + views.sections.map { .section($0) } + corpus.documents.indices.map { .document($0) }
        let taxonomies = ViewFactory.browsable.filter { !corpus.vocabularies[$0].terms.isEmpty }
        for kind in taxonomies {
            jobs.append(.taxonomy(kind))
            jobs += views.termsWithDocuments(kind).map { .term(kind, $0) }
        }
        let files: [OutputFile] = ParallelMap.map(jobs) { job in
            switch job {
            case .home:
                return OutputFile(path: "index.html", contents: Data(templates.render(views.home(), with: "index").utf8), source: "templates/index.mustache")
            case .notFound:
                return OutputFile(path: "404.html", contents: Data(templates.render(views.notFound(), with: "404").utf8), source: "templates/404.mustache")
            case .section(let folder):
                return OutputFile(path: "\(folder)/index.html", contents: Data(templates.render(views.section(folder), with: "section").utf8),
                                  source: "content/\(folder)/")
            case .taxonomy(let kind):
                return OutputFile(path: "\(kind.rawValue)/index.html", contents: Data(templates.render(views.taxonomy(kind), with: "taxonomy").utf8),
                                  source: "content/_data/\(kind.fileName)")
            case .term(let kind, let term):
                return OutputFile(path: "\(kind.rawValue)/\(term.id)/index.html",
                                  contents: Data(templates.render(views.term(term, of: kind), with: "term").utf8),
                                  source: "content/_data/\(kind.fileName)")
            case .document(let index):
                let document = corpus.documents[index]
                return OutputFile(path: "\(document.id)/index.html",
                                  contents: Data(templates.render(views.document(document), with: "document").utf8),
                                  source: document.sourcePath)
            }
        }

        // The sitemap lists every page that was rendered (not 404.html), so it cannot drift from them.
        let lastModified = Dictionary(corpus.documents.map { ($0.path, $0.lastModified?.iso8601) }, uniquingKeysWith: { first, _ in first })
        let entries = files.filter { $0.path.hasSuffix("index.html") }.map { file in
            let path = "/" + file.path.dropLast("index.html".count)
            return SiteMapWriter.Entry(path: path, lastModified: lastModified[path] ?? nil)
        }
        let data = [
            OutputFile(path: "sitemap.xml", contents: Data(SiteMapWriter.sitemap(entries, config: config).utf8), source: "sitemap"),
            OutputFile(path: "robots.txt", contents: Data(SiteMapWriter.robots(config: config).utf8), source: "robots"),
        ]
        let all = files + data
        try checkCollisions(all)
        return all.sorted { $0.path < $1.path }
    }

    /// Two sources must never write the same file (a page `content/regulations.md` and the
    /// section index of `content/regulations/`, say).
    private static func checkCollisions(_ files: [OutputFile]) throws(DiagnosticsError) {
        var owners: [String: String] = [:]
        var problems: [Diagnostic] = []
        for file in files {
            if let owner = owners[file.path] {
                problems.append(.error(at: SourceLocation(file: file.source), "writes \(file.path), which \(owner) also writes",
                                       hint: "give one of them another id"))
            } else {
                owners[file.path] = file.source
            }
        }
        if !problems.isEmpty { throw DiagnosticsError(problems) }
    }

    /// Refuses an output folder whose replacement would destroy the project's own files.
    static func checkOutputFolder(_ options: BuildOptions) throws(DiagnosticsError) {
        let output = options.output.resolvingSymlinksInPath().path
        let root = options.root.resolvingSymlinksInPath().path
        let protected = [root, root + "/" + CorpusLoader.contentFolder, root + "/" + TemplateSet.folder]
        let isProtected = protected.contains(output) || root.hasPrefix(output + "/") || output == "/"
            || protected.dropFirst().contains { output.hasPrefix($0 + "/") }
        if isProtected {
            throw DiagnosticsError([.error(at: SourceLocation(file: options.output.path),
                                           "refusing to use this folder as the output: building replaces the whole folder",
                                           hint: "choose a folder of its own, such as 'site'")])
        }
        // Building replaces the output whole, so it must be a site built before, or empty:
        // `--output ~/Documents` or a file given by mistake must never be swapped away.
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: output, isDirectory: &isDirectory) else { return }
        let entries = isDirectory.boolValue ? ((try? FileManager.default.contentsOfDirectory(atPath: output)) ?? []) : []
        let looksLikeASite = entries.isEmpty || entries.contains("index.html") || entries.contains("sitemap.xml")
        if !isDirectory.boolValue || !looksLikeASite {
            throw DiagnosticsError([.error(at: SourceLocation(file: options.output.path),
                                           isDirectory.boolValue
                                               ? "refusing to replace this folder: it is not empty and holds no site built before (no index.html)"
                                               : "refusing to replace this file with the site",
                                           hint: "building replaces the whole output; choose a new or empty folder, such as 'site'")])
        }
    }

    private static func copyAssets(root: URL, into staged: StagedOutput) throws {
        let assets = root.appendingPathComponent(TemplateSet.folder).appendingPathComponent("assets")
        guard FileManager.default.fileExists(atPath: assets.path) else { return }
        try staged.copyItem(at: assets, to: "assets")
    }

    private static func assetCount(root: URL) -> Int {
        let assets = root.appendingPathComponent(TemplateSet.folder).appendingPathComponent("assets")
        guard let enumerator = FileManager.default.enumerator(at: assets, includingPropertiesForKeys: [.isRegularFileKey]) else { return 0 }
        return enumerator.compactMap { ($0 as? URL).flatMap { try? $0.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile } }.filter { $0 }.count
    }

    private static func displayPath(_ url: URL, root: URL) -> String {
        url.path.hasPrefix(root.path + "/") ? String(url.path.dropFirst(root.path.count + 1)) : url.path
    }
}
