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
/// are a struct, read through it (`review.law`), so that equality and hashing are the compiler's
/// and take in every field added.
@dynamicMemberLookup
public final class RegulationReview: Sendable, Hashable {
    public struct Fields: Sendable, Hashable {
        /// 法令名.
        public var law: String
        /// 条項, when known.
        public var article: String?
        /// Id in the ministries vocabulary; empty when the sources do not name one.
        public var ministry: String
        public var categories: [String]
        /// `not-started`, `in-review`, `reviewed` or `amended`.
        public var status: String
        public var phase: Phase?
        public var before: String
        public var after: String
        public var technologies: [String]
    }

    public let fields: Fields

    public init(law: String, article: String?, ministry: String, categories: [String],
                status: String, phase: Phase?, before: String, after: String, technologies: [String]) {
        fields = Fields(law: law, article: article, ministry: ministry, categories: categories, status: status,
                        phase: phase, before: before, after: after, technologies: technologies)
    }

    @inlinable public subscript<Value>(dynamicMember field: KeyPath<Fields, Value>) -> Value { fields[keyPath: field] }

    public static func == (lhs: RegulationReview, rhs: RegulationReview) -> Bool { lhs === rhs || lhs.fields == rhs.fields }

    public func hash(into hasher: inout Hasher) { hasher.combine(fields) }
}

/// A case study: how a municipality or company replaced an analog method (a class with its
/// fields in a struct, as above).
@dynamicMemberLookup
public final class CaseStudy: Sendable, Hashable {
    public struct Fields: Sendable, Hashable {
        public var organizations: [String]
        public var municipalities: [String]
        public var prefectures: [String]
        public var ministry: String?
        public var categories: [String]
        /// Ids of the regulation reviews this case implements.
        public var regulations: [String]
        public var technologies: [String]
        public var outcomes: [Outcome]
    }

    public let fields: Fields

    public init(organizations: [String], municipalities: [String], prefectures: [String], ministry: String?,
                categories: [String], regulations: [String], technologies: [String], outcomes: [Outcome]) {
        fields = Fields(organizations: organizations, municipalities: municipalities, prefectures: prefectures, ministry: ministry,
                        categories: categories, regulations: regulations, technologies: technologies, outcomes: outcomes)
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
        switch (self, kind) {
        case (.regulation(let r), .ministries): r.ministry.isEmpty ? [] : [r.ministry]
        case (.regulation(let r), .categories): r.categories
        case (.regulation(let r), .technologies): r.technologies
        case (.regulation(let r), .statuses): [r.status]
        case (.caseStudy(let c), .ministries): c.ministry.map { [$0] } ?? []
        case (.caseStudy(let c), .categories): c.categories
        case (.caseStudy(let c), .technologies): c.technologies
        case (.caseStudy(let c), .prefectures): c.prefectures
        default: []
        }
    }
}
