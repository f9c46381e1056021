import Foundation
import MinaoshiMarkdown
import MinaoshiSupport

/// The editor of `minaoshi serve`, on the content side: which declared fields a form shows, how a
/// form's values become the file `minaoshi new` writes, what `minaoshi check` says of them field by
/// field, and how an edit rewrites only the fields whose values changed.
///
/// Everything here follows the declarations (``DocumentKind/commonFields``,
/// ``DocumentKind/regulationFields``, ``DocumentKind/caseFields``): the form is not a third copy
/// of the content model.
public enum DocumentForm {
    /// The name of the Markdown body in a form.
    public static let bodyName = "body"

    /// The fields a form shows, in the order of the file: the common fields' first (the title), the
    /// kind's own, then the rest of the common fields (date, updated, draft, changes, sources).
    /// Every declared field but the identifier, which is chosen from the title and never edited.
    public static func fields(for kind: AuthoringKind) -> [DocumentField] {
        let common = DocumentKind.commonFields.filter {
            if case .plain(_, .identifier) = $0 { false } else { true }
        }
        let own = kind == .regulation ? DocumentKind.regulationFields : DocumentKind.caseFields
        return common.prefix(1) + own + common.dropFirst()
    }

    /// The label the form gives each of ``fields(for:)``, by key: its ``FieldWording/formLabel``.
    public static func labels(for kind: AuthoringKind) -> [String: String] {
        let wording = DocumentKind.commonWording + DocumentKind.declared(kind).map(\.wording)
        let labels = Dictionary(wording.map { ($0.key, $0.formLabel) }, uniquingKeysWith: { first, _ in first })
        return Dictionary(
            fields(for: kind).map { ($0.key, labels[$0.key] ?? $0.key) }, uniquingKeysWith: { first, _ in first })
    }

    /// The form names a field's values are posted under, in order.
    public static func names(of field: DocumentField) -> [String] {
        guard case .plain(let key, let input) = field else { return [field.key] }
        switch input {
        case .phase: return ["\(key).before", "\(key).after"]
        case .outcomes: return ["\(key).label", "\(key).value", "\(key).period"]
        case .sources: return ["\(key).title", "\(key).url"]
        case .changes: return ["\(key).date", "\(key).note"]
        default: return [key]
        }
    }

