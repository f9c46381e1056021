/// Where each top-level field of a document's front matter is written, as whole lines: what
/// lets the editor rewrite one field and leave every other byte of the file as it was.
///
/// A field runs from its `key:` line (at the start of a line) over the lines that continue its
/// value (indented, or `- ` items of a block list); a blank line, a comment at the start of a line,
/// the next key or the closing fence ends it. The file is split on `\n` only, so line ends,
/// trailing spaces and everything else are kept byte for byte.
public struct FrontMatterLayout: Sendable {
    /// The file's lines, each with its `\n` (the last may have none).
    public let lines: [String]
    /// The lines of each field, by key (the first field of a key, as the loader reads it).
    public let fields: [String: Range<Int>]
    /// Keys in the order they are written.
    public let order: [String]
    /// The closing fence's line; the body starts on the next.
    public let closingFence: Int

    /// Nil when the text does not start with a `---` fence closed by `---` or `...`.
    public init?(_ text: String) {
        var lines: [String] = []
        var start = text.startIndex
        while let newline = text[start...].firstIndex(of: "\n") {
            lines.append(String(text[start...newline]))
            start = text.index(after: newline)
        }
        if start < text.endIndex { lines.append(String(text[start...])) }
        func bare(_ line: String) -> Substring { line.dropLast(line.hasSuffix("\n") ? 1 : 0) }
        guard let first = lines.first, bare(first).trimmingTrailingSpaces == "---" else { return nil }
        guard
            let closing = lines.indices.dropFirst().first(where: {
                ["---", "..."].contains(bare(lines[$0]).trimmingTrailingSpaces)
            })
        else {
            return nil
        }
        var fields: [String: Range<Int>] = [:]
        var order: [String] = []
        var index = 1
        while index < closing {
            guard let key = Self.key(of: bare(lines[index])) else { index += 1; continue }
            var end = index + 1
            while end < closing, Self.continues(bare(lines[end])) { end += 1 }
            if fields[key] == nil {
                fields[key] = index..<end
                order.append(key)
            }
            index = end
        }
        self.lines = lines
        self.fields = fields
        self.order = order
        closingFence = closing
    }

    /// The text below the closing fence, unchanged.
    public var body: String { lines[(closingFence + 1)...].joined() }

    /// The key of a `key:` line at the start of a line.
    static func key(of line: Substring) -> String? {
        guard let colon = line.firstIndex(of: ":") else { return nil }
        let key = line[..<colon]
        guard let first = key.unicodeScalars.first, first.properties.isAlphabetic || first == "_",
            key.unicodeScalars.allSatisfy({
                $0.properties.isAlphabetic || ("0"..."9").contains($0) || $0 == "_" || $0 == "-"
            })
        else { return nil }
        let after = line[line.index(after: colon)...]
        guard after.isEmpty || after.first == " " || after.first == "\t" else { return nil }
        return String(key)
    }

    /// Whether a line carries on the value above it.
    static func continues(_ line: Substring) -> Bool {
        guard let first = line.first else { return false }
        return first == " " || first == "\t" || line.hasPrefix("- ") || line == "-"
    }

    /// The file with the lines of each field in `replacements` replaced (an empty list removes the
    /// field), fields not yet written added before the closing fence in the order given, and
    /// the body replaced when `body` is given. Every other line is kept as it was.
    public func replacing(_ replacements: [(key: String, lines: [String])], body: String? = nil) -> String {
        var replaced: [Int: [String]] = [:]
        var removed = Set<Int>()
        var added: [String] = []
        for (key, newLines) in replacements {
            if let range = fields[key] {
                replaced[range.lowerBound] = newLines
                removed.formUnion(range.dropFirst())
            } else {
                added += newLines
            }
        }
        var out = ""
        for index in 0..<closingFence {
            if removed.contains(index) { continue }
            if let newLines = replaced[index] {
                for line in newLines { out += line + "\n" }
            } else {
                out += lines[index]
            }
        }
        for line in added { out += line + "\n" }
        out += lines[closingFence]
        if let body {
            if !lines[closingFence].hasSuffix("\n") { out += "\n" }
            out += body
        } else {
            out += self.body
        }
        return out
    }
}

extension Substring {
    fileprivate var trimmingTrailingSpaces: Substring {
        var text = self
        while let last = text.last, last == " " || last == "\t" { text = text.dropLast() }
        return text
    }
}
