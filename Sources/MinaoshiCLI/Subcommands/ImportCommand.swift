import ArgumentParser
import Foundation
import MinaoshiContent
import MinaoshiSupport

/// `minaoshi import …`: brings documents in from Excel workbooks and from spreadsheets exported as CSV.
struct ImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Imports documents from Excel workbooks (.xlsx) and spreadsheets exported as CSV.",
        subcommands: [ImportRegulationsCommand.self]
    )
}

/// `minaoshi import regulations FILE.xlsx|FILE.csv`: one regulation review per row.
struct ImportRegulationsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "regulations",
        abstract: "Writes content/regulations/<id>.md for every good row of an .xlsx or CSV file.",
        discussion: """
            Columns are found by their Japanese headers: 法令名 (law), 条項 (article), 所管府省庁 (ministry), 類型 (categories, \
            separated by 、 , ; or ／), 見直し状況 (status), 見直し前 (before), 見直し後 (after), 技術 (technologies), 日付 (date), \
            ID (id), 件名 or タイトル (title), 出典URL (sources). Vocabulary values may be ids or Japanese names. A workbook \
            (.xlsx) is read as it is: the first sheet unless --sheet names another; a formula's saved value is imported, never \
            the formula. Every bad row is reported as FILE:line:column (FILE.xlsx:シート名!C12 in a workbook) and left out; the \
            good rows are still written, and the exit code is 1.
            """
    )

    /// The encodings a CSV file may be in, with the spellings people use for them.
    enum Encoding: String, ExpressibleByArgument, CaseIterable {
        case utf8 = "utf-8"
        case shiftJIS = "shift_jis"

        init?(argument: String) {
            switch argument.lowercased() {
            case "utf-8", "utf8": self = .utf8
            case "shift_jis", "shift-jis", "sjis", "cp932", "windows-31j": self = .shiftJIS
            default: return nil
            }
        }

        var csvEncoding: CSVEncoding { self == .utf8 ? .utf8 : .shiftJIS }
    }

    @Argument(help: ArgumentHelp("The workbook (.xlsx) or CSV file.", valueName: "FILE"))
    var file: String

    @Option(
        help: ArgumentHelp(
            "The sheet of a workbook to import: its name, or its number counting from 1 (default: the first).",
            valueName: "NAME|N"))
    var sheet: String?

    @Option(help: ArgumentHelp("Project root, holding content/.", valueName: "DIR"))
    var root: String = "."

    @Option(help: "Encoding of a CSV file: utf-8, or shift_jis (CP932, as Excel saves CSV in Japan).")
    var encoding: Encoding = .utf8

    @Flag(name: .customLong("dry-run"), help: "Print what would be written and write nothing.")
    var dryRun = false

    @Flag(help: "Replace existing files whose ID a row gives.")
    var force = false

    @Option(
        name: .customLong("map"),
        help: ArgumentHelp(
            "Take a field from another column: 'Law Name=law'; 'メモ=' ignores a column (repeatable).",
            valueName: "HEADER=FIELD"))
    var maps: [String] = []

    mutating func validate() throws {
        _ = try overrides()
    }

    func overrides() throws -> [(header: String, field: RegulationField?)] {
        try maps.map { map in
            switch RegulationColumns.parseOverride(map) {
            case .success(let entry): return entry
            case .failure(let problem): throw ValidationError(problem.message)
            }
        }
    }

    func run() throws {
        let url = URL(fileURLWithPath: file, relativeTo: URL(fileURLWithPath: FileManager.default.currentDirectoryPath))
        guard let data = FileManager.default.contents(atPath: url.standardizedFileURL.path) else {
            DiagnosticPrinter.print([
                .error(at: SourceLocation(file: file), "cannot read the file", hint: "check the path")
            ])
            throw ExitCode.failure
        }
        var options = RegulationImportOptions(root: projectRootURL(root))
        options.encoding = encoding.csvEncoding
        options.columns = RegulationColumns(overrides: try overrides())
        options.dryRun = dryRun
        options.force = force
        let report: RegulationImportReport
        if Self.isWorkbook(path: file, data: data) {
            report = RegulationImporter.run(xlsx: data, file: file, sheet: sheet, options: options)
        } else if sheet != nil {
            DiagnosticPrinter.print([
                .error(
                    at: SourceLocation(file: file), "--sheet applies to .xlsx workbooks, and this is a CSV file",
                    hint: "leave out --sheet, or import the workbook itself")
            ])
            throw ExitCode.failure
        } else {
            report = RegulationImporter.run(csv: data, file: file, options: options)
        }

        if dryRun {
            for planned in report.planned {
                Swift.print(
                    "would write \(projectPath(planned.relativePath, root: root)) (line \(planned.line))\(planned.replacesExisting ? ", replacing it" : "")"
                )
                Swift.print(planned.text)
            }
        } else {
            for path in report.written { Swift.print("wrote \(projectPath(path, root: root))") }
        }
        DiagnosticPrinter.print(report.diagnostics)
        let leftOut =
            report.badRows > 0 ? "; \(DiagnosticPrinter.count(report.badRows, "row")) with errors left out" : ""
        if dryRun {
            Swift.print(
                "Dry run: \(DiagnosticPrinter.count(report.planned.count, "file")) would be written, none was\(leftOut)"
            )
        } else {
            Swift.print("Imported \(DiagnosticPrinter.count(report.written.count, "regulation review"))\(leftOut)")
        }
        if report.diagnostics.containsErrors { throw ExitCode.failure }
    }

    /// True for a workbook: named `.xlsx` or `.xlsm`, or starting as a ZIP archive or an old `.xls`
    /// file does (which the workbook reader then names), whatever its name.
    static func isWorkbook(path: String, data: Data) -> Bool {
        ["xlsx", "xlsm"].contains(URL(fileURLWithPath: path).pathExtension.lowercased())
            || data.starts(with: [0x50, 0x4B, 0x03, 0x04]) || data.starts(with: [0xD0, 0xCF, 0x11, 0xE0])
    }
}
