import Foundation
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
        // Lines are found on UTF-8 bytes with memchr: a fence is ASCII, and splitting the file into
        // Characters (grapheme clusters), or stepping through the `utf8` view, cost more than
        // parsing its YAML.
        var text = source.text
        let (lineStarts, closing, isMissing) = text.withUTF8 { bytes -> ([Int], Int?, Bool) in
            var lineStarts = [0]
            var closing: Int?
            var index = 0
            while index < bytes.count, let found = memchr(bytes.baseAddress! + index, 0x0A, bytes.count - index) {
                let newline = bytes.baseAddress!.distance(to: found.assumingMemoryBound(to: UInt8.self))
                let line = lineStarts.count - 1
                if line == 0, !isFence(bytes, lineStarts[0]..<newline, allowDots: false) { break }
                if line > 0, isFence(bytes, lineStarts[line]..<newline, allowDots: true) {
                    closing = line
                    lineStarts.append(newline + 1)
                    break
                }
                lineStarts.append(newline + 1)
                index = newline + 1
            }
            // A file whose only line is the opening fence, or whose last line closes without a newline.
            if closing == nil {
                let line = lineStarts.count - 1
                let rest = lineStarts[line]..<bytes.count
                if line == 0 {
                    if !isFence(bytes, rest, allowDots: false) { return (lineStarts, nil, true) }
                } else if isFence(bytes, rest, allowDots: true) {
                    closing = line
                    lineStarts.append(bytes.count)
                }
            }
            return (lineStarts, closing, false)
        }
        if isMissing { throw missingFrontMatter(source) }
        guard let closing else {
            throw DiagnosticsError([
                .error(
                    at: source.location(line: 1),
                    "front matter is not closed",
                    hint: "add a line '---' after the last YAML field"
                )
            ])
        }
        // YAML: the lines between the fences, without the newline before the closing fence.
        let utf8 = source.text.utf8
        func index(_ offset: Int) -> String.Index { utf8.index(utf8.startIndex, offsetBy: offset) }
        let yamlStart = lineStarts[1], yamlEnd = closing > 1 ? lineStarts[closing] - 1 : lineStarts[1]
        let yaml = yamlStart < yamlEnd ? String(Substring(utf8[index(yamlStart)..<index(yamlEnd)])) : ""
        let body = String(Substring(utf8[index(lineStarts[closing + 1])...]))
        return SplitDocument(yaml: yaml, yamlFirstLine: 2, body: body, bodyLineOffset: closing + 1)
    }

    private static func missingFrontMatter(_ source: SourceText) -> DiagnosticsError {
        DiagnosticsError([
            .error(
                at: source.location(line: 1),
                "missing front matter",
                hint: "start the file with a line '---', the YAML fields (id, title, …), and another line '---'"
            )
        ])
    }

    /// `---` (or, closing, `...`) followed only by spaces or tabs.
    private static func isFence(_ bytes: UnsafeBufferPointer<UInt8>, _ line: Range<Int>, allowDots: Bool) -> Bool {
        var end = line.upperBound
        while end > line.lowerBound, bytes[end - 1] == UInt8(ascii: " ") || bytes[end - 1] == UInt8(ascii: "\t") {
            end -= 1
        }
        guard end - line.lowerBound == 3 else { return false }
        let trimmed = bytes[line.lowerBound..<end]
        return trimmed.allSatisfy { $0 == UInt8(ascii: "-") }
            || (allowDots && trimmed.allSatisfy { $0 == UInt8(ascii: ".") })
    }
}
