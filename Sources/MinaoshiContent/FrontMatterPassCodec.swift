import MinaoshiSupport

/// A loader's first pass over one file (``CorpusLoader/FrontMatterPass``) as bytes, for the
/// front-matter cache a build leaves on disk (``FrontMatterCache/encoded()``). Every stored field
/// of the pass and of what it holds is written: `FrontMatterPassCodecTests` counts the fields of
/// each type, so a field added to one of them fails there until it is written here too.
enum FrontMatterPassCodec {
    static func encode(_ pass: CorpusLoader.FrontMatterPass, into writer: inout RecordWriter) {
        writer.text(pass.sourcePath)
        // The body's hash, not its text: the file has it (``CorpusLoader/FrontMatterPass/body(rootPath:)``).
        writer.uint64(pass.bodyHash.high)
        writer.uint64(pass.bodyHash.low)
        writer.int(pass.bodyLineOffset)
        encode(pass.fields, into: &writer)
        writer.text(pass.section)
        writer.text(pass.slug)
        writer.text(pass.title)
        encode(pass.date, into: &writer)
        encode(pass.updated, into: &writer)
        writer.byte(pass.draft ? 1 : 0)
        encode(pass.kind, into: &writer)
        writer.int(pass.sources.count)
        for source in pass.sources {
            writer.text(source.title)
            writer.text(source.url)
        }
        writer.int(pass.changes.count)
        for change in pass.changes {
            encode(change.date, into: &writer)
            writer.text(change.note)
        }
        writer.uint64(pass.sourceHash.high)
        writer.uint64(pass.sourceHash.low)
    }

    static func decode(_ reader: inout RecordReader) throws(RecordReader.Malformed) -> CorpusLoader.FrontMatterPass {
        let sourcePath = try reader.text()
        let bodyHash = StableHash(high: try reader.uint64(), low: try reader.uint64())
        let bodyLineOffset = try reader.int()
        let fields = try decodeFields(&reader)
        let section = try reader.text(), slug = try reader.text(), title = try reader.text()
        let date = try decodeDate(&reader), updated = try decodeDate(&reader)
        let draft = try decodeBool(&reader)
        let kind = try decodeKind(&reader)
        var sources: [Source] = []
        for _ in 0..<(try reader.count()) { sources.append(Source(title: try reader.text(), url: try reader.text())) }
        var changes: [Change] = []
        for _ in 0..<(try reader.count()) {
            guard let date = try decodeDate(&reader) else { throw RecordReader.Malformed() }
            changes.append(Change(date: date, note: try reader.text()))
        }
        let sourceHash = StableHash(high: try reader.uint64(), low: try reader.uint64())
        return CorpusLoader.FrontMatterPass(
            sourcePath: sourcePath, body: nil, bodyHash: bodyHash, bodyLineOffset: bodyLineOffset, fields: fields,
            section: section,
            slug: slug, title: title, date: date, updated: updated, draft: draft, kind: kind, sources: sources,
            changes: changes, sourceHash: sourceHash)
    }

    // MARK: The pass's parts

    private static func encode(_ fields: FieldPositions, into writer: inout RecordWriter) {
        writer.text(fields.file)
        encode(fields.mapping, into: &writer)
        // Sorted by key: the same pass gives the same bytes in every process.
        writer.int(fields.fields.count)
        for (key, field) in fields.fields.sorted(by: { $0.key < $1.key }) {
            writer.text(key)
            encode(field.value, into: &writer)
            writer.int(field.items.count)
            for item in field.items { encode(item, into: &writer) }
        }
        writer.int(fields.diagnostics.count)
        for diagnostic in fields.diagnostics { encode(diagnostic, into: &writer) }
    }

    private static func decodeFields(_ reader: inout RecordReader) throws(RecordReader.Malformed) -> FieldPositions {
        let file = try reader.text()
        let mapping = try decodePosition(&reader)
        var fields: [String: FieldPositions.Field] = [:]
        for _ in 0..<(try reader.count()) {
            let key = try reader.text()
            let value = try decodePosition(&reader)
            var items: [FieldPositions.Position] = []
            for _ in 0..<(try reader.count()) { items.append(try decodePosition(&reader)) }
            fields[key] = FieldPositions.Field(value: value, items: items)
        }
        var diagnostics: [Diagnostic] = []
        for _ in 0..<(try reader.count()) { diagnostics.append(try decodeDiagnostic(&reader)) }
        return FieldPositions(file: file, mapping: mapping, fields: fields, diagnostics: diagnostics)
    }

    private static func encode(_ position: FieldPositions.Position, into writer: inout RecordWriter) {
        writer.uint32(UInt32(bitPattern: position.line))
        writer.uint32(UInt32(bitPattern: position.column))
    }

    private static func decodePosition(_ reader: inout RecordReader) throws(RecordReader.Malformed)
        -> FieldPositions.Position
    {
        FieldPositions.Position(
            line: Int32(bitPattern: try reader.uint32()), column: Int32(bitPattern: try reader.uint32()))
    }

