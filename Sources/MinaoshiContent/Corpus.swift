import MinaoshiSupport

/// Every published document of a site, in a stable order (section, then id).
public struct Corpus: Sendable {
    public private(set) var documents: [Document]
    public var vocabularies: Vocabularies
    /// The review's national figures from `content/_data/progress.yml`, apart from the documents.
    public var nationalFigures: NationalFigures = .empty
    /// The latest automated accessibility result, from `content/_data/accessibility-report.json`.
    public var accessibilityReport: AccessibilityReport?
    /// Links derived from front matter, built once.
    public let relations: CorpusRelations
    private var byID: [String: Int]
    /// Each document's place in newest-first order by last major change (``Document/lastMajorChange``;
    /// undated last, ties by title then id): the order of every list and feed on the site, sorted once.
    public let newestFirstRank: [Int]

    public init(documents: [Document], vocabularies: Vocabularies = .empty) {
        self.vocabularies = vocabularies
        let sorted = documents.sorted { $0.id < $1.id }
        self.documents = sorted
        // Three serial pieces of work, side by side. Duplicate ids are reported by the loader; the
        // first one wins here.
        let (byID, (relations, ranks)) = ParallelMap.both(
            { Dictionary(sorted.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { first, _ in first }) },
            { ParallelMap.both({ CorpusRelations(documents: sorted) }, { Self.newestFirstRanks(sorted) }) })
        self.byID = byID
        self.relations = relations
        self.newestFirstRank = ranks
    }

    private static func newestFirstRanks(_ documents: [Document]) -> [Int] {
        // Worked out once, not in each of the n log n comparisons.
        let changed = documents.map(\.lastMajorChange)
        // Titles that are plainly NFC compare as bytes, in the same order: `<` on Japanese text
        // normalizes as it compares, and at 100,000 documents (a hundred a day) the ties on a day
        // made this sort grow eight times faster than the corpus.
        let titleBytes: [[UInt8]?] = documents.map { $0.title.isTriviallyNFC ? Array($0.title.utf8) : nil }
        let order = documents.indices.sorted { i, j in
            let a = documents[i], b = documents[j]
            switch (changed[i], changed[j]) {
            case (let x?, let y?) where x != y: return x > y
            case (.some, nil): return true
            case (nil, .some): return false
            default:
                if let x = titleBytes[i], let y = titleBytes[j] {
                    return x != y ? x.lexicographicallyPrecedes(y) : a.id < b.id
                }
                return (a.title, a.id) < (b.title, b.id)
            }
        }
        var ranks = [Int](repeating: 0, count: documents.count)
        for (rank, index) in order.enumerated() { ranks[index] = rank }
        return ranks
    }

    /// This corpus with the documents at some indices replaced by others of the same ids; the
    /// relations and the newest-first order stay those of the documents replaced (a reload's
    /// preview, ``CorpusLoader/reload(_:of:root:options:)``: the next whole load works them out again).
    public func replacing(_ replacements: [Int: Document]) -> Corpus {
        var replaced = self
        for (index, document) in replacements {
            precondition(documents[index].id == document.id, "a replacement keeps the id of the document it replaces")
            replaced.documents[index] = document
        }
        return replaced
    }

    public func document(id: String) -> Document? {
        byID[id].map { documents[$0] }
    }

    /// The position of a document in ``documents``.
    public func index(of id: String) -> Int? { byID[id] }

    public func documents(in section: String) -> [Document] {
        documents.filter { $0.section == section }
    }

    /// Section names in order.
    public var sections: [String] {
        Array(Set(documents.map(\.section))).sorted()
    }
}
