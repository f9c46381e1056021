import Foundation
import MinaoshiMarkdown
import MinaoshiSupport

/// One Markdown file of `content/`, parsed and rendered. Its fields are fixed once loaded but for
/// two: its body HTML and plain text, which a build lets go once it has used them
/// (`releaseBodyHTML()`, `releasePlainText()`; reading one after that is a programmer's error and
/// stops the process rather than print an empty body). A class: pages, lists and indexes pass
/// documents around by the thousand, and copying a struct of some thirty reference-counted fields
/// (its front matter tree, its HTML) showed as a tenth of a build's time in retain and release.
public final class Document: Sendable, Identifiable {
    /// The content subfolder (`regulations`, `cases`, `pages`); empty for files directly in `content/`.
    public let section: String
    /// `[a-z0-9-]+`, unique within its section; from front matter `id`, else the file name.
    public let slug: String
    /// The path shown in diagnostics, `content/cases/foo.md`.
    public let sourcePath: String
    public let title: String
    public let date: CalendarDate?
    public let updated: CalendarDate?
    public let draft: Bool
    /// Regulation review, case study, page: the typed fields of its kind.
    public let kind: DocumentKind
    public let sources: [Source]
    /// Newest first.
    public let changes: [Change]
    /// The front matter as written, for the typed readers of each kind of document.
    public let frontMatter: FieldPositions
    /// The body as rendered, but for its HTML and its plain text, which are `bodyHTML` and
    /// `plainText`: a build lets those go once they are used.
    public let body: RenderedMarkdown
    private let html: Releasable<[UInt8]>
    private let text: Releasable<String>
    /// Lines above the body in the file.
    public let bodyLineOffset: Int
    /// ``StableHash`` of the file's text as it was read and parsed into this document: the build
    /// keys what it reuses for the document's page by it.
    public let sourceHash: StableHash

    public init(
        section: String, slug: String, sourcePath: String, title: String, date: CalendarDate?, updated: CalendarDate?,
        draft: Bool, kind: DocumentKind, sources: [Source], changes: [Change], frontMatter: FieldPositions,
        body: RenderedMarkdown, bodyLineOffset: Int, sourceHash: StableHash
    ) {
        self.section = section
        self.slug = slug
        self.sourcePath = sourcePath
        self.title = title
        self.date = date
        self.updated = updated
        self.draft = draft
        self.kind = kind
        self.sources = sources
        self.changes = changes
        self.frontMatter = frontMatter
        var stripped = body
        stripped.htmlBytes = []
        stripped.plainText = ""
        self.body = stripped
        self.html = Releasable(body.htmlBytes)
        self.text = Releasable(body.plainText)
        self.bodyLineOffset = bodyLineOffset
        self.sourceHash = sourceHash
        self.id = section.isEmpty ? slug : "\(section)/\(slug)"
    }

    /// `regulations/bsa-12`, unique in the corpus.
    public let id: String

    /// The site path of the page, `/regulations/bsa-12/`.
    public var path: String { "/" + id + "/" }

    /// The day of its last major change: the newest `changes` entry, else `date`. An edit without
    /// a change note (a typo fix, even with `updated` moved) leaves it alone, so feeds and lists
    /// do not churn; a change note moves the document up in every newest-first list and feed.
    public var lastMajorChange: CalendarDate? {
        guard let changed = changes.first?.date else { return date }
        guard let date else { return changed }
        return max(date, changed)
    }

    /// The body's HTML; reading it after `releaseBodyHTML()` stops the process.
    public var bodyHTML: String { String(decoding: html.value("bodyHTML"), as: UTF8.self) }

    /// The body's HTML as UTF-8 bytes, as pages print it; reading it after `releaseBodyHTML()` stops the process.
    public var bodyHTMLBytes: [UInt8] { html.value("bodyHTMLBytes") }

    /// Lets the body's HTML go: a build calls it once the document's page is written, the only
    /// page that prints it (feed items carry the summary, not the body). At 100,000 documents the
    /// bodies are about 450 MB that the search index step can then use; without this the build
    /// passed 2 GiB. A step that needs the body after the pages (a full-content feed) must run
    /// before this or keep its own copy: reading it after is a programmer's error, not an empty body.
    public func releaseBodyHTML() { html.release() }

    /// Whether `releaseBodyHTML()` was called.
    public var isBodyHTMLReleased: Bool { html.isReleased }

    /// The body without markup (blocks separated by blank lines); reading it after
    /// `releasePlainText()` stops the process.
    public var plainText: String { text.value("plainText") }

    /// Lets the plain text go: the search index step calls it once it holds the texts it indexes,
    /// and frees each as it is tokenized (at 100,000 documents, 300 MB).
    public func releasePlainText() { text.release() }

    /// Whether `releasePlainText()` was called.
    public var isPlainTextReleased: Bool { text.isReleased }

    /// The day the document last changed: `updated`, else `date`.
    public var lastModified: CalendarDate? { updated ?? date }
}

/// A document's body HTML or plain text, which the build frees once it is used.
private final class Releasable<Value: Sendable>: Sendable {
    /// The value, or nil once released.
    private let stored: Locked<Value?>

    init(_ value: Value) {
        stored = Locked(value)
    }

    /// The value; `name` says which in the message if it was released.
    func value(_ name: StaticString) -> Value {
        stored.withLock { stored in
            guard let stored else { preconditionFailure("Document.\(name) read after it was released") }
            return stored
        }
    }

    var isReleased: Bool { stored.withLock { $0 == nil } }

    func release() { stored.withLock { $0 = nil } }
}
