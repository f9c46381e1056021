import Foundation
import MinaoshiSupport

/// A regulation review read from one CSV row, every value checked and resolved to ids.
public struct RegulationDraft: Sendable, Hashable {
    /// The physical line the row starts on.
    public var line: Int
    /// The row's `ID`, or `nil` when the id is to be derived from the title.
    public var id: String?
    /// The row's 件名, else `<法令名><article>の見直し`.
    public var title: String
    /// 条項, when given.
    public var article: String?
    /// The ids of every vocabulary field a regulation review declares (``DocumentKind/regulationFields``):
    /// at least one law, a ministry, at least one category and a status; technologies may be empty.
    public var terms: FiledTerms
    /// What the provision required, on one line.
    public var before: String
    /// What replaces it, on one line.
    public var after: String
    /// The decision or publication date.
    public var date: CalendarDate
    /// The URLs of 出典URL, each titled with its host.
    public var sources: [Source]

    /// The Markdown file: front matter with every text double-quoted, then the lead paragraph.
    public func markdown(id: String) -> String {
        var writer = FrontMatterWriter()
        writer.text("id", id)
        writer.text("title", title)
        // The fields in the order a regulation review declares them.
        for field in DocumentKind.regulationFields {
            switch field {
            case .plain("article", _): if let article { writer.text("article", article) }
            case .plain("before", _): writer.text("before", before)
            case .plain("after", _): writer.text("after", after)
            case .plain: break  // phase: no column gives it
            case .vocabulary(let vocabulary):
                let ids = terms[vocabulary.kind]
                if vocabulary.isList {
                    writer.texts(vocabulary.key, ids)
                } else if let id = ids.first {
                    writer.text(vocabulary.key, id)
                }
            }
        }
        writer.date("date", date)
        if !sources.isEmpty { writer.sources(sources) }
        let lead = DocumentSkeleton.leadParagraph(before: before, after: after) ?? ""
        return writer.text + "\n" + lead + "\n"
    }
}

/// Reads the rows of a regulation CSV into ``RegulationDraft``s, reporting every problem of a
/// row at the line and column of the field it concerns.
struct RegulationRowReader {
    var columns: [RegulationField: Int]
    /// The header cells, for naming columns in messages.
    var header: CSVRow
    var vocabularies: Vocabularies
    var file: String

    /// The separators of a cell with several vocabulary values. `・` is not one: it is part of
    /// names such as 定期検査・点検.
    static let listSeparators: Set<Character> = ["、", ",", "，", ";", "；", "／", "\n"]

    /// The draft, or every problem of the row.
    func read(_ row: CSVRow) -> Result<RegulationDraft, DiagnosticsError> {
        var problems = row.diagnostics
        if row.fields.count > header.fields.count,
            let extra = row.fields[header.fields.count...].first(where: { !$0.value.isEmpty })
        {
            problems.append(
                .error(
                    at: location(extra),
                    "this row has \(row.fields.count) fields but the header line has \(header.fields.count)",
                    hint: "quote values that contain ',' so that they stay in one column"))
        }
        func required(_ field: RegulationField) -> String? {
            let value = text(field, in: row)
            if value == nil {
                problems.append(
                    .error(
                        at: location(of: field, in: row), "missing value for '\(name(field))' (\(field.rawValue))",
                        hint: "every row needs \(RegulationField.required.map(\.defaultHeader).joined(separator: ", "))"
                    ))
            }
            return value
        }
        let before = required(.before), after = required(.after)
        // Every vocabulary field a regulation review declares, from the column of the same name.
        var terms = FiledTerms()
        for case .vocabulary(let vocabulary) in DocumentKind.regulationFields {
            guard let field = RegulationField(rawValue: vocabulary.key) else {
                preconditionFailure("the vocabulary field '\(vocabulary.key)' has no RegulationField")
            }
            let value = RegulationField.required.contains(field) ? required(field) : text(field, in: row)
            guard let value else { continue }
            terms[vocabulary.kind] =
                vocabulary.isList
                ? list(value, vocabulary.kind, field, row, &problems)
                : resolve(value, vocabulary.kind, field, row, &problems).map { [$0] } ?? []
        }
        var date: CalendarDate?
        if let text = required(.date) {
            switch ImportDate.parse(text) {
            case .success(let day): date = day
            case .failure(let problem):
                problems.append(
                    .error(
                        at: location(of: .date, in: row), "'\(name(.date))' is not a date: '\(text)'",
                        hint: problem.message))
            }
        }
        let id = text(.id, in: row)
        if let id, !CorpusLoader.isValidID(id) {
            problems.append(
                .error(
                    at: location(of: .id, in: row), "'\(id)' in '\(name(.id))' is not a valid id",
                    hint: "use lower-case letters a-z, digits and single '-', e.g. bsa-12-exterior-wall"))
        }
        let sources = sources(row, &problems)
        guard problems.isEmpty, let law = text(.laws, in: row), let before, let after, let date else {
            return .failure(DiagnosticsError(problems))
        }
        let article = text(.article, in: row)
        let title = text(.title, in: row) ?? "\(law)\(article ?? "")の見直し"
        return .success(
            RegulationDraft(
                line: row.line, id: id, title: title, article: article, terms: terms,
                before: before, after: after, date: date, sources: sources))
    }

