import CCmarkGFM
import Foundation
import MinaoshiSupport

/// What one walk over a parsed document finds: headings (with their nodes, for anchoring),
/// links, plain text and the summary.
struct CMarkOutline {
    var headings: [Heading] = []
    var headingNodes: [OpaquePointer] = []
    var links: [Link] = []
    var plainText = ""
    var summary = ""
    var literalEmphasisMarkers: [SourcePosition] = []
}

/// Walks and edits a cmark-gfm tree that the caller owns. Never frees the root.
struct CMarkTree {
    let root: OpaquePointer
    let lineOffset: Int
    private let source: [UInt8]
    /// Byte offset where each line of `source` starts.
    private let lineStarts: [Int]

    init(root: OpaquePointer, source: String, lineOffset: Int) {
        self.root = root
        self.lineOffset = lineOffset
        self.source = Array(source.utf8)
        self.lineStarts = self.source.lineStarts()
    }

    /// One pass over the tree in document order.
    /// Link destinations are rewritten in place through `rewriteLink`; the outline keeps them as written.
    /// A ``DangerousURL`` becomes an empty one; with `sanitizingRawHTML`, raw HTML goes through
    /// ``RawHTMLSanitizer`` (without it cmark's safe mode omits raw HTML).
    func readOutline(summaryLength: Int, rewriteLink: LinkRewriter? = nil, sanitizingRawHTML: Bool = false)
        -> CMarkOutline
    {
        var outline = CMarkOutline()
        var ids = UniqueIDAllocator(fallback: "section")
        // The plain text, block by block, a blank line between blocks.
        var blocks = BlockText()
        var current = TextRun()
        var heading: (node: OpaquePointer, level: Int, line: Int, text: TextRun)?
        var firstParagraph: String?
        var paragraphDepth = 0
        // Footnote definitions come last in cmark-gfm's tree; their text is no summary.
        var footnoteDepth = 0

        guard let iterator = cmark_iter_new(root) else { fatalError("cmark_iter_new returned NULL") }
        defer { cmark_iter_free(iterator) }

        while true {
            let event = cmark_iter_next(iterator)
            if event == CMARK_EVENT_DONE { break }
            guard let node = cmark_iter_get_node(iterator) else { continue }
            let entering = event == CMARK_EVENT_ENTER
            let type = cmark_node_get_type(node)

            switch type {
            case CMARK_NODE_TEXT, CMARK_NODE_CODE:
                let literal = Self.literal(of: node)
                if type == CMARK_NODE_TEXT, literal.containsBytes("**") || literal.containsBytes("__") {
                    outline.literalEmphasisMarkers += literalMarkers(in: literal, node: node)
                }
                current.append(literal)
                heading?.text.append(literal)
            case CMARK_NODE_SOFTBREAK:
                current.softBreak()
                heading?.text.softBreak()
            case CMARK_NODE_LINEBREAK:
                current.append("\n")
                heading?.text.append(" ")
            case CMARK_NODE_CODE_BLOCK:
                current.append(Self.literal(of: node).trimmingTrailingNewlines)
                blocks.appendIfNotEmpty(current.take())
            case CMARK_NODE_LINK, CMARK_NODE_IMAGE:
                if entering {
                    let destination = Self.string(cmark_node_get_url(node))
                    let startLine = Self.linkStartLine(node)
                    outline.links.append(
                        Link(
                            kind: type == CMARK_NODE_LINK ? .link : .image,
                            destination: destination,
                            line: startLine.map { $0 + lineOffset } ?? line(of: node),
                            column: column(of: node, line: startLine)
                        ))
                    if DangerousURL.isDangerous(destination) {
                        cmark_node_set_url(node, "")
                    } else if let rewritten = rewriteLink?(destination) {
                        cmark_node_set_url(node, rewritten)
                    }
                }
            case CMARK_NODE_HTML_BLOCK, CMARK_NODE_HTML_INLINE:
                if sanitizingRawHTML {
                    let literal = Self.literal(of: node)
                    let sanitized = RawHTMLSanitizer.sanitize(literal)
                    if sanitized != literal { cmark_node_set_literal(node, sanitized) }
                }
            case CMARK_NODE_HEADING:
                if entering {
                    blocks.appendIfNotEmpty(current.take())
                    heading = (node, Int(cmark_node_get_heading_level(node)), line(of: node), TextRun())
                } else if let finished = heading {
                    let text = finished.text.text
                    var id = ids.allocate(for: text)
                    if Self.isFootnoteID(id) { id = ids.allocate(for: "h-" + id) }
                    outline.headings.append(Heading(level: finished.level, text: text, id: id, line: finished.line))
                    outline.headingNodes.append(finished.node)
                    blocks.appendIfNotEmpty(current.take())
                    heading = nil
                }
            case CMARK_NODE_PARAGRAPH:
                if entering {
                    paragraphDepth += 1
                } else {
                    paragraphDepth -= 1
                    let text = current.take()
                    if firstParagraph == nil, footnoteDepth == 0, !text.isEmpty { firstParagraph = text }
                    blocks.appendIfNotEmpty(text)
                }
            case CMARK_NODE_FOOTNOTE_DEFINITION:
                footnoteDepth += entering ? 1 : -1
                if !entering { blocks.appendIfNotEmpty(current.take()) }
            default:
                // Other blocks (items, table cells, quotes, footnotes) end a run of text.
                if !entering, Self.isBlock(type) { blocks.appendIfNotEmpty(current.take()) }
            }
        }
        blocks.appendIfNotEmpty(current.take())
        outline.plainText = blocks.text
        outline.summary = Self.summarize(firstParagraph ?? "", maxLength: summaryLength)
        return outline
    }

