import MinaoshiSupport

/// Turns Mustache source into `Template.Node`s in four passes over its UTF-8 bytes: find the
/// tags (following set-delimiter tags), pair each closing tag with what it closes, strip the
/// lines that hold only standalone tags, then nest sections, parents and blocks.
struct TemplateParser {
    enum Kind {
        case variable, unescaped, section, inverted, close, partial, parent, block, comment, pragma, delimiters

        /// Tags that leave no trace when they stand alone on a line.
        var canStandAlone: Bool {
            switch self {
            case .variable, .unescaped: false
            default: true
            }
        }
    }

    struct Tag {
        var kind: Kind
        var name: String
        /// Byte offsets of the tag, delimiters included.
        var start: Int
        var end: Int
        /// For a closing tag: the kind of the tag it closes, when the tags pair up.
        var closes: Kind?
        /// Whether the tag's line holds nothing else but spaces, tabs and other standalone tags.
        var standalone = false
        /// When standalone: the bytes removed before the first tag of the line (its indentation)
        /// and after the last one (trailing whitespace and newline).
        var removedBefore = 0
        var removedAfter = 0
        /// For a standalone tag: where its line starts, where the line's first tag starts (the
        /// line's indentation is between), and where the line after it starts.
        var lineStart = 0
        var indentationEnd = 0
        var nextLineStart = 0
    }

    let source: [UInt8]
    /// The offset of each line's first byte, for positions.
    private let lineStarts: [Int]

    init(_ text: String) {
        source = Array(text.utf8)
        lineStarts = source.lineStarts()
    }

    func parse() throws(TemplateSyntaxError) -> [Template.Node] {
        var tags = try findTags()
        pair(&tags)
        markStandalone(&tags)
        return try nest(tags)
    }

    // MARK: Pass 1: tags

    private func findTags() throws(TemplateSyntaxError) -> [Tag] {
        var tags: [Tag] = []
        var open = Array("{{".utf8), close = Array("}}".utf8)
        var index = 0
        while let start = find(open, from: index) {
            var cursor = start + open.count
            var kind = Kind.variable
            var closing = close
            if cursor < source.count {
                switch source[cursor] {
                case UInt8(ascii: "{"): kind = .unescaped; closing = [UInt8(ascii: "}")] + close; cursor += 1
                case UInt8(ascii: "&"): kind = .unescaped; cursor += 1
                case UInt8(ascii: "#"): kind = .section; cursor += 1
                case UInt8(ascii: "^"): kind = .inverted; cursor += 1
                case UInt8(ascii: "/"): kind = .close; cursor += 1
                case UInt8(ascii: ">"): kind = .partial; cursor += 1
                case UInt8(ascii: "<"): kind = .parent; cursor += 1
                case UInt8(ascii: "$"): kind = .block; cursor += 1
                case UInt8(ascii: "!"): kind = .comment; cursor += 1
                case UInt8(ascii: "%"): kind = .pragma; cursor += 1
                case UInt8(ascii: "="): kind = .delimiters; closing = [UInt8(ascii: "=")] + close; cursor += 1
                default: break
                }
            }
            guard let closeAt = find(closing, from: cursor) else {
                throw error(at: start, "a tag is not closed with '\(String(decoding: closing, as: UTF8.self))'")
            }
            let name = String(decoding: source[cursor..<closeAt], as: UTF8.self).trimmingSpaces
            let end = closeAt + closing.count
            switch kind {
            case .comment, .pragma: break
            case .delimiters:
                let parts = name.split(whereSeparator: { $0 == " " || $0 == "\t" })
                guard parts.count == 2, !parts.contains(where: { $0.contains("=") }) else {
                    throw error(
                        at: start,
                        "a set-delimiter tag holds two delimiters and a space between them, "
                            + "such as '\(String(decoding: open, as: UTF8.self))=<% %>=\(String(decoding: close, as: UTF8.self))'"
                    )
                }
                open = Array(parts[0].utf8)
                close = Array(parts[1].utf8)
            default:
                if name.isEmpty { throw error(at: start, "a tag has no name") }
                if name.contains(where: { $0 == " " || $0 == "\t" || $0 == "\n" }) {
                    throw error(at: start, "'\(name)' is not a name: names have no spaces")
                }
                if name.contains("(") { throw error(at: start, "'\(name)': transforms and lambdas are not supported") }
            }
            tags.append(Tag(kind: kind, name: name, start: start, end: end))
            index = end
        }
        return tags
    }

    private func find(_ needle: [UInt8], from start: Int) -> Int? {
        guard !needle.isEmpty else { return nil }
        var index = start
        while index + needle.count <= source.count {
            if source[index] == needle[0], source[index..<(index + needle.count)].elementsEqual(needle) { return index }
            index += 1
        }
        return nil
    }

    // MARK: Pass 2: pairs

    /// Tells each closing tag what it closes (nesting errors are found later, with their positions).
    private func pair(_ tags: inout [Tag]) {
        var open: [Int] = []
        for index in tags.indices {
            switch tags[index].kind {
            case .section, .inverted, .parent, .block: open.append(index)
            case .close: if let opener = open.popLast() { tags[index].closes = tags[opener].kind }
            default: break
            }
        }
    }

