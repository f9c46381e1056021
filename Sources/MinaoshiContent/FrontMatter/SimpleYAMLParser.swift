/// Reads the shape nearly all front matter has, without libyaml: a top-level mapping of
/// `key: value` lines whose values are plain or double-quoted scalars, one-line flow lists and
/// mappings of those (`[a, b]`, `{title: "…", url: "…"}`), or a block list (`- item` lines) of
/// them. Anything else (comments, single quotes, escapes, multi-line scalars, nesting, anchors,
/// tags, empty values, repeated keys, characters YAML forbids) answers nil, and Yams reads the
/// text instead, so its errors and every other YAML feature stay as they were.
///
/// The tree is the one Yams composes, marks included; `SimpleYAMLParserTests` compares the two.
/// Composing through Yams cost a Swift object per libyaml event and a `Tag` per node, most of
/// the front matter pass.
struct SimpleYAMLParser {
    static func parse(_ yaml: String) -> YAMLNode? {
        var text = yaml
        return text.withUTF8 { bytes in
            var parser = SimpleYAMLParser(bytes: bytes)
            return parser.document()
        }
    }

    private let bytes: UnsafeBufferPointer<UInt8>
    private var position = 0
    private var line = 1
    private var lineStart = 0

    private init(bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
    }

    private static let newline = UInt8(ascii: "\n"), space = UInt8(ascii: " "), colon = UInt8(ascii: ":"),
        comma = UInt8(ascii: ",")
    private static let quote = UInt8(ascii: "\""), hash = UInt8(ascii: "#")
    /// Keys longer than this are left to Yams (libyaml limits simple keys to 1024 characters).
    private static let longestKey = 128

    // MARK: - Structure

    private mutating func document() -> YAMLNode? {
        guard onlySupportedCharacters() else { return nil }
        var pairs: [YAMLNode.Pair] = []
        var keys: Set<String> = []
        keys.reserveCapacity(32)
        var mappingMark: YAMLNode.Mark?
        while position < bytes.count {
            if bytes[position] == Self.newline {
                nextLine()
                continue
            }
            let keyStart = position
            guard Self.isKeyStart(bytes[position]) else { return nil }
            while position < bytes.count, Self.isKeyByte(bytes[position]) { position += 1 }
            guard position < bytes.count, bytes[position] == Self.colon, position - keyStart <= Self.longestKey else {
                return nil
            }
            let keyMark = mark(at: keyStart)
            if mappingMark == nil { mappingMark = keyMark }
            let name = text(keyStart, position)
            guard keys.insert(name).inserted else { return nil }
            position += 1
            let value: YAMLNode
            if position == bytes.count || bytes[position] == Self.newline {
                guard let list = blockSequence() else { return nil }
                value = list
            } else {
                guard bytes[position] == Self.space else { return nil }
                skipSpaces()
                guard let inline = inlineValue(), endOfLine() else { return nil }
                value = inline
            }
            pairs.append(YAMLNode.Pair(key: Self.plain(name, keyMark, isKey: true), value: value))
        }
        guard let mappingMark else { return nil }
        return .mapping(pairs, YAMLNode.Info(tag: "", mark: mappingMark))
    }

    /// `- item` lines under a key that ends its line; every item at the same indentation.
    private mutating func blockSequence() -> YAMLNode? {
        guard position < bytes.count else { return nil }  // `key:` at the end: an empty value
        nextLine()
        var items: [YAMLNode] = []
        var indentation: Int?
        var listMark: YAMLNode.Mark?
        while position < bytes.count {
            var dash = position
            while dash < bytes.count, bytes[dash] == Self.space { dash += 1 }
            guard dash + 1 < bytes.count, bytes[dash] == UInt8(ascii: "-"), bytes[dash + 1] == Self.space else {
                // The list ends at a line of its parent's indentation; anything else is not ours.
                if dash == position { break }
                return nil
            }
            if indentation == nil {
                indentation = dash - position
                listMark = mark(at: dash)
            }
            guard dash - position == indentation else { return nil }
            position = dash + 2
            skipSpaces()
            guard let item = inlineValue(), endOfLine() else { return nil }
            items.append(item)
        }
        guard let listMark, !items.isEmpty else { return nil }
        return .sequence(items, YAMLNode.Info(tag: "", mark: listMark))
    }

