import Foundation
import MinaoshiSupport

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// One `<c>` element of a worksheet as written: where it is and what it holds, not yet turned into text.
struct XLSXRawCell {
    var row: Int
    var column: Int
    /// The `t` attribute: `s` (shared string), `inlineStr`, `str` (a formula's text), `b`, `e`, `d`, or `n`.
    var type = "n"
    /// The `s` attribute: an index into the styles' `cellXfs`.
    var style = 0
    /// The text of `<v>`: for a formula, the value it last computed.
    var value: String?
    /// The text of `<is>`, for inline strings.
    var inline: String?
    /// True when the cell has a formula (`<f>`), whose text is never read.
    var hasFormula = false
}

/// A cell position: 1-based row and column.
struct XLSXCellReference: Hashable, Comparable {
    static let maxRow = 1_048_576
    static let maxColumn = 16_384

    var row: Int
    var column: Int

    /// `C12` → row 12, column 3; `nil` for text that is no A1 reference. Positions beyond XFD1048576
    /// are returned as they are, for the caller to report.
    init?(_ text: Substring) {
        var column = 0, row = 0, index = text.startIndex
        while index < text.endIndex, let letter = text[index].asciiValue,
            (65...90).contains(letter) || (97...122).contains(letter)
        {
            column = column * 26 + Int((letter & 0xDF) - 64)
            guard column <= 1_000_000 else { return nil }
            index = text.index(after: index)
        }
        let digits = text[index...]
        guard column > 0, !digits.isEmpty, digits.count <= 9, digits.allSatisfy(\.isASCII), let number = Int(digits),
            number > 0
        else { return nil }
        row = number
        self.row = row
        self.column = column
    }

    init(row: Int, column: Int) {
        self.row = row
        self.column = column
    }

    var isInsideASheet: Bool { row <= Self.maxRow && column <= Self.maxColumn }

    static func < (lhs: Self, rhs: Self) -> Bool { (lhs.row, lhs.column) < (rhs.row, rhs.column) }
}

/// A worksheet part (`xl/worksheets/sheet1.xml`), read as a stream of cells and merged ranges.
final class WorksheetPartDelegate: NSObject, XMLParserDelegate {
    var cells: [XLSXRawCell] = []
    /// The `ref` of every `<mergeCell>`, e.g. `A1:C1`.
    var merges: [String] = []
    /// Cell references that are not A1 references or lie outside a sheet, as written.
    var badReferences: [(text: String, at: XLSXCellReference?)] = []

    private var row = 0
    private var column = 0
    private var cell: XLSXRawCell?
    private var value: String?
    private var inInline = false
    private var collector = RichTextCollector()

    func parser(
        _ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?, qualifiedName: String?,
        attributes: [String: String] = [:]
    ) {
        switch XLSXXML.local(elementName) {
        case "row":
            row = attributes["r"].flatMap(Int.init) ?? row + 1
            column = 0
        case "c":
            // A cell without `r` follows the one before it (ECMA-376 §18.3.1.4).
            let written = attributes["r"]
            let position =
                written.map { XLSXCellReference($0[...]) } ?? XLSXCellReference(row: max(row, 1), column: column + 1)
            guard let position, position.isInsideASheet else {
                let text = written ?? position.map { SourceLocation.columnLetters($0.column) + String($0.row) } ?? ""
                badReferences.append((text, position))
                cell = nil
                return
            }
            row = position.row
            column = position.column
            cell = XLSXRawCell(
                row: position.row, column: position.column, type: attributes["t"] ?? "n",
                style: attributes["s"].flatMap(Int.init) ?? 0)
        case "v" where cell != nil: value = ""
        case "f" where cell != nil: cell?.hasFormula = true
        case "is" where cell != nil: inInline = true
        case "mergeCell": if let ref = attributes["ref"] { merges.append(ref) }
        case let name where inInline: collector.start(name)
        default: break
        }
    }

    func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName: String?) {
        switch XLSXXML.local(elementName) {
        case "v":
            if let value { cell?.value = XLSXXML.cellText(value) }
            value = nil
        case "is":
            inInline = false
            cell?.inline = collector.reset()
        case "c":
            if let cell { cells.append(cell) }
            cell = nil
        case let name where inInline: collector.end(name)
        default: break
        }
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        if value != nil { value! += string } else if inInline { collector.characters(string) }
    }
}
