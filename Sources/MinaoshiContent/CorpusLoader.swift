import Foundation
import MinaoshiMarkdown
import MinaoshiSupport

/// Which documents a load keeps.
public struct LoadOptions: Sendable {
    /// Keep `draft: true` documents.
    public var includeDrafts: Bool
    /// Keep documents dated after `today`.
    public var includeFuture: Bool
    /// The day that decides what is in the future.
    public var today: CalendarDate
    /// Prefix of site paths in rendered links (`/`, or `/minaoshi/` for a site in a subfolder).
    public var basePath: String
    public var markdown: MarkdownOptions
    /// Told `(done, total)` as documents are rendered, from worker threads.
    public var progress: (@Sendable (Int, Int) -> Void)?
    /// Renders the bodies, reusing an earlier load's where nothing they read changed; nil renders every body.
    public var bodies: BodyRenderSession?
    /// Keeps each file's front matter from one load to the next, used again for a file that did not
    /// change; nil reads every file.
    public var frontMatter: FrontMatterCache?

    public init(
        includeDrafts: Bool = false, includeFuture: Bool = false, today: CalendarDate,
        basePath: String = "/", markdown: MarkdownOptions = .site, progress: (@Sendable (Int, Int) -> Void)? = nil
    ) {
        self.progress = progress
        self.includeDrafts = includeDrafts
        self.includeFuture = includeFuture
        self.today = today
        self.basePath = basePath
        self.markdown = markdown
    }

    /// Whether a document is left out: a draft, or dated after `today`, unless asked to keep those.
    public func hides(draft: Bool, date: CalendarDate?) -> Bool {
        (draft && !includeDrafts) || (date.map { $0 > today } == true && !includeFuture)
    }
}

/// What a load found: the documents and every problem, errors and warnings alike.
public struct LoadResult: Sendable {
    public var corpus: Corpus
    public var diagnostics: [Diagnostic]
    /// Documents left out as drafts or future-dated.
    public var skipped: Int
}

/// Reads `content/**/*.md` under a project root in two passes, both in parallel where the
/// Markdown options allow: front matter first (so every page's URL is known), then the bodies,
/// whose relative `.md` links are rewritten to page URLs and checked.
public enum CorpusLoader {
    public static let contentFolder = "content"

    public static func load(root: URL, options: LoadOptions) -> LoadResult {
        // Side by side: both are serial, and every later part of the load waits for them.
        let ((vocabularies, vocabularyProblems), found) = ParallelMap.both(
            { Vocabularies.load(root: root) }, { contentFiles(root: root) })
        let files = found.paths
        let reader = MetadataReader(vocabularies: vocabularies)
        let rootPath = root.path
        let cached = options.frontMatter?.begin(vocabularies: vocabularies)
        let parsed = ParallelMap.map(files) { file in
            if let target = found.linksOutOfRoot[file] {
                return Result<FrontMatterPass, DiagnosticsError>.failure(
                    DiagnosticsError([
                        .error(
                            at: SourceLocation(file: file),
                            "this is a symbolic link to \(target), outside the project folder",
                            hint:
                                "copy the file into the project instead of linking to it; a build reads nothing outside the project"
                        )
                    ]))
            }
            guard let cached else { return readFrontMatter(rootPath: rootPath, relativePath: file, reader: reader) }
            return cached.pass(file, rootPath: rootPath) {
                readFrontMatter(rootPath: rootPath, relativePath: file, reader: reader)
            }
        }
        cached?.finish()

        var diagnostics: [Diagnostic] = vocabularyProblems
        var published: [FrontMatterPass] = []
        var unreadable: Set<String> = []
        var skipped = 0
        // `parsed` is consumed so that `published` holds the only copy of each body (but for the
        // front-matter cache's, when the load keeps one).
        for (file, result) in zip(files, consume parsed) {
            switch result {
            case .failure(let error):
                diagnostics += error.diagnostics
                unreadable.insert(file)
            case .success(let file):
                if options.hides(draft: file.draft, date: file.date) {
                    // Not published, but its problems are still the author's to fix.
                    diagnostics += file.fields.diagnostics
                    skipped += 1
                    continue
                }
                published.append(file)
            }
        }

        let links = ContentLinks(
            pagePaths: Dictionary(
                published.map { ($0.sourcePath, "/\($0.id)/") }, uniquingKeysWith: { first, _ in first }),
            basePath: options.basePath,
            unreadable: unreadable
        )
        let counter = options.progress.map { ProgressCounter(total: published.count, report: $0) }
        // Each file's Markdown goes as soon as its body is rendered.
        let documents = ParallelMap.mapReleasingInputs(consume published, parallel: options.markdown.isThreadSafe) {
            file in
            defer { counter?.advance() }
            return document(from: file, links: links, options: options, rootPath: rootPath)
        }
        for document in documents { diagnostics += document.frontMatter.diagnostics }
        // Two serial pieces of work that do not need each other, side by side.
        let (duplicateIDs, made) = ParallelMap.both(
            { duplicateIDDiagnostics(documents) },
            { Corpus(documents: documents, vocabularies: vocabularies) })
        var corpus = made
        let (figures, figureProblems) = NationalFigures.load(root: root, categories: vocabularies[.categories])
        corpus.nationalFigures = figures
        let (report, reportProblems) = AccessibilityReport.load(root: root)
        corpus.accessibilityReport = report
        diagnostics += duplicateIDs + figureProblems + reportProblems
        diagnostics += ContentLinkChecker.diagnostics(for: corpus, links: links)
        diagnostics += CorpusChecks.diagnostics(for: corpus)
        return LoadResult(corpus: corpus, diagnostics: diagnostics.sorted(), skipped: skipped)
    }