    // MARK: - Cells

    func cell(_ field: RegulationField, in row: CSVRow) -> CSVField? {
        guard let index = columns[field], index < row.fields.count else { return nil }
        return row.fields[index]
    }

    /// The cell's text on one line, or `nil` when the column is absent or the cell blank.
    func text(_ field: RegulationField, in row: CSVRow) -> String? {
        guard let value = cell(field, in: row).map({ AuthoringText.singleLine($0.value) }), !value.isEmpty else {
            return nil
        }
        return value
    }

    /// Where the field's cell starts; the start of the row when the row is too short to have it.
    func location(of field: RegulationField, in row: CSVRow) -> SourceLocation {
        cell(field, in: row).map(location) ?? SourceLocation(file: file, line: row.line)
    }

    func location(_ cell: CSVField) -> SourceLocation {
        SourceLocation(file: file, line: cell.line, column: cell.column)
    }

    /// The header of the field's column as written in the file (`所管府省庁`).
    func name(_ field: RegulationField) -> String {
        columns[field].map { header.fields[$0].value.trimmingCharacters(in: .whitespaces) } ?? field.defaultHeader
    }

    // MARK: - Values

    /// The vocabulary id for `value`, given as an id, an alias or a Japanese or English name.
    func resolve(
        _ value: String, _ kind: VocabularyKind, _ field: RegulationField, _ row: CSVRow, _ problems: inout [Diagnostic]
    ) -> String? {
        let vocabulary = vocabularies[kind]
        if let term = vocabulary.term(value) ?? vocabulary.term(named: value) { return term.id }
        var diagnostic = vocabulary.unknownIDDiagnostic(value, at: location(of: field, in: row), field: name(field))
        if let near = closestMatch(to: value.nfkc, in: vocabulary.terms.map(\.ja)),
            let term = vocabulary.term(named: near)
        {
            diagnostic.hint = "did you mean '\(near)' (\(term.id))?"
        }
        problems.append(diagnostic)
        return nil
    }

    /// Several vocabulary values in one cell, separated by `、`, `,`, `;`, `／` or line breaks; a
    /// cell that is one term's name as a whole is that term (law names may hold `、`).
    func list(
        _ value: String, _ kind: VocabularyKind, _ field: RegulationField, _ row: CSVRow, _ problems: inout [Diagnostic]
    ) -> [String] {
        if let whole = vocabularies[kind].term(named: value) { return [whole.id] }
        let raw = cell(field, in: row)?.value ?? value
        var ids: [String] = []
        for piece in raw.split(whereSeparator: Self.listSeparators.contains) {
            let item = piece.trimmingCharacters(in: .whitespaces)
            guard !item.isEmpty, let id = resolve(item, kind, field, row, &problems) else { continue }
            if !ids.contains(id) { ids.append(id) }
        }
        return ids
    }

    /// The URLs of the sources cell (separated by spaces, line breaks or `、`), each titled with its host.
    func sources(_ row: CSVRow, _ problems: inout [Diagnostic]) -> [Source] {
        guard let value = cell(.sources, in: row)?.value else { return [] }
        var sources: [Source] = []
        for piece in value.split(whereSeparator: { $0.isWhitespace || $0 == "、" }) {
            let url = String(piece)
            guard let host = AuthoringText.host(of: url) else {
                problems.append(
                    .error(
                        at: location(of: .sources, in: row), "'\(url)' in '\(name(.sources))' is not an http(s) URL",
                        hint: "write absolute URLs such as https://www.mlit.go.jp/…, separated by spaces or line breaks"
                    ))
                continue
            }
            sources.append(Source(title: host, url: url))
        }
        return sources
    }
}
