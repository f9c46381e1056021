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
/// page, feed, list and index reads it, and a copy of nine fields cost a retain each.
public final class RegulationReview: Sendable, Hashable {
    /// 法令名.
    public let law: String
    /// 条項, when known.
    public let article: String?
    /// Id in the ministries vocabulary; empty when the sources do not name one.
    public let ministry: String
    public let categories: [String]
    /// `not-started`, `in-review`, `reviewed` or `amended`.
    public let status: String
    public let phase: Phase?
    public let before: String
    public let after: String
    public let technologies: [String]

    public init(law: String, article: String?, ministry: String, categories: [String],
                status: String, phase: Phase?, before: String, after: String, technologies: [String]) {
        self.law = law
        self.article = article
        self.ministry = ministry
        self.categories = categories
        self.status = status
        self.phase = phase
        self.before = before
        self.after = after
        self.technologies = technologies
    }

    public static func == (lhs: RegulationReview, rhs: RegulationReview) -> Bool {
        lhs === rhs || (lhs.law == rhs.law && lhs.article == rhs.article && lhs.ministry == rhs.ministry
            && lhs.categories == rhs.categories && lhs.status == rhs.status && lhs.phase == rhs.phase
            && lhs.before == rhs.before && lhs.after == rhs.after && lhs.technologies == rhs.technologies)
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(law)
        hasher.combine(article)
        hasher.combine(ministry)
        hasher.combine(categories)
        hasher.combine(status)
        hasher.combine(phase)
        hasher.combine(before)
        hasher.combine(after)
        hasher.combine(technologies)
    }
}

/// A case study: how a municipality or company replaced an analog method (a class, as above).
public final class CaseStudy: Sendable, Hashable {
    public let organizations: [String]
    public let municipalities: [String]
    public let prefectures: [String]
    public let ministry: String?
    public let categories: [String]
    /// Ids of the regulation reviews this case implements.
    public let regulations: [String]
    public let technologies: [String]
    public let outcomes: [Outcome]

    public init(organizations: [String], municipalities: [String], prefectures: [String], ministry: String?,
                categories: [String], regulations: [String], technologies: [String], outcomes: [Outcome]) {
        self.organizations = organizations
        self.municipalities = municipalities
        self.prefectures = prefectures
        self.ministry = ministry
        self.categories = categories
        self.regulations = regulations
        self.technologies = technologies
        self.outcomes = outcomes
    }

    public static func == (lhs: CaseStudy, rhs: CaseStudy) -> Bool {
        lhs === rhs || (lhs.organizations == rhs.organizations && lhs.municipalities == rhs.municipalities
            && lhs.prefectures == rhs.prefectures && lhs.ministry == rhs.ministry && lhs.categories == rhs.categories
            && lhs.regulations == rhs.regulations && lhs.technologies == rhs.technologies
            && lhs.outcomes == rhs.outcomes)
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(organizations)
        hasher.combine(municipalities)
        hasher.combine(prefectures)
        hasher.combine(ministry)
        hasher.combine(categories)
        hasher.combine(regulations)
        hasher.combine(technologies)
        hasher.combine(outcomes)
    }
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
