import MinaoshiContent

/// What the index knows of one document: its text by field, its facet values and what a result shows.
public struct SearchDocument: Sendable {
    public var title: String
    /// Site path without the base path: `/regulations/road-bridge-inspection/`.
    public var path: String
    public var summary: String
    /// One line under the title: the type, then the ministry, status and categories.
    public var meta: String
    /// Law, article, vocabulary labels, organisations, municipalities: one line each.
    public var labels: [String]
    public var body: String
    /// Facet key → value ids, in ``SearchFacets/keys`` order of keys.
    public var facets: [String: [String]]

    public init(title: String, path: String, summary: String, meta: String, labels: [String], body: String, facets: [String: [String]]) {
        self.title = title
        self.path = path
        self.summary = summary
        self.meta = meta
        self.labels = labels
        self.body = body
        self.facets = facets
    }

    /// The search view of `document`; `typeLabel` names its section as readers see it (規制の見直し).
    public init(_ document: Document, vocabularies: Vocabularies, typeLabel: String) {
        var labels: [String] = []
        var facets: [String: [String]] = ["type": [document.section]]
        var meta = [typeLabel]
        for kind in [VocabularyKind.ministries, .statuses, .categories, .technologies, .prefectures] {
            let ids = document.kind.terms(of: kind)
            guard !ids.isEmpty else { continue }
            // One vocabulary per kind, not one copy per id; no array per term (every document, every build).
            let vocabulary = vocabularies[kind]
            var termIDs: [String] = [], names: [String] = []
            termIDs.reserveCapacity(ids.count)
            names.reserveCapacity(ids.count)
            for id in ids {
                guard let term = vocabulary.term(id) else { continue }
                termIDs.append(term.id)
                names.append(term.ja)
                labels.append(term.ja)
                labels.append(term.en)
            }
            facets[SearchFacets.key(for: kind)] = termIDs
            if kind != .technologies, kind != .prefectures { meta.append(names.joined(separator: "・")) }
        }
        switch document.kind {
        case .regulation(let regulation):
            labels = [regulation.law] + (regulation.article.map { [$0] } ?? []) + labels
        case .caseStudy(let caseStudy):
            labels += caseStudy.organizations + caseStudy.municipalities
            if !caseStudy.municipalities.isEmpty { meta.append(caseStudy.municipalities.joined(separator: "・")) }
        case .page, .other:
            break
        }
        self.init(title: document.title, path: document.path, summary: document.body.summary,
                  meta: meta.filter { !$0.isEmpty }.joined(separator: " ／ "), labels: labels, body: document.plainText, facets: facets)
    }
}

/// The facets a search can filter by, in display order, with their labels.
public enum SearchFacets {
    public static let keys: [(key: String, label: String)] = [
        ("type", "種類"), ("category", "分類"), ("ministry", "府省庁"), ("status", "状況"), ("technology", "技術"), ("prefecture", "都道府県"),
    ]

    static func key(for kind: VocabularyKind) -> String {
        switch kind {
        case .ministries: "ministry"
        case .categories: "category"
        case .technologies: "technology"
        case .prefectures: "prefecture"
        case .statuses: "status"
        }
    }

    static func vocabulary(for key: String) -> VocabularyKind? {
        VocabularyKind.allCases.first { Self.key(for: $0) == key }
    }
}
