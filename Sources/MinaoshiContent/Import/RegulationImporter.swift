import Foundation
import MinaoshiSupport

/// How `minaoshi import regulations` runs.
public struct RegulationImportOptions: Sendable {
    /// The project root; files go to `content/regulations/` under it.
    public var root: URL
    /// The encoding of the CSV bytes.
    public var encoding: CSVEncoding = .utf8
    /// Which column fills which field.
    public var columns = RegulationColumns()
    /// Plan and check everything, write nothing.
    public var dryRun = false
    /// Replace existing files whose id a row gives.
    public var force = false

    /// Options with the defaults: UTF-8, the default headers, writing, never replacing.
    public init(root: URL) {
        self.root = root
    }
}

/// A file an import writes (or would write, in a dry run).
public struct PlannedRegulation: Sendable, Hashable {
    /// The line of the CSV row it comes from, or the row number in a workbook.
    public var line: Int
    /// The id of the document.
    public var id: String
    /// `content/regulations/<id>.md`.
    public var relativePath: String
    /// The whole file: front matter and lead paragraph.
    public var text: String
    /// True when it replaces an existing file (only with `force`).
    public var replacesExisting: Bool
}

/// What an import found and did.
public struct RegulationImportReport: Sendable {
    /// One file per good row, in row order.
    public var planned: [PlannedRegulation] = []
    /// Paths (relative to the root) actually written; empty in a dry run.
    public var written: [String] = []
    /// Every problem, sorted: file-level ones and one or more per bad row.
    public var diagnostics: [Diagnostic] = []
    /// How many data rows had errors and were left out.
    public var badRows = 0
}

/// Imports the national list of provisions from CSV into regulation review files: every good
/// row becomes `content/regulations/<id>.md`, every bad row is reported at `file:line:column`,
/// and the good rows are written even when others are bad.
public enum RegulationImporter {
    /// Imports the CSV bytes `data`, shown in diagnostics as `file`.
    public static func run(csv data: Data, file: String, options: RegulationImportOptions) -> RegulationImportReport {
        let text: String
        do throws(DiagnosticsError) {
            text = try CSVDecoding.decode(data, as: options.encoding, file: file)
        } catch {
            return RegulationImportReport(diagnostics: error.diagnostics)
        }
        return run(rows: CSVParser.parse(text, file: file), file: file, options: options)
    }

    /// Imports the sheet `sheet` (a name, else a number from 1; the first sheet when `nil`) of
    /// the `.xlsx` bytes `data`: its cells become the rows the CSV reader makes, and go the same
    /// way. Problems are reported at `file:シート名!C12`.
    public static func run(
        xlsx data: Data, file: String, sheet: String?, options: RegulationImportOptions,
        limits: XLSXLimits = XLSXLimits()
    ) -> RegulationImportReport {
        let table: XLSXSheet
        do throws(DiagnosticsError) {
            table = try XLSXWorkbook.read(data, file: file, sheet: sheet, limits: limits)
        } catch {
            return RegulationImportReport(diagnostics: error.diagnostics)
        }
        var report = run(rows: table.rows, file: file, options: options)
        // The shared path locates problems by line and column; in this file they are the row and
        // column of a cell of this sheet. A cell that could not be read (an error value, a date
        // that never was) is reported once, for why, not again as a missing value.
        let unreadable = Set(table.rows.flatMap { $0.diagnostics.map(\.location) })
        report.diagnostics.removeAll {
            $0.location.sheet == nil
                && unreadable.contains(
                    SourceLocation(
                        file: $0.location.file, line: $0.location.line, column: $0.location.column, sheet: table.name))
        }
        for index in report.diagnostics.indices where report.diagnostics[index].location.file == file {
            report.diagnostics[index].location.sheet = table.name
        }
        return report
    }

    /// Imports rows as the CSV reader gives them, from either kind of file: the first row with a
    /// value is the header, blank rows are skipped.
    static func run(rows: [CSVRow], file: String, options: RegulationImportOptions) -> RegulationImportReport {
        var report = RegulationImportReport()
        var rows = rows.filter { !$0.isBlank || !$0.diagnostics.isEmpty }
        guard !rows.isEmpty else {
            report.diagnostics = [
                .error(
                    at: SourceLocation(file: file), "the file has no header line",
                    hint: "the first line names the columns: 法令名,条項,所管府省庁,類型,見直し状況,見直し前,見直し後,日付")
            ]
            return report
        }
        let header = rows.removeFirst()
        let (columns, headerProblems) = options.columns.resolve(header, file: file)
        let (vocabularies, vocabularyProblems) = Vocabularies.load(root: options.root)
        report.diagnostics = header.diagnostics + headerProblems + vocabularyProblems
        guard !report.diagnostics.containsErrors else {
            report.diagnostics.sort()
            return report
        }

        let reader = RegulationRowReader(columns: columns, header: header, vocabularies: vocabularies, file: file)
        var drafts: [RegulationDraft] = []
        var givenIDs: [String: Int] = [:]
        for row in rows {
            var problems: [Diagnostic] = []
            var draft: RegulationDraft?
            switch reader.read(row) {
            case .success(let read): draft = read
            case .failure(let error): problems = error.diagnostics
            }
            if let id = reader.text(.id, in: row), CorpusLoader.isValidID(id) {
                let at = reader.location(of: .id, in: row)
                if let line = givenIDs[id] {
                    problems.append(
                        .error(
                            at: at, "duplicate id '\(id)': line \(line) already gives it",
                            hint: "give each row its own ID, or leave ID empty to derive one"))
                } else {
                    givenIDs[id] = row.line
                    if !options.force, DocumentIDs.fileExists(id: id, kind: .regulation, root: options.root) {
                        problems.append(
                            .error(
                                at: at,
                                "\(AuthoringKind.regulation.relativePath(id: id)) already exists and was not overwritten",
                                hint: "use --force to replace it, or give this row another ID"))
                    }
                }
            }
            if problems.isEmpty, let draft {
                drafts.append(draft)
            } else {
                report.badRows += 1
                report.diagnostics += problems
            }
        }

        var derived: Set<String> = []
        let declared = DocumentIDs.declaredIDs(kind: .regulation, root: options.root)
        for draft in drafts {
            let id: String
            if let given = draft.id {
                id = given
            } else {
                id = DocumentIDs.unique(DocumentIDs.base(title: draft.title, kind: .regulation, date: draft.date)) {
                    candidate in
                    givenIDs[candidate] != nil || derived.contains(candidate)
                        || DocumentIDs.isTaken(
                            candidate, kind: .regulation, root: options.root, isDeclared: declared.contains)
                }
                derived.insert(id)
            }
            let path = AuthoringKind.regulation.relativePath(id: id)
            report.planned.append(
                PlannedRegulation(
                    line: draft.line, id: id, relativePath: path, text: draft.markdown(id: id),
                    replacesExisting: DocumentIDs.fileExists(id: id, kind: .regulation, root: options.root)))
        }

        if !options.dryRun {
            for planned in report.planned {
                do throws(DiagnosticsError) {
                    try NewDocument.write(
                        planned.text, to: planned.relativePath, root: options.root, replacing: options.force)
                    report.written.append(planned.relativePath)
                } catch {
                    report.badRows += 1
                    report.diagnostics += error.diagnostics.map {
                        .error(at: SourceLocation(file: file, line: planned.line), $0.message, hint: $0.hint)
                    }
                }
            }
        }
        report.diagnostics.sort()
        return report
    }
}
