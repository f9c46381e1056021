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
        let lines = source.text.split(separator: "\n", omittingEmptySubsequences: false)
        guard let first = lines.first, first.trimmingTrailingSpaces == "---" else {
            throw DiagnosticsError([.error(
                at: source.location(line: 1),
                "missing front matter",
                hint: "start the file with a line '---', the YAML fields (id, title, …), and another line '---'"
            )])
        }
        guard let closing = lines.indices.dropFirst().first(where: { ["---", "..."].contains(lines[$0].trimmingTrailingSpaces) }) else {
            throw DiagnosticsError([.error(
                at: source.location(line: 1),
                "front matter is not closed",
                hint: "add a line '---' after the last YAML field"
            )])
        }
        let yaml = lines[1..<closing].joined(separator: "\n")
        let body = lines[(closing + 1)...].joined(separator: "\n")
        return SplitDocument(yaml: yaml, yamlFirstLine: 2, body: body, bodyLineOffset: closing + 1)
    }
}

private extension Substring {
    var trimmingTrailingSpaces: Substring {
        var copy = self
        while copy.last == " " || copy.last == "\t" { copy.removeLast() }
        return copy
    }
}
