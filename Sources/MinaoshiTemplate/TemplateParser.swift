/// Turns Mustache source into `Template.Node`s in three passes over its UTF-8 bytes: find the
/// tags, strip the lines that hold one standalone tag, then nest sections, parents and blocks.
struct TemplateParser {
    enum Kind {
        case variable, unescaped, section, inverted, close, partial, parent, block, comment, pragma

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
        /// When standalone: the bytes removed before and after it (the line's indentation, and
        /// its trailing whitespace and newline).
        var removedBefore = 0
        var removedAfter = 0
    }

    let source: [UInt8]

    init(_ text: String) {
        source = Array(text.utf8)
    }

    func parse() throws(TemplateSyntaxError) -> [Template.Node] {
        var tags = try findTags()
        markStandalone(&tags)
        return try nest(tags)
    }

    // MARK: Pass 1: tags

    private func findTags() throws(TemplateSyntaxError) -> [Tag] {
        var tags: [Tag] = []
        var index = 0
        let open = UInt8(ascii: "{"), close = UInt8(ascii: "}")
        while index + 1 < source.count {
            guard source[index] == open, source[index + 1] == open else { index += 1; continue }
            let start = index
            var cursor = index + 2
            var kind = Kind.variable
            var closing: [UInt8] = [close, close]
            if cursor < source.count {
                switch source[cursor] {
                case open: kind = .unescaped; closing = [close, close, close]; cursor += 1
                case UInt8(ascii: "&"): kind = .unescaped; cursor += 1
                case UInt8(ascii: "#"): kind = .section; cursor += 1
                case UInt8(ascii: "^"): kind = .inverted; cursor += 1
                case UInt8(ascii: "/"): kind = .close; cursor += 1
                case UInt8(ascii: ">"): kind = .partial; cursor += 1
                case UInt8(ascii: "<"): kind = .parent; cursor += 1
                case UInt8(ascii: "$"): kind = .block; cursor += 1
                case UInt8(ascii: "!"): kind = .comment; cursor += 1
                case UInt8(ascii: "%"): kind = .pragma; cursor += 1
                case UInt8(ascii: "="):
                    throw error(at: start, "set-delimiter tags ({{=…=}}) are not supported")
                default: break
                }
            }
            guard let closeAt = find(closing, from: cursor) else {
                throw error(at: start, "a tag is not closed with '\(String(decoding: closing, as: UTF8.self))'")
            }
            let content = String(decoding: source[cursor..<closeAt], as: UTF8.self)
            let name = content.trimmingSpaces
            let end = closeAt + closing.count
            if kind != .comment, kind != .pragma {
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
        var index = start
        while index + needle.count <= source.count {
            if source[index] == needle[0], source[index + 1] == needle[1], needle.count == 2 || source[index + 2] == needle[2] { return index }
            index += 1
        }
        return nil
    }

    // MARK: Pass 2: standalone lines

    /// A tag that can stand alone and is the only thing on its line but spaces and tabs loses the
    /// line: its indentation before, and its trailing whitespace and newline after.
    private func markStandalone(_ tags: inout [Tag]) {
        for index in tags.indices where tags[index].kind.canStandAlone {
            var lineStart = tags[index].start
            while lineStart > 0, source[lineStart - 1] == UInt8(ascii: " ") || source[lineStart - 1] == UInt8(ascii: "\t") { lineStart -= 1 }
            guard lineStart == 0 || source[lineStart - 1] == UInt8(ascii: "\n") else { continue }
            var lineEnd = tags[index].end
            while lineEnd < source.count, source[lineEnd] == UInt8(ascii: " ") || source[lineEnd] == UInt8(ascii: "\t")
                || source[lineEnd] == UInt8(ascii: "\r") { lineEnd += 1 }
            if lineEnd < source.count {
                guard source[lineEnd] == UInt8(ascii: "\n") else { continue }
                lineEnd += 1
            }
            tags[index].removedBefore = tags[index].start - lineStart
            tags[index].removedAfter = lineEnd - tags[index].end
        }
    }

    // MARK: Pass 3: nesting

    private struct Open {
        var tag: Tag
        var nodes: [Template.Node] = []
    }

    private func nest(_ tags: [Tag]) throws(TemplateSyntaxError) -> [Template.Node] {
        var stack: [Open] = [Open(tag: Tag(kind: .section, name: "", start: 0, end: 0))]
        var textStart = 0
        func appendText(upTo end: Int) {
            if end > textStart { stack[stack.count - 1].nodes.append(.text(Array(source[textStart..<end]))) }
        }
        for tag in tags {
            appendText(upTo: tag.start - tag.removedBefore)
            textStart = tag.end + tag.removedAfter
            let indentation = Array(source[(tag.start - tag.removedBefore)..<tag.start])
            switch tag.kind {
            case .variable: stack[stack.count - 1].nodes.append(.variable(Template.Path(tag.name), escaped: true))
            case .unescaped: stack[stack.count - 1].nodes.append(.variable(Template.Path(tag.name), escaped: false))
            case .comment, .pragma: break
            case .partial: stack[stack.count - 1].nodes.append(.partial(tag.name, indentation: indentation))
            case .section, .inverted, .parent, .block: stack.append(Open(tag: tag))
            case .close:
                guard stack.count > 1 else { throw error(at: tag.start, "'{{/\(tag.name)}}' closes a section that was never opened") }
                let open = stack.removeLast()
                guard open.tag.name == tag.name else {
                    throw error(at: tag.start, "a section is closed with a different name than it was opened with: "
                        + "'{{/\(tag.name)}}' closes '\(open.tag.name)', opened at line \(location(of: open.tag.start).line)")
                }
                let node: Template.Node
                switch open.tag.kind {
                case .section: node = .section(Template.Path(open.tag.name), open.nodes, inverted: false)
                case .inverted: node = .section(Template.Path(open.tag.name), open.nodes, inverted: true)
                case .block: node = .block(open.tag.name, open.nodes)
                default:
                    // A parent keeps only its blocks: text and other tags inside it are ignored.
                    var blocks: [String: [Template.Node]] = [:]
                    for case .block(let name, let children) in open.nodes { blocks[name] = children }
                    let openIndentation = Array(source[(open.tag.start - open.tag.removedBefore)..<open.tag.start])
                    node = .parent(open.tag.name, blocks: blocks, indentation: openIndentation)
                }
                stack[stack.count - 1].nodes.append(node)
            }
        }
        appendText(upTo: source.count)
        if stack.count > 1 {
            let open = stack[stack.count - 1].tag
            throw error(at: open.start, "a section is opened but never closed: '\(open.name)' needs '{{/\(open.name)}}'")
        }
        return stack[0].nodes
    }

    // MARK: Errors

    private func location(of offset: Int) -> (line: Int, column: Int, lineStart: Int) {
        var line = 1, lineStart = 0
        for index in 0..<offset where source[index] == UInt8(ascii: "\n") { line += 1; lineStart = index + 1 }
        // Columns count characters, not bytes: UTF-8 continuation bytes are 10xxxxxx.
        let column = source[lineStart..<offset].reduce(1) { $1 & 0xC0 == 0x80 ? $0 : $0 + 1 }
        return (line, column, lineStart)
    }

    private func error(at offset: Int, _ message: String) -> TemplateSyntaxError {
        let (line, column, lineStart) = location(of: offset)
        var lineEnd = lineStart
        while lineEnd < source.count, source[lineEnd] != UInt8(ascii: "\n") { lineEnd += 1 }
        return TemplateSyntaxError(line: line, column: column, message: message,
                                   sourceLine: String(decoding: source[lineStart..<lineEnd], as: UTF8.self))
    }
}

private extension String {
    var trimmingSpaces: String {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" }
        guard let first = firstIndex(where: { !isSpace($0) }), let last = lastIndex(where: { !isSpace($0) }) else { return "" }
        return String(self[first...last])
    }
}