    // MARK: Pass 3: standalone lines

    /// A line holding only spaces, tabs and one tag that can stand alone loses the line: the
    /// indentation before the tag, its trailing whitespace and newline after. So does a line of
    /// several tags when all are parent or block tags and one is a parent's (the spec: a parent's
    /// opening and closing tags need not be on lines of their own to stand alone).
    private func markStandalone(_ tags: inout [Tag]) {
        var first = 0
        while first < tags.count {
            var lineStart = tags[first].start
            while lineStart > 0, isBlank(source[lineStart - 1]) { lineStart -= 1 }
            var last = first
            while last + 1 < tags.count, source[tags[last].end..<tags[last + 1].start].allSatisfy(isBlank) { last += 1 }
            defer { first = last + 1 }
            guard lineStart == 0 || source[lineStart - 1] == UInt8(ascii: "\n") else { continue }
            var lineEnd = tags[last].end
            while lineEnd < source.count, isBlank(source[lineEnd]) || source[lineEnd] == UInt8(ascii: "\r") {
                lineEnd += 1
            }
            if lineEnd < source.count {
                guard source[lineEnd] == UInt8(ascii: "\n") else { continue }
                lineEnd += 1
            }
            let group = tags[first...last]
            let standsAlone =
                group.count == 1
                ? group[first].kind.canStandAlone
                : group.allSatisfy {
                    $0.kind == .parent || $0.kind == .block || $0.closes == .parent || $0.closes == .block
                }
                    && group.contains { $0.kind == .parent || $0.closes == .parent }
            guard standsAlone else { continue }
            tags[first].removedBefore = tags[first].start - lineStart
            tags[last].removedAfter = lineEnd - tags[last].end
            for index in first...last {
                tags[index].standalone = true
                tags[index].lineStart = lineStart
                tags[index].indentationEnd = tags[first].start
                tags[index].nextLineStart = lineEnd
            }
        }
    }

