/// What a spreadsheet must not take as a formula (CSV injection, "formula injection").
///
/// Excel, LibreOffice and Google Sheets run a cell that begins with `=`, `+`, `-` or `@` as a
/// formula (`=HYPERLINK("http://evil.example/","click")`), some after leading spaces, and a tab
/// or carriage return at the start can hide such a cell from a reader. OWASP's rule: such a
/// cell is written with a leading `'`, which spreadsheets show as text. Cells that are plainly
/// numbers (`-12`, `+3.5`) are left as they are: they compute nothing. The full-width forms
/// (`＝`, `＋`, `－`, `＠`) are treated as the ASCII ones, to be safe where a Japanese spreadsheet
/// folds them into ASCII: a `'` costs a reader nothing.
///
/// Every tabular output writes each cell through ``neutralised(_:)``.
public enum SpreadsheetCell {
    /// The cell as a spreadsheet may open it: with a leading `'` when it would start a formula.
    public static func neutralised(_ cell: String) -> String {
        startsAFormula(cell) ? "'" + cell : cell
    }

    /// Whether a spreadsheet could take the cell for a formula: its first character is a tab or
    /// carriage return, or its first character after any whitespace is `=`, `+`, `-` or `@` (or
    /// its full-width form), and the cell is not a plain number.
    public static func startsAFormula(_ cell: String) -> Bool {
        for scalar in cell.unicodeScalars {
            switch scalar {
            case "\t", "\r": return true
            case "=", "@", "\u{FF1D}", "\u{FF0B}", "\u{FF0D}", "\u{FF20}": return true
            case "+", "-": return !isPlainNumber(cell)
            default:
                if scalar.properties.isWhitespace { continue }
                return false
            }
        }
        return false
    }

    /// A sign, digits, and an optional fraction (`-12`, `+3.5`, `-0.25`, `-.5`), nothing else:
    /// no spaces, no exponent, no other character.
    static func isPlainNumber(_ cell: String) -> Bool {
        var bytes = cell.utf8[...]
        guard let sign = bytes.first, sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-") else { return false }
        bytes = bytes.dropFirst()
        func isDigit(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") }
        let whole = bytes.prefix(while: isDigit)
        bytes = bytes.dropFirst(whole.count)
        var fraction = 0
        if bytes.first == UInt8(ascii: ".") {
            bytes = bytes.dropFirst()
            fraction = bytes.prefix(while: isDigit).count
            guard fraction > 0 else { return false }
            bytes = bytes.dropFirst(fraction)
        }
        return bytes.isEmpty && whole.count + fraction > 0
    }
}