    /// Replaces each heading by a custom block holding a custom inline whose tags carry the id:
    /// cmark-gfm's HTML renderer has no attribute hook, and custom nodes are emitted verbatim
    /// (even in safe mode) while the heading's own inline children still render as usual.
    ///
    /// Returns the headings, unlinked but not freed: the caller frees them after rendering. An
    /// inline's literal can point into its heading's own text buffer (cmark-gfm does not always copy
    /// it), so freeing a heading before its moved children are rendered made the renderer read
    /// freed memory (found by the fuzzer: `Tests/Fuzz/markdown`).
    func replaceHeadingsWithAnchoredHeadings(_ nodes: [OpaquePointer], ids: [String]) -> [OpaquePointer] {
        var detached: [OpaquePointer] = []
        for (node, id) in zip(nodes, ids) {
            let level = cmark_node_get_heading_level(node)
            guard let block = cmark_node_new(CMARK_NODE_CUSTOM_BLOCK),
                let inline = cmark_node_new(CMARK_NODE_CUSTOM_INLINE)
            else {
                fatalError("cmark_node_new returned NULL: out of memory")
            }
            cmark_node_set_on_enter(block, "")
            cmark_node_set_on_exit(block, "")
            cmark_node_set_on_enter(inline, "<h\(level) id=\"\(id)\">")
            cmark_node_set_on_exit(inline, "</h\(level)>")
            while let child = cmark_node_first_child(node) {
                cmark_node_unlink(child)
                precondition(
                    cmark_node_append_child(inline, child) == 1,
                    "a custom inline must accept a heading's inline children")
            }
            precondition(cmark_node_append_child(block, inline) == 1, "a custom block must accept a custom inline")
            precondition(cmark_node_insert_before(node, block) == 1, "a custom block must fit where the heading was")
            cmark_node_unlink(node)
            detached.append(node)
        }
        return detached
    }

    // MARK: - Positions

