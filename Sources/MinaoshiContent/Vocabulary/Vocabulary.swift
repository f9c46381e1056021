import Foundation
import MinaoshiSupport

/// One entry of a controlled vocabulary: a ministry, an analog category, a technology, a
/// prefecture, a review status or a law.
public final class VocabularyTerm: Sendable, Hashable {
    public let id: String
    /// The Japanese name shown on pages.
    public let ja: String
    public let en: String
    public let description: String?
    /// Other ids that mean the same entry (`mic` for `soumu`).
    public let aliases: [String]
    /// Extra fields of this vocabulary: `code` and `region` for prefectures, `parent` for agencies,
    /// `abbreviation`, `law_number`, `egov_id` and `egov_id_source` for laws.
    public let attributes: [String: String]

    public init(
        id: String, ja: String, en: String, description: String?, aliases: [String], attributes: [String: String]
    ) {
        self.id = id
        self.ja = ja
        self.en = en
        self.description = description
        self.aliases = aliases
        self.attributes = attributes
    }

    public static func == (lhs: VocabularyTerm, rhs: VocabularyTerm) -> Bool {
        lhs === rhs
            || (lhs.id == rhs.id && lhs.ja == rhs.ja && lhs.en == rhs.en && lhs.description == rhs.description
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
public struct Vocabulary: Sendable, Equatable {
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

    /// The term whose Japanese or English name or abbreviation (略称) is `name` (for imports that
    /// give names, not ids).
    public func term(named name: String) -> VocabularyTerm? {
        let wanted = name.nfkc.trimmingCharacters(in: .whitespaces)
        return terms.first {
            $0.ja.nfkc == wanted || $0.en.lowercased() == wanted.lowercased() || $0.id == wanted
                || $0.attributes["abbreviation"]?.nfkc == wanted
        }
    }

    public var ids: [String] { terms.map(\.id) }

    /// The diagnostic for an id that is not in the vocabulary, with the likeliest intended id.
    public func unknownIDDiagnostic(_ id: String, at location: SourceLocation, field: String) -> Diagnostic {
        let byName = term(named: id).map { "'\(id)' is the name of '\($0.id)'; write the id" }
        let suggestion = closestMatch(to: id, in: ids).map { "did you mean '\($0)'?" }
        let listed =
            ids.count <= 12
            ? "expected one of \(ids.joined(separator: ", "))" : "the ids are listed in content/_data/\(kind.fileName)"
        return .error(
            at: location, "unknown \(kind.singular) '\(id)' in '\(field)'", hint: byName ?? suggestion ?? listed)
    }
}

/// The vocabularies a site has, each in its own data file (`content/_data/<rawValue>.yml`).
/// Everything the site does with a vocabulary follows from its ``declaration``: adding a case is
/// one entry there, and the compiler asks for it.
public enum VocabularyKind: String, Sendable, CaseIterable, Hashable {
    case ministries, categories, technologies, prefectures, statuses, laws

    /// What the site derives from a vocabulary, declared once per kind.
    public struct Declaration: Sendable {
        /// `category`: the search facet key, the `minaoshi search --filter` key and the word in messages.
        public let singular: String
        /// The heading of the vocabulary's pages (アナログ規制の類型).
        public let japaneseTitle: String
        /// The facet's label on the search page (分類).
        public let facetLabel: String
        /// Where the kind stands in each list of vocabularies the site shows.
        public let order: Order
    }

    /// A kind's position in each list of vocabularies (lower first); `nil` leaves it out of that list.
    public struct Order: Sendable {
        /// A search result's labels and meta line, and the order the index reads the kinds.
        public let search: Int
        /// Whether the names of its terms are in a search result's meta line (the type, ministry, …).
        public let inSearchMeta: Bool
        /// The search page's facets (after the type); `nil` keeps the kind out of them. Every facet
        /// key adds its values to the manifest (which the search page loads on opening) and a file
        /// to the facet table (which a query reads for its counts, after its results, or for a
        /// filter on the key).
        public let facets: Int?
        /// A feed item's tags and Atom categories.
        public let tags: Int
        /// Term pages, index pages and the feeds page's groups.
        public let pages: Int
        /// The site navigation.
        public let navigation: Int?
        /// The home page's "…から探す" boxes after the categories, which lead the page (its front door).
        public let home: Int?
    }

    public var declaration: Declaration {
        switch self {
        case .ministries:
            Declaration(
                singular: "ministry", japaneseTitle: "府省庁", facetLabel: "府省庁",
                order: Order(search: 0, inSearchMeta: true, facets: 1, tags: 0, pages: 2, navigation: 2, home: 0))
        case .categories:
            Declaration(
                singular: "category", japaneseTitle: "アナログ規制の類型", facetLabel: "分類",
                order: Order(search: 2, inSearchMeta: true, facets: 0, tags: 1, pages: 0, navigation: 0, home: nil))
        case .technologies:
            Declaration(
                singular: "technology", japaneseTitle: "技術", facetLabel: "技術",
                order: Order(search: 3, inSearchMeta: false, facets: 3, tags: 3, pages: 1, navigation: 1, home: nil))
        case .prefectures:
            Declaration(
                singular: "prefecture", japaneseTitle: "都道府県", facetLabel: "都道府県",
                order: Order(search: 4, inSearchMeta: false, facets: 4, tags: 4, pages: 3, navigation: 3, home: 1))
        case .statuses:
            Declaration(
                singular: "status", japaneseTitle: "見直しの状況", facetLabel: "状況",
                order: Order(search: 1, inSearchMeta: true, facets: 2, tags: 2, pages: 4, navigation: nil, home: nil))
        case .laws:
            Declaration(
                singular: "law", japaneseTitle: "法令", facetLabel: "法令",
                order: Order(search: 5, inSearchMeta: false, facets: 5, tags: 5, pages: 5, navigation: nil, home: 2))
        }
    }

    public var fileName: String { "\(rawValue).yml" }

    /// `category`, for messages, facets and filters.
    public var singular: String { declaration.singular }

    /// The Japanese heading of the vocabulary's pages.
    public var japaneseTitle: String { declaration.japaneseTitle }

    /// The kinds in the order `position` gives, without those it leaves out.
    public static func listed(by position: (Order) -> Int?) -> [VocabularyKind] {
        allCases.compactMap { kind in position(kind.declaration.order).map { (kind, $0) } }.sorted { $0.1 < $1.1 }.map(
            \.0)
    }

    /// Every kind, in the order of each list (``Order``).
    public static let searchOrder = listed { $0.search }
    public static let facetOrder = listed { $0.facets }
    public static let tagOrder = listed { $0.tags }
    public static let pageOrder = listed { $0.pages }
    /// The kinds in the navigation and on the home page: not every kind.
    public static let navigationOrder = listed { $0.navigation }
    public static let homeOrder = listed { $0.home }
}
