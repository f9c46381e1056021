/// The links the knowledge base derives from front matter, both ways: regulation ↔ cases,
/// vocabulary term → documents, and documents related by what they share.
public struct CorpusRelations: Sendable {
    /// Regulation slug → ids of the cases that implement it.
    private var casesByRegulation: [String: [String]] = [:]
    /// Vocabulary kind and term id → ids of the documents filed under it.
    private var documentsByTerm: [VocabularyKind: [String: [String]]] = [:]

    init(documents: [Document]) {
        for document in documents {
            if let caseStudy = document.kind.caseStudy {
                for regulation in caseStudy.regulations { casesByRegulation[regulation, default: []].append(document.id) }
            }
            for kind in VocabularyKind.allCases {
                for term in document.kind.terms(of: kind) { documentsByTerm[kind, default: [:]][term, default: []].append(document.id) }
            }
        }
    }

    func caseIDs(implementing regulationSlug: String) -> [String] { casesByRegulation[regulationSlug] ?? [] }

    func documentIDs(filedUnder kind: VocabularyKind, term: String) -> [String] { documentsByTerm[kind]?[term] ?? [] }
}

extension Corpus {
    /// The case studies that implement a regulation review, in id order.
    public func cases(implementing regulation: Document) -> [Document] {
        relations.caseIDs(implementing: regulation.slug).compactMap(document(id:))
    }

    /// The published regulation reviews a case study implements, in the order the case lists them.
    public func regulations(implementedBy caseDocument: Document) -> [Document] {
        (caseDocument.kind.caseStudy?.regulations ?? []).compactMap { document(id: "\(DocumentKind.regulationSection)/\($0)") }
    }

    /// Documents filed under a vocabulary term, in id order.
    public func documents(filedUnder kind: VocabularyKind, term: String) -> [Document] {
        relations.documentIDs(filedUnder: kind, term: term).compactMap(document(id:))
    }

    /// Other documents that share regulations, technologies or categories with `document`,
    /// most shared first, at most `limit`. Direct regulation ↔ case links are not repeated here.
    public func related(to document: Document, limit: Int = 5) -> [Document] {
        let direct = Set((cases(implementing: document) + regulations(implementedBy: document)).map(\.id))
        let ownRegulations = Set(document.kind.caseStudy?.regulations ?? [])
        let ownTechnologies = Set(document.kind.terms(of: .technologies))
        let ownCategories = Set(document.kind.terms(of: .categories))
        var scored: [(Document, Int)] = []
        for other in documents where other.id != document.id && !direct.contains(other.id) {
            let sharedRegulations = ownRegulations.intersection(other.kind.caseStudy?.regulations ?? []).count
            let sharedTechnologies = ownTechnologies.intersection(other.kind.terms(of: .technologies)).count
            let sharedCategories = ownCategories.intersection(other.kind.terms(of: .categories)).count
            let score = sharedRegulations * 4 + sharedTechnologies * 2 + sharedCategories
            if score >= 2 { scored.append((other, score)) }
        }
        return scored.sorted { $0.1 != $1.1 ? $0.1 > $1.1 : $0.0.id < $1.0.id }.prefix(limit).map(\.0)
    }
}