    /// Positions of each `**` or `__` run left as text.
    ///
    /// cmark-gfm joins adjacent text nodes, so one literal can hold characters that were written
    /// escaped (`\*`) or as references (`&amp;`): each character of the literal is matched back
    /// to where it is written, and only a pair written as `**` or `__` counts.
    private func literalMarkers(in literal: String, node: OpaquePointer) -> [SourcePosition] {
        let nodeLine = Int(cmark_node_get_start_line(node))
        guard nodeLine >= 1, nodeLine <= lineStarts.count else { return [] }
        let lineStart = lineStarts[nodeLine - 1]
        let lineEnd = nodeLine < lineStarts.count ? lineStarts[nodeLine] : source.count
        let nodeStart = lineStart + max(Int(cmark_node_get_start_column(node)), 1) - 1
        guard nodeStart <= lineEnd,
            let before = String(validating: source[lineStart..<nodeStart], as: UTF8.self),
            let rest = String(validating: source[nodeStart..<lineEnd], as: UTF8.self)
        else { return [] }
        let written = Array(rest.unicodeScalars)
        let text = Array(literal.unicodeScalars)

        // Where each scalar of the literal is written, and whether it was escaped; stops where
        // the two cannot be matched.
        var writtenIndex: [(index: Int, escaped: Bool)] = []
        var cursor = 0
        for (index, scalar) in text.enumerated() where cursor < written.count {
            if written[cursor] == "&", let end = Self.characterReferenceEnd(in: written, at: cursor),
                !(scalar == "&" && text[index...].starts(with: written[cursor..<end]))
            {
                writtenIndex.append((cursor, false))
                cursor = end
            } else if written[cursor] == scalar {
                writtenIndex.append((cursor, false))
                cursor += 1
            } else if written[cursor] == "\\", cursor + 1 < written.count, written[cursor + 1] == scalar {
                writtenIndex.append((cursor + 1, true))
                cursor += 2
            } else {
                break
            }
        }

        var markers: [SourcePosition] = []
        var index = 1
        while index < writtenIndex.count {
            let first = writtenIndex[index - 1], second = writtenIndex[index]
            if text[index] == text[index - 1], text[index] == "*" || text[index] == "_",
                !first.escaped, !second.escaped, second.index == first.index + 1
            {
                var prefix = before
                prefix.unicodeScalars.append(contentsOf: written[..<first.index])
                markers.append(SourcePosition(line: nodeLine + lineOffset, column: prefix.count + 1))
                index += 2  // `***` is one run, `****` two
            } else {
                index += 1
            }
        }
        return markers
    }

    /// The end of an entity or numeric character reference (`&amp;`, `&#12354;`, `&#x3042;`) at `start`.
    private static func characterReferenceEnd(in scalars: [Unicode.Scalar], at start: Int) -> Int? {
        var cursor = start + 1
        var isName = true
        if cursor < scalars.count, scalars[cursor] == "#" {
            isName = false
            cursor += 1
            if cursor < scalars.count, scalars[cursor] == "x" || scalars[cursor] == "X" { cursor += 1 }
        }
        let bodyStart = cursor
        while cursor < scalars.count, cursor - bodyStart < 32, scalars[cursor].isASCII,
            scalars[cursor].properties.isAlphabetic || ("0"..."9").contains(scalars[cursor])
        {
            cursor += 1
        }
        guard cursor > bodyStart, cursor < scalars.count, scalars[cursor] == ";" else { return nil }
        if isName, !scalars[bodyStart].properties.isAlphabetic { return nil }
        return cursor + 1
    }

    /// The node's line, or its nearest ancestor's where cmark gives inlines none.
    private func line(of node: OpaquePointer) -> Int {
        var current: OpaquePointer? = node
        while let candidate = current {
            let line = Int(cmark_node_get_start_line(candidate))
            if line > 0 { return line + lineOffset }
            current = cmark_node_parent(candidate)
        }
        return 1 + lineOffset
    }

    /// cmark counts columns in bytes; editors count characters, so convert with the source line
    /// (`line` if given, else the node's own).
    private func column(of node: OpaquePointer, line givenLine: Int? = nil) -> Int {
        let byteColumn = max(Int(cmark_node_get_start_column(node)), 1)
        let line = givenLine ?? Int(cmark_node_get_start_line(node))
        guard line >= 1, line <= lineStarts.count else { return byteColumn }
        let start = lineStarts[line - 1]
        let end = min(start + byteColumn - 1, source.count)
        guard let text = String(validating: source[start..<end], as: UTF8.self) else { return byteColumn }
        return text.count + 1
    }

    /// The line of a link's or image's opening bracket, without the line offset; nil where cmark
    /// gives the node no position (the autolink extension's links).
    ///
    /// cmark-gfm 0.29 stamps a link with the line of its *closing* bracket (its column is the
    /// opener's), so a link whose text wraps onto the next line would point one line too low.
    /// The first positioned node inside still sits on the opener's line, less the line breaks
    /// before it.
    static func linkStartLine(_ node: OpaquePointer) -> Int? {
        let ownLine = Int(cmark_node_get_start_line(node))
        guard ownLine > 0 else { return nil }
        var breaks = 0
        var child = cmark_node_first_child(node)
        while let current = child {
            let type = cmark_node_get_type(current)
            if type == CMARK_NODE_SOFTBREAK || type == CMARK_NODE_LINEBREAK {
                breaks += 1
            } else if let line = (type == CMARK_NODE_LINK || type == CMARK_NODE_IMAGE)
                ? linkStartLine(current) : Optional(Int(cmark_node_get_start_line(current))), line > 0
            {
                return min(line - breaks, ownLine)
            }
            child = cmark_node_next(current)
        }
        return max(ownLine - breaks, 1)
    }

