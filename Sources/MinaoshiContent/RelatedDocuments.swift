import MinaoshiSupport

/// For every document, the few others that share the most with it: implemented regulations
/// (weight 4), technologies (2) and categories (1). Computed once per build.
///
/// A document is compared only with a bounded set of candidates, never with every document of a
/// shared term: a term filed on at most `fullScanLimit` documents contributes all of them; a
/// larger one (a category with thousands of reviews) contributes the `neighbourWindow` documents
/// on either side of this one in the term's newest-first list, its neighbours in time. Each
/// candidate is then scored on everything it shares, so the work per document is bounded
/// whatever the corpus size. Below the limit the result is exact.
public struct RelatedDocuments: Sendable {
    public static let defaultLimit = 5
    public static let fullScanLimit = 128
    public static let neighbourWindow = 12
    /// A candidate must share at least a technology, or two categories.
    static let minimumScore = 2

    /// Corpus indices of the related documents, by the document's corpus index.
    private let related: [[Int]]
    /// The largest candidate set any document was scored against (for tests and profiling).
    public let largestCandidateSet: Int

    public init(corpus: Corpus, limit: Int = Self.defaultLimit) {
        let documents = corpus.documents
        let (features, weights) = Self.features(of: documents)
        let (postings, positions) = Self.postings(features, featureCount: weights.count, order: corpus.newestFirstRank)
        let direct: [Set<Int>] = documents.map { document in
            Set((corpus.cases(implementing: document) + corpus.regulations(implementedBy: document)).compactMap { corpus.index(of: $0.id) })
        }
        let results = ParallelMap.map(Array(documents.indices)) { index -> ([Int], Int) in
            var candidates: [Int] = []
            for id in features[index] {
                let posting = postings[id]
                if posting.count <= Self.fullScanLimit {
                    candidates += posting
                } else if let position = positions[id][index] {
                    let low = max(0, position - Self.neighbourWindow), high = min(posting.count - 1, position + Self.neighbourWindow)
                    candidates += posting[low...high]
                }
            }
            candidates.sort()
            var scored: [(index: Int, score: Int)] = []
            var previous = -1
            for candidate in candidates where candidate != previous {
                previous = candidate
                guard candidate != index, !direct[index].contains(candidate) else { continue }
                let score = Self.sharedWeight(features[index], features[candidate], weights)
                if score >= Self.minimumScore { scored.append((candidate, score)) }
            }
            // Most shared first; ties by corpus order, which is id order.
            scored.sort { $0.score != $1.score ? $0.score > $1.score : $0.index < $1.index }
            return (scored.prefix(limit).map(\.index), candidates.count)
        }
        related = results.map(\.0)
        largestCandidateSet = results.map(\.1).max() ?? 0
    }

    /// Each document's features, sorted feature ids (one per implemented regulation, technology
    /// and category), and the weight of each feature.
    private static func features(of documents: [Document]) -> (features: [[Int]], weights: [Int]) {
        var featureIDs: [String: Int] = [:]
        var weights: [Int] = []
        func feature(_ key: String, weight: Int) -> Int {
            if let id = featureIDs[key] { return id }
            featureIDs[key] = weights.count
            weights.append(weight)
            return weights.count - 1
        }
        var features: [[Int]] = []
        features.reserveCapacity(documents.count)
        for document in documents {
            var own: [Int] = []
            for regulation in document.kind.caseStudy?.regulations ?? [] { own.append(feature("r\u{0}" + regulation, weight: 4)) }
            for term in document.kind.terms(of: .technologies) { own.append(feature("t\u{0}" + term, weight: 2)) }
            for term in document.kind.terms(of: .categories) { own.append(feature("c\u{0}" + term, weight: 1)) }
            features.append(Array(Set(own)).sorted())
        }
        return (features, weights)
    }

    /// Each feature's documents in `order` (newest first), and, for features too large to scan
    /// whole, each document's place in them.
    private static func postings(_ features: [[Int]], featureCount: Int, order: [Int]) -> (postings: [[Int]], positions: [[Int: Int]]) {
        var postings = [[Int]](repeating: [], count: featureCount)
        for (index, own) in features.enumerated() { for id in own { postings[id].append(index) } }
        for id in postings.indices { postings[id].sort { order[$0] < order[$1] } }
        var positions = [[Int: Int]](repeating: [:], count: featureCount)
        for id in postings.indices where postings[id].count > Self.fullScanLimit {
            positions[id] = Dictionary(uniqueKeysWithValues: postings[id].enumerated().map { ($1, $0) })
        }
        return (postings, positions)
    }

    /// The related documents of `document`, most shared first.
    public func related(to document: Document, in corpus: Corpus) -> [Document] {
        relatedIndices(to: document, in: corpus).map { corpus.documents[$0] }
    }

    /// The corpus indices of `document`'s related documents, most shared first.
    public func relatedIndices(to document: Document, in corpus: Corpus) -> [Int] {
        guard let index = corpus.index(of: document.id) else { return [] }
        return related[index]
    }

    /// Sum of the weights of the features two sorted lists share.
    private static func sharedWeight(_ a: [Int], _ b: [Int], _ weights: [Int]) -> Int {
        var i = 0, j = 0, total = 0
        while i < a.count, j < b.count {
            if a[i] == b[j] {
                total += weights[a[i]]
                i += 1
                j += 1
            } else if a[i] < b[j] {
                i += 1
            } else {
                j += 1
            }
        }
        return total
    }
}