    /// The second pass over one file: its body rendered (reused from `options.bodies` where it
    /// can be), its links rewritten to page URLs. The one way a load and a reload
    /// (``reload(_:of:root:options:)``) make a document.
    static func document(from file: FrontMatterPass, links: ContentLinks, options: LoadOptions, rootPath: String)
        -> Document
    {
        let rewrite: LinkRewriter = { links.rewrite($0, from: file.sourcePath) }
        var fields = file.fields
        let source = { file.body(rootPath: rootPath) }
        var body: RenderedMarkdown?
        if let bodies = options.bodies {
            body = bodies.render(
                hash: file.bodyHash, source: source, sourcePath: file.sourcePath, options: options.markdown,
                lineOffset: file.bodyLineOffset, rewriteLink: rewrite)
        } else if let text = source() {
            body = MarkdownRenderer.render(
                text, options: options.markdown, lineOffset: file.bodyLineOffset, rewriteLink: rewrite)
        }
        if body == nil {
            // A pass from the cache on disk whose file changed after the load looked at it.
            fields = fields.adding(
                .error(
                    at: SourceLocation(file: file.sourcePath), "the file changed while the build was reading it",
                    hint: "build again once it is saved"))
        }
        return Document(
            section: file.section, slug: file.slug, sourcePath: file.sourcePath, title: file.title,
            date: file.date, updated: file.updated, draft: file.draft, kind: file.kind, sources: file.sources,
            changes: file.changes, frontMatter: fields,
            body: body ?? RenderedMarkdown(htmlBytes: [], plainText: "", headings: [], links: [], summary: ""),
            bodyLineOffset: file.bodyLineOffset,
            sourceHash: file.sourceHash)
    }

    /// Paths relative to the root (`content/cases/a.md`), sorted. Names starting with `_` or `.`
    /// (data folders, editor files) are not documents.
    public static func markdownFiles(root: URL) -> [String] {
        contentFiles(root: root).paths
    }

    /// The Markdown files, and those of them that are symbolic links to a file outside the
    /// project (resolved, by path relative to the root), which are refused, not read. Links to
    /// folders are not followed, so no link can make the walk go round in a loop.
    struct ContentFiles {
        var paths: [String]
        var linksOutOfRoot: [String: String]
    }