    /// A value that starts at `position` and ends on its line.
    private mutating func inlineValue() -> YAMLNode? {
        guard position < bytes.count else { return nil }
        switch bytes[position] {
        case Self.quote: return doubleQuoted()
        case UInt8(ascii: "["): return flowSequence()
        case UInt8(ascii: "{"): return flowMapping()
        default: return blockPlain()
        }
    }

    /// `[a, "b"]` on one line.
    private mutating func flowSequence() -> YAMLNode? {
        let start = mark(at: position)
        position += 1
        skipSpaces()
        var items: [YAMLNode] = []
        if position < bytes.count, bytes[position] == UInt8(ascii: "]") {
            position += 1
            return .sequence(items, YAMLNode.Info(tag: "", mark: start))
        }
        while true {
            guard let item = flowScalar(isKey: false) else { return nil }
            items.append(item)
            guard let closed = flowSeparator(closing: UInt8(ascii: "]")) else { return nil }
            if closed { return .sequence(items, YAMLNode.Info(tag: "", mark: start)) }
        }
    }

    /// `{key: value, key: "value"}` on one line.
    private mutating func flowMapping() -> YAMLNode? {
        let start = mark(at: position)
        position += 1
        skipSpaces()
        var pairs: [YAMLNode.Pair] = []
        var keys: Set<String> = []
        if position < bytes.count, bytes[position] == UInt8(ascii: "}") {
            position += 1
            return .mapping(pairs, YAMLNode.Info(tag: "", mark: start))
        }
        while true {
            guard position < bytes.count, bytes[position] != Self.quote, let key = flowScalar(isKey: true),
                let name = key.scalar?.string, keys.insert(name).inserted,
                position + 1 < bytes.count, bytes[position] == Self.colon, bytes[position + 1] == Self.space
            else { return nil }
            position += 1
            skipSpaces()
            guard let value = flowScalar(isKey: false) else { return nil }
            pairs.append(YAMLNode.Pair(key: key, value: value))
            guard let closed = flowSeparator(closing: UInt8(ascii: "}")) else { return nil }
            if closed { return .mapping(pairs, YAMLNode.Info(tag: "", mark: start)) }
        }
    }

    /// What follows an item of a flow collection: `closing` (true, read), a comma and the spaces
    /// after it (false, read), or anything else (nil: not the simple form).
    private mutating func flowSeparator(closing: UInt8) -> Bool? {
        skipSpaces()
        guard position < bytes.count else { return nil }
        if bytes[position] == closing {
            position += 1
            return true
        }
        guard bytes[position] == Self.comma else { return nil }
        position += 1
        skipSpaces()
        return false
    }

    // MARK: - Scalars

    /// `"…"` on one line, with no escapes.
    private mutating func doubleQuoted() -> YAMLNode? {
        let start = mark(at: position)
        position += 1
        let contentStart = position
        while position < bytes.count, bytes[position] != Self.quote {
            if bytes[position] == UInt8(ascii: "\\") || bytes[position] == Self.newline { return nil }
            position += 1
        }
        guard position < bytes.count else { return nil }
        let string = text(contentStart, position)
        position += 1
        return .scalar(
            YAMLNode.Scalar(string: string, style: YAMLNode.doubleQuotedStyle, tag: YAMLNode.strTag, mark: start))
    }

    /// A plain scalar in a block, to the end of its line: no `: `, no ` #`, no trailing `:`.
    private mutating func blockPlain() -> YAMLNode? {
        guard !Self.isIndicator(bytes[position]) else { return nil }
        let start = position
        var end = position
        while position < bytes.count, bytes[position] != Self.newline {
            let byte = bytes[position]
            if byte == Self.colon,
                position + 1 == bytes.count || bytes[position + 1] == Self.space || bytes[position + 1] == Self.newline
            {
                return nil
            }
            if byte == Self.hash, bytes[position - 1] == Self.space { return nil }
            position += 1
            if byte != Self.space { end = position }
        }
        position = end
        return Self.plain(text(start, end), mark(at: start))
    }

