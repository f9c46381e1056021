import Foundation
import MinaoshiSupport

/// Reads the typed fields of each kind of document from its front matter, checking every
/// vocabulary id, and reports every problem at the key or list item it concerns.
struct MetadataReader {
    var vocabularies: Vocabularies

    static let commonKeys = DocumentKind.commonFields.map(\.key)
    static let regulationKeys = commonKeys + DocumentKind.regulationFields.map(\.key)
    static let caseKeys = commonKeys + DocumentKind.caseFields.map(\.key)
    static let pageKeys = commonKeys + ["description"]
    /// The law's name as text, which `laws` (ids of content/_data/laws.yml) replaced.
    static let retiredLawKey = "law"

    func kind(for section: String, fields: inout YAMLMapping) -> DocumentKind {
        switch section {
        case DocumentKind.regulationSection:
            if fields.contains(Self.retiredLawKey) {
                fields.report(
                    .error(
                        at: fields.location(ofKey: Self.retiredLawKey), "'law' is now 'laws: [id]'",
                        hint: "see content/_data/laws.yml for the id of each law, e.g. laws: [road-act]"))
            }
            fields.rejectUnknownKeys(Self.regulationKeys + [Self.retiredLawKey])
            requireID(&fields)
            return .regulation(regulation(&fields))
        case DocumentKind.caseSection:
            fields.rejectUnknownKeys(Self.caseKeys)
            requireID(&fields)
            return .caseStudy(caseStudy(&fields))
        case DocumentKind.pageSection:
            fields.rejectUnknownKeys(Self.pageKeys)
            requireID(&fields)
            return .page
        default:
            return .other
        }
    }

    func sources(_ fields: inout YAMLMapping, section: String) -> [Source] {
        var sources: [Source] = []
        for var item in fields.mappings("sources") {
            item.rejectUnknownKeys(["title", "url"])
            let title = item.string("title", required: true)
            let url = item.string("url", required: true)
            if let url, !Self.isWebURL(url) {
                item.report(
                    .error(
                        at: item.location(ofValue: "url"),
                        "'\(item.qualified("url"))' must be an absolute http(s) URL, found '\(url)'"))
            }
            fields.absorb(item)
            if let title, let url { sources.append(Source(title: title, url: url)) }
        }
        if sources.isEmpty, !fields.contains("sources"),
            [DocumentKind.regulationSection, DocumentKind.caseSection].contains(section)
        {
            fields.report(
                .warning(
                    at: fields.location, "no 'sources' given",
                    hint: "add sources: [{title: …, url: \"https://…\"}] so readers can check the facts"))
        }
        return sources
    }

    func changes(_ fields: inout YAMLMapping) -> [Change] {
        var changes: [Change] = []
        for var item in fields.mappings("changes") {
            item.rejectUnknownKeys(["date", "note"])
            let date = item.date("date", required: true)
            let note = item.string("note", required: true)
            fields.absorb(item)
            if let date, let note { changes.append(Change(date: date, note: note)) }
        }
        return changes.sorted { $0.date > $1.date }
    }

    // MARK: - Kinds

    private func regulation(_ fields: inout YAMLMapping) -> RegulationReview {
        let article = fields.string("article")
        // Sources do not always name the ministry in charge; the declaration warns rather than guess one.
        let terms = terms(DocumentKind.regulationFields, &fields)
        let before = fields.string("before", required: true) ?? ""
        let after = fields.string("after", required: true) ?? ""
        // The date is the decision's; a review not yet started has none, and none is invented.
        if terms[.statuses].first != "not-started" {
            requirePresence("date", &fields, example: "2024-06-28")
        }
        return RegulationReview(article: article, terms: terms, phase: phase(&fields), before: before, after: after)
    }

    private func caseStudy(_ fields: inout YAMLMapping) -> CaseStudy {
        let organizations = fields.strings("organizations")
        let municipalities = fields.strings("municipalities")
        let terms = terms(DocumentKind.caseFields, &fields)
        let regulations = fields.strings("regulations")
        for (index, id) in regulations.enumerated() where !CorpusLoader.isValidID(id) {
            fields.report(
                .error(
                    at: fields.location(ofItem: index, in: "regulations"),
                    "'\(id)' in 'regulations' is not a regulation id",
                    hint: "use the id of a file in content/regulations/, e.g. road-bridge-inspection"))
        }
        var outcomes: [Outcome] = []
        for var item in fields.mappings("outcomes") {
            item.rejectUnknownKeys(["label", "value", "period"])
            let label = item.string("label", required: true)
            let value = item.string("value", required: true)
            let period = item.string("period")
            fields.absorb(item)
            if let label, let value { outcomes.append(Outcome(label: label, value: value, period: period)) }
        }
        // A case's date is optional: sources often give only a fiscal year, and no date is invented.
        return CaseStudy(
            organizations: organizations, municipalities: municipalities, terms: terms, regulations: regulations,
            outcomes: outcomes)
    }

