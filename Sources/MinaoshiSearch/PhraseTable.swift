/// Long CJK terms indexed whole: the vocabulary's names of five and more CJK characters (law names
/// such as 建築基準法, labels, synonym dictionary terms), each a term of the `g` series with
/// postings and no positions, as a 3- or 4-gram is. A query term that is one of them is one posting
/// list; any other long term is proved from its covering n-grams and bigram positions, which cost
/// a `g` shard, three or more `s` shards and their positions files (建築基準法 at 10,000 documents:
/// 15 files). A phrase's list is exact: it counts every occurrence inside a CJK run, by field, as
/// the n-grams do. The index tokenizer (`IndexTokenizer.cjkRun`) finds them in each run.
struct PhraseTable: Sendable {
    /// Phrases by their first scalar, each as its scalars (NFKC, folded, long vowels folded: as
    /// `SearchTokenizer.runs` gives a query's run).
    private var byFirst: [UInt32: [[Unicode.Scalar]]] = [:]
    /// Whether a scalar begins some phrase, for the scalars below U+10000: one load per scalar of
    /// a run, where a dictionary lookup cost a hash.
    private var begins: [Bool] = []

    var isEmpty: Bool { byFirst.isEmpty }

    /// The phrases among `texts`: those that are one CJK run of at least `minimum` characters
    /// as the query tokenizer reads them.
    init(_ texts: some Sequence<String>, minimum: Int = 5) {
        var seen = Set<[Unicode.Scalar]>()
        for text in texts {
            let runs = SearchTokenizer.runs(text)
            guard runs.count == 1, runs[0].kind == .cjk else { continue }
            let scalars = Array(runs[0].text.unicodeScalars)
            guard scalars.count >= minimum, seen.insert(scalars).inserted else { continue }
            byFirst[scalars[0].value, default: []].append(scalars)
        }
        for key in byFirst.keys { byFirst[key]!.sort { $0.lexicographicallyPrecedes($1) { $0.value < $1.value } } }
        if !byFirst.isEmpty {
            begins = [Bool](repeating: false, count: 0x10000)
            for first in byFirst.keys where first < 0x10000 { begins[Int(first)] = true }
        }
    }

    init() {}

    /// The phrases of `scalars[start..<end]` (a CJK run) that begin at `index`.
    @inline(__always)
    func phrases(in scalars: [Unicode.Scalar], at index: Int, end: Int) -> [[Unicode.Scalar]]? {
        let first = scalars[index].value
        if first < 0x10000 { guard begins[Int(first)] else { return nil } }
        guard let candidates = byFirst[first] else { return nil }
        let found = candidates.filter { phrase in
            index + phrase.count <= end && phrase.indices.allSatisfy { scalars[index + $0] == phrase[$0] }
        }
        return found.isEmpty ? nil : found
    }
}
