import Foundation
import MinaoshiSupport

/// One worksheet read into the rows the CSV reader produces: a ``CSVRow`` per spreadsheet row
/// that has a value or a problem, its ``CSVField``s at `line` = row number and `column` = column
/// number, so that everything after the cells are read (finding the header, the column rules,
/// the checks of each value) is the CSV path, unchanged.
public struct XLSXSheet: Sendable {
    /// The sheet's name, for locations such as `book.xlsx:一覧!C12`.
    public var name: String
    /// The rows in order, the header first when there is one.
    public var rows: [CSVRow]
}

/// Reads `.xlsx` workbooks as spreadsheet programs write them: the sheet chosen by name or
/// number; text from shared strings (rich-text runs joined, furigana left out) and inline
/// strings; numbers as Excel's General format shows them; a number whose format is a date
/// (1900 or 1904 system) as `yyyy-mm-dd`; booleans as `TRUE`/`FALSE`; the cached value of a
/// formula, never its text; error values such as `#N/A` reported at their cell. A merged range
/// shows its first cell's value in every cell, and a header whose cells are merged down over
/// several rows is read as one header row, each column's texts joined (`見直し` over `前` is `見直し前`).
public enum XLSXWorkbook {
    /// The rows of the sheet `selector` (a name, else a number from 1; the first sheet when `nil`).
    public static func read(_ data: Data, file: String, sheet selector: String?, limits: XLSXLimits = XLSXLimits())
        throws(DiagnosticsError) -> XLSXSheet
    {
        var package = try XLSXPackage(data: data, file: file, limits: limits)
        let here = SourceLocation(file: file)
        let resave = "open it in Excel or LibreOffice and save it again as .xlsx"
        guard let workbookData = try package.part("xl/workbook.xml") else {
            throw DiagnosticsError([
                .error(
                    at: here, "the file is a ZIP archive but not an Excel workbook (it has no xl/workbook.xml)",
                    hint: resave)
            ])
        }
        let workbook = WorkbookPartDelegate()
        try XLSXXML.parse(workbookData, part: "xl/workbook.xml", file: file, with: workbook)
        let relationships = RelationshipsPartDelegate()
        if let data = try package.part("xl/_rels/workbook.xml.rels") {
            try XLSXXML.parse(data, part: "xl/_rels/workbook.xml.rels", file: file, with: relationships)
        }
        guard !workbook.sheets.isEmpty else {
            throw DiagnosticsError([.error(at: here, "the workbook has no sheets", hint: resave)])
        }

        let names = workbook.sheets.enumerated().map { "\($0.offset + 1): \($0.element.name)" }.joined(separator: ", ")
        var index = 0
        if let selector {
            guard
                let found = workbook.sheets.firstIndex(where: { $0.name == selector })
                    ?? Int(selector).flatMap({ workbook.sheets.indices.contains($0 - 1) ? $0 - 1 : nil })
            else {
                throw DiagnosticsError([
                    .error(
                        at: here, "the workbook has no sheet '\(selector)'; its sheets are \(names)",
                        hint: "--sheet takes a sheet's name or its number, counting from 1")
                ])
            }
            index = found
        }
        let chosen = workbook.sheets[index]
        guard let relationship = relationships.targets[chosen.relationship], let path = partPath(relationship.target)
        else {
            throw DiagnosticsError([
                .error(at: here, "the workbook names sheet '\(chosen.name)' but has no part for it", hint: resave)
            ])
        }
        guard relationship.type.hasSuffix("/worksheet") || relationship.type.isEmpty else {
            throw DiagnosticsError([
                .error(
                    at: here, "sheet '\(chosen.name)' is a chart or dialog sheet, not a table",
                    hint: "choose the sheet with the list with --sheet; the sheets are \(names)")
            ])
        }
        guard let sheetData = try package.part(path) else {
            throw DiagnosticsError([
                .error(at: here, "the workbook has no part '\(path)' for sheet '\(chosen.name)'", hint: resave)
            ])
        }

        var sharedStrings: [String]?
        let sharedPath =
            relationships.targets.values.first { $0.type.hasSuffix("/sharedStrings") }.flatMap { partPath($0.target) }
            ?? "xl/sharedStrings.xml"
        if let data = try package.part(sharedPath) {
            let strings = SharedStringsPartDelegate()
            try XLSXXML.parse(data, part: sharedPath, file: file, with: strings)
            sharedStrings = strings.strings
        }
        let styles = StylesPartDelegate()
        let stylesPath =
            relationships.targets.values.first { $0.type.hasSuffix("/styles") }.flatMap { partPath($0.target) }
            ?? "xl/styles.xml"
        if let data = try package.part(stylesPath) {
            try XLSXXML.parse(data, part: stylesPath, file: file, with: styles)
        }
        let worksheet = WorksheetPartDelegate()
        try XLSXXML.parse(sheetData, part: path, file: file, with: worksheet)

        // Whether each cell style shows a date, decided once per style rather than once per cell.
        let dateStyles = styles.styleFormats.map { XLSXNumberFormat.isDate(id: $0, code: styles.formatCodes[$0]) }
        var reader = SheetReader(
            file: file, sheet: chosen.name, sharedStrings: sharedStrings, dateStyles: dateStyles,
            uses1904: workbook.uses1904)
        return XLSXSheet(name: chosen.name, rows: try reader.rows(of: worksheet, limits: limits))
    }