    /// A plain scalar or a double-quoted one inside `[…]` or `{…}`. A key ends at its `:`; a value
    /// may hold none.
    private mutating func flowScalar(isKey: Bool) -> YAMLNode? {
        guard position < bytes.count else { return nil }
        if bytes[position] == Self.quote { return isKey ? nil : doubleQuoted() }
        guard !Self.isIndicator(bytes[position]) else { return nil }
        let start = position
        var end = position
        while position < bytes.count {
            let byte = bytes[position]
            switch byte {
            case Self.comma, UInt8(ascii: "]"), UInt8(ascii: "}"):
                guard !isKey else { return nil }
            case Self.colon:
                guard isKey else { return nil }
            case Self.newline, UInt8(ascii: "["), UInt8(ascii: "{"), Self.hash, Self.quote, UInt8(ascii: "'"):
                return nil
            default:
                position += 1
                if byte != Self.space { end = position }
                continue
            }
            break
        }
        guard position < bytes.count else { return nil }
        // Keys end right at their colon (`{a : b}` is left to Yams).
        if isKey, end != position { return nil }
        return Self.plain(text(start, end), mark(at: start), isKey: isKey)
    }

    /// A plain scalar. Its tag is implicit, but a key's is `str`: Yams hashes keys to find
    /// duplicates, which resolves their tags (with no resolver rules, to `str`) in place.
    private static func plain(_ string: String, _ mark: YAMLNode.Mark, isKey: Bool = false) -> YAMLNode {
        .scalar(
            YAMLNode.Scalar(string: string, style: YAMLNode.plainStyle, tag: isKey ? YAMLNode.strTag : "", mark: mark))
    }

    // MARK: - Bytes

    private mutating func skipSpaces() {
        while position < bytes.count, bytes[position] == Self.space { position += 1 }
    }

    /// After a value: spaces, then the end of the line (consumed) or of the text.
    private mutating func endOfLine() -> Bool {
        skipSpaces()
        guard position < bytes.count else { return true }
        guard bytes[position] == Self.newline else { return false }
        nextLine()
        return true
    }

    private mutating func nextLine() {
        position += 1
        line += 1
        lineStart = position
    }

    /// libyaml counts columns in characters (Unicode scalars), from 1.
    private func mark(at offset: Int) -> YAMLNode.Mark {
        var column = 1
        for index in lineStart..<offset where bytes[index] & 0xC0 != 0x80 { column += 1 }
        return YAMLNode.Mark(line: line, column: column)
    }

    private func text(_ start: Int, _ end: Int) -> String {
        String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<end]), as: UTF8.self)
    }

    private static func isKeyStart(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte)
            || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) || byte == UInt8(ascii: "_")
    }

    private static func isKeyByte(_ byte: UInt8) -> Bool {
        isKeyStart(byte) || byte == UInt8(ascii: "-")
    }

    /// Characters that give a plain scalar's first character another meaning (and space).
    private static func isIndicator(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "-"), UInt8(ascii: "?"), UInt8(ascii: ":"), UInt8(ascii: ","), UInt8(ascii: "["),
            UInt8(ascii: "]"),
            UInt8(ascii: "{"), UInt8(ascii: "}"), UInt8(ascii: "#"), UInt8(ascii: "&"), UInt8(ascii: "*"),
            UInt8(ascii: "!"),
            UInt8(ascii: "|"), UInt8(ascii: ">"), UInt8(ascii: "'"), UInt8(ascii: "\""), UInt8(ascii: "%"),
            UInt8(ascii: "@"),
            UInt8(ascii: "`"), UInt8(ascii: " "), UInt8(ascii: "\n"):
            true
        default:
            false
        }
    }

    /// No tab, control character, byte-order mark, non-character, or line or paragraph separator
    /// (which YAML treats as a line break): the text libyaml reads like plain text.
    private func onlySupportedCharacters() -> Bool {
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            if byte < 0x20 && byte != Self.newline || byte == 0x7F { return false }
            if byte >= 0xC2, index + 1 < bytes.count {
                let next = bytes[index + 1]
                if byte == 0xC2, next < 0xA0 { return false }  // C1 controls, NEL
                if byte == 0xE2, next == 0x80, index + 2 < bytes.count,
                    bytes[index + 2] == 0xA8 || bytes[index + 2] == 0xA9
                {
                    return false
                }
                if byte == 0xEF, index + 2 < bytes.count,
                    next == 0xBB && bytes[index + 2] == 0xBF || next == 0xBF && bytes[index + 2] >= 0xBE
                {
                    return false
                }
            }
            index += 1
        }
        return true
    }
}
