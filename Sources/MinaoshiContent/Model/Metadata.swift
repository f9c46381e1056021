import MinaoshiSupport

/// Where a document's statements come from, so readers can check them.
public struct Source: Sendable, Hashable {
    public var title: String
    public var url: String
}

/// One entry of a page's change history (GOV.UK style: a note means a major change).
public struct Change: Sendable, Hashable {
    public var date: CalendarDate
    public var note: String
}

/// A measured result of a case, e.g. 現地確認業務の人員 / 約85%削減 / 令和7年度.
public struct Outcome: Sendable, Hashable {
    public var label: String
    public var value: String
    public var period: String?
}

/// How far a provision's method was digitised, PHASE 1 (a person on site) to 3 (most digital).
public struct Phase: Sendable, Hashable {
    public var before: Int
    public var after: Int
}

/// A regulation review: what a provision required and what may replace it now. A class: every
/// page, feed, list and index reads it, and a copy of nine fields cost a retain each. Its fields
/// are a struct, read through it (`review.article`), so that equality and hashing are the compiler's
/// and take in every field added.
@dynamicMemberLookup
public final class RegulationReview: Sendable, Hashable {
    public struct Fields: Sendable, Hashable {
        /// 条項, when known.
        public var article: String?
        /// The ids of its vocabulary fields (``DocumentKind/regulationFields``).
        public var terms: FiledTerms
        public var phase: Phase?
        public var before: String
        public var after: String

        /// Id in the ministries vocabulary; empty when the sources do not name one.
        public var ministry: String { terms[.ministries].first ?? "" }
        public var categories: [String] { terms[.categories] }
        /// `not-started`, `in-review`, `reviewed` or `amended`.
        public var status: String { terms[.statuses].first ?? "" }
        public var technologies: [String] { terms[.technologies] }
        /// Ids in the laws vocabulary: the laws, orders, ordinances or guidelines reviewed.
        public var laws: [String] { terms[.laws] }
    }

    public let fields: Fields

    public init(article: String?, terms: FiledTerms, phase: Phase?, before: String, after: String) {
        fields = Fields(article: article, terms: terms, phase: phase, before: before, after: after)
    }

    @inlinable public subscript<Value>(dynamicMember field: KeyPath<Fields, Value>) -> Value { fields[keyPath: field] }

    public static func == (lhs: RegulationReview, rhs: RegulationReview) -> Bool {
        lhs === rhs || lhs.fields == rhs.fields
    }

    public func hash(into hasher: inout Hasher) { hasher.combine(fields) }
}

/// A case study: how a municipality or company replaced an analog method (a class with its
/// fields in a struct, as above).
@dynamicMemberLookup
public final class CaseStudy: Sendable, Hashable {
    public struct Fields: Sendable, Hashable {
        public var organizations: [String]
        public var municipalities: [String]
        /// The ids of its vocabulary fields (``DocumentKind/caseFields``).
        public var terms: FiledTerms
        /// Ids of the regulation reviews this case implements.
        public var regulations: [String]
        public var outcomes: [Outcome]

        public var prefectures: [String] { terms[.prefectures] }
        public var ministry: String? { terms[.ministries].first }
        public var categories: [String] { terms[.categories] }
        public var technologies: [String] { terms[.technologies] }
    }

    public let fields: Fields

    public init(
        organizations: [String], municipalities: [String], terms: FiledTerms, regulations: [String], outcomes: [Outcome]
    ) {
        fields = Fields(
            organizations: organizations, municipalities: municipalities, terms: terms, regulations: regulations,
            outcomes: outcomes)
    }

    @inlinable public subscript<Value>(dynamicMember field: KeyPath<Fields, Value>) -> Value { fields[keyPath: field] }

    public static func == (lhs: CaseStudy, rhs: CaseStudy) -> Bool { lhs === rhs || lhs.fields == rhs.fields }

    public func hash(into hasher: inout Hasher) { hasher.combine(fields) }
}

/// What a document is, by the section it lives in.
public enum DocumentKind: Sendable, Hashable {
    case regulation(RegulationReview)
    case caseStudy(CaseStudy)
    /// About, contributing, accessibility: title and body only.
    case page
    /// A document in a section this model does not know; read with the common fields only.
    case other

    public static let regulationSection = "regulations"
    public static let caseSection = "cases"
    public static let pageSection = "pages"

    public var regulation: RegulationReview? {
        if case .regulation(let value) = self { return value }
        return nil
    }

    public var caseStudy: CaseStudy? {
        if case .caseStudy(let value) = self { return value }
        return nil
    }

    /// The vocabulary ids this document is filed under.
    public func terms(of kind: VocabularyKind) -> [String] {
        switch self {
        case .regulation(let regulation): regulation.terms[kind]
        case .caseStudy(let caseStudy): caseStudy.terms[kind]
        case .page, .other: []
        }
    }

