import Foundation
import MinaoshiSupport

/// One field of a CSV row: its text (quotes removed, `""` undone, line ends as `\n`) and where
/// it starts in the file, so a problem with a value can be reported at `file:line:column`.
public struct CSVField: Sendable, Hashable {
    /// The text of the field.
    public var value: String
    /// 1-based line of the field's first character (its opening quote when quoted).
    public var line: Int
    /// 1-based column of that character, counted in Unicode scalars after any byte-order mark.
    public var column: Int

    /// A field at a position.
    public init(value: String, line: Int, column: Int) {
        self.value = value
        self.line = line
        self.column = column
    }
}

/// One record of a CSV file, which may span several physical lines when a quoted field holds
/// line breaks.
public struct CSVRow: Sendable {
    /// The physical line the row starts on.
    public var line: Int
    /// The fields in order; blank fields are empty strings.
    public var fields: [CSVField]
    /// Structural problems in this row (an unclosed quote, text after a closing quote).
    public var diagnostics: [Diagnostic]

    /// True when every field is empty or blank: the empty lines and `,,,` rows spreadsheets leave.
    public var isBlank: Bool {
        fields.allSatisfy { $0.value.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty }
    }
}

/// An RFC 4180 CSV reader: fields separated by `,`, optionally quoted with `"`, a `""` inside
/// quotes for one quote, commas and line breaks allowed inside quotes; records end with CRLF,
/// LF or a lone CR (old Excel for Mac); a leading UTF-8 byte-order mark is skipped.
///
/// It is lenient where spreadsheets are sloppy and strict where data would be lost: a quote in
/// the middle of an unquoted field is kept as text, but text after a closing quote and a quote
/// that is never closed are reported.
public enum CSVParser {
    /// Every record of `text`, blank ones included, each with its line and its fields' positions.
    /// - Parameter file: the path shown in diagnostics.
    public static func parse(_ text: String, file: String) -> [CSVRow] {
        var reader = Reader(scalars: Array(text.unicodeScalars), file: file)
        if reader.peek == "\u{FEFF}" { reader.index += 1 }
        var rows: [CSVRow] = []
        guard !reader.atEnd else { return rows }
        var row = CSVRow(line: reader.line, fields: [], diagnostics: [])
        while true {
            row.fields.append(reader.field(problems: &row.diagnostics))
            if reader.atEnd {
                rows.append(row)
                break
            }
            if reader.peek == "," {
                reader.advance()
                continue
            }
            reader.skipLineEnd()
            rows.append(row)
            if reader.atEnd { break }
            row = CSVRow(line: reader.line, fields: [], diagnostics: [])
        }
        return rows
    }

    private struct Reader {
        let scalars: [Unicode.Scalar]
        let file: String
        var index = 0
        var line = 1
        var column = 1

        var atEnd: Bool { index >= scalars.count }
        var peek: Unicode.Scalar? { atEnd ? nil : scalars[index] }
        var isAtLineEnd: Bool { peek == "\n" || peek == "\r" }

        mutating func advance() {
            index += 1
            column += 1
        }

        /// Consumes CRLF, LF or CR and moves to the next line.
        mutating func skipLineEnd() {
            if peek == "\r" { index += 1 }
            if peek == "\n" { index += 1 }
            line += 1
            column = 1
        }

        /// One field, leaving the reader on the `,`, the line end or the end of the text after it.
        mutating func field(problems: inout [Diagnostic]) -> CSVField {
            let start = CSVField(value: "", line: line, column: column)
            var value = ""
            guard peek == "\"" else {
                while let scalar = peek, scalar != ",", !isAtLineEnd {
                    value.unicodeScalars.append(scalar)
                    advance()
                }
                return CSVField(value: value, line: start.line, column: start.column)
            }
            advance()
            while true {
                guard let scalar = peek else {
                    problems.append(
                        .error(
                            at: SourceLocation(file: file, line: start.line, column: start.column),
                            "this quoted field is never closed",
                            hint: "add the closing '\"'; a quote inside a quoted field is written '\"\"'"))
                    return CSVField(value: value, line: start.line, column: start.column)
                }
                if scalar == "\"" {
                    advance()
                    guard peek == "\"" else { break }
                    value.unicodeScalars.append("\"")
                    advance()
                } else if isAtLineEnd {
                    skipLineEnd()
                    value.unicodeScalars.append("\n")
                } else {
                    value.unicodeScalars.append(scalar)
                    advance()
                }
            }
            if let scalar = peek, scalar != ",", !isAtLineEnd {
                problems.append(
                    .error(
                        at: SourceLocation(file: file, line: line, column: column),
                        "unexpected text after the closing quote of a field",
                        hint: "quote the whole field and write a quote inside it as '\"\"'"))
                while let scalar = peek, scalar != ",", !isAtLineEnd {
                    value.unicodeScalars.append(scalar)
                    advance()
                }
            }
            return CSVField(value: value, line: start.line, column: start.column)
        }
    }
}
