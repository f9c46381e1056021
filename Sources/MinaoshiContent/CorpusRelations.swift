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
    ///
    /// Scores come from the term indexes (shared regulation 4, technology 2, category 1), so only
    /// documents that share something are visited, not every pair of the corpus.
    public func related(to document: Document, limit: Int = 5) -> [Document] {
        var scores: [String: Int] = [:]
        for regulation in document.kind.caseStudy?.regulations ?? [] {
            for id in relations.caseIDs(implementing: regulation) { scores[id, default: 0] += 4 }
        }
        for (kind, weight) in [(VocabularyKind.technologies, 2), (.categories, 1)] {
            for term in document.kind.terms(of: kind) {
                for id in relations.documentIDs(filedUnder: kind, term: term) { scores[id, default: 0] += weight }
            }
        }
        scores[document.id] = nil
        for direct in cases(implementing: document) + regulations(implementedBy: document) { scores[direct.id] = nil }
        let ranked = scores.filter { $0.value >= 2 }.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }
        return ranked.prefix(limit).compactMap { self.document(id: $0.key) }
    }
}
