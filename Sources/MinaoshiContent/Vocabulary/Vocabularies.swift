import Foundation
import MinaoshiSupport
import Yams

/// All vocabularies of a project, loaded from `content/_data/`: one per ``VocabularyKind``.
public struct Vocabularies: Sendable, Equatable {
    /// By ``VocabularyKind`` position in `allCases`.
    private var vocabularies: [Vocabulary]
    /// The search's synonym groups (`synonyms.yml`); none when the file is missing.
    public var synonyms: [SynonymGroup] = []

    public static let folder = "content/_data"

    /// The fields a term may have beyond id, names, description and aliases: `code`, `region`
    /// (prefectures), `parent` (agencies), `abbreviation` (略称), `law_number` (法令番号), `egov_id`
    /// (e-Gov 法令ID) and `egov_id_source` (laws).
    static let attributeKeys = ["code", "region", "parent", "abbreviation", "law_number", "egov_id", "egov_id_source"]

    /// `vocabularies` holds one vocabulary of each kind; a kind it lacks is empty.
    public init(_ vocabularies: [Vocabulary]) {
        self.vocabularies = VocabularyKind.allCases.map { kind in
            vocabularies.first { $0.kind == kind } ?? Vocabulary(kind: kind, terms: [])
        }
    }

    public subscript(kind: VocabularyKind) -> Vocabulary { vocabularies[kind.position] }

    /// Empty vocabularies: every id is unknown. For projects without `content/_data/`.
    public static let empty = Vocabularies([])

    /// Reads every vocabulary file; a missing file gives an empty vocabulary. Reports every
    /// problem in every file.
    public static func load(root: URL) -> (Vocabularies, [Diagnostic]) {
        var diagnostics: [Diagnostic] = []
        var loaded: [Vocabulary] = []
        for kind in VocabularyKind.allCases {
            let (vocabulary, problems) = load(kind, root: root)
            loaded.append(vocabulary)
            diagnostics += problems
        }
        var vocabularies = Vocabularies(loaded)
        let (synonyms, synonymProblems) = Synonyms.load(root: root)
        vocabularies.synonyms = synonyms
        return (vocabularies, diagnostics + synonymProblems)
    }

    static func load(_ kind: VocabularyKind, root: URL) -> (Vocabulary, [Diagnostic]) {
        let displayPath = "\(folder)/\(kind.fileName)"
        let url = root.appendingPathComponent(displayPath)
        guard FileManager.default.fileExists(atPath: url.path) else {
            return (Vocabulary(kind: kind, terms: []), [])
        }
        do throws(DiagnosticsError) {
            let source = try SourceText.read(url, displayPath: displayPath)
            let items = try YAMLList.parse(source)
            var terms: [VocabularyTerm] = []
            var diagnostics: [Diagnostic] = []
            var seen: [String: Int] = [:]
            for var item in items {
                item.rejectUnknownKeys(["id", "ja", "en", "description", "aliases", "alt_id"] + Self.attributeKeys)
                let id = item.string("id", required: true)
                let ja = item.string("ja", required: true)
                let en = item.string("en", required: true)
                let description = item.string("description")
                let aliases = item.strings("aliases") + (item.string("alt_id").map { [$0] } ?? [])
                var attributes: [String: String] = [:]
                for key in Self.attributeKeys { attributes[key] = item.string(key) }
                if kind == .laws, let egovID = attributes["egov_id"] {
                    if !LawID.isWellFormed(egovID) {
                        item.report(
                            .error(
                                at: item.location(ofValue: "egov_id"), "'\(egovID)' is not an e-Gov 法令ID",
                                hint:
                                    "write the ID of https://laws.e-gov.go.jp/law/<法令ID>, e.g. 325AC0000000201 (建築基準法)")
                        )
                    }
                    let source = attributes["egov_id_source"] ?? ""
                    if !LawID.sourcePrefixes.contains(where: source.hasPrefix) {
                        item.report(
                            .error(
                                at: item.location(ofValue: "egov_id"),
                                "law '\(id ?? "")' does not say how its egov_id was confirmed",
                                hint:
                                    "add egov_id_source: \"listed: <where a listing shows the ID with the name>\" or \"derived: from <法令番号>\""
                            ))
                    }
                }
                if let id {
                    if !CorpusLoader.isValidID(id) {
                        item.report(
                            .error(
                                at: item.location(ofValue: "id"),
                                "id '\(id)' may only contain lower-case letters a-z, digits and single '-'"))
                    } else if let line = seen[id] {
                        item.report(
                            .error(
                                at: item.location(ofValue: "id"),
                                "\(kind.singular) id '\(id)' is already defined on line \(line)"))
                    }
                    seen[id] = seen[id] ?? item.location(ofValue: "id").line
                }
                diagnostics += item.diagnostics
                if let id, let ja, let en {
                    terms.append(
                        VocabularyTerm(
                            id: id, ja: ja, en: en, description: description, aliases: aliases, attributes: attributes))
                }
            }
            if kind == .prefectures {
                diagnostics += terms.filter { $0.attributes["code"] == nil }.map {
                    .error(
                        at: SourceLocation(file: displayPath), "prefecture '\($0.id)' has no JIS 'code'",
                        hint: "add code: \"07\" style codes (JIS X 0401)")
                }
            }
            return (Vocabulary(kind: kind, terms: terms), diagnostics)
        } catch {
            return (Vocabulary(kind: kind, terms: []), error.diagnostics)
        }
    }
}

/// A YAML file whose top level is a list of mappings.
enum YAMLList {
    static func parse(_ source: SourceText) throws(DiagnosticsError) -> [YAMLMapping] {
        let node: YAMLNode?
        do {
            node = try YAMLNode.composedByYams(source.text, resolver: .default)
        } catch let error as YamlError {
            throw DiagnosticsError([YAMLMapping.diagnostic(for: error, source: source, lineOffset: 0)])
        } catch let error as YAMLNode.TooManyNodes {
            throw DiagnosticsError([YAMLMapping.diagnostic(for: error, source: source, lineOffset: 0)])
        } catch let error as YAMLNode.AliasInAKey {
            throw DiagnosticsError([YAMLMapping.diagnostic(for: error, source: source, lineOffset: 0)])
        } catch {
            throw DiagnosticsError([.error(at: source.location(line: 1), "invalid YAML: \(error)")])
        }
        guard let node else { return [] }
        guard let items = node.sequence else {
            throw DiagnosticsError([
                .error(
                    at: YAMLMapping.location(of: node, source: source, lineOffset: 0),
                    "expected a list of entries ('- id: …'), found \(YAMLMapping.describe(node))")
            ])
        }
        var result: [YAMLMapping] = []
        var problems: [Diagnostic] = []
        for (index, item) in items.enumerated() {
            let location = YAMLMapping.location(of: item, source: source, lineOffset: 0)
            guard let mapping = item.mapping else {
                problems.append(
                    .error(
                        at: location,
                        "entry \(index + 1) must be a mapping with id, ja and en, found \(YAMLMapping.describe(item))"))
                continue
            }
            result.append(YAMLMapping(mapping: mapping, source: source, lineOffset: 0, path: "", location: location))
        }
        if !problems.isEmpty { throw DiagnosticsError(problems) }
        return result
    }
}
