import Foundation
import MinaoshiSupport

/// One entry of a controlled vocabulary: a ministry, an analog category, a technology, a
/// prefecture or a review status.
public final class VocabularyTerm: Sendable, Hashable {
    public let id: String
    /// The Japanese name shown on pages.
    public let ja: String
    public let en: String
    public let description: String?
    /// Other ids that mean the same entry (`mic` for `soumu`).
    public let aliases: [String]
    /// Extra fields of this vocabulary: `code` and `region` for prefectures, `parent` for agencies.
    public let attributes: [String: String]

    public init(id: String, ja: String, en: String, description: String?, aliases: [String], attributes: [String: String]) {
        self.id = id
        self.ja = ja
        self.en = en
        self.description = description
        self.aliases = aliases
        self.attributes = attributes
    }

    public static func == (lhs: VocabularyTerm, rhs: VocabularyTerm) -> Bool {
        lhs === rhs || (lhs.id == rhs.id && lhs.ja == rhs.ja && lhs.en == rhs.en && lhs.description == rhs.description
            && lhs.aliases == rhs.aliases && lhs.attributes == rhs.attributes)
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(id)
        hasher.combine(ja)
        hasher.combine(en)
        hasher.combine(description)
        hasher.combine(aliases)
        hasher.combine(attributes)
    }
}

/// A controlled vocabulary from `content/_data/<name>.yml`, in file order.
public struct Vocabulary: Sendable {
    /// What the vocabulary names, as used in front matter (`categories`) and messages.
    public var kind: VocabularyKind
    public var terms: [VocabularyTerm]
    private var index: [String: Int]

    public init(kind: VocabularyKind, terms: [VocabularyTerm]) {
        self.kind = kind
        self.terms = terms
        var index: [String: Int] = [:]
        for (position, term) in terms.enumerated() {
            if index[term.id] == nil { index[term.id] = position }
        }
        for (position, term) in terms.enumerated() {
            for alias in term.aliases where index[alias] == nil { index[alias] = position }
        }
        self.index = index
    }

    /// The term with `id`, or with `id` as an alias.
    public func term(_ id: String) -> VocabularyTerm? {
        index[id].map { terms[$0] }
    }

    /// The term whose Japanese or English name is `name` (for imports that give names, not ids).
    public func term(named name: String) -> VocabularyTerm? {
        let wanted = name.nfkc.trimmingCharacters(in: .whitespaces)
        return terms.first { $0.ja.nfkc == wanted || $0.en.lowercased() == wanted.lowercased() || $0.id == wanted }
    }

    public var ids: [String] { terms.map(\.id) }

    /// The diagnostic for an id that is not in the vocabulary, with the likeliest intended id.
    public func unknownIDDiagnostic(_ id: String, at location: SourceLocation, field: String) -> Diagnostic {
        let byName = term(named: id).map { "'\(id)' is the name of '\($0.id)'; write the id" }
        let suggestion = closestMatch(to: id, in: ids).map { "did you mean '\($0)'?" }
        let listed = ids.count <= 12 ? "expected one of \(ids.joined(separator: ", "))" : "the ids are listed in content/_data/\(kind.fileName)"
        return .error(at: location, "unknown \(kind.singular) '\(id)' in '\(field)'", hint: byName ?? suggestion ?? listed)
    }
}

/// The vocabularies a site has, each in its own data file.
public enum VocabularyKind: String, Sendable, CaseIterable, Hashable {
    case ministries, categories, technologies, prefectures, statuses

    public var fileName: String { "\(rawValue).yml" }

    /// `category`, for messages.
    public var singular: String {
        switch self {
        case .ministries: "ministry"
        case .categories: "category"
        case .technologies: "technology"
        case .prefectures: "prefecture"
        case .statuses: "status"
        }
    }

    /// The Japanese heading of the vocabulary's pages.
    public var japaneseTitle: String {
        switch self {
        case .ministries: "府省庁"
        case .categories: "アナログ規制の類型"
        case .technologies: "技術"
        case .prefectures: "都道府県"
        case .statuses: "見直しの状況"
        }
    }
}