    private func phase(_ fields: inout YAMLMapping) -> Phase? {
        guard var phase = fields.mapping("phase") else { return nil }
        phase.rejectUnknownKeys(["before", "after"])
        var values: [Int] = []
        for key in ["before", "after"] {
            guard let value = phase.int(key, required: true) else { continue }
            if (1...3).contains(value) {
                values.append(value)
            } else {
                phase.report(
                    .error(
                        at: phase.location(ofValue: key),
                        "'phase.\(key)' must be 1, 2 or 3 (PHASE 1 = on site by people, 3 = most digital), found \(value)"
                    ))
            }
        }
        fields.absorb(phase)
        guard values.count == 2 else { return nil }
        if values[1] < values[0] {
            fields.report(
                .warning(
                    at: fields.location(ofValue: "phase"),
                    "'phase.after' (\(values[1])) is lower than 'phase.before' (\(values[0]))"))
        }
        return Phase(before: values[0], after: values[1])
    }

    // MARK: - Vocabulary fields

    /// The ids of every vocabulary field `declared`, checked against its vocabulary.
    private func terms(_ declared: [DocumentField], _ fields: inout YAMLMapping) -> FiledTerms {
        var filed = FiledTerms()
        for case .vocabulary(let field) in declared {
            let required = field.presence == .required
            let ids =
                field.isList
                ? terms(field.kind, field.key, &fields, required: required)
                : term(field.kind, field.key, &fields, required: required).map { [$0] } ?? []
            if case .expected(let hint) = field.presence, !fields.contains(field.key) {
                fields.report(.warning(at: fields.location, "no '\(field.key)' given", hint: hint))
            }
            filed[field.kind] += ids
        }
        return filed
    }

    private func term(_ kind: VocabularyKind, _ key: String, _ fields: inout YAMLMapping, required: Bool) -> String? {
        guard let id = fields.string(key, required: required) else { return nil }
        let vocabulary = vocabularies[kind]
        guard let term = vocabulary.term(id) else {
            fields.report(vocabulary.unknownIDDiagnostic(id, at: fields.location(ofValue: key), field: key))
            return nil
        }
        return term.id
    }

    private func terms(_ kind: VocabularyKind, _ key: String, _ fields: inout YAMLMapping, required: Bool) -> [String] {
        let reported = fields.diagnostics.count
        let ids = fields.strings(key, required: required)
        if required, fields.contains(key), ids.isEmpty, fields.diagnostics.count == reported {
            fields.report(.error(at: fields.location(ofValue: key), "'\(key)' needs at least one \(kind.singular)"))
        }
        let vocabulary = vocabularies[kind]
        var result: [String] = []
        for (index, id) in ids.enumerated() {
            if let term = vocabulary.term(id) {
                if !result.contains(term.id) { result.append(term.id) }
            } else {
                fields.report(
                    vocabulary.unknownIDDiagnostic(id, at: fields.location(ofItem: index, in: key), field: key))
            }
        }
        return result
    }

    /// Reports a missing field whose value the loader reads and checks itself.
    private func requirePresence(_ key: String, _ fields: inout YAMLMapping, example: String) {
        if !fields.contains(key) {
            fields.report(
                .error(at: fields.location, "missing required field '\(key)'", hint: "add a line '\(key): \(example)'"))
        }
    }

    private func requireID(_ fields: inout YAMLMapping) {
        if !fields.contains("id") {
            fields.report(
                .error(
                    at: fields.location, "missing required field 'id'",
                    hint: "add a line 'id: …' with lower-case letters, digits and '-', usually the file name"))
        }
    }

    static func isWebURL(_ text: String) -> Bool {
        guard let url = URL(string: text), let scheme = url.scheme?.lowercased() else { return false }
        return ["http", "https"].contains(scheme) && url.host?.isEmpty == false
    }
}
