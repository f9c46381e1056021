import Foundation

/// How serious a ``Diagnostic`` is. Errors fail a build or `check`; warnings do not.
public enum Severity: String, Sendable, Codable, Comparable {
    case warning
    case error

    public static func < (lhs: Severity, rhs: Severity) -> Bool {
        lhs == .warning && rhs == .error
    }
}

/// A place in a source file, 1-based, as editors expect it (`path:line:column`), or a cell of a
/// spreadsheet (`book.xlsx:シート名!C12`), where `line` is the row and `column` the column number.
public struct SourceLocation: Hashable, Sendable, Codable, CustomStringConvertible {
    /// The path as the user should see it, usually relative to the project root.
    public var file: String
    public var line: Int
    public var column: Int
    /// The worksheet, when the place is a cell of a workbook; `nil` in text files.
    public var sheet: String?

    public init(file: String, line: Int = 1, column: Int = 1, sheet: String? = nil) {
        self.file = file
        self.line = max(line, 1)
        self.column = max(column, 1)
        self.sheet = sheet
    }

    public var description: String {
        guard let sheet else { return "\(file):\(line):\(column)" }
        return "\(file):\(Self.quotedSheetName(sheet))!\(Self.columnLetters(column))\(line)"
    }

    /// A sheet name as Excel writes it in a reference: quoted (`'年度 一覧'`, a `'` doubled)
    /// when it holds spaces or punctuation that would end the name.
    public static func quotedSheetName(_ name: String) -> String {
        let plain =
            !name.isEmpty
            && name.unicodeScalars.allSatisfy { scalar in
                scalar == "_" || scalar == "."
                    || (!CharacterSet.whitespacesAndNewlines.contains(scalar)
                        && !CharacterSet.punctuationCharacters.contains(scalar)
                        && !CharacterSet.symbols.contains(scalar))
            }
        return plain ? name : "'" + name.replacingOccurrences(of: "'", with: "''") + "'"
    }

    /// The letters of a 1-based column number: 1 → A, 26 → Z, 27 → AA, 16384 → XFD.
    public static func columnLetters(_ column: Int) -> String {
        var number = max(column, 1)
        var letters: [Character] = []
        while number > 0 {
            let digit = (number - 1) % 26
            letters.append(Character(Unicode.Scalar(UInt8(65 + digit))))
            number = (number - 1) / 26
        }
        return String(letters.reversed())
    }
}

/// One problem found in the input, with where it is and, where one helps, how to fix it.
///
/// Printed as `content/cases/foo.md:12:3: error: unknown category 'visual'; expected one of …`
/// so that editors and terminals can jump to it.
public struct Diagnostic: Hashable, Sendable, Codable, CustomStringConvertible {
    public var severity: Severity
    public var location: SourceLocation
    public var message: String
    /// A suggested fix, printed after the message.
    public var hint: String?

    public init(_ severity: Severity, at location: SourceLocation, _ message: String, hint: String? = nil) {
        self.severity = severity
        self.location = location
        self.message = message
        self.hint = hint
    }

    public static func error(at location: SourceLocation, _ message: String, hint: String? = nil) -> Diagnostic {
        Diagnostic(.error, at: location, message, hint: hint)
    }

    public static func warning(at location: SourceLocation, _ message: String, hint: String? = nil) -> Diagnostic {
        Diagnostic(.warning, at: location, message, hint: hint)
    }

    public var description: String {
        var text = "\(location): \(severity.rawValue): \(message)"
        if let hint { text += "; \(hint)" }
        return text
    }
}

extension Diagnostic: Comparable {
    /// Orders by file, then position, then message, so reports are deterministic.
    public static func < (lhs: Diagnostic, rhs: Diagnostic) -> Bool {
        (lhs.location.file, lhs.location.line, lhs.location.column, lhs.message)
            < (rhs.location.file, rhs.location.line, rhs.location.column, rhs.message)
    }
}

/// Thrown when a step found problems; carries all of them, not only the first.
public struct DiagnosticsError: Error, CustomStringConvertible, Sendable {
    public var diagnostics: [Diagnostic]

    public init(_ diagnostics: [Diagnostic]) {
        self.diagnostics = diagnostics.sorted()
    }

    public var description: String {
        diagnostics.map(\.description).joined(separator: "\n")
    }
}

extension Array where Element == Diagnostic {
    /// True when any diagnostic is an error.
    public var containsErrors: Bool { contains { $0.severity == .error } }
}