    private func isBlank(_ byte: UInt8) -> Bool { byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") }

    // MARK: Pass 4: nesting

    private struct Open {
        var tag: Tag
        var nodes: [Template.Node] = []
        /// For a block inside a parent (an override): the indentation its lines lose, so that the
        /// block's site can give them its own (the spec's block re-indentation).
        var strip: [UInt8]?
        /// For a block: the indentation its content has where it stands (see `blockIndentation`).
        var indentation: [UInt8] = []
    }

    private func nest(_ tags: [Tag]) throws(TemplateSyntaxError) -> [Template.Node] {
        var stack: [Open] = [Open(tag: Tag(kind: .section, name: "", start: 0, end: 0))]
        var textStart = 0
        /// The indentation the lines of the innermost override lose.
        func strip() -> [UInt8] { stack.last { $0.strip != nil }?.strip ?? [] }
        func appendText(upTo end: Int) {
            guard end > textStart else { return }
            let strip = strip()
            guard !strip.isEmpty else {
                stack[stack.count - 1].nodes.append(.text(Array(source[textStart..<end])))
                return
            }
            var text: [UInt8] = []
            var index = textStart
            while index < end {
                if index == 0 || source[index - 1] == UInt8(ascii: "\n") {
                    index += commonPrefix(strip, from: index, upTo: end)
                }
                guard index < end else { break }
                text.append(source[index])
                index += 1
            }
            if !text.isEmpty { stack[stack.count - 1].nodes.append(.text(text)) }
        }
        /// The bytes before a standalone tag on its line, less what the innermost override strips.
        func indentation(of tag: Tag) -> [UInt8]? {
            guard tag.standalone else { return nil }
            let start = tag.lineStart + commonPrefix(strip(), from: tag.lineStart, upTo: tag.start)
            return Array(source[start..<max(start, tag.indentationEnd)])
        }
        for tag in tags {
            appendText(upTo: tag.start - tag.removedBefore)
            textStart = tag.end + tag.removedAfter
            let (line, column) = location(of: tag.start)
            switch tag.kind {
            case .variable: stack[stack.count - 1].nodes.append(.variable(Template.Path(tag.name), escaped: true))
            case .unescaped: stack[stack.count - 1].nodes.append(.variable(Template.Path(tag.name), escaped: false))
            case .comment, .pragma, .delimiters: break
            case .partial:
                stack[stack.count - 1].nodes.append(
                    .partial(tag.name, indentation: indentation(of: tag), line: line, column: column))
            case .section, .inverted, .parent, .block:
                guard stack.count <= Template.maximumNesting else {
                    throw error(
                        at: tag.start, "sections, parents and blocks nest more than \(Template.maximumNesting) deep")
                }
                var open = Open(tag: tag)
                if tag.kind == .block {
                    let raw = blockIndentation(tag)
                    open.indentation = Array(raw.dropFirst(commonPrefixCount(strip(), raw)))
                    let enclosing = stack.last { $0.tag.kind != .section && $0.tag.kind != .inverted }
                    if enclosing?.tag.kind == .parent { open.strip = raw }
                }
                stack.append(open)
            case .close:
                guard stack.count > 1 else {
                    throw error(at: tag.start, "'{{/\(tag.name)}}' closes a section that was never opened")
                }
                let open = stack.removeLast()
                guard open.tag.name == tag.name else {
                    throw error(
                        at: tag.start,
                        "a section is closed with a different name than it was opened with: "
                            + "'{{/\(tag.name)}}' closes '\(open.tag.name)', opened at line \(location(of: open.tag.start).line)"
                    )
                }
                let (openLine, openColumn) = location(of: open.tag.start)
                let node: Template.Node
                switch open.tag.kind {
                case .section:
                    node = .section(
                        Template.Path(open.tag.name), open.nodes, inverted: false, line: openLine, column: openColumn)
                case .inverted:
                    node = .section(
                        Template.Path(open.tag.name), open.nodes, inverted: true, line: openLine, column: openColumn)
                case .block:
                    node = .block(
                        open.tag.name, open.nodes, indentation: open.indentation,
                        opensLine: open.tag.standalone, endsLine: tag.standalone, line: openLine, column: openColumn)
                default:
                    node = .parent(
                        open.tag.name, blocks: Self.overrides(in: open.nodes), indentation: indentation(of: open.tag),
                        line: openLine, column: openColumn)
                }
                stack[stack.count - 1].nodes.append(node)
            }
        }
        appendText(upTo: source.count)
        if stack.count > 1 {
            let open = stack[stack.count - 1].tag
            throw error(
                at: open.start, "a section is opened but never closed: '\(open.name)' needs '{{/\(open.name)}}'")
        }
        return stack[0].nodes
    }

    /// The indentation of a block's content where it stands: for a block tag on a line of its
    /// own, that of the line after it (its first line of content); for one that only spaces
    /// precede, those spaces (its later lines line up under its first); none otherwise.
    private func blockIndentation(_ tag: Tag) -> [UInt8] {
        if tag.standalone {
            var end = tag.nextLineStart
            while end < source.count, isBlank(source[end]) { end += 1 }
            return Array(source[tag.nextLineStart..<end])
        }
        var lineStart = tag.start
        while lineStart > 0, isBlank(source[lineStart - 1]) { lineStart -= 1 }
        guard lineStart == 0 || source[lineStart - 1] == UInt8(ascii: "\n") else { return [] }
        return Array(source[lineStart..<tag.start])
    }

    /// The blocks a parent tag overrides: those among its nodes or in its sections, not those
    /// inside another block or parent; the first of a name wins. Text and other tags are ignored.
    private static func overrides(in nodes: [Template.Node]) -> [String: [Template.Node]] {
        var blocks: [String: [Template.Node]] = [:]
        func collect(_ nodes: [Template.Node]) {
            for node in nodes {
                switch node {
                case .block(let name, let children, _, _, _, _, _): if blocks[name] == nil { blocks[name] = children }
                case .section(_, let children, _, _, _): collect(children)
                case .text, .variable, .partial, .parent: break
                }
            }
        }
        collect(nodes)
        return blocks
    }

    /// How many bytes from `offset` (before `end`) match the start of `prefix`.
    private func commonPrefix(_ prefix: [UInt8], from offset: Int, upTo end: Int) -> Int {
        var count = 0
        while count < prefix.count, offset + count < end, source[offset + count] == prefix[count] { count += 1 }
        return count
    }

    private func commonPrefixCount(_ prefix: [UInt8], _ bytes: [UInt8]) -> Int {
        zip(prefix, bytes).prefix { $0 == $1 }.count
    }

    // MARK: Errors

    private func location(of offset: Int) -> (line: Int, column: Int) {
        // The last line start at or before `offset`.
        var low = 0, high = lineStarts.count - 1
        while low < high {
            let middle = (low + high + 1) / 2
            if lineStarts[middle] <= offset { low = middle } else { high = middle - 1 }
        }
        // Columns count characters, not bytes: UTF-8 continuation bytes are 10xxxxxx.
        let column = source[lineStarts[low]..<offset].reduce(1) { $1 & 0xC0 == 0x80 ? $0 : $0 + 1 }
        return (low + 1, column)
    }

    private func error(at offset: Int, _ message: String) -> TemplateSyntaxError {
        let (line, column) = location(of: offset)
        let lineStart = lineStarts[line - 1]
        var lineEnd = lineStart
        while lineEnd < source.count, source[lineEnd] != UInt8(ascii: "\n") { lineEnd += 1 }
        return TemplateSyntaxError(
            line: line, column: column, message: message,
            sourceLine: String(decoding: source[lineStart..<lineEnd], as: UTF8.self))
    }
}

extension String {
    fileprivate var trimmingSpaces: String {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" }
        guard let first = firstIndex(where: { !isSpace($0) }), let last = lastIndex(where: { !isSpace($0) }) else {
            return ""
        }
        return String(self[first...last])
    }
}