    static func contentFiles(root: URL) -> ContentFiles {
        var files: [String] = []
        var linksOutOfRoot: [String: String] = [:]
        let resolvedRoot = resolvedPath(root.path) ?? root.path
        // `opendir` and `readdir`: Foundation's enumerator made a URL per entry and standardised
        // it, a serial 0.15 s before anything else could start at 10k documents.
        func walk(_ directory: String, _ relative: String) {
            guard let stream = opendir(directory) else { return }
            defer { closedir(stream) }
            while let entry = readdir(stream) {
                // Read through the pointer, never `entry.pointee`: an entry is only as long as its
                // name, so copying the whole `dirent` (a 256-byte name) can read past the end of
                // the directory buffer and fault.
                let raw = UnsafeRawPointer(entry)
                let name = String(cString: (raw + Self.nameOffset).assumingMemoryBound(to: CChar.self))
                let type = raw.load(fromByteOffset: Self.typeOffset, as: UInt8.self)
                // Hidden and `_`-prefixed entries are skipped, folders with all they hold.
                if name.hasPrefix("_") || name.hasPrefix(".") { continue }
                let path = directory + "/" + name, child = relative + "/" + name
                var isDirectory = Int32(type) == Int32(DT_DIR), isLink = Int32(type) == Int32(DT_LNK)
                if Int32(type) == Int32(DT_UNKNOWN) {
                    let status = try? FileStatus(path: path, followingLinks: false)
                    isDirectory = status?.isDirectory == true
                    isLink = status?.isSymbolicLink == true
                }
                if isDirectory {
                    walk(path, child)
                } else if name.hasSuffix(".md") {
                    files.append(child)
                    // A link that resolves (a loop or a missing target is the read's to report).
                    if isLink, let target = resolvedPath(path), !target.hasPrefix(resolvedRoot + "/") {
                        linksOutOfRoot[child] = target
                    }
                }
            }
        }
        walk(root.appendingPathComponent(contentFolder).path, contentFolder)
        return ContentFiles(paths: files.sorted(), linksOutOfRoot: linksOutOfRoot)
    }

    /// `path` with every symbolic link resolved, or nil when it cannot be (a loop, a missing target).
    private static func resolvedPath(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }

    private static let nameOffset = MemoryLayout<dirent>.offset(of: \dirent.d_name)!
    private static let typeOffset = MemoryLayout<dirent>.offset(of: \dirent.d_type)!

