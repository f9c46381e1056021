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
                for regulation in caseStudy.regulations {
                    casesByRegulation[regulation, default: []].append(document.id)
                }
            }
            for kind in VocabularyKind.allCases {
                for term in document.kind.terms(of: kind) {
                    documentsByTerm[kind, default: [:]][term, default: []].append(document.id)
                }
            }
        }
    }

    func caseIDs(implementing regulationSlug: String) -> [String] { casesByRegulation[regulationSlug] ?? [] }

    public func documentIDs(filedUnder kind: VocabularyKind, term: String) -> [String] {
        documentsByTerm[kind]?[term] ?? []
    }
}

extension Corpus {
    /// The case studies that implement a regulation review, in id order.
    public func cases(implementing regulation: Document) -> [Document] {
        relations.caseIDs(implementing: regulation.slug).compactMap { document(id: $0) }
    }

    /// The published regulation reviews a case study implements, in the order the case lists them.
    public func regulations(implementedBy caseDocument: Document) -> [Document] {
        (caseDocument.kind.caseStudy?.regulations ?? []).compactMap {
            document(id: "\(DocumentKind.regulationSection)/\($0)")
        }
    }

    /// Documents filed under a vocabulary term, in id order.
    public func documents(filedUnder kind: VocabularyKind, term: String) -> [Document] {
        relations.documentIDs(filedUnder: kind, term: term).compactMap { document(id: $0) }
    }
}
