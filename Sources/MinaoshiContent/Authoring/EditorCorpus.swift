import Foundation
import MinaoshiMarkdown
import MinaoshiSupport

/// What the editor of `minaoshi serve` knows of the rest of the corpus, so that its live check
/// runs the corpus-wide checks of `minaoshi check` on the one document being written: the titles
/// of the published documents (from the last good build) and which content files exist.
///
/// The checks are the build's own (``CorpusChecks``, ``ContentLinkChecker``), with their messages.
/// What they leave to the build: a link's `#anchor` in another document, and a link to a file
/// that exists but is a draft (the build says "not published"; here it exists).
public struct EditorCorpus: Sendable {
    /// The source paths of the published documents (`content/regulations/x.md`) by their
    /// titles' ``CorpusChecks/titleKey(_:)``, sorted: worked out once for many checks.
    private let pathsByTitle: [ExactText: [String]]
    /// Whether a source path (`content/…`) is a file of the project.
    private let fileExists: @Sendable (String) -> Bool

    /// - Parameter titles: the published documents' titles, by source path.
    public init(titles: [String: String], fileExists: @escaping @Sendable (String) -> Bool) {
        var paths: [ExactText: [String]] = [:]
        for (path, title) in titles { paths[CorpusChecks.titleKey(title), default: []].append(path) }
        pathsByTitle = paths.mapValues { $0.sorted() }
        self.fileExists = fileExists
    }

    /// The corpus-wide problems of the document at `sourcePath`: its title the same as another's,
    /// and relative links in its body to files that are not there.
    func diagnostics(
        sourcePath: String, title: String, titleLocation: SourceLocation, body: String, bodyLineOffset: Int
    ) -> [Diagnostic] {
        var found: [Diagnostic] = []
        if !title.isEmpty,
            let other = pathsByTitle[CorpusChecks.titleKey(title)]?.first(where: { $0 != sourcePath })
        {
            found.append(CorpusChecks.sameTitle(as: other, at: titleLocation))
        }
        // Every `.md` target resolves as missing against no pages; those that are files are fine.
        let links = ContentLinks(pagePaths: [:], basePath: "/")
        for link in MarkdownRenderer.render(body, options: .site, lineOffset: bodyLineOffset).links {
            guard case .missing(let path) = links.target(of: link.destination, from: sourcePath), !fileExists(path)
            else { continue }
            found.append(
                ContentLinkChecker.missingTarget(
                    link.destination, path: path,
                    at: SourceLocation(file: sourcePath, line: link.line, column: link.column)))
        }
        return found
    }
}
