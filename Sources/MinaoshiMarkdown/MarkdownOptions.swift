/// How to parse and render one Markdown text. Values only: the layers above decide them.
public struct MarkdownOptions: Hashable, Sendable {
    /// GitHub's syntax extensions, by cmark-gfm's own names.
    public enum Extension: String, CaseIterable, Hashable, Sendable, Comparable {
        case table, tasklist, strikethrough, autolink, tagfilter

        /// cmark-gfm 0.29's strikethrough and autolink extensions edit a process-global table of
        /// special characters on every parse (github/cmark-gfm#221), so parses that use them must
        /// not overlap with any other parse.
        public var isThreadSafe: Bool {
            switch self {
            case .table, .tasklist, .tagfilter: true
            case .strikethrough, .autolink: false
            }
        }

        public static func < (lhs: Extension, rhs: Extension) -> Bool { lhs.rawValue < rhs.rawValue }
    }

    public var extensions: Set<Extension>
    /// GFM footnotes (`[^1]`).
    public var footnotes: Bool
    /// Passes raw HTML through, less its event handlers, `style` and dangerous URLs
    /// (``RawHTMLSanitizer``). Off by default: cmark's safe mode replaces raw HTML with a comment.
    /// Either way a link or image to a ``DangerousURL`` (`javascript:`, `vbscript:`, `data:`) is emptied.
    public var allowRawHTML: Bool
    /// Gives every heading an `id` (see ``slugify(_:)``) so pages can link to sections.
    public var headingIDs: Bool
    /// The accessible name of a footnote's back link, replacing cmark-gfm's English one; nil keeps it.
    public var footnoteBackLabel: String?
    /// The longest summary, in characters, cut at a sentence end where possible.
    public var summaryLength: Int

    public init(
        extensions: Set<Extension> = [.table, .tasklist],
        footnotes: Bool = true,
        allowRawHTML: Bool = false,
        headingIDs: Bool = true,
        footnoteBackLabel: String? = "本文に戻る",
        summaryLength: Int = 160
    ) {
        self.footnoteBackLabel = footnoteBackLabel
        self.extensions = extensions
        self.footnotes = footnotes
        self.allowRawHTML = allowRawHTML
        self.headingIDs = headingIDs
        self.summaryLength = summaryLength
    }

    /// The site's defaults: tables, task lists and footnotes; no autolink (it swallows the
    /// Japanese text after a URL), no strikethrough (not thread-safe), no raw HTML.
    public static let site = MarkdownOptions()

    /// True when parses with these options may run in parallel with each other.
    public var isThreadSafe: Bool { extensions.allSatisfy(\.isThreadSafe) }
}
