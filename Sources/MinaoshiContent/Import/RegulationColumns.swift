import Foundation
import MinaoshiSupport

/// A front-matter field of a regulation review that a CSV column can fill.
public enum RegulationField: String, CaseIterable, Sendable {
    /// Each case fills the front-matter key of the same name; every vocabulary field of
    /// ``DocumentKind/regulationFields`` has its case, read and written from that declaration.
    case id, title, laws, article, ministry, categories, status, before, after, technologies, date, sources

    /// The fields no row can do without: what ``CorpusLoader`` requires of a regulation review,
    /// and `ministry`, which an import must know (the national list always names it).
    public static let required: [RegulationField] = [.laws, .ministry, .categories, .status, .before, .after, .date]

    /// The column headers of the government spreadsheets, and the field each fills: the declared
    /// fields' headers (``FieldWording/importHeader``) between those of the common fields.
    public static let defaultHeaders: [(header: String, field: RegulationField)] =
        [("ID", .id), ("件名", .title), ("タイトル", .title)]
        + DocumentKind.declared(.regulation).compactMap { field, wording in
            guard let header = wording.importHeader else { return nil }
            guard let column = RegulationField(rawValue: field.key) else {
                preconditionFailure("the field '\(field.key)' has an import header but no RegulationField")
            }
            return (header, column)
        }
        + [("日付", .date), ("出典URL", .sources)]

    /// The header that fills this field by default, for messages (`法令名`).
    public var defaultHeader: String {
        Self.defaultHeaders.first { $0.field == self }?.header ?? rawValue
    }
}

/// Which column fills which field: the default Japanese headers, changed by `--map` entries.
public struct RegulationColumns: Sendable {
    /// Header (normalised) → field, or `nil` for a column to ignore.
    private var mapping: [String: RegulationField?]

    /// The default headers plus `overrides` (header → field, or `nil` to ignore the column).
    public init(overrides: [(header: String, field: RegulationField?)] = []) {
        mapping = [:]
        for (header, field) in RegulationField.defaultHeaders { mapping[Self.normalized(header)] = field }
        for (header, field) in overrides { mapping[Self.normalized(header)] = .some(field) }
    }

    /// Reads a `--map` entry, `ヘッダ名=field` (or `ヘッダ名=` to ignore a column). The header is
    /// everything before the last `=`.
    public static func parseOverride(_ text: String) -> Result<(header: String, field: RegulationField?), ImportProblem>
    {
        guard let equals = text.lastIndex(of: "=") else {
            return .failure(.init(message: "--map '\(text)' must be written 'header=field', e.g. 'Law Name=law'"))
        }
        let header = text[..<equals].trimmingCharacters(in: .whitespaces)
        let name = text[text.index(after: equals)...].trimmingCharacters(in: .whitespaces)
        guard !header.isEmpty else { return .failure(.init(message: "--map '\(text)' has no header before '='")) }
        if name.isEmpty { return .success((header, nil)) }
        guard let field = RegulationField(rawValue: name) else {
            let fields = RegulationField.allCases.map(\.rawValue).joined(separator: ", ")
            return .failure(.init(message: "--map '\(text)': unknown field '\(name)'; the fields are \(fields)"))
        }
        return .success((header, field))
    }

    /// Header text as compared: NFKC (full-width letters and spaces folded), trimmed, lower case.
    static func normalized(_ header: String) -> String {
        header.nfkc.trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
    }

    /// The column index of each field found in `header`, with an error for every required field
    /// no column fills (at the header line, listing the headers found), for two columns filling
    /// one field, and a warning for every column that is not imported.
    public func resolve(_ header: CSVRow, file: String) -> (columns: [RegulationField: Int], diagnostics: [Diagnostic])
    {
        var columns: [RegulationField: Int] = [:]
        var diagnostics: [Diagnostic] = []
        for (index, cell) in header.fields.enumerated() {
            let name = cell.value.trimmingCharacters(in: .whitespacesAndNewlines)
            let location = SourceLocation(file: file, line: cell.line, column: cell.column)
            guard let entry = mapping[Self.normalized(name)] else {
                if !name.isEmpty {
                    diagnostics.append(
                        .warning(
                            at: location, "column '\(name)' is not imported",
                            hint: "map it to a field with --map '\(name)=<field>', or ignore it with --map '\(name)='"))
                }
                continue
            }
            guard let field = entry else { continue }
            if let earlier = columns[field] {
                diagnostics.append(
                    .error(
                        at: location,
                        "columns '\(header.fields[earlier].value)' and '\(name)' both give '\(field.rawValue)'",
                        hint: "remove one, or ignore it with --map '\(name)='"))
            } else {
                columns[field] = index
            }
        }
        let found = header.fields.map(\.value).filter { !$0.isEmpty }.joined(separator: ", ")
        for field in RegulationField.required where columns[field] == nil {
            diagnostics.append(
                .error(
                    at: SourceLocation(file: file, line: header.line),
                    "missing required column '\(field.defaultHeader)' (\(field.rawValue)); found \(found.isEmpty ? "no headers" : found)",
                    hint: "add the column, or name the column that holds it with --map '<header>=\(field.rawValue)'"))
        }
        return (columns, diagnostics)
    }
}