    // MARK: - Helpers

    private static func literal(of node: OpaquePointer) -> String {
        string(cmark_node_get_literal(node))
    }

    private static func string(_ pointer: UnsafePointer<CChar>?) -> String {
        pointer.map { String(cString: $0) } ?? ""
    }

    private static func isBlock(_ type: cmark_node_type) -> Bool {
        (type.rawValue & UInt32(CMARK_NODE_TYPE_MASK)) == UInt32(CMARK_NODE_TYPE_BLOCK)
    }

    /// cmark-gfm names footnotes `fn-LABEL` and their references `fnref-LABEL`; headings must not take those ids.
    private static func isFootnoteID(_ id: String) -> Bool {
        // On bytes: `hasPrefix` compares Characters, which for a Japanese id is the slow path.
        id.utf8.starts(with: "fn-".utf8) || id.utf8.starts(with: "fnref-".utf8)
    }

    /// Whether the text has a scalar that makes a Character a newline (`Character.isNewline`):
    /// U+000A to U+000D, U+0085, U+2028, U+2029; looked for on UTF-8 bytes.
    static func hasLineBreak(_ text: String) -> Bool {
        var copy = text
        return copy.withUTF8 { bytes in
            for index in bytes.indices {
                switch bytes[index] {
                case 0x0A...0x0D: return true
                case 0xC2 where index + 1 < bytes.count && bytes[index + 1] == 0x85: return true
                case 0xE2
                where index + 2 < bytes.count && bytes[index + 1] == 0x80
                    && (bytes[index + 2] == 0xA8 || bytes[index + 2] == 0xA9):
                    return true
                default: continue
                }
            }
            return false
        }
    }

    /// Cuts at the last sentence end (。．！？, or . ! ? before a space) that fits, else at the
    /// limit with an ellipsis. A limit of zero or less gives no summary.
    static func summarize(_ text: String, maxLength: Int) -> String {
        guard maxLength > 0 else { return "" }
        // Splitting into Characters to find line breaks was most of the cost; a paragraph without
        // any (soft breaks are joined already) is its own flat text.
        let flat =
            hasLineBreak(text)
            ? text.split(whereSeparator: \.isNewline).map(String.init).reduce("") { joinSoftLines($0, $1) } : text
        // No more scalars than the limit: no more Characters either.
        guard flat.unicodeScalars.count > maxLength, flat.count > maxLength else { return flat }
        let head = flat.prefix(maxLength)
        let end = head.indices.last { index in
            if "。．！？".contains(head[index]) { return true }
            // `2.5` or `example.com` is no sentence end; `end. Next` is.
            let next = flat.index(after: index)
            return ".!?".contains(head[index]) && (next == flat.endIndex || flat[next].isWhitespace)
        }
        if let end, head.distance(from: head.startIndex, to: end) >= maxLength / 2 {
            return String(head[...end])
        }
        return String(flat.prefix(maxLength - 1)) + "…"
    }
}

/// Text of one block as it is read, joining soft line breaks the way the language wants.
private struct TextRun {
    private(set) var text = ""
    private var pendingSoftBreak = false

    mutating func append(_ piece: String) {
        guard !piece.isEmpty else { return }
        // In place: a run grows by many pieces, and `text + piece` copied it each time.
        if pendingSoftBreak { text += softLineSeparator(text, piece) }
        text += piece
        pendingSoftBreak = false
    }

    mutating func softBreak() { pendingSoftBreak = !text.isEmpty }

    mutating func take() -> String {
        defer { self = TextRun() }
        return text.trimmingWhitespace
    }
}

extension String {
    fileprivate var trimmingTrailingNewlines: String {
        var copy = self
        while copy.last?.isNewline == true { copy.removeLast() }
        return copy
    }
}

/// Blocks of plain text joined by blank lines as they come: joining an array of them at the end
/// cost a percent of a build.
private struct BlockText {
    var text = ""

    mutating func appendIfNotEmpty(_ block: String) {
        guard !block.isEmpty else { return }
        if !text.isEmpty { text.append("\n\n") }
        text.append(block)
    }
}
