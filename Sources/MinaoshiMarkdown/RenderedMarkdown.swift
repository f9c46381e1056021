/// Everything the layers above need from one Markdown text, produced by one parse.
public struct RenderedMarkdown: Hashable, Sendable {
    /// The HTML as cmark wrote it: UTF-8 bytes, as pages print them.
    public var htmlBytes: [UInt8]
    /// The HTML as text (made from `htmlBytes` on each read).
    public var html: String {
        get { String(decoding: htmlBytes, as: UTF8.self) }
        set { htmlBytes = Array(newValue.utf8) }
    }
    /// The text without markup: blocks separated by blank lines, for search and summaries.
    public var plainText: String
    public var headings: [Heading]
    public var links: [Link]
    /// The first paragraph as plain text, shortened to ``MarkdownOptions/summaryLength``.
    public var summary: String
    /// Where `**` or `__` was left as literal text instead of becoming emphasis: CommonMark's
    /// flanking rules do this to `**「重要」**です`, a trap for Japanese text.
    public var literalEmphasisMarkers: [SourcePosition]

    public init(
        html: String, plainText: String, headings: [Heading], links: [Link], summary: String,
        literalEmphasisMarkers: [SourcePosition] = []
    ) {
        self.init(
            htmlBytes: Array(html.utf8), plainText: plainText, headings: headings, links: links, summary: summary,
            literalEmphasisMarkers: literalEmphasisMarkers)
    }

    public init(
        htmlBytes: [UInt8], plainText: String, headings: [Heading], links: [Link], summary: String,
        literalEmphasisMarkers: [SourcePosition] = []
    ) {
        self.htmlBytes = htmlBytes
        self.plainText = plainText
        self.headings = headings
        self.links = links
        self.summary = summary
        self.literalEmphasisMarkers = literalEmphasisMarkers
    }
}

/// A place in the source given to the renderer (line plus the line offset; column in characters).
public struct SourcePosition: Hashable, Sendable {
    public var line: Int
    public var column: Int

    public init(line: Int, column: Int) {
        self.line = line
        self.column = column
    }
}

/// A heading with the anchor id it was rendered with.
public struct Heading: Hashable, Sendable {
    public var level: Int
    public var text: String
    /// Valid in HTML, unique on its page, and the same on every build of the same text.
    public var id: String
    /// 1-based line in the source given to the renderer, plus the line offset.
    public var line: Int

    public init(level: Int, text: String, id: String, line: Int) {
        self.level = level
        self.text = text
        self.id = id
        self.line = line
    }
}

/// A link or image destination as written, with where it is in the source.
public struct Link: Hashable, Sendable {
    public enum Kind: String, Hashable, Sendable { case link, image }

    public var kind: Kind
    public var destination: String
    public var line: Int
    public var column: Int

    public init(kind: Kind, destination: String, line: Int, column: Int) {
        self.kind = kind
        self.destination = destination
        self.line = line
        self.column = column
    }
}
