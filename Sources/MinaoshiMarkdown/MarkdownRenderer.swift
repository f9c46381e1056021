/// The entry point of the Markdown layer: Markdown text in, Swift values out.
///
/// Parsing goes through the system's cmark-gfm. Every C object is freed before the call
/// returns, and calls are safe from any thread: parses that use extensions which are not
/// thread-safe take an exclusive lock (see ``MarkdownOptions/Extension/isThreadSafe``).
public enum MarkdownRenderer {
    /// Parses `source` once and returns its HTML, plain text, headings, links and summary.
    /// - Parameter lineOffset: added to every line number, for text that starts below a front matter.
    /// - Parameter rewriteLink: maps a link or image destination as written to the one to render
    ///   (a relative `.md` path to its page URL, say); nil keeps it. ``RenderedMarkdown/links`` keep the written form.
    public static func render(
        _ source: String, options: MarkdownOptions = .site, lineOffset: Int = 0, rewriteLink: LinkRewriter? = nil
    ) -> RenderedMarkdown {
        CMarkDocument.render(source, options: options, lineOffset: lineOffset, rewriteLink: rewriteLink)
    }
}

/// Maps a destination as written to the one to render, or nil to keep it.
public typealias LinkRewriter = @Sendable (String) -> String?
