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
public struct RelatedDocuments: Equatable, Sendable {
    public static let defaultLimit = 5
    public static let fullScanLimit = 128
    public static let neighbourWindow = 12
    /// A candidate must share at least a technology, or two categories.
    static let minimumScore = 2

    /// Corpus indices of the related documents, by the document's corpus index.
    private let related: [[Int]]
    /// The largest candidate set any document was scored against (for tests and profiling).
    public let largestCandidateSet: Int
    /// ``inputsHash(of:limit:)`` of the corpus this was worked out for, or nil when only some
    /// documents were (``init(only:in:limit:)``): such a table is never reused.
    public let inputs: StableHash?

    /// Works out every document's related documents, or takes `previous` whole when it was worked
    /// out from the same inputs (``inputsHash(of:limit:)``): an edit to a body or a title changes
    /// none of them, and working the table out took 0.18 s of a 1.5 s rebuild at 10k after one.
    public init(corpus: Corpus, limit: Int = Self.defaultLimit, reusing previous: RelatedDocuments? = nil) {
        let inputs = Self.inputsHash(of: corpus, limit: limit)
        if let previous, previous.inputs == inputs {
            self = previous
            return
        }
        let scoring = Scoring(corpus: corpus)
        let results = ParallelMap.map(Array(corpus.documents.indices)) { index in
            scoring.best(for: index, in: corpus, limit: limit)
        }
        related = results.map(\.related)
        largestCandidateSet = results.map(\.candidates).max() ?? 0
        self.inputs = inputs
    }

    /// Everything the table is worked out from: each document's id and section (the direct links,
    /// which a document never counts as related, are found by id), its place newest first, its
    /// implemented regulations, technologies and categories as ``features(of:)`` reads them, and
    /// the limit and the rules' constants.
    public static func inputsHash(of corpus: Corpus, limit: Int = Self.defaultLimit) -> StableHash {
        var hasher = StableHasher()
        hasher.add("related documents 1")
        for constant in [limit, fullScanLimit, neighbourWindow, minimumScore, corpus.documents.count] {
            hasher.add(constant)
        }
        for (index, document) in corpus.documents.enumerated() {
            hasher.add(document.id)
            hasher.add(document.section)
            hasher.add(corpus.newestFirstRank[index])
            for list in [
                document.kind.caseStudy?.regulations ?? [], document.kind.terms(of: .technologies),
                document.kind.terms(of: .categories)
            ] {
                hasher.add(list.count)
                for item in list { hasher.add(item) }
            }
        }
        return hasher.value
    }

    /// The related documents of the documents at `indices` only, each what
    /// `RelatedDocuments(corpus:limit:)` finds for it, without scoring the others, which have none
    /// here (`serve`'s preview of an added document).
    public init(only indices: [Int], in corpus: Corpus, limit: Int = Self.defaultLimit) {
        let scoring = Scoring(corpus: corpus, positionsOf: indices)
        var related = [[Int]](repeating: [], count: corpus.documents.count)
        var largest = 0
        for index in indices {
            let found = scoring.best(for: index, in: corpus, limit: limit)
            related[index] = found.related
            largest = max(largest, found.candidates)
        }
        self.related = related
        largestCandidateSet = largest
        inputs = nil
    }

    /// Every document's features, and each feature's documents newest first: what scoring a
    /// document needs.
    private struct Scoring: Sendable {
        let features: Features
        let postings: Postings

        /// With the places of every document in its features' lists, or (`positionsOf`) of some
        /// documents only: the others are then never scored.
        init(corpus: Corpus, positionsOf some: [Int]? = nil) {
            var features = RelatedDocuments.features(of: corpus.documents)
            let postings = RelatedDocuments.postings(features, order: corpus.newestFirstRank)
            if let some {
                for index in some {
                    for slot in features.range(of: index) {
                        let posting = postings.documents(of: features.ids[slot])
                        features.positions[slot] = Int32(posting.firstIndex(of: Int32(index))! - posting.startIndex)
                    }
                }
            } else {
                for id in 0..<Int32(features.weights.count) {
                    for (position, document) in postings.documents(of: id).enumerated() {
                        let slot = features.range(of: Int(document)).first { features.ids[$0] == id }!
                        features.positions[slot] = Int32(position)
                    }
                }
            }
            self.features = features
            self.postings = postings
        }

        /// The best `limit` candidates of the document at `index`, and how many it was scored against.
        func best(for index: Int, in corpus: Corpus, limit: Int) -> (related: [Int], candidates: Int) {
            // The documents linked directly (a case and the regulations it implements) are not
            // related ones: a few, sorted, so a lookup is a short scan and not a hash.
            let document = corpus.documents[index]
            let direct = (corpus.cases(implementing: document) + corpus.regulations(implementedBy: document))
                .compactMap { corpus.index(of: $0.id).map(Int32.init) }.sorted()
            var candidates: [Int32] = []
            for slot in features.range(of: index) {
                let posting = postings.documents(of: features.ids[slot])
                if posting.count <= RelatedDocuments.fullScanLimit {
                    candidates += posting
                } else {
                    let position = posting.startIndex + Int(features.positions[slot])
                    let low = max(posting.startIndex, position - RelatedDocuments.neighbourWindow),
                        high = min(posting.endIndex - 1, position + RelatedDocuments.neighbourWindow)
                    candidates += posting[low...high]
                }
            }
            candidates.sort()
            // The best `limit` so far, most shared first; ties by corpus order, which is id order.
            // Kept by insertion: sorting every scored candidate to keep five cost more.
            var best: [(index: Int, score: Int)] = []
            best.reserveCapacity(limit + 1)
            var previous: Int32 = -1
            for candidate in candidates where candidate != previous {
                previous = candidate
                guard Int(candidate) != index, !direct.contains(candidate) else { continue }
                let score = features.sharedWeight(index, Int(candidate))
                guard score >= RelatedDocuments.minimumScore else { continue }
                RelatedDocuments.keep((Int(candidate), score), in: &best, limit: limit)
            }
            return (best.map(\.index), candidates.count)
        }
    }