    /// `[a-z0-9]+` groups joined by single hyphens: safe in URLs, file names and feeds.
    public static func isValidID(_ id: String) -> Bool {
        let groups = id.split(separator: "-", omittingEmptySubsequences: false)
        return groups.allSatisfy { group in
            !group.isEmpty && group.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) }
        }
    }

    /// The first pass over one file: its front matter, read and checked.
    /// A class: the loader hands each pass from the parallel read to the list of published
    /// files to the parallel render, and copying a struct of a dozen fields was a serial 0.1 s at
    /// 10k documents.
    final class FrontMatterPass: Sendable {
        let sourcePath: String
        /// The Markdown below the front matter, and the lines above it. A pass from the cache on
        /// disk has no text (``body(rootPath:)`` reads it again when a body must be rendered).
        let bodyText: String?
        let bodyHash: StableHash
        let bodyLineOffset: Int
        /// The positions of the fields and what reading them found; the YAML tree is not kept
        /// past this pass (for 100,000 files it was most of a load's memory).
        let fields: FieldPositions
        let section: String
        let slug: String
        let title: String
        let date: CalendarDate?
        let updated: CalendarDate?
        let draft: Bool
        let kind: DocumentKind
        let sources: [Source]
        let changes: [Change]
        /// ``StableHash`` of the text this pass read.
        let sourceHash: StableHash

        init(
            sourcePath: String, body: String?, bodyHash: StableHash, bodyLineOffset: Int, fields: FieldPositions,
            section: String,
            slug: String,
            title: String, date: CalendarDate?, updated: CalendarDate?, draft: Bool, kind: DocumentKind,
            sources: [Source],
            changes: [Change], sourceHash: StableHash
        ) {
            self.sourcePath = sourcePath
            self.bodyText = body
            self.bodyHash = bodyHash
            self.bodyLineOffset = bodyLineOffset
            self.fields = fields
            self.section = section
            self.slug = slug
            self.title = title
            self.date = date
            self.updated = updated
            self.draft = draft
            self.kind = kind
            self.sources = sources
            self.changes = changes
            self.sourceHash = sourceHash
        }

        var id: String { section.isEmpty ? slug : "\(section)/\(slug)" }

        /// The Markdown below the front matter: the text read, or for a pass from the cache on
        /// disk the file's body read again, if it still hashes to ``bodyHash``; else nil.
        func body(rootPath: String) -> String? {
            if let bodyText { return bodyText }
            guard let source = try? SourceText.read(path: rootPath + "/" + sourcePath, displayPath: sourcePath),
                let body = try? FrontMatterSplitter.split(source).body, StableHash(body) == bodyHash
            else { return nil }
            return body
        }
    }

    static func readFrontMatter(rootPath: String, relativePath: String, reader: MetadataReader) -> Result<
        FrontMatterPass, DiagnosticsError
    > {
        do throws(DiagnosticsError) {
            let source = try SourceText.read(path: rootPath + "/" + relativePath, displayPath: relativePath)
            return readFrontMatter(source, relativePath: relativePath, reader: reader)
        } catch {
            return .failure(error)
        }
    }

    /// The first pass over a file's text, read already (the editor checks text not yet saved).
    static func readFrontMatter(_ source: SourceText, relativePath: String, reader: MetadataReader) -> Result<
        FrontMatterPass, DiagnosticsError
    > {
        do throws(DiagnosticsError) {
            let split = try FrontMatterSplitter.split(source)
            var fields = try YAMLMapping.parse(split.yaml, firstLine: split.yamlFirstLine, source: source)

            let components = relativePath.split(separator: "/").dropFirst()  // drop "content"
            let section = components.dropLast().joined(separator: "/")
            let fileSlug = String(components.last!.dropLast(3))
            let slug = fields.string("id") ?? fileSlug
            if !isValidID(slug) {
                let location = fields.contains("id") ? fields.location(ofValue: "id") : source.location(line: 1)
                fields.report(
                    .error(
                        at: location, "id '\(slug)' may only contain lower-case letters a-z, digits and single '-'",
                        hint: fields.contains("id")
                            ? "for example 'road-bridge-inspection'" : "rename the file or add an 'id:' field"))
            }
            let title = fields.string("title", required: true) ?? fileSlug
            let date = fields.date("date")
            let updated = fields.date("updated")
            let draft = fields.bool("draft") ?? false
            if let date, let updated, updated < date {
                fields.report(
                    .warning(
                        at: fields.location(ofValue: "updated"), "'updated' (\(updated)) is before 'date' (\(date))"))
            }
            let kind = reader.kind(for: section, fields: &fields)
            let sources = reader.sources(&fields, section: section)
            let changes = reader.changes(&fields)
            // A document whose fields have errors still takes part in the later passes, so that
            // one run reports its broken links and references too; its errors fail the build.
            return .success(
                FrontMatterPass(
                    sourcePath: relativePath, body: split.body, bodyHash: StableHash(split.body),
                    bodyLineOffset: split.bodyLineOffset,
                    fields: fields.positions, section: section, slug: slug,
                    title: title, date: date, updated: updated, draft: draft, kind: kind,
                    sources: sources, changes: changes, sourceHash: StableHash(source.text)))
        } catch {
            return .failure(error)
        }
    }

    /// The id `slug`, written at `location`, is that of `path` too (the editor's live check says it as the build does).
    static func duplicateID(_ slug: String, usedBy path: String, section: String, at location: SourceLocation)
        -> Diagnostic
    {
        .error(at: location, "id '\(slug)' is already used by \(path)", hint: "ids must be unique within '\(section)'")
    }

    static func duplicateIDDiagnostics(_ documents: [Document]) -> [Diagnostic] {
        var first: [String: Document] = [:]
        var found: [Diagnostic] = []
        for document in documents.sorted(by: { $0.sourcePath < $1.sourcePath }) {
            if let earlier = first[document.id] {
                found.append(
                    duplicateID(
                        document.slug, usedBy: earlier.sourcePath, section: document.section,
                        at: document.frontMatter.location(ofValue: "id")))
            } else {
                first[document.id] = document
            }
        }
        return found
    }
}
