import CCmarkGFM
import Foundation
import MinaoshiSupport

/// Parses and renders with cmark-gfm. With `CMarkTree`, the only code that touches C.
///
/// Ownership: the parser, the document and the headings taken out of it are freed by `defer`
/// right after they are created, and every C string is copied into Swift before the call returns.
enum CMarkDocument {
    /// cmark-gfm's extension registry is global; fill it once, before any parse can run.
    private static let registration: Void = cmark_gfm_core_extensions_ensure_registered()

    /// Shared by thread-safe parses, exclusive for the others (see `MarkdownOptions.Extension.isThreadSafe`).
    private static let lock = ReadWriteLock()

    static func render(_ source: String, options: MarkdownOptions, lineOffset: Int, rewriteLink: LinkRewriter?)
        -> RenderedMarkdown
    {
        _ = registration
        if options.isThreadSafe {
            return lock.withReadLock {
                parseAndRender(source, options: options, lineOffset: lineOffset, rewriteLink: rewriteLink)
            }
        }
        return lock.withWriteLock {
            parseAndRender(source, options: options, lineOffset: lineOffset, rewriteLink: rewriteLink)
        }
    }

    private static func parseAndRender(
        _ source: String, options: MarkdownOptions, lineOffset: Int, rewriteLink: LinkRewriter?
    ) -> RenderedMarkdown {
        var cOptions = CMARK_OPT_DEFAULT
        if options.footnotes { cOptions |= CMARK_OPT_FOOTNOTES }
        if options.allowRawHTML { cOptions |= CMARK_OPT_UNSAFE }

        guard let parser = cmark_parser_new(cOptions) else {
            fatalError("cmark_parser_new returned NULL: out of memory")
        }
        defer { cmark_parser_free(parser) }
        for name in options.extensions.sorted() {
            guard let syntaxExtension = cmark_find_syntax_extension(name.rawValue) else {
                preconditionFailure("cmark-gfm has no '\(name.rawValue)' extension after registration")
            }
            cmark_parser_attach_syntax_extension(parser, syntaxExtension)
        }

        var text = source
        text.withUTF8 { bytes in
            bytes.withMemoryRebound(to: CChar.self) { chars in
                if let base = chars.baseAddress { cmark_parser_feed(parser, base, chars.count) }
            }
        }
        guard let document = cmark_parser_finish(parser) else {
            fatalError("cmark_parser_finish returned NULL: out of memory")
        }
        defer { cmark_node_free(document) }

        let tree = CMarkTree(root: document, source: source, lineOffset: lineOffset)
        let outline = tree.readOutline(
            summaryLength: options.summaryLength, rewriteLink: rewriteLink, sanitizingRawHTML: options.allowRawHTML)
        // Freed after rendering (see `replaceHeadingsWithAnchoredHeadings`): a `defer` runs after
        // the HTML below is copied, and before the document is freed.
        let detachedHeadings =
            options.headingIDs
            ? tree.replaceHeadingsWithAnchoredHeadings(outline.headingNodes, ids: outline.headings.map(\.id)) : []
        defer { for heading in detachedHeadings { cmark_node_free(heading) } }

        guard let htmlPointer = cmark_render_html(document, cOptions, cmark_parser_get_syntax_extensions(parser)) else {
            fatalError("cmark_render_html returned NULL: out of memory")
        }
        defer { free(htmlPointer) }
        // Kept as bytes: the input was valid UTF-8, and a `String` of the HTML validated it again.
        var html = Array(
            UnsafeBufferPointer(
                start: UnsafeRawPointer(htmlPointer).assumingMemoryBound(to: UInt8.self), count: strlen(htmlPointer)))
        if options.footnotes, let label = options.footnoteBackLabel {
            // cmark-gfm writes this English label itself; user text can never contain it unescaped.
            html = html.replacingBytes(
                Array("aria-label=\"Back to content\"".utf8),
                with: Array("aria-label=\"\(label.escapedForMarkup)\"".utf8))
        }

        return RenderedMarkdown(
            htmlBytes: html,
            plainText: outline.plainText,
            headings: outline.headings,
            links: outline.links,
            summary: outline.summary,
            literalEmphasisMarkers: outline.literalEmphasisMarkers
        )
    }
}

/// A reader-writer lock over pthread_rwlock_t.
// @unchecked: it only holds a pointer to a pthread_rwlock_t, which is made to be used from many threads.
final class ReadWriteLock: @unchecked Sendable {
    private let lock: UnsafeMutablePointer<pthread_rwlock_t>

    init() {
        lock = .allocate(capacity: 1)
        lock.initialize(to: pthread_rwlock_t())
        let status = pthread_rwlock_init(lock, nil)
        precondition(status == 0, "pthread_rwlock_init failed with \(status)")
    }

    deinit {
        pthread_rwlock_destroy(lock)
        lock.deallocate()
    }

    func withReadLock<T>(_ body: () throws -> T) rethrows -> T {
        pthread_rwlock_rdlock(lock)
        defer { pthread_rwlock_unlock(lock) }
        return try body()
    }

    func withWriteLock<T>(_ body: () throws -> T) rethrows -> T {
        pthread_rwlock_wrlock(lock)
        defer { pthread_rwlock_unlock(lock) }
        return try body()
    }
}