    /// Inserts a scored candidate into `best` (most shared first, at most `limit`), when it ranks.
    /// Candidates must come in increasing corpus order: an equal score then ranks after those kept,
    /// as sorting by score and then by index would put it.
    static func keep(_ candidate: (index: Int, score: Int), in best: inout [(index: Int, score: Int)], limit: Int) {
        var slot = best.count
        while slot > 0, best[slot - 1].score < candidate.score { slot -= 1 }
        guard slot < limit else { return }
        best.insert(candidate, at: slot)
        if best.count > limit { best.removeLast() }
    }

    /// Every document's features (one per implemented regulation, technology and category) as
    /// sorted ids, all in one array: at 100,000 documents an array per document made each
    /// comparison a cache miss, and this step grew faster than the corpus.
    private struct Features: Sendable {
        var ids: [Int32] = []
        var starts: [Int] = [0]
        var weights: [Int] = []
        /// For each entry of `ids`, the document's place in that feature's newest-first list.
        var positions: [Int32] = []

        func range(of document: Int) -> Range<Int> { starts[document]..<starts[document + 1] }

        /// Sum of the weights of the features two documents share.
        func sharedWeight(_ a: Int, _ b: Int) -> Int {
            var i = starts[a], j = starts[b], total = 0
            let endA = starts[a + 1], endB = starts[b + 1]
            while i < endA, j < endB {
                if ids[i] == ids[j] {
                    total += weights[Int(ids[i])]
                    i += 1
                    j += 1
                } else if ids[i] < ids[j] {
                    i += 1
                } else {
                    j += 1
                }
            }
            return total
        }
    }

    private static func features(of documents: [Document]) -> Features {
        var featureIDs: [String: Int] = [:]
        var features = Features()
        func feature(_ key: String, weight: Int) -> Int32 {
            if let id = featureIDs[key] { return Int32(id) }
            featureIDs[key] = features.weights.count
            features.weights.append(weight)
            return Int32(features.weights.count - 1)
        }
        features.starts.reserveCapacity(documents.count + 1)
        for document in documents {
            var own: [Int32] = []
            for regulation in document.kind.caseStudy?.regulations ?? [] {
                own.append(feature("r\u{0}" + regulation, weight: 4))
            }
            for term in document.kind.terms(of: .technologies) { own.append(feature("t\u{0}" + term, weight: 2)) }
            for term in document.kind.terms(of: .categories) { own.append(feature("c\u{0}" + term, weight: 1)) }
            features.ids += Array(Set(own)).sorted()
            features.starts.append(features.ids.count)
        }
        features.positions = [Int32](repeating: 0, count: features.ids.count)
        return features
    }

    /// Each feature's documents in `order` (newest first), all in one array.
    private struct Postings: Sendable {
        var documents: [Int32] = []
        var starts: [Int] = []

        func documents(of feature: Int32) -> ArraySlice<Int32> {
            documents[starts[Int(feature)]..<starts[Int(feature) + 1]]
        }
    }

    private static func postings(_ features: Features, order: [Int]) -> Postings {
        var postings = Postings()
        let featureCount = features.weights.count
        postings.starts = [Int](repeating: 0, count: featureCount + 1)
        for id in features.ids { postings.starts[Int(id) + 1] += 1 }
        for id in 0..<featureCount { postings.starts[id + 1] += postings.starts[id] }
        var cursor = postings.starts
        postings.documents = [Int32](repeating: 0, count: features.ids.count)
        for document in 0..<(features.starts.count - 1) {
            for slot in features.range(of: document) {
                let id = Int(features.ids[slot])
                postings.documents[cursor[id]] = Int32(document)
                cursor[id] += 1
            }
        }
        for id in 0..<featureCount {
            postings.documents[postings.starts[id]..<postings.starts[id + 1]].sort { order[Int($0)] < order[Int($1)] }
        }
        return postings
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
}

extension RelatedDocuments {
    /// The table as bytes, for the build cache.
    public func encode(into writer: inout RecordWriter) {
        writer.bytes([inputs == nil ? 0 : 1])
        if let inputs {
            writer.uint64(inputs.high)
            writer.uint64(inputs.low)
        }
        writer.int(largestCandidateSet)
        writer.uint64(UInt64(related.count))
        for list in related {
            writer.uint64(UInt64(list.count))
            for index in list { writer.int(index) }
        }
    }

    /// The table ``encode(into:)`` wrote; throws when the bytes are not one, or name a document
    /// outside the table.
    public static func decode(_ reader: inout RecordReader) throws(RecordReader.Malformed) -> RelatedDocuments {
        var inputs: StableHash?
        switch try reader.byte() {
        case 0: break
        case 1: inputs = StableHash(high: try reader.uint64(), low: try reader.uint64())
        default: throw RecordReader.Malformed()
        }
        let largest = try reader.int()
        let count = try reader.count()
        var related: [[Int]] = []
        related.reserveCapacity(count)
        for _ in 0..<count {
            var list: [Int] = []
            for _ in 0..<(try reader.count()) {
                let index = try reader.int()
                guard index >= 0, index < count else { throw RecordReader.Malformed() }
                list.append(index)
            }
            related.append(list)
        }
        return RelatedDocuments(related: related, largestCandidateSet: largest, inputs: inputs)
    }

    init(related: [[Int]], largestCandidateSet: Int, inputs: StableHash?) {
        self.related = related
        self.largestCandidateSet = largestCandidateSet
        self.inputs = inputs
    }
}
