/// Every published document of a site, in a stable order (section, then id).
public struct Corpus: Sendable {
    public private(set) var documents: [Document]
    public var vocabularies: Vocabularies
    /// Links derived from front matter, built once.
    public let relations: CorpusRelations
    private var byID: [String: Int]

    public init(documents: [Document], vocabularies: Vocabularies = .empty) {
        self.vocabularies = vocabularies
        self.documents = documents.sorted { $0.id < $1.id }
        // Duplicate ids are reported by the loader; the first one wins here.
        self.byID = Dictionary(self.documents.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { first, _ in first })
        self.relations = CorpusRelations(documents: self.documents)
    }

    public func document(id: String) -> Document? {
        byID[id].map { documents[$0] }
    }

    public func documents(in section: String) -> [Document] {
        documents.filter { $0.section == section }
    }

    /// Section names in order.
    public var sections: [String] {
        Array(Set(documents.map(\.section))).sorted()
    }
}
