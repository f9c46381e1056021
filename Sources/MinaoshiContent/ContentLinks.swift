import Foundation
import MinaoshiMarkdown
import MinaoshiSupport

/// Relative Markdown links between content files (`[…](../cases/x.md#anchor)`), mapped to the
/// pages those files become.
public struct ContentLinks: Sendable {
    /// What a link destination points at.
    public enum Target: Equatable, Sendable {
        /// Another site or scheme, an absolute path, or a file that is not Markdown: left alone.
        case other
        /// `#anchor` on the same page.
        case samePage(fragment: String)
        /// A content file that is published.
        case document(sourcePath: String, fragment: String?)
        /// A `.md` path that matches no published document.
        case missing(sourcePath: String)
    }

    /// Published source path → site path (`content/cases/x.md` → `/cases/x/`).
    private let pagePaths: [String: String]
    /// Prefix of every site path in rendered pages (`/` or `/minaoshi/`).
    private let basePath: String
    /// Files that exist but could not be read; links to them are not reported again.
    private let unreadable: Set<String>

    public init(pagePaths: [String: String], basePath: String, unreadable: Set<String> = []) {
        self.pagePaths = pagePaths
        self.basePath = basePath
        self.unreadable = unreadable
    }

    public func target(of destination: String, from sourcePath: String) -> Target {
        if destination.hasPrefix("#") {
            return .samePage(fragment: Self.decoded(String(destination.dropFirst())))
        }
        guard !destination.isEmpty, !destination.hasPrefix("/"), !Self.hasScheme(destination) else { return .other }
        let (path, fragment) = Self.splitFragment(destination)
        guard Self.hasMarkdownExtension(path) else { return .other }
        // Components split on UTF-8 bytes (a link of every document goes through here).
        let directory = Self.components(sourcePath).dropLast()
        guard let resolved = Self.normalize(directory + Self.components(Self.decoded(path))) else {
            return .missing(sourcePath: path)
        }
        guard pagePaths[resolved] != nil || unreadable.contains(resolved) else { return .missing(sourcePath: resolved) }
        return .document(sourcePath: resolved, fragment: fragment.map(Self.decoded))
    }

    /// The URL to render for `destination`, or nil to keep it as written.
    public func rewrite(_ destination: String, from sourcePath: String) -> String? {
        guard case .document(let target, _) = target(of: destination, from: sourcePath), let page = pagePaths[target]
        else { return nil }
        let (_, fragment) = Self.splitFragment(destination)
        return basePath + page.dropFirst() + (fragment.map { "#" + $0 } ?? "")
    }

    /// Ends in `.md`, in any case.
    private static func hasMarkdownExtension(_ path: String) -> Bool {
        // Compared in place (no array per link); `| 0x20` lower-cases the two letters.
        path.utf8.suffix(3).elementsEqual(".md".utf8) { byte, wanted in
            byte == wanted || (wanted != UInt8(ascii: ".") && byte | 0x20 == wanted)
        }
    }

    /// The non-empty parts of a path between slashes.
    private static func components(_ path: String) -> [String] {
        path.utf8.split(separator: UInt8(ascii: "/")).map { String(Substring($0)) }
    }

    private static func hasScheme(_ destination: String) -> Bool {
        // Found on UTF-8 bytes: a link without a colon (most relative links) never steps over Characters.
        guard let colon = destination.utf8.firstIndex(of: UInt8(ascii: ":")) else { return false }
        let scheme = destination[..<colon]
        return !scheme.isEmpty && !scheme.contains("/")
            && scheme.allSatisfy { $0.isLetter || $0.isNumber || "+-.".contains($0) }
    }

    private static func splitFragment(_ destination: String) -> (String, String?) {
        guard let hash = destination.utf8.firstIndex(of: UInt8(ascii: "#")) else { return (destination, nil) }
        let fragment = String(destination[destination.utf8.index(after: hash)...])
        return (String(destination[..<hash]), fragment.isEmpty ? nil : fragment)
    }

    /// Percent-decoded; a text without `%` (most) is not handed to Foundation.
    static func decoded(_ text: String) -> String {
        guard text.containsBytes("%") else { return text }
        return text.removingPercentEncoding ?? text
    }

    /// Resolves `.` and `..`; nil when the path climbs out of the project.
    private static func normalize(_ components: [String]) -> String? {
        var stack: [String] = []
        for component in components {
            switch component {
            case "", ".": continue
            case "..":
                guard !stack.isEmpty else { return nil }
                stack.removeLast()
            default: stack.append(component)
            }
        }
        return stack.joined(separator: "/")
    }
}

/// Checks every link of every document against the corpus: relative links to `.md` files must
/// reach a published document, and their `#anchor` one of its headings.
enum ContentLinkChecker {
    static func diagnostics(for corpus: Corpus, links: ContentLinks) -> [Diagnostic] {
        let bySource = Dictionary(uniqueKeysWithValues: corpus.documents.map { ($0.sourcePath, $0) })
        // Each document's links on every core: one after the other they were a serial 0.1 s at 10k.
        return ParallelMap.map(corpus.documents) { document in
            diagnostics(of: document, links: links, published: { bySource[$0] })
        }.flatMap { $0 }
    }

    /// The problems of one document's links; `published` finds a published document by its source path.
    static func diagnostics(of document: Document, links: ContentLinks, published: (String) -> Document?)
        -> [Diagnostic]
    {
        var found: [Diagnostic] = []
        for link in document.body.links {
            let location = SourceLocation(file: document.sourcePath, line: link.line, column: link.column)
            switch links.target(of: link.destination, from: document.sourcePath) {
            case .other:
                continue
            case .missing(let path): found.append(missingTarget(link.destination, path: path, at: location))
            case .samePage(let fragment):
                if let problem = anchorProblem(fragment, in: document.sourcePath, headings: document.body.headings) {
                    found.append(problem.at(location))
                }
            case .document(let target, let fragment):
                if let fragment, let targetDocument = published(target),
                    let problem = anchorProblem(fragment, in: target, headings: targetDocument.body.headings)
                {
                    found.append(problem.at(location))
                }
            }
        }
        return found
    }

    /// The problem of a link to `destination`, which resolves to `path`, a file that does not
    /// exist or is not published (the build's check, and the editor's as the official types).
    static func missingTarget(_ destination: String, path: String, at location: SourceLocation) -> Diagnostic {
        .error(
            at: location, "link to '\(destination)' points to \(path), which does not exist or is not published",
            hint: "check the file name; links between documents are relative, e.g. ../cases/minamisoma-hojo-dx.md")
    }

    /// The problem of a link to `#fragment` of the document at `sourcePath`, whose headings are
    /// `headings`, if it names none of them (the build's check, and the editor's).
    static func anchorProblem(_ fragment: String, in sourcePath: String, headings: [Heading])
        -> AnchorProblem?
    {
        let ids = headings.map(\.id)
        if ids.contains(fragment) || fragment.hasPrefix("fn-") || fragment.hasPrefix("fnref-") { return nil }
        let hint =
            ids.isEmpty
            ? "that page has no headings" : "headings there are: " + ids.map { "#\($0)" }.joined(separator: ", ")
        return AnchorProblem(message: "no heading '#\(fragment)' in \(sourcePath)", hint: hint)
    }

    struct AnchorProblem {
        var message: String
        var hint: String

        func at(_ location: SourceLocation) -> Diagnostic { .error(at: location, message, hint: hint) }
    }
}
