import MinaoshiMarkdown
import MinaoshiSupport

/// One Markdown file of `content/`, parsed and rendered.
public struct Document: Sendable, Identifiable {
    /// The content subfolder (`regulations`, `cases`, `pages`); empty for files directly in `content/`.
    public var section: String
    /// `[a-z0-9-]+`, unique within its section; from front matter `id`, else the file name.
    public var slug: String
    /// The path shown in diagnostics, `content/cases/foo.md`.
    public var sourcePath: String
    public var title: String
    public var date: CalendarDate?
    public var updated: CalendarDate?
    public var draft: Bool
    /// Regulation review, case study, page: the typed fields of its kind.
    public var kind: DocumentKind
    public var sources: [Source]
    /// Newest first.
    public var changes: [Change]
    /// The front matter as written, for the typed readers of each kind of document.
    public var frontMatter: YAMLMapping
    public var body: RenderedMarkdown
    /// Lines above the body in the file.
    public var bodyLineOffset: Int

    /// `regulations/bsa-12`, unique in the corpus.
    public var id: String { section.isEmpty ? slug : "\(section)/\(slug)" }

    /// The site path of the page, `/regulations/bsa-12/`.
    public var path: String { "/\(id)/" }

    /// The day the document last changed: `updated`, else `date`.
    public var lastModified: CalendarDate? { updated ?? date }
}
