import Foundation
import MinaoshiSupport
import Yams

/// All vocabularies of a project, loaded from `content/_data/`.
public struct Vocabularies: Sendable {
    public var ministries: Vocabulary
    public var categories: Vocabulary
    public var technologies: Vocabulary
    public var prefectures: Vocabulary
    public var statuses: Vocabulary
    /// The search's synonym groups (`synonyms.yml`); none when the file is missing.
    public var synonyms: [SynonymGroup] = []

    public static let folder = "content/_data"

    public init(ministries: Vocabulary, categories: Vocabulary, technologies: Vocabulary, prefectures: Vocabulary, statuses: Vocabulary) {
        self.ministries = ministries
        self.categories = categories
        self.technologies = technologies
        self.prefectures = prefectures
        self.statuses = statuses
    }

    public subscript(kind: VocabularyKind) -> Vocabulary {
        switch kind {
        case .ministries: ministries
        case .categories: categories
        case .technologies: technologies
        case .prefectures: prefectures
        case .statuses: statuses
        }
    }

    /// Empty vocabularies: every id is unknown. For projects without `content/_data/`.
    public static let empty = Vocabularies(
        ministries: Vocabulary(kind: .ministries, terms: []), categories: Vocabulary(kind: .categories, terms: []),
        technologies: Vocabulary(kind: .technologies, terms: []), prefectures: Vocabulary(kind: .prefectures, terms: []),
        statuses: Vocabulary(kind: .statuses, terms: [])
    )

    /// Reads every vocabulary file; a missing file is an error only when `required`.
    /// Reports every problem in every file.
    public static func load(root: URL) -> (Vocabularies, [Diagnostic]) {
        var diagnostics: [Diagnostic] = []
        var loaded: [VocabularyKind: Vocabulary] = [:]
        for kind in VocabularyKind.allCases {
            let (vocabulary, problems) = load(kind, root: root)
            loaded[kind] = vocabulary
            diagnostics += problems
        }
        var vocabularies = Vocabularies(ministries: loaded[.ministries]!, categories: loaded[.categories]!, technologies: loaded[.technologies]!,
                                        prefectures: loaded[.prefectures]!, statuses: loaded[.statuses]!)
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
                item.rejectUnknownKeys(["id", "ja", "en", "description", "aliases", "alt_id", "code", "region", "parent"])
                let id = item.string("id", required: true)
                let ja = item.string("ja", required: true)
                let en = item.string("en", required: true)
                let description = item.string("description")
                let aliases = item.strings("aliases") + (item.string("alt_id").map { [$0] } ?? [])
                var attributes: [String: String] = [:]
                for key in ["code", "region", "parent"] { attributes[key] = item.string(key) }
                if let id {
                    if !CorpusLoader.isValidID(id) {
                        item.report(.error(at: item.location(ofValue: "id"), "id '\(id)' may only contain lower-case letters a-z, digits and single '-'"))
                    } else if let line = seen[id] {
                        item.report(.error(at: item.location(ofValue: "id"), "\(kind.singular) id '\(id)' is already defined on line \(line)"))
                    }
                    seen[id] = seen[id] ?? item.location(ofValue: "id").line
                }
                diagnostics += item.diagnostics
                if let id, let ja, let en {
                    terms.append(VocabularyTerm(id: id, ja: ja, en: en, description: description, aliases: aliases, attributes: attributes))
                }
            }
            if kind == .prefectures {
                diagnostics += terms.filter { $0.attributes["code"] == nil }.map {
                    .error(at: SourceLocation(file: displayPath), "prefecture '\($0.id)' has no JIS 'code'", hint: "add code: \"07\" style codes (JIS X 0401)")
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
            node = try Yams.compose(yaml: source.text).map(YAMLNode.init)
        } catch let error as YamlError {
            throw DiagnosticsError([YAMLMapping.diagnostic(for: error, source: source, lineOffset: 0)])
        } catch {
            throw DiagnosticsError([.error(at: source.location(line: 1), "invalid YAML: \(error)")])
        }
        guard let node else { return [] }
        guard let items = node.sequence else {
            throw DiagnosticsError([.error(at: YAMLMapping.location(of: node, source: source, lineOffset: 0),
                                           "expected a list of entries ('- id: …'), found \(YAMLMapping.describe(node))")])
        }
        var result: [YAMLMapping] = []
        var problems: [Diagnostic] = []
        for (index, item) in items.enumerated() {
            let location = YAMLMapping.location(of: item, source: source, lineOffset: 0)
            guard let mapping = item.mapping else {
                problems.append(.error(at: location, "entry \(index + 1) must be a mapping with id, ja and en, found \(YAMLMapping.describe(item))"))
                continue
            }
            result.append(YAMLMapping(mapping: mapping, source: source, lineOffset: 0, path: "", location: location))
        }
        if !problems.isEmpty { throw DiagnosticsError(problems) }
        return result
    }
}
