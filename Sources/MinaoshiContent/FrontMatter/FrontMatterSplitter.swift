import MinaoshiSupport

/// A document split into its YAML front matter and its Markdown body, with the line numbers
/// needed to map positions in either part back to the file.
public struct SplitDocument: Sendable {
    public var yaml: String
    /// The file line of the first YAML line (the line after the opening `---`).
    public var yamlFirstLine: Int
    public var body: String
    /// Lines above the body; add it to a line of the body to get the file line.
    public var bodyLineOffset: Int
}

public enum FrontMatterSplitter {
    /// Splits `---\nYAML\n---\nbody`. The closing fence may also be `...` as in YAML.
    public static func split(_ source: SourceText) throws(DiagnosticsError) -> SplitDocument {
        // Lines are found on UTF-8 bytes: a fence is ASCII, and splitting the whole file into
        // Characters (grapheme clusters) cost more than parsing its YAML.
        let bytes = source.text.utf8
        var lineStarts = [bytes.startIndex]
        var index = bytes.startIndex
        var closing: Int?
        while index != bytes.endIndex {
            let next = bytes.index(after: index)
            if bytes[index] == UInt8(ascii: "\n") {
                let line = lineStarts.count - 1
                if line == 0, !isFence(bytes[lineStarts[0]..<index], allowDots: false) { break }
                if line > 0, isFence(bytes[lineStarts[line]..<index], allowDots: true) {
                    closing = line
                    lineStarts.append(next)
                    break
                }
                lineStarts.append(next)
            }
            index = next
        }
        // A file whose only line is the opening fence, or whose last line closes without a newline.
        if closing == nil, lineStarts.count >= 1 {
            let line = lineStarts.count - 1
            let rest = bytes[lineStarts[line]...]
            if line == 0 {
                if !isFence(rest, allowDots: false) { throw missingFrontMatter(source) }
            } else if isFence(rest, allowDots: true) {
                closing = line
                lineStarts.append(bytes.endIndex)
            }
        }
        guard lineStarts.count > 1 || isFence(bytes[...], allowDots: false) else { throw missingFrontMatter(source) }
        guard let closing else {
            throw DiagnosticsError([.error(
                at: source.location(line: 1),
                "front matter is not closed",
                hint: "add a line '---' after the last YAML field"
            )])
        }
        // YAML: the lines between the fences, without the newline before the closing fence.
        let yamlStart = lineStarts[1], yamlEnd = closing > 1 ? bytes.index(before: lineStarts[closing]) : lineStarts[1]
        let yaml = yamlStart < yamlEnd ? String(Substring(source.text.utf8[yamlStart..<yamlEnd])) : ""
        let body = String(Substring(source.text.utf8[lineStarts[closing + 1]...]))
        return SplitDocument(yaml: yaml, yamlFirstLine: 2, body: body, bodyLineOffset: closing + 1)
    }

    private static func missingFrontMatter(_ source: SourceText) -> DiagnosticsError {
        DiagnosticsError([.error(
            at: source.location(line: 1),
            "missing front matter",
            hint: "start the file with a line '---', the YAML fields (id, title, …), and another line '---'"
        )])
    }

    /// `---` (or, closing, `...`) followed only by spaces or tabs.
    private static func isFence(_ line: Substring.UTF8View.SubSequence, allowDots: Bool) -> Bool {
        var trimmed = line[...]
        while let last = trimmed.last, last == UInt8(ascii: " ") || last == UInt8(ascii: "\t") { trimmed = trimmed.dropLast() }
        guard trimmed.count == 3 else { return false }
        return trimmed.allSatisfy { $0 == UInt8(ascii: "-") } || (allowDots && trimmed.allSatisfy { $0 == UInt8(ascii: ".") })
    }
}