    /// The part a relationship of `xl/workbook.xml` targets: relative to `xl/`, or absolute from
    /// the package root; `nil` when it would leave the package.
    static func partPath(_ target: String) -> String? {
        let path = target.hasPrefix("/") ? String(target.dropFirst()) : "xl/" + target
        return XLSXPackage.isSafe(path) ? path : nil
    }
}

/// Turns the cells of one worksheet into rows.
private struct SheetReader {
    let file: String
    let sheet: String
    let sharedStrings: [String]?
    /// For each cell style (`s`), whether its number format shows a date.
    let dateStyles: [Bool]
    let uses1904: Bool

    func location(_ row: Int, _ column: Int) -> SourceLocation {
        SourceLocation(file: file, line: row, column: column, sheet: sheet)
    }

    mutating func rows(of worksheet: WorksheetPartDelegate, limits: XLSXLimits) throws(DiagnosticsError) -> [CSVRow] {
        var texts: [Int: [Int: String]] = [:]
        var problems: [Int: [Diagnostic]] = [:]
        var fatal: [Diagnostic] = []
        for bad in worksheet.badReferences {
            let message = "the cell reference '\(bad.text)' is outside a worksheet (A1 to XFD1048576)"
            let hint =
                "this file was not written by a spreadsheet program; save the sheet again from Excel or LibreOffice"
            if let at = bad.at, at.row <= XLSXCellReference.maxRow {
                problems[at.row, default: []].append(.error(at: location(at.row, at.column), message, hint: hint))
            } else {
                fatal.append(.error(at: SourceLocation(file: file, sheet: sheet), message, hint: hint))
            }
        }
        for cell in worksheet.cells {
            switch text(of: cell) {
            case .text(let text):
                // A cell of spaces is blank, as a field of spaces is in CSV, so it does not make its row the header.
                if !text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
                    texts[cell.row, default: [:]][cell.column] = text
                }
            case .problem(let problem): problems[cell.row, default: []].append(problem)
            }
        }
        let ownRows = texts.keys.sorted()
        let lastColumn = texts.values.lazy.compactMap { $0.keys.max() }.max() ?? 0
        var ranges: [(first: XLSXCellReference, last: XLSXCellReference)] = []
        for ref in worksheet.merges {
            let ends = ref.split(separator: ":")
            guard ends.count == 2, let first = XLSXCellReference(ends[0]), let last = XLSXCellReference(ends[1]),
                first.isInsideASheet, last.isInsideASheet, first <= last, first.column <= last.column
            else {
                fatal.append(
                    .error(
                        at: SourceLocation(file: file, sheet: sheet),
                        "the merged range '\(ref)' is not a range of cells",
                        hint: "unmerge and merge the cells again in Excel or LibreOffice"))
                continue
            }
            ranges.append((first, last))
        }
        guard fatal.isEmpty else { throw DiagnosticsError(fatal + problems.values.joined()) }

        // Every cell of a merged range shows the first cell's value; rows with no value of their
        // own stay blank, so a range reaching past the last record adds none.
        var filled = texts
        var budget = limits.mergedCells
        for (first, last) in ranges {
            guard let value = texts[first.row]?[first.column] else { continue }
            var index = Self.firstIndex(in: ownRows, notBelow: first.row)
            while index < ownRows.count, ownRows[index] <= last.row {
                for column in first.column...min(last.column, max(lastColumn, first.column)) {
                    budget -= 1
                    guard budget >= 0 else {
                        throw DiagnosticsError([
                            .error(
                                at: SourceLocation(file: file, sheet: sheet),
                                "the merged ranges of the sheet cover more than \(limits.mergedCells) cells",
                                hint: "unmerge the cells of the list in Excel or LibreOffice")
                        ])
                    }
                    filled[ownRows[index], default: [:]][column] = value
                }
                index += 1
            }
        }

