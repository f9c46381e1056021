import MinaoshiContent

/// The lists pages show, each sorted once per build: a section's documents and a vocabulary
/// term's documents, newest first. Every page of a paginated list slices these instead of
/// filtering and sorting the corpus again.
struct SiteLists: Sendable {
    /// Content section folders in display order.
    let sections: [String]
    /// Corpus indices, newest first, by section folder.
    private let bySection: [String: [Int]]
    /// Corpus indices, newest first, by vocabulary and term id.
    private let byTerm: [VocabularyKind: [String: [Int]]]
    /// Regulation reviews and case studies, newest first: the home page's channel (`/feed.json`).
    let channelDocuments: [Int]
    /// How many regulation reviews and case studies each term lists, counted once.
    private let termCounts: [VocabularyKind: [String: (regulations: Int, cases: Int)]]

    init(corpus: Corpus) {
        let rank = corpus.newestFirstRank
        func sorted(_ indices: [Int]) -> [Int] { indices.sorted { rank[$0] < rank[$1] } }
        var sections: [String: [Int]] = [:]
        for (index, document) in corpus.documents.enumerated() { sections[document.section, default: []].append(index) }
        bySection = sections.mapValues(sorted)
        self.sections = SectionCatalog.ordered(sections.keys.filter { !$0.isEmpty })
        var terms: [VocabularyKind: [String: [Int]]] = [:]
        for kind in VocabularyKind.allCases {
            for term in corpus.vocabularies[kind].terms {
                let indices = corpus.relations.documentIDs(filedUnder: kind, term: term.id).compactMap {
                    corpus.index(of: $0)
                }
                if !indices.isEmpty { terms[kind, default: [:]][term.id] = sorted(indices) }
            }
        }
        byTerm = terms
        channelDocuments = sorted(
            corpus.documents.indices.filter {
                switch corpus.documents[$0].kind {
                case .regulation, .caseStudy: true
                case .page, .other: false
                }
            })
        termCounts = terms.mapValues { lists in
            lists.mapValues { indices in
                indices.reduce(into: (regulations: 0, cases: 0)) { counts, index in
                    switch corpus.documents[index].kind {
                    case .regulation: counts.regulations += 1
                    case .caseStudy: counts.cases += 1
                    case .page, .other: break
                    }
                }
            }
        }
    }

    func counts(filedUnder kind: VocabularyKind, term: String) -> (regulations: Int, cases: Int) {
        termCounts[kind]?[term] ?? (0, 0)
    }

    func documents(in section: String) -> [Int] { bySection[section] ?? [] }

    func documents(filedUnder kind: VocabularyKind, term: String) -> [Int] { byTerm[kind]?[term] ?? [] }
}