    private static func encode(_ diagnostic: Diagnostic, into writer: inout RecordWriter) {
        writer.byte(diagnostic.severity == .error ? 1 : 0)
        writer.text(diagnostic.location.file)
        writer.int(diagnostic.location.line)
        writer.int(diagnostic.location.column)
        writer.optionalText(diagnostic.location.sheet)
        writer.text(diagnostic.message)
        writer.optionalText(diagnostic.hint)
    }

    private static func decodeDiagnostic(_ reader: inout RecordReader) throws(RecordReader.Malformed) -> Diagnostic {
        let severity: Severity = try decodeBool(&reader) ? .error : .warning
        let location = SourceLocation(
            file: try reader.text(), line: try reader.int(), column: try reader.int(), sheet: try reader.optionalText())
        return Diagnostic(severity, at: location, try reader.text(), hint: try reader.optionalText())
    }

    private static func encode(_ date: CalendarDate?, into writer: inout RecordWriter) {
        guard let date else { return writer.byte(0) }
        writer.byte(1)
        writer.int(date.year)
        writer.int(date.month)
        writer.int(date.day)
    }

    private static func decodeDate(_ reader: inout RecordReader) throws(RecordReader.Malformed) -> CalendarDate? {
        guard try decodeBool(&reader) else { return nil }
        guard let date = CalendarDate(year: try reader.int(), month: try reader.int(), day: try reader.int()) else {
            throw RecordReader.Malformed()
        }
        return date
    }

    private static func decodeBool(_ reader: inout RecordReader) throws(RecordReader.Malformed) -> Bool {
        switch try reader.byte() {
        case 0: false
        case 1: true
        default: throw RecordReader.Malformed()
        }
    }

    private static func encode(_ kind: DocumentKind, into writer: inout RecordWriter) {
        switch kind {
        case .regulation(let review):
            writer.byte(0)
            writer.optionalText(review.article)
            encode(review.terms, into: &writer)
            if let phase = review.phase {
                writer.byte(1)
                writer.int(phase.before)
                writer.int(phase.after)
            } else {
                writer.byte(0)
            }
            writer.text(review.before)
            writer.text(review.after)
        case .caseStudy(let study):
            writer.byte(1)
            encode(study.organizations, into: &writer)
            encode(study.municipalities, into: &writer)
            encode(study.terms, into: &writer)
            encode(study.regulations, into: &writer)
            writer.int(study.outcomes.count)
            for outcome in study.outcomes {
                writer.text(outcome.label)
                writer.text(outcome.value)
                writer.optionalText(outcome.period)
            }
        case .page:
            writer.byte(2)
        case .other:
            writer.byte(3)
        }
    }

    private static func decodeKind(_ reader: inout RecordReader) throws(RecordReader.Malformed) -> DocumentKind {
        switch try reader.byte() {
        case 0:
            let article = try reader.optionalText()
            let terms = try decodeTerms(&reader)
            let phase = try decodeBool(&reader) ? Phase(before: try reader.int(), after: try reader.int()) : nil
            return .regulation(
                RegulationReview(
                    article: article, terms: terms, phase: phase, before: try reader.text(), after: try reader.text()))
        case 1:
            let organizations = try decodeTexts(&reader), municipalities = try decodeTexts(&reader)
            let terms = try decodeTerms(&reader), regulations = try decodeTexts(&reader)
            var outcomes: [Outcome] = []
            for _ in 0..<(try reader.count()) {
                outcomes.append(
                    Outcome(label: try reader.text(), value: try reader.text(), period: try reader.optionalText()))
            }
            return .caseStudy(
                CaseStudy(
                    organizations: organizations, municipalities: municipalities, terms: terms,
                    regulations: regulations, outcomes: outcomes))
        case 2: return .page
        case 3: return .other
        default: throw RecordReader.Malformed()
        }
    }

    private static func encode(_ terms: FiledTerms, into writer: inout RecordWriter) {
        writer.int(VocabularyKind.allCases.count)
        for kind in VocabularyKind.allCases { encode(terms[kind], into: &writer) }
    }

    private static func decodeTerms(_ reader: inout RecordReader) throws(RecordReader.Malformed) -> FiledTerms {
        guard try reader.count() == VocabularyKind.allCases.count else { throw RecordReader.Malformed() }
        var terms = FiledTerms()
        for kind in VocabularyKind.allCases { terms[kind] = try decodeTexts(&reader) }
        return terms
    }

    private static func encode(_ texts: [String], into writer: inout RecordWriter) {
        writer.int(texts.count)
        for text in texts { writer.text(text) }
    }

    private static func decodeTexts(_ reader: inout RecordReader) throws(RecordReader.Malformed) -> [String] {
        var texts: [String] = []
        for _ in 0..<(try reader.count()) { texts.append(try reader.text()) }
        return texts
    }
}
