import Foundation
import MinaoshiSupport

/// The kinds of document the authoring commands (`new`, `import`) write.
public enum AuthoringKind: String, CaseIterable, Sendable {
    /// A regulation review, in `content/regulations/`.
    case regulation
    /// A case study, in `content/cases/`; `case` on the command line.
    case caseStudy = "case"

    /// The folder under `content/`: `regulations` or `cases`.
    public var section: String {
        switch self {
        case .regulation: DocumentKind.regulationSection
        case .caseStudy: DocumentKind.caseSection
        }
    }

    /// `content/regulations/<id>.md`, relative to the project root.
    public func relativePath(id: String) -> String {
        "\(CorpusLoader.contentFolder)/\(section)/\(id).md"
    }
}

/// Text helpers for writing front matter and Markdown that read back exactly as meant.
public enum AuthoringText {
    /// `"…"` with `\`, `"` and control characters escaped: a YAML double-quoted scalar that
    /// Yams reads back as `text`, whatever it contains (`: `, `#`, `[`, leading `-`, `yes`, `null`).
    public static func quoted(_ text: String) -> String {
        var result = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\\": result += "\\\\"
            case "\"": result += "\\\""
            case "\n": result += "\\n"
            case "\t": result += "\\t"
            case "\r": result += "\\r"
            case _
            where scalar.value < 0x20 || scalar.value == 0x7F || scalar.value == 0x85
                || scalar.value == 0x2028 || scalar.value == 0x2029 || scalar.value == 0xFEFF:
                result += String(format: "\\u%04X", scalar.value)
            default:
                result.unicodeScalars.append(scalar)
            }
        }
        return result + "\""
    }

    /// One line from text that may span several (a spreadsheet cell with line breaks): lines
    /// are trimmed and joined as ``joinSoftLines(_:_:)`` does, so Japanese runs on without a space.
    public static func singleLine(_ text: String) -> String {
        text.components(separatedBy: .newlines)
            .map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty }
            .reduce("") { $0.isEmpty ? $1 : joinSoftLines($0, $1) }
    }

    /// Plain text made safe as one Markdown paragraph: characters that CommonMark/GFM would
    /// read as emphasis, links, HTML, entities, strikethrough, code or table cells are
    /// backslash-escaped, as is a line start that would begin a heading, list or quote.
    public static func markdownEscaped(_ text: String) -> String {
        var result = ""
        for character in text {
            if "\\`*_[]<>&~|".contains(character) { result.append("\\") }
            result.append(character)
        }
        if let first = result.first, "#+-=>".contains(first) {
            result.insert("\\", at: result.startIndex)
        } else if let match = result.prefixMatch(of: /\d{1,9}[.)]/) {
            // "1. …" or "1) …" would start an ordered list: escape the delimiter.
            let delimiter = result.index(before: match.range.upperBound)
            result.insert("\\", at: delimiter)
        }
        return result
    }

    /// The host of an http(s) URL (`www.mlit.go.jp`), used as a source's title when none is given.
    public static func host(of url: String) -> String? {
        guard MetadataReader.isWebURL(url) else { return nil }
        return URL(string: url)?.host
    }
}

/// A later change as an author writes it (``Change`` once read): the date as typed, which the
/// check reads, and the note.
public struct WrittenChange: Sendable, Hashable {
    public var date: String
    public var note: String

    public init(date: String, note: String) {
        self.date = date
        self.note = note
    }
}

/// Builds YAML front matter line by line. Texts are always double-quoted (``AuthoringText/quoted(_:)``);
/// dates are written bare as `YYYY-MM-DD`, as the content model asks.
public struct FrontMatterWriter: Sendable {
    /// The lines written so far, without the `---` fences.
    public private(set) var lines: [String] = []

    /// An empty front matter.
    public init() {}

    /// `key: "value"  # comment`.
    public mutating func text(_ key: String, _ value: String, comment: String? = nil) {
        append("\(key): \(AuthoringText.quoted(value))", comment: comment)
    }

    /// `key: ["a", "b"]  # comment`; `key: []` when empty.
    public mutating func texts(_ key: String, _ values: [String], comment: String? = nil) {
        append("\(key): [\(values.map(AuthoringText.quoted).joined(separator: ", "))]", comment: comment)
    }

    /// `key: 2022-01-18  # comment`.
    public mutating func date(_ key: String, _ value: CalendarDate, comment: String? = nil) {
        append("\(key): \(value.iso8601)", comment: comment)
    }

    /// `sources:` with one `- {title: "…", url: "…"}` line per source.
    public mutating func sources(_ sources: [Source], comment: String? = nil) {
        append("sources:", comment: comment)
        for source in sources {
            lines.append("  - {title: \(AuthoringText.quoted(source.title)), url: \(AuthoringText.quoted(source.url))}")
        }
    }

    /// `outcomes:` with one `- {label: "…", value: "…", period: "…"}` line per outcome.
    public mutating func outcomes(_ outcomes: [Outcome], comment: String? = nil) {
        append("outcomes:", comment: comment)
        for outcome in outcomes {
            let period = outcome.period.map { ", period: \(AuthoringText.quoted($0))" } ?? ""
            lines.append(
                "  - {label: \(AuthoringText.quoted(outcome.label)), value: \(AuthoringText.quoted(outcome.value))\(period)}"
            )
        }
    }

    /// `changes:` with one `- {date: 2024-01-01, note: "…"}` line per change; a date that is not
    /// `YYYY-MM-DD` is quoted, so that whatever it holds stays one value (and the check names it).
    public mutating func changes(_ changes: [WrittenChange], comment: String? = nil) {
        append("changes:", comment: comment)
        for change in changes {
            let date = CalendarDate(iso8601: change.date)?.iso8601 ?? AuthoringText.quoted(change.date)
            lines.append("  - {date: \(date), note: \(AuthoringText.quoted(change.note))}")
        }
    }

    /// A line as given, for placeholders that need their own shape.
    public mutating func raw(_ line: String, comment: String? = nil) {
        append(line, comment: comment)
    }

    /// `# text`: an optional field left out, shown so authors know it exists.
    public mutating func comment(_ text: String) {
        lines.append("# \(text)")
    }

    /// The front matter with its `---` fences, ending in a newline.
    public var text: String {
        (["---"] + lines + ["---"]).joined(separator: "\n") + "\n"
    }

    private mutating func append(_ line: String, comment: String?) {
        lines.append(comment.map { "\(line)  # \($0)" } ?? line)
    }
}