        var rowNumbers = Set(ownRows).union(problems.keys).sorted()
        guard let headerRow = rowNumbers.first else { return [] }
        // A header cell merged down over several rows makes them one header: each column's
        // texts, top to bottom, joined.
        let depth = ranges.filter { $0.first.row == headerRow }.map { $0.last.row - $0.first.row + 1 }.max() ?? 1
        let headerRows = rowNumbers.filter { $0 < headerRow + min(depth, 10) }
        rowNumbers.removeFirst(headerRows.count)
        var headerParts: [Int: [String]] = [:]
        for row in headerRows {
            for (column, text) in filled[row] ?? [:] where headerParts[column]?.last != text {
                headerParts[column, default: []].append(text)
            }
        }
        let headerTexts = headerParts.mapValues { $0.joined() }
        let width = headerTexts.keys.max() ?? 0
        let header = CSVRow(
            line: headerRow, fields: fields(headerTexts, row: headerRow, width: width),
            diagnostics: headerRows.flatMap { problems[$0] ?? [] })
        return [header]
            + rowNumbers.map { row in
                CSVRow(
                    line: row, fields: fields(filled[row] ?? [:], row: row, width: width),
                    diagnostics: problems[row] ?? [])
            }
    }

    /// Columns 1 to `width` (blank where empty), then any value beyond them, for the
    /// too-many-fields check.
    func fields(_ texts: [Int: String], row: Int, width: Int) -> [CSVField] {
        (1...max(width, 1)).map { CSVField(value: texts[$0] ?? "", line: row, column: $0) }
            + texts.filter { $0.key > width }.sorted { $0.key < $1.key }.map {
                CSVField(value: $0.value, line: row, column: $0.key)
            }
    }

    static func firstIndex(in sorted: [Int], notBelow value: Int) -> Int {
        var low = 0, high = sorted.count
        while low < high {
            let middle = (low + high) / 2
            if sorted[middle] < value { low = middle + 1 } else { high = middle }
        }
        return low
    }

    /// What a cell shows, or why it cannot be imported.
    enum CellText {
        case text(String)
        case problem(Diagnostic)
    }

    /// What the cell shows, or why it cannot be imported.
    func text(of cell: XLSXRawCell) -> CellText {
        let at = location(cell.row, cell.column)
        let resave = "save the workbook again from Excel or LibreOffice"
        switch cell.type {
        case "s":
            guard let index = cell.value.flatMap({ Int($0.trimmingCharacters(in: .whitespaces)) }) else {
                return .problem(.error(at: at, "the cell is a shared string without an index", hint: resave))
            }
            guard let sharedStrings else {
                return .problem(
                    .error(
                        at: at,
                        "the cell points at shared string \(index), but the workbook has no shared strings part (xl/sharedStrings.xml)",
                        hint: resave))
            }
            guard sharedStrings.indices.contains(index) else {
                return .problem(
                    .error(
                        at: at,
                        "the cell points at shared string \(index), but the workbook has \(sharedStrings.count)",
                        hint: resave))
            }
            return .text(sharedStrings[index])
        case "inlineStr":
            return .text(cell.inline ?? cell.value ?? "")
        case "str":
            return .text(cell.value ?? "")
        case "b":
            return .text(cell.value == "1" ? "TRUE" : cell.value == "0" ? "FALSE" : cell.value ?? "")
        case "e":
            let value = cell.value ?? "#VALUE!"
            return .problem(
                .error(
                    at: at, "the cell holds the error value \(value)",
                    hint: "correct the formula or type the value in the workbook"))
        case "d":
            let value = cell.value ?? ""
            return .text(CalendarDate(iso8601: String(value.prefix(10))).map(\.iso8601) ?? value)
        default:
            guard let value = cell.value, !value.isEmpty else {
                guard !cell.hasFormula else {
                    return .problem(
                        .error(
                            at: at, "the formula in this cell has no saved value",
                            hint:
                                "open the workbook in Excel or LibreOffice and save it, so that it stores what the formula computes"
                        ))
                }
                return .text("")
            }
            guard let number = Double(value) else {
                return .problem(.error(at: at, "the cell is a number cell holding '\(value)'", hint: resave))
            }
            guard dateStyles.indices.contains(cell.style), dateStyles[cell.style] else {
                return .text(XLSXNumberFormat.text(of: number))
            }
            switch XLSXNumberFormat.date(serial: number, uses1904: uses1904) {
            case .success(let day): return .text(day.iso8601)
            case .failure(let problem):
                return .problem(.error(at: at, "the date in this cell cannot be read", hint: problem.message))
            }
        }
    }
}