    /// A field's values in one form, so that two forms can be compared field by field: texts
    /// trimmed, empty entries and empty rows left out, a row's parts joined with U+001F.
    public static func canonical(_ field: DocumentField, in form: FormValues) -> [String] {
        let names = names(of: field)
        if case .plain(_, .lines) = field {
            return form[names[0]].flatMap { $0.split(whereSeparator: \.isNewline) }
                .map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        }
        if case .plain(_, .documents) = field {
            // Ids, as the picker's text field holds them: one a line, or apart by spaces or commas.
            return form[names[0]].flatMap { $0.split(whereSeparator: isIDSeparator) }.map(String.init)
        }
        if names.count == 1 {
            return form[names[0]].map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }.filter { !$0.isEmpty }
        }
        let columns = names.map { form[$0] }
        let count = columns.map(\.count).max() ?? 0
        return (0..<count).compactMap { row in
            let parts = columns.map { row < $0.count ? $0[row].trimmingCharacters(in: .whitespacesAndNewlines) : "" }
            return parts.allSatisfy(\.isEmpty) ? nil : parts.joined(separator: "\u{1F}")
        }
    }

    // MARK: - New documents

    /// The request `minaoshi new` would get for this form: the file it writes is the one saved.
    public static func request(_ kind: AuthoringKind, _ form: FormValues) -> NewDocumentRequest {
        var request = NewDocumentRequest(kind: kind, title: form.text("title"))
        for field in fields(for: kind) {
            let values = canonical(field, in: form)
            switch field {
            case .vocabulary(let vocabulary):
                switch vocabulary.kind {
                case .ministries: request.ministry = values.first
                case .categories: request.categories = values
                case .technologies: request.technologies = values
                case .prefectures: request.prefectures = values
                case .statuses: request.status = values.first
                case .laws: request.laws = values
                }
            case .plain(let key, let input):
                switch (key, input) {
                case ("date", _): request.date = values.first.flatMap { CalendarDate(iso8601: $0) }
                case ("updated", _): request.updated = values.first.flatMap { CalendarDate(iso8601: $0) }
                case (_, .flag): request.draft = !values.isEmpty
                case (_, .changes):
                    request.changes = values.map { row in
                        let parts = row.components(separatedBy: "\u{1F}")
                        return WrittenChange(date: parts[0], note: parts[1])
                    }
                case ("article", _): request.article = values.first
                case ("before", _): request.before = values.first
                case ("after", _): request.after = values.first
                case ("organizations", _): request.organizations = values
                case ("municipalities", _): request.municipalities = values
                case ("regulations", _): request.regulations = values
                case (_, .phase): request.phase = phase(values)
                case (_, .outcomes):
                    request.outcomes = values.map { row in
                        let parts = row.components(separatedBy: "\u{1F}")
                        return Outcome(label: parts[0], value: parts[1], period: parts[2].isEmpty ? nil : parts[2])
                    }
                case (_, .sources):
                    for row in values {
                        let parts = row.components(separatedBy: "\u{1F}")
                        request.sources.append(parts[1])
                        if !parts[0].isEmpty { request.sourceTitles[parts[1]] = parts[0] }
                    }
                default: break
                }
            }
        }
        let body = form[bodyName].first ?? ""
        request.body = body.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty ? nil : normalizedBody(body)
        return request
    }

    /// What may stand between two ids in a picker's text field: an id has none of these.
    static func isIDSeparator(_ character: Character) -> Bool {
        character.isWhitespace || character == "," || character == "、" || character == "，"
    }

    /// The id a new document of this form gets: as `minaoshi new` picks it, given which ids the
    /// section's files declare (``DocumentIDs/isTaken(_:kind:root:isDeclared:)``).
    public static func newID(
        _ request: NewDocumentRequest, root: URL, today: CalendarDate, isDeclared: (String) -> Bool
    ) -> String {
        let base = DocumentIDs.base(title: request.title, kind: request.kind, date: request.date ?? today)
        return DocumentIDs.unique(base) {
            DocumentIDs.isTaken($0, kind: request.kind, root: root, isDeclared: isDeclared)
        }
    }

    private static func phase(_ values: [String]) -> Phase? {
        guard let row = values.first else { return nil }
        let parts = row.components(separatedBy: "\u{1F}").map { Int($0) }
        guard let before = parts[0], let after = parts[1] else { return nil }
        return Phase(before: before, after: after)
    }

    /// A browser posts a textarea's lines with `\r\n`; files keep `\n`.
    public static func normalizedBody(_ body: String) -> String {
        body.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n")
    }

    // MARK: - Reading a file into a form

    /// The form filled from a document's text; nil when the text has no readable front matter.
    public static func values(of text: String, kind: AuthoringKind, displayPath: String) -> FormValues? {
        let source = SourceText(displayPath: displayPath, text: text)
        guard let split = try? FrontMatterSplitter.split(source),
            var mapping = try? YAMLMapping.parse(split.yaml, firstLine: split.yamlFirstLine, source: source)
        else { return nil }
        var form = FormValues()
        for field in fields(for: kind) {
            let names = names(of: field)
            switch field {
            case .vocabulary(let vocabulary):
                form[names[0]] =
                    vocabulary.isList ? mapping.strings(field.key) : mapping.string(field.key).map { [$0] } ?? []
            case .plain(let key, let input):
                switch input {
                case .lines: form[key] = [mapping.strings(key).joined(separator: "\n")]
                case .documents: form[key] = mapping.strings(key)
                case .phase:
                    var phase = mapping.mapping(key)
                    form[names[0]] = [phase?.int("before").map(String.init) ?? ""]
                    form[names[1]] = [phase?.int("after").map(String.init) ?? ""]
                case .outcomes, .sources, .changes:
                    let parts = names.map { String($0.split(separator: ".").last!) }
                    for var row in mapping.mappings(key) {
                        for (name, part) in zip(names, parts) { form[name].append(row.string(part) ?? "") }
                    }
                case .flag: form[key] = mapping.bool(key) == true ? ["true"] : []
                case .identifier, .line, .paragraph, .date: form[key] = mapping.string(key).map { [$0] } ?? []
                }
            }
        }
        form[bodyName] = [split.body]
        return form
    }

    // MARK: - Editing a file

    /// `original` with the fields posted in `form` whose values differ rewritten (in the writer's style,
    /// ``FrontMatterWriter``) and the body replaced when it changed; every other byte is kept.
    /// Nil when `original` has no front matter this can read.
    public static func edited(_ original: String, kind: AuthoringKind, form: FormValues, displayPath: String) -> String?
    {
        guard let layout = FrontMatterLayout(original),
            let before = values(of: original, kind: kind, displayPath: displayPath)
        else { return nil }
        var replacements: [(key: String, lines: [String])] = []
        for field in fields(for: kind) {
            // A field none of whose names was posted is left alone (the form posts every one:
            // a list of checkboxes has an empty hidden input, so that none ticked still says so).
            guard names(of: field).contains(where: { form.values[$0] != nil }) else { continue }
            var new = canonical(field, in: form)
            let old = canonical(field, in: before)
            if isChoiceList(field) {
                // Ticked boxes come in the list's order, not the file's: the file's order is kept,
                // and what was ticked anew follows it.
                guard Set(new) != Set(old) else { continue }
                new = old.filter(new.contains) + new.filter { !old.contains($0) }
            }
            guard new != old else { continue }
            replacements.append((field.key, lines(field, new)))
        }
        let oldBody = before[bodyName].first ?? ""
        let newBody = form[bodyName].first.map(normalizedBody)
        return layout.replacing(replacements, body: newBody.flatMap { $0 == oldBody ? nil : $0 })
    }

    /// Whether a form shows the field as boxes to tick, which say what is chosen but not in what order.
    static func isChoiceList(_ field: DocumentField) -> Bool {
        switch field {
        case .vocabulary(let vocabulary): vocabulary.isList
        case .plain(_, .documents): true
        case .plain: false
        }
    }

    /// The lines a field with these canonical values is written as; none when it has no value
    /// (a required field left out is then reported by the check as missing).
    static func lines(_ field: DocumentField, _ values: [String]) -> [String] {
        var writer = FrontMatterWriter()
        let key = field.key
        switch field {
        case .vocabulary(let vocabulary):
            if vocabulary.isList { writer.texts(key, values) } else if let id = values.first { writer.text(key, id) }
        case .plain(_, let input):
            let rows = values.map { $0.components(separatedBy: "\u{1F}") }
            switch input {
            case .lines, .documents: writer.texts(key, values)
            case .date:
                if let text = values.first {
                    CalendarDate(iso8601: text).map { writer.date(key, $0) } ?? writer.text(key, text)
                }
            case .flag: if !values.isEmpty { writer.raw("\(key): true") }
            case .phase:
                if let row = rows.first {
                    writer.raw(
                        "\(key): {before: \(row[0].isEmpty ? "null" : row[0]), after: \(row[1].isEmpty ? "null" : row[1])}"
                    )
                }
            case .outcomes:
                if !rows.isEmpty {
                    writer.outcomes(
                        rows.map { Outcome(label: $0[0], value: $0[1], period: $0[2].isEmpty ? nil : $0[2]) })
                }
            case .sources:
                if !rows.isEmpty { writer.sources(rows.map { Source(title: $0[0], url: $0[1]) }) }
            case .changes:
                if !rows.isEmpty { writer.changes(rows.map { WrittenChange(date: $0[0], note: $0[1]) }) }
            case .identifier, .line, .paragraph:
                if let text = values.first { writer.text(key, AuthoringText.singleLine(text)) }
            }
        }
        return writer.lines
    }

    /// The body's HTML as the build renders it (cmark-gfm with the site's options, raw HTML
    /// filtered), for the editor's preview.
    public static func previewHTML(_ markdown: String) -> String {
        MarkdownRenderer.render(normalizedBody(markdown), options: .site).html
    }

    // MARK: - Checking

    /// What `minaoshi check` reports of `text` as the file at `relativePath` (the front matter's
    /// every check, and a case's regulations against `regulationIDs`), by the form name of the
    /// field each problem is written in: a key of ``fields(for:)``, ``bodyName``, or `""` for the
    /// rest.
    public static func check(
        _ text: String, relativePath: String, vocabularies: Vocabularies,
        regulationIDs: Set<String>
    ) -> [String: [Diagnostic]] {
        var found: [Diagnostic]
        switch CorpusLoader.readFrontMatter(
            SourceText(displayPath: relativePath, text: text), relativePath: relativePath,
            reader: MetadataReader(vocabularies: vocabularies))
        {
        case .failure(let error): found = error.diagnostics
        case .success(let pass):
            found = pass.fields.diagnostics
            if let caseStudy = pass.kind.caseStudy {
                for (index, id) in caseStudy.regulations.enumerated()
                where !regulationIDs.contains(id) && CorpusLoader.isValidID(id) {
                    found.append(
                        CorpusChecks.danglingRegulation(
                            id, at: pass.fields.location(ofItem: index, in: "regulations"),
                            known: regulationIDs.sorted()))
                }
            }
        }
        return byField(found, in: text)
    }

    /// What the corpus-wide checks of `minaoshi check` report of `text` as the file at
    /// `relativePath` against the rest of the corpus (``EditorCorpus``), by form name as
    /// ``check(_:relativePath:vocabularies:regulationIDs:)`` gives them; nothing when the front matter cannot be read (that check says why).
    public static func corpusCheck(_ text: String, relativePath: String, corpus: EditorCorpus) -> [String: [Diagnostic]]
    {
        let source = SourceText(displayPath: relativePath, text: text)
        guard let split = try? FrontMatterSplitter.split(source),
            var mapping = try? YAMLMapping.parse(split.yaml, firstLine: split.yamlFirstLine, source: source)
        else { return [:] }
        let fileSlug = String(relativePath.split(separator: "/").last?.dropLast(3) ?? "")
        let found = corpus.diagnostics(
            sourcePath: relativePath, id: mapping.string("id") ?? fileSlug,
            idLocation: mapping.contains("id") ? mapping.location(ofValue: "id") : source.location(line: 1),
            title: mapping.string("title") ?? "",
            titleLocation: mapping.location(ofValue: "title"), body: split.body,
            bodyLineOffset: split.bodyLineOffset)
        return byField(found, in: text)
    }

    /// Problems by the form name of the field each is written in (by its line).
    private static func byField(_ found: [Diagnostic], in text: String) -> [String: [Diagnostic]] {
        let layout = FrontMatterLayout(text)
        var byField: [String: [Diagnostic]] = [:]
        for diagnostic in found {
            let line = diagnostic.location.line - 1
            var name = ""
            if let missing = diagnostic.message.wholeMatch(of: /(?:missing required field|no) '([^']+)'(?: given)?/) {
                // Said of the whole front matter (where it starts), it belongs to the field it names.
                name = String(missing.1)
            } else if let layout {
                if line > layout.closingFence {
                    name = bodyName
                } else if let key = layout.fields.first(where: { $0.value.contains(line) })?.key {
                    name = key
                }
            }
            byField[name, default: []].append(diagnostic)
        }
        return byField
    }
}