    /// The front-matter fields every regulation review and case study has, in order; `id` and
    /// `title` come first in a file, the rest after the kind's own fields (``DocumentSkeleton``);
    /// their wording is ``commonWording``.
    public static let commonFields: [DocumentField] = [
        .plain("id", .identifier), .plain("title", .line), .plain("date", .date), .plain("updated", .date),
        .plain("draft", .flag), .plain("changes", .changes), .plain("sources", .sources)
    ]

    /// The front-matter fields of a regulation review after the common ones, in order: what the
    /// loader accepts and reads (its vocabulary fields generically, from these declarations), what
    /// `minaoshi new` writes, what a page shows as facts and what the editor of `minaoshi serve`
    /// shows, each with the input its ``FieldInput`` names; their wording is ``regulationWording``.
    public static let regulationFields: [DocumentField] = [
        .vocabulary(VocabularyField("laws", .laws, isList: true, presence: .required)),
        .plain("article", .line),
        .vocabulary(
            VocabularyField(
                "ministry", .ministries, isList: false,
                presence: .expected(
                    hint: "add ministry: <id from content/_data/ministries.yml> once the ministry in charge is known"))),
        .vocabulary(VocabularyField("categories", .categories, isList: true, presence: .required)),
        .vocabulary(VocabularyField("status", .statuses, isList: false, presence: .required)),
        .plain("phase", .phase), .plain("before", .paragraph), .plain("after", .paragraph),
        .vocabulary(VocabularyField("technologies", .technologies, isList: true, presence: .optional))
    ]

    /// The front-matter fields of a case study after the common ones, in order (as above); their
    /// wording is ``caseWording``.
    public static let caseFields: [DocumentField] = [
        .plain("organizations", .lines), .plain("municipalities", .lines),
        .vocabulary(VocabularyField("prefectures", .prefectures, isList: true, presence: .optional)),
        // Sources do not always name a ministry for a case, and nothing asks for one.
        .vocabulary(VocabularyField("ministry", .ministries, isList: false, presence: .optional)),
        .vocabulary(VocabularyField("categories", .categories, isList: true, presence: .required)),
        .plain("regulations", .documents(section: regulationSection)),
        .vocabulary(VocabularyField("technologies", .technologies, isList: true, presence: .optional)),
        .plain("outcomes", .outcomes)
    ]
}

/// A front-matter field of a kind of document.
public enum DocumentField: Sendable {
    /// A field its kind's reader reads itself (text, numbers, nested mappings), with the shape of
    /// its value (its words are in ``FieldWording``).
    case plain(String, FieldInput)
    /// A field whose values are ids of a vocabulary, read and checked from its declaration.
    case vocabulary(VocabularyField)

    /// The front-matter key.
    public var key: String {
        switch self {
        case .plain(let key, _): key
        case .vocabulary(let field): field.key
        }
    }
}

/// The shape of a plain field's value, as a form asks for it.
public enum FieldInput: Sendable, Equatable {
    /// A document id (`[a-z0-9-]`), chosen once.
    case identifier
    /// One line of text.
    case line
    /// A sentence or two, written on one line.
    case paragraph
    /// A list of texts, one per line in a form.
    case lines
    /// `YYYY-MM-DD`.
    case date
    /// `true` or absent.
    case flag
    /// Ids of documents of a section.
    case documents(section: String)
    /// `{before: 1-3, after: 1-3}`.
    case phase
    /// Rows of label, value and period.
    case outcomes
    /// Rows of title and URL.
    case sources
    /// Rows of date and note.
    case changes
}

/// A front-matter field whose values are ids of one vocabulary (or its aliases), declared once
/// per kind of document: the loader reads and checks it from this, and the document is filed
/// under its terms (``DocumentKind/terms(of:)``).
public struct VocabularyField: Sendable {
    public enum Presence: Sendable, Equatable {
        /// An error when missing; a list needs at least one id.
        case required
        case optional
        /// A warning with this hint when missing.
        case expected(hint: String)
    }

    /// The front-matter key (`categories`).
    public let key: String
    public let kind: VocabularyKind
    /// A list of ids (`categories: [a, b]`) or one (`status: reviewed`).
    public let isList: Bool
    public let presence: Presence

    public init(_ key: String, _ kind: VocabularyKind, isList: Bool, presence: Presence) {
        self.key = key
        self.kind = kind
        self.isList = isList
        self.presence = presence
    }
}

/// The vocabulary ids a document is filed under, one list per kind, each without repeats and
/// with aliases resolved to the term's id.
public struct FiledTerms: Sendable, Hashable {
    private var lists = [[String]](repeating: [], count: VocabularyKind.allCases.count)

    public init() {}

    public subscript(kind: VocabularyKind) -> [String] {
        get { lists[kind.position] }
        set { lists[kind.position] = newValue }
    }
}

extension VocabularyKind {
    /// `allCases` made once: the synthesised property makes its array at each call.
    private static let ordered = allCases

    /// Its place in `allCases`.
    var position: Int { Self.ordered.firstIndex(of: self)! }
}
