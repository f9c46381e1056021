import Foundation
import MinaoshiMarkdown
import MinaoshiSupport

/// What the editor of `minaoshi serve` knows of the rest of the corpus, so that its live check
/// runs the corpus-wide checks of `minaoshi check` on the one document being written: the titles
/// of the published documents (from the last good build), the id each content file declares,
/// and the project's files themselves (those a body links to are read as it is checked).
///
/// The checks are the build's own (``CorpusChecks``, ``ContentLinkChecker``), with their messages.
public struct EditorCorpus: Sendable {
    /// The source paths of the published documents (`content/regulations/x.md`) by their
    /// titles' ``CorpusChecks/titleKey(_:)``, sorted: worked out once for many checks.
    private let pathsByTitle: [ExactText: [String]]
    /// The source paths of the files of each section by the id each declares (`regulations/x`),
    /// sorted, drafts and documents no build has seen yet too.
    private let pathsByID: [String: [String]]
    /// The text of a file of the project by its source path (`content/…`); nil when there is none.
    private let readFile: @Sendable (String) -> String?
    /// Which documents the build publishes (drafts and documents dated later are not, unless it
    /// is asked to keep them).
    private let publishing: LoadOptions

    /// - Parameter titles: the published documents' titles, by source path.
    /// - Parameter ids: the id every content file declares (``declaredID(in:fileSlug:)``), by source path.
    /// - Parameter readFile: the text of a file of the project by its source path; nil when there is none.
    public init(
        titles: [String: String], ids: [String: String] = [:], publishing: LoadOptions,
        readFile: @escaping @Sendable (String) -> String?
    ) {
        var paths: [ExactText: [String]] = [:]
        for (path, title) in titles { paths[CorpusChecks.titleKey(title), default: []].append(path) }
        pathsByTitle = paths.mapValues { $0.sorted() }
        var byID: [String: [String]] = [:]
        for (path, id) in ids { byID[Self.sectionID(path, id), default: []].append(path) }
        pathsByID = byID.mapValues { $0.sorted() }
        self.readFile = readFile
        self.publishing = publishing
    }

    /// Whether a file of `section` (`cases`) declares `id`.
    public func declares(_ id: String, in section: String) -> Bool {
        pathsByID[section + "/" + id] != nil
    }

    /// `regulations/x` for id `x` of `content/regulations/y.md`: ids are unique within a section.
    private static func sectionID(_ sourcePath: String, _ id: String) -> String {
        let components = sourcePath.split(separator: "/").dropFirst().dropLast()
        return (components + [Substring(id)]).joined(separator: "/")
    }

    /// The id a document's text declares as the loader reads it (its `id:`, else its file's name),
    /// found by a look at the lines of its front matter instead of parsing it (the editor reads
    /// every file of a section for this): a top-level `id:` line, its value with a trailing
    /// comment and quotes taken off. Held to the loader's reading by `EditorCorpusTests`.
    public static func declaredID(in text: String, fileSlug: String) -> String {
        // Line by line on the bytes, and only as far as the closing fence: the bodies are not looked at.
        let bytes = text.utf8
        var start = bytes.startIndex
        var isFirst = true
        while start < bytes.endIndex {
            let end = bytes[start...].firstIndex(of: UInt8(ascii: "\n")) ?? bytes.endIndex
            var line = Substring(bytes[start..<end])
            start = end < bytes.endIndex ? bytes.index(after: end) : end
            if line.hasSuffix("\r") { line = line.dropLast() }
            if isFirst {
                guard line.trimmingCharacters(in: .whitespaces) == "---" else { return fileSlug }
                isFirst = false
                continue
            }
            if line == "---" || line == "..." { break }
            guard line.hasPrefix("id:") else { continue }
            var value = line.dropFirst(3)
            if let comment = value.range(of: " #") { value = value[..<comment.lowerBound] }
            var id = value.trimmingCharacters(in: .whitespacesAndNewlines)
            if id.count >= 2, let quote = id.first, quote == "\"" || quote == "'", id.last == quote {
                id = String(id.dropFirst().dropLast())
            }
            return id.isEmpty ? fileSlug : id
        }
        return fileSlug
    }

    /// The problems of the document at `sourcePath` that the build finds beyond its front matter:
    /// its id that of another file of its section, its title the same as another's, a `**` in its
    /// body shown as it is, and its body's broken links.
    func diagnostics(
        sourcePath: String, id: String, idLocation: SourceLocation, title: String, titleLocation: SourceLocation,
        body: String, bodyLineOffset: Int
    ) -> [Diagnostic] {
        var found: [Diagnostic] = []
        if let other = pathsByID[Self.sectionID(sourcePath, id)]?.first(where: { $0 != sourcePath }) {
            let section = sourcePath.split(separator: "/").dropFirst().dropLast().joined(separator: "/")
            found.append(CorpusLoader.duplicateID(id, usedBy: other, section: section, at: idLocation))
        }
        if !title.isEmpty,
            let other = pathsByTitle[CorpusChecks.titleKey(title)]?.first(where: { $0 != sourcePath })
        {
            found.append(CorpusChecks.sameTitle(as: other, at: titleLocation))
        }
        let rendered = MarkdownRenderer.render(body, options: .site, lineOffset: bodyLineOffset)
        found += rendered.literalEmphasisMarkers.map {
            CorpusChecks.literalEmphasis(at: SourceLocation(file: sourcePath, line: $0.line, column: $0.column))
        }
        found += linkProblems(sourcePath: sourcePath, rendered: rendered)
        return found
    }

    /// The problems of the body's links as the build's ``ContentLinkChecker`` finds them: to a
    /// `.md` file that is not there or not published (a draft), and to an `#anchor` that is not a
    /// heading of this document or of the one linked to. A linked file whose front matter cannot
    /// be read is the build's to report, not the link's.
    private func linkProblems(sourcePath: String, rendered: RenderedMarkdown) -> [Diagnostic] {
        var found: [Diagnostic] = []
        // Against no pages, every `.md` target resolves as missing; the file is then looked at.
        let unresolved = ContentLinks(pagePaths: [:], basePath: "/")
        for link in rendered.links {
            let location = SourceLocation(file: sourcePath, line: link.line, column: link.column)
            switch unresolved.target(of: link.destination, from: sourcePath) {
            case .other, .document:
                continue
            case .samePage(let fragment):
                if let problem = ContentLinkChecker.anchorProblem(
                    fragment, in: sourcePath, headings: rendered.headings)
                {
                    found.append(problem.at(location))
                }
            case .missing(let path):
                guard let text = readFile(path) else {
                    found.append(ContentLinkChecker.missingTarget(link.destination, path: path, at: location))
                    continue
                }
                guard
                    case .success(let target) = CorpusLoader.readFrontMatter(
                        SourceText(displayPath: path, text: text), relativePath: path,
                        reader: MetadataReader(vocabularies: .empty))
                else { continue }
                if publishing.hides(draft: target.draft, date: target.date) {
                    found.append(ContentLinkChecker.missingTarget(link.destination, path: path, at: location))
                } else if case .document(_, let fragment?) = ContentLinks(pagePaths: [path: "/"], basePath: "/")
                    .target(of: link.destination, from: sourcePath),
                    let problem = ContentLinkChecker.anchorProblem(
                        fragment, in: path,
                        headings: MarkdownRenderer.render(target.bodyText ?? "", options: .site).headings)
                {
                    found.append(problem.at(location))
                }
            }
        }
        return found
    }
}
