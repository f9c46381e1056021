import Foundation
import MinaoshiSupport

/// Where index files come from: a built site's `search/` folder, or an index built in memory.
public protocol SearchIndexSource: Sendable {
    func read(_ name: String) throws -> [UInt8]
}

public struct DirectoryIndexSource: SearchIndexSource {
    public let folder: URL
    public init(folder: URL) { self.folder = folder }
    public func read(_ name: String) throws -> [UInt8] {
        Array(try Data(contentsOf: folder.appendingPathComponent(name)))
    }
}

public struct MemoryIndexSource: SearchIndexSource {
    public let files: [String: [UInt8]]
    public init(_ files: [SearchIndexWriter.File]) {
        self.files = Dictionary(uniqueKeysWithValues: files.map { ($0.path, $0.bytes) })
    }
    public func read(_ name: String) throws -> [UInt8] {
        guard let bytes = files[name] else { throw CocoaError(.fileNoSuchFile, userInfo: [NSFilePathErrorKey: name]) }
        return bytes
    }
}

/// One ranked result.
public struct SearchHit: Sendable, Encodable {
    public var title: String
    public var path: String
    public var meta: String
    public var score: Double
    /// The snippet in parts; odd-numbered parts are the matches.
    public var snippet: [String]
    /// Facet key → value ids (most frequent value first), from the document's fragment.
    public var facets: [String: [String]]
    /// The label of the site the result is from, when several sites were searched (`SearchFederation`).
    public var site: String? = nil
}

public struct SearchFacetCount: Sendable, Encodable {
    public var id: String
    public var label: String
    public var count: Int
}

public struct SearchFacetCounts: Sendable, Encodable {
    public var key: String
    public var label: String
    public var values: [SearchFacetCount]
}

public struct SearchResults: Sendable, Encodable {
    public var total: Int
    public var hits: [SearchHit]
    public var facets: [SearchFacetCounts]
    /// The query terms whose synonyms were searched too, in query order.
    public var synonyms: [SearchSynonyms]
    /// The same query without synonyms (the expanded terms quoted); nil when nothing was expanded.
    public var exactQuery: String?
    /// The typed Latin prefix, when it begins more words than the engines look up
    /// (`prefixCap`): only the most frequent of them were searched, and the page and
    /// `minaoshi search` say so. Nil otherwise.
    public var cappedPrefix: String?
    /// How many words a prefix looks up at most (the manifest's `prefixCap`).
    public var prefixCap: Int
    /// Index files read for this query (the manifest included), and their bytes.
    public var filesRead: Int
    public var bytesRead: Int
    /// Of those, what the results needed (everything but the facet files that only the counts read).
    public var resultsFilesRead: Int
    public var resultsBytesRead: Int
    /// Sites searched together whose index could not be read; nil when one index was searched.
    public var unreachable: [SearchSiteProblem]? = nil
}

/// The query engine over the index files; `templates/assets/search/engine.js` is the same
/// algorithm in the browser. Not thread-safe: one per caller.
public final class SearchIndex {
    let source: SearchIndexSource
    let manifest: Manifest
    private var shards: [String: [String: Entry]] = [:]
    /// Per facet key, once its file is read: `columns[key][document]`, value indices, ascending.
    private var facetColumns: [Int: [[Int]]] = [:]
    private var read: (files: Int, bytes: Int) = (0, 0)

    public init(source: SearchIndexSource) throws {
        self.source = source
        let bytes = try source.read("manifest.json")
        manifest = try JSONDecoder().decode(Manifest.self, from: Data(bytes))
        guard manifest.version == SearchIndexLayout.version else {
            throw CocoaError(
                .fileReadCorruptFile,
                userInfo: [
                    NSLocalizedDescriptionKey:
                        "the search index is format \(manifest.version), this minaoshi reads \(SearchIndexLayout.version): build the site again"
                ])
        }
        read = (1, bytes.count)
        separators = Separators.decode(manifest.shards.first)
        characterSeparators = Separators.decode(manifest.shards.characters)
        try DamagedIndex.check(manifest, shards: separators.count, characterShards: characterSeparators.count)
    }

    /// The shard separators of the `s` and `c` series, decoded from the manifest (the `g` series
    /// has none: a term's shard is its hash).
    private let separators: [String]
    private let characterSeparators: [String]

    private func file(_ name: String) throws -> [UInt8] {
        let bytes = try source.read(name)
        read.files += 1
        read.bytes += bytes.count
        return bytes
    }

    // MARK: - Shards

    private static func less(_ a: String, _ b: String) -> Bool { a.utf16.lexicographicallyPrecedes(b.utf16) }
    private static func starts(_ text: String, with prefix: String) -> Bool { text.utf16.starts(with: prefix.utf16) }

    /// The last shard whose separator is at or before `term`.
    private func shardIndex(_ term: String, _ separators: [String]) -> Int {
        var low = 0, high = separators.count - 1, found = 0
        while low <= high {
            let middle = (low + high) / 2
            if !Self.less(term, separators[middle]) { found = middle; low = middle + 1 } else { high = middle - 1 }
        }
        return found
    }

    struct Entry {
        /// The term and its shard's file, for the message when the list is damaged.
        var term: String
        var file: String
        var documents: Int
        var postings: ArraySlice<UInt8>
        /// Where the term's positions lie in the shard's positions file.
        var positions: Range<Int>
        /// A cut list's tail (`PostingHead`): `t`, the shard's name, `-` and the list's number among
        /// the shard's cut lists; nil for a whole list.
        var tailFile: String?
        /// A list of at least `countMinimumDocuments` documents: its facet counts, in its shard's
        /// counts file (`TermFacetCounts`).
        var counts: CountsEntry?
    }

    /// Where a list's facet counts lie: its shard's counts file, the list's number among the
    /// shard's counted lists, and the list's document count (what a query of it matches).
    struct CountsEntry: Equatable {
        var file: String
        var ordinal: Int
        var documents: Int
    }

    /// Read a frequent term's facet counts from its shard's counts file when the query is that
    /// term alone, without a filter; off, the counts come from every key's facet file: the general
    /// path the counts files are tested against.
    var termCounts = true

    /// Read frequent terms' heads (`PostingHead`) and rank the first page from them when they
    /// suffice; off, every list is read whole: the general path the heads are tested against.
    var heads = true
    /// Set while a query is read again with whole lists, because its heads could not answer.
    private var wholeLists = false
    private var tailFiles: [String: [UInt8]] = [:]
    /// Queries whose first page the heads answered, and those read again whole (for the tests).
    private(set) var headAnswers = 0, headFallbacks = 0

    private var positionFiles: [Int: [UInt8]] = [:]

    /// The three shard series: `s` (with positions files), `g` and `c`.
    enum Series: String {
        case plain = "s"
        case grams = "g"
        case characters = "c"
    }

    /// Shard `index` of `series`.
    private func shard(_ index: Int, _ series: Series = .plain) throws -> [String: Entry] {
        let name = "\(series.rawValue)\(index)"
        if let cached = shards[name] { return cached }
        let hash: String
        switch series {
        case .plain: hash = manifest.shards.hashes.hash(of: index)
        case .grams: hash = manifest.shards.gramHashes.hash(of: index)
        case .characters: hash = manifest.shards.characterHashes.hash(of: index)
        }
        let fileName = "\(name).\(hash).bin"
        var reader = ByteReader(try file(fileName))
        func damaged(_ problem: String) -> DamagedIndex { DamagedIndex(file: fileName, problem: problem) }
        var terms: [String: Entry] = [:]
        var offset = 0, cut = 0, counted = 0
        let countMinimum = manifest.layout.countMinimumDocuments ?? 0
        // Every term takes at least a byte.
        let termCount = reader.varint()
        guard (0...reader.bytes.count).contains(termCount) else { throw damaged("term count") }
        for _ in 0..<termCount {
            let term = reader.string()
            let documents = reader.varint()
            let declared = reader.varint()
            let postings = reader.slice(declared)
            let length = reader.varint()
            let (end, overflow) = offset.addingReportingOverflow(length)
            guard (0...manifest.documents).contains(documents), postings.count == declared, length >= 0, !overflow
            else { throw damaged("the list of \(term)") }
            let isCut = PostingHead.isCut(
                documents: documents, size: manifest.layout.headDocuments ?? 0,
                minimum: manifest.layout.headMinimumDocuments ?? 0)
            let hasCounts = countMinimum > 0 && documents >= countMinimum
            terms[term] = Entry(
                term: term, file: fileName, documents: documents, postings: postings,
                positions: offset..<offset + length,
                tailFile: isCut ? "t\(name)-\(cut).\(hash).bin" : nil,
                counts: hasCounts
                    ? CountsEntry(file: "n\(name).\(hash).bin", ordinal: counted, documents: documents) : nil)
            offset = end
            if isCut { cut += 1 }
            if hasCounts { counted += 1 }
        }
        shards[name] = terms
        return terms
    }

    /// The positions file of `s` shard `index`.
    private func positionFileName(_ index: Int) -> String { "p\(index).\(manifest.shards.hashes.hash(of: index)).bin" }

    private func positionFile(_ index: Int) throws -> [UInt8] {
        if let cached = positionFiles[index] { return cached }
        let bytes = try file(positionFileName(index))
        positionFiles[index] = bytes
        return bytes
    }

    struct Posting {
        var bucket: Int
        var frequency: Int
        /// Occurrences in the title, the labels and the body.
        var fields: [Int]
        var positions: [Int]
        /// For a document outside a cut list's head, its weight's bound, nil when exact: the weight
        /// (`weight`, at this index's average body length) of the best document left out of the
        /// head, which weighs at least as much as it does; with the weights of the document's
        /// postings in the slot's other lists added (a Latin prefix of several words), since a
        /// weight is a sum over fields, each linear in its count. Its bucket and fields are then
        /// those of the left-out best and mean nothing more.
        var bound: Double? = nil

        /// `other`, another list's posting of the same document, added: the counts, or, when either
        /// is a bound, the weights.
        mutating func add(_ other: Posting, weight: (Posting) -> Double) {
            if bound != nil || other.bound != nil { bound = weight(self) + weight(other) }
            frequency += other.frequency
            fields = zip(fields, other.fields).map { $0 + $1 }
            positions = (positions + other.positions).sorted()
        }
    }

    /// BM25F's weighted frequency of `fields` in a document of length bucket `bucket` at
    /// `averageBodyLength`: what `rank` adds up, and a bound's weight (`Posting.bound`).
    /// JavaScript: `termWeight` in `engine.js`.
    func weight(_ fields: [Int], bucket: Int, averageBodyLength: Double) -> Double {
        let layout = manifest.layout
        let norm = 1 - layout.b + layout.b * Double(layout.lengths[bucket]) / averageBodyLength
        return layout.weights[0] * Double(fields[0]) + layout.weights[1] * Double(fields[1])
            + layout.weights[2] * Double(fields[2]) / norm
    }

    /// The tail file `name` (a cut list's payloads), read once.
    private func tailFile(_ name: String) throws -> [UInt8] {
        if let cached = tailFiles[name] { return cached }
        let bytes = try file(name)
        tailFiles[name] = bytes
        return bytes
    }

    /// Documents of the terms `slot` looks up; their positions only when `positions` is set
    /// (a term of more than one slot checks adjacency; one slot needs only the field counts).
    /// With them, the facet counts of the list they are when the slot read one list that has them.
    private func postings(_ slot: SearchQuery.Slot, positions withPositions: Bool) throws -> (
        postings: [Int: Posting], counts: CountsEntry?
    ) {
        var lists: [(entry: Entry, shard: Int)] = []
        switch slot {
        case .exact(let term):
            if SearchIndexLayout.isGram(term) {
                let count = manifest.shards.grams
                if count > 0, let entry = try shard(SearchIndexLayout.gramShard(term, of: count), .grams)[term] {
                    lists.append((entry, -1))
                }
            } else if !separators.isEmpty {
                let index = shardIndex(term, separators)
                if let entry = try shard(index)[term] { lists.append((entry, index)) }
            }
        case .prefix(let prefix)
        where characterLists && !withPositions
            && prefix.unicodeScalars.first.map({ SearchTokenizer.classify($0) == .cjk }) == true:
            // A lone CJK character without positions: its list in the `c` series, the bigrams and
            // the unigram it begins added up at index time. Every character a token begins has
            // one, whatever `gramMinimumDocuments`, so a missing list means no document has it.
            let term = SearchIndexLayout.characterList(prefix), characters = characterSeparators
            if !characters.isEmpty, let entry = try shard(shardIndex(term, characters), .characters)[term] {
                lists.append((entry, -1))
            }
        case .prefix(let prefix):
            // A lone CJK character with positions (in a phrase), or with `characterLists` off: the
            // bigrams and the unigram it begins (not the 3- and 4-grams, which would count its
            // occurrences again). A Latin prefix: at most `prefixCap` words, the most frequent,
            // the typed word itself always among them.
            let cjk = prefix.unicodeScalars.first.map { SearchTokenizer.classify($0) == .cjk } ?? false
            guard !separators.isEmpty else { return ([:], nil) }
            var index = shardIndex(prefix, separators)
            var found: [(term: String, entry: Entry, shard: Int)] = []
            while true {
                for (term, entry) in try shard(index)
                where Self.starts(term, with: prefix) && (!cjk || term.unicodeScalars.count <= 2) {
                    found.append((term, entry, index))
                }
                guard index + 1 < separators.count, Self.starts(separators[index + 1], with: prefix) else { break }
                index += 1
            }
            found.sort { a, b in
                if cjk { return Self.less(a.term, b.term) }
                if (a.term == prefix) != (b.term == prefix) { return a.term == prefix }
                return a.entry.documents != b.entry.documents
                    ? a.entry.documents > b.entry.documents : Self.less(a.term, b.term)
            }
            if !cjk, found.count > manifest.layout.prefixCap {
                found = Array(found.prefix(manifest.layout.prefixCap))
                cappedPrefix = prefix
            }
            lists = found.map { ($0.entry, $0.shard) }
        }
        var result: [Int: Posting] = [:]
        let average = manifest.averageBodyLength
        func weight(_ posting: Posting) -> Double {
            posting.bound ?? self.weight(posting.fields, bucket: posting.bucket, averageBodyLength: average)
        }
        func add(_ document: Int, _ posting: Posting) {
            if result[document] == nil {
                result[document] = posting
            } else {
                result[document]!.add(posting, weight: weight)
            }
        }
        let total = manifest.documents
        // Cut lists without positions: their heads answer unless the query is read again whole.
        let fromHead = heads && !wholeLists && !withPositions
        /// `count` documents as varint gaps, each below `total`.
        func gaps(_ count: Int, _ reader: inout ByteReader, _ damaged: DamagedIndex) throws(DamagedIndex) -> [Int] {
            guard count <= reader.bytes.count - reader.offset else { throw damaged }
            var documents: [Int] = [], document = -1
            documents.reserveCapacity(count)
            for _ in 0..<count {
                let gap = reader.varint()
                guard gap >= 0, gap < total - 1 - document else { throw damaged }
                document += gap + 1
                documents.append(document)
            }
            return documents
        }
        for (entry, shardIndex) in lists {
            let damaged = DamagedIndex(file: entry.file, problem: "the list of \(entry.term)")
            var reader = ByteReader(Array(entry.postings))
            var positionReader: ByteReader?
            if withPositions {
                let file = try positionFile(shardIndex)
                guard entry.positions.upperBound <= file.count else {
                    throw DamagedIndex(file: positionFileName(shardIndex), problem: "the positions of \(entry.term)")
                }
                positionReader = ByteReader(Array(file[entry.positions]))
            }
            var documents: [Int] = []
            if SearchIndexLayout.isBitmap(documents: entry.documents, of: total) {
                guard reader.bytes.count >= (total + 7) / 8 else { throw damaged }
                documents.reserveCapacity(entry.documents)
                for document in 0..<total where reader.bytes[document >> 3] >> UInt8(document & 7) & 1 != 0 {
                    documents.append(document)
                }
                reader.offset = (total + 7) / 8
            } else {
                documents = try gaps(entry.documents, &reader, damaged)
            }
            if let tailFile = entry.tailFile {
                if fromHead {
                    // The head: its documents' payloads, then the best left out's, the bound of the rest.
                    let count = reader.varint()
                    guard (0...entry.documents).contains(count) else { throw damaged }
                    let head = try gaps(count, &reader, damaged)
                    func posting() -> Posting {
                        let (bucket, title, labels, body) = SearchIndexLayout.readPayload(
                            &reader, codes: manifest.layout.payloads)
                        return Posting(
                            bucket: bucket, frequency: title + labels + body, fields: [title, labels, body],
                            positions: [])
                    }
                    var known: [Int: Posting] = [:]
                    for document in head { known[document] = posting() }
                    var bound = posting()
                    bound.bound = weight(bound)
                    for document in documents { add(document, known[document] ?? bound) }
                    continue
                }
                reader = ByteReader(try self.tailFile(tailFile))
            }
            for document in documents {
                let (bucket, title, labels, body) = SearchIndexLayout.readPayload(
                    &reader, codes: manifest.layout.payloads)
                let frequency = title + labels + body
                var positions: [Int] = []
                if positionReader != nil {
                    var position = 0
                    for _ in 0..<min(frequency, manifest.layout.positionCap) {
                        position += SearchIndexLayout.bounded(positionReader!.varint())
                        positions.append(position)
                    }
                }
                add(
                    document,
                    Posting(
                        bucket: bucket, frequency: frequency, fields: [title, labels, frequency - title - labels],
                        positions: positions))
            }
        }
        return (result, lists.count == 1 ? lists[0].entry.counts : nil)
    }

    // MARK: - Matching

    /// The 3- or 4-grams that cover a CJK run of 3 or more characters: the run itself up to 4,
    /// else 4-grams at 0, 4, 8, … and one ending the run. Every occurrence of the run has them all.
    static func covering(_ run: SearchTokenizer.Run) -> [String] {
        let scalars = Array(run.text.unicodeScalars)
        guard run.kind == .cjk, scalars.count >= 3 else { return [] }
        if scalars.count <= 4 { return [run.text] }
        var starts = Array(stride(from: 0, through: scalars.count - 4, by: 4))
        if starts.last != scalars.count - 4 { starts.append(scalars.count - 4) }
        return starts.map { SearchTokenizer.string(scalars[$0..<$0 + 4]) }
    }

    /// Read every bigram of a long CJK run rather than the covering subset (`adjacency`): the
    /// general path the fast one is tested against.
    var everyBigram = false
    /// Take a long CJK term's own list when the index keeps it whole (`PhraseTable`); off, every
    /// long term is proved from its n-grams and bigrams: the general path the lists are tested against.
    var wholeTerms = true
    /// Read a lone CJK character's list (`SearchIndexLayout.characterList`); off, the lists of the
    /// bigrams and the unigram it begins, added up here: the general path the lists are tested against.
    var characterLists = true

    /// The slots whose positions prove a term's adjacency, each with its offset from the term's
    /// first token (a run follows the one before after a gap of one: `expected += 2`). A CJK run
    /// of bigrams needs only those at 0, 2, 4, … and its last: together they cover every character
    /// at its place, so a document with them at those offsets has the run there, and with it every
    /// bigram between them. `everyBigram` keeps them all. JavaScript: `adjacency` in `engine.js`.
    static func adjacency(_ slots: [[SearchQuery.Slot]], everyBigram: Bool = false) -> [(
        offset: Int, slot: SearchQuery.Slot
    )] {
        var out: [(offset: Int, slot: SearchQuery.Slot)] = []
        var base = 0
        for run in slots {
            let covering =
                !everyBigram && run.count > 2 && run.allSatisfy { if case .exact = $0 { true } else { false } }
            for (index, slot) in run.enumerated() where !covering || index % 2 == 0 || index == run.count - 1 {
                out.append((base + index, slot))
            }
            base += run.count + 1
        }
        return out
    }

    /// Per matching document: term frequency by field and the body length bucket.
    ///
    /// A CJK term of 3 or 4 characters is its n-gram's posting list, and so is a longer one the index
    /// keeps whole (`PhraseTable`). Other longer terms and phrases take
    /// the documents that have every covering n-gram, then prove adjacency with the positions of a
    /// covering subset of their bigrams (`adjacency`). A missing n-gram means no document has it
    /// when the index keeps every n-gram (`gramMinimumDocuments` 1); otherwise it may be rare, and the bigrams decide alone.
    /// With the matches, the facet counts of the list they are, when they are one list's documents
    /// and it has them (`Entry.counts`).
    private func match(_ term: SearchQuery.Term) throws -> (matches: [Int: Match], counts: CountsEntry?) {
        let everyGram = manifest.layout.gramMinimumDocuments <= 1
        if term.runs.count == 1, term.runs[0].kind == .cjk, term.runs[0].text.unicodeScalars.count >= 3,
            wholeTerms || term.runs[0].text.unicodeScalars.count <= 4
        {
            // A 3- or 4-gram, or a long term the index keeps whole (`PhraseTable`): one list. A long
            // term it does not keep is proved below (its shard is its first covering 4-gram's: the
            // hash reads the first four characters, `SearchIndexLayout.gramShard`).
            let (list, counts) = try postings(.exact(term.runs[0].text), positions: false)
            if !list.isEmpty || (everyGram && term.runs[0].text.unicodeScalars.count <= 4) {
                return (list.mapValues { ($0.fields, $0.bucket, $0.bound) }, counts)
            }
        }
        var candidates: Set<Int>?
        for run in term.runs {
            for gram in Self.covering(run) {
                let list = try postings(.exact(gram), positions: false).postings
                if list.isEmpty { if everyGram { return ([:], nil) } else { continue } }
                candidates = candidates.map { $0.intersection(list.keys) } ?? Set(list.keys)
                if candidates!.isEmpty { return ([:], nil) }
            }
        }
        let slots = SearchQuery.slots(term)
        let single = slots.count == 1 && slots[0].count == 1
        let checked = Self.adjacency(slots, everyBigram: everyBigram)
        let read = try checked.map { try postings($0.slot, positions: !single) }
        let flat = read.map(\.postings)
        guard let first = flat.first else { return ([:], nil) }
        let layout = manifest.layout
        func field(_ position: Int) -> Int { position < layout.labelsBase ? 0 : (position < layout.bodyBase ? 1 : 2) }
        var result: [Int: Match] = [:]
        if single {
            for (document, posting) in first { result[document] = (posting.fields, posting.bucket, posting.bound) }
            return (result, read[0].counts)
        }
        for (document, start) in first where candidates?.contains(document) ?? true {
            guard flat.allSatisfy({ $0[document] != nil }) else { continue }
            let sets = flat.dropFirst().map { Set($0[document]!.positions) }
            let offsets = checked.dropFirst().map(\.offset)
            var fields = [0, 0, 0]
            for position in start.positions where zip(sets, offsets).allSatisfy({ $0.contains(position + $1) }) {
                fields[field(position)] += 1
            }
            if fields == [0, 0, 0], flat.contains(where: { $0[document]!.frequency > $0[document]!.positions.count }) {
                fields[2] = 1  // positions were capped: the match may lie beyond them
            }
            if fields != [0, 0, 0] { result[document] = (fields, start.bucket, nil) }
        }
        return (result, nil)
    }

    // MARK: - Facets

    /// Key `k`'s column of the document facet table (its own file): every document's values.
    private func facetColumn(_ k: Int) throws -> [[Int]] {
        if let column = facetColumns[k] { return column }
        let table = manifest.documentFacets
        guard
            let rows = FacetTable.decode(
                try file(table.file(k)), keys: [table.keys[k]],
                counts: [manifest.facets[k].values.map(\.count)], documents: manifest.documents)
        else { throw DamagedIndex(file: table.file(k), problem: "the facet table") }
        let column = rows.map { $0[0] }
        facetColumns[k] = column
        return column
    }

    // MARK: - Synonyms

    private var synonymTable: SynonymTable?
    /// Set by `postings` when a prefix begins more words than `prefixCap`; one search's worth.
    private var cappedPrefix: String?

    /// Per query term, its synonyms; the dictionary is fetched only when a term may have some
    /// (it begins with a character some dictionary term begins with).
    private func synonyms(of query: SearchQuery) throws -> [(written: String, expansions: [SynonymTable.Expansion])?] {
        guard let entry = manifest.synonyms else { return query.terms.map { _ in nil } }
        let initials = Set(entry.initials.unicodeScalars)
        let candidates = query.terms.map {
            !$0.phrase && $0.runs.count == 1 && $0.runs[0].text.unicodeScalars.first.map(initials.contains) == true
        }
        guard candidates.contains(true) else { return query.terms.map { _ in nil } }
        if synonymTable == nil {
            let contents = try JSONDecoder().decode(SynonymIndex.Contents.self, from: Data(try file(entry.file)))
            synonymTable = SynonymTable(groups: contents.groups, unfound: Set(contents.unfound))
        }
        return query.terms.enumerated().map { candidates[$0] ? synonymTable!.expansions(of: $1) : nil }
    }

    /// Whether any document has `written` as a quoted query would find it: what the build asks
    /// of each dictionary term before it keeps it (`SynonymIndex.pruned`).
    func finds(_ written: String) throws -> Bool {
        let runs = SearchTokenizer.runs(written)
        return try !runs.isEmpty && !match(SearchQuery.Term(runs: runs, phrase: true, prefix: false)).matches.isEmpty
    }

    // MARK: - Search

    /// One term's matches and those of its synonyms, each with its factor (1 for the term itself).
    /// A document's match of a term: occurrences per field and body length bucket, or, with a
    /// `bound`, the bound of its weight that a cut list's head gives for a document outside it
    /// (`Posting.bound`).
    typealias Match = (fields: [Int], bucket: Int, bound: Double?)
    /// `counts`: the facet counts of the one list the matches are, when it has them (`Entry.counts`).
    typealias Alternatives = [(matches: [Int: Match], factor: Double, counts: CountsEntry?)]

    /// A parsed query with its synonyms, and the matches of its terms as far as they were read.
    struct Prepared {
        var text: String
        var query: SearchQuery
        var expansions: [(written: String, expansions: [SynonymTable.Expansion])?]
        var alternatives: [Alternatives] = []
        var cappedPrefix: String?
    }
    private var prepared: Prepared?

    private func prepare(_ text: String) throws -> Prepared {
        if let prepared, prepared.text == text { return prepared }
        let query = SearchQuery(text)
        cappedPrefix = nil
        let made = Prepared(text: text, query: query, expansions: try synonyms(of: query))
        prepared = made
        return made
    }

    /// The matches of term `index` of the prepared query, read once per query.
    private func alternatives(_ index: Int) throws -> Alternatives {
        var current = prepared!
        while current.alternatives.count <= index {
            let next = current.alternatives.count, term = current.query.terms[next]
            let own = try match(term)
            var alternatives: Alternatives = [(own.matches, 1.0, own.counts)]
            for expansion in current.expansions[next]?.expansions ?? [] {
                let found = try match(expansion.term)
                alternatives.append((found.matches, manifest.synonyms!.weight, found.counts))
            }
            current.alternatives.append(alternatives)
            current.cappedPrefix = cappedPrefix ?? current.cappedPrefix
        }
        prepared = current
        return current.alternatives[index]
    }

    /// Documents matched by any of a term's alternatives: the term's document frequency.
    private static func frequency(_ alternatives: Alternatives) -> Int {
        alternatives.count == 1 ? alternatives[0].matches.count : Set(alternatives.flatMap(\.matches.keys)).count
    }

    /// What BM25 counts of this index for `text`: its documents, their stored body lengths and
    /// each query term's document frequency. Reads every term's postings, even after one matches
    /// nothing here: another index's documents may have them all (`SearchFederation`).
    public func statistics(_ text: String) throws -> SearchStatistics {
        let prepared = try prepare(text)
        let frequencies = try prepared.query.terms.indices.map { Self.frequency(try alternatives($0)) }
        return SearchStatistics(
            documents: manifest.documents,
            bodyLength: manifest.bodyLength ?? Int((manifest.averageBodyLength * Double(manifest.documents)).rounded()),
            frequencies: frequencies)
    }

    /// Every document matching `text` and `filters`, best first, with its score (the facet counts
    /// are ``facetCounts(_:)``'s, after the results). Scored with `corpus` when given (several indexes as one: its document count, average
    /// body length and term frequencies), else with this index's own.
    /// With `first`, only the ranking's first `first` documents are needed (the page shown): a
    /// frequent term's head may answer them (`headAnswers`), and `ranked` holds them alone.
    public func rank(
        _ text: String, filters: [String: Set<String>] = [:], corpus: SearchStatistics? = nil, first: Int? = nil
    ) throws -> SearchRanking {
        if let ranking = try rank(text, filters: filters, corpus: corpus, first: first, whole: false) {
            return ranking
        }
        // The heads could not answer: the query again, every list whole.
        headFallbacks += 1
        wholeLists = true
        defer { wholeLists = false }
        prepared = nil
        return try rank(text, filters: filters, corpus: corpus, first: first, whole: true)!
    }

    /// The ranking, or nil when a head's bound leaves the first `first` documents in doubt (`whole`
    /// false). A document outside a cut list's head is scored with the bound (`Posting.bound`), so
    /// its score is at least its true one (the bound weighs at least as much, and BM25 grows with
    /// the weight). The rule: the heads answer when the `first` best (or every match, when fewer)
    /// are exactly scored and every bounded document's bound is below the last of them by more
    /// than a rounding could make up (`headMargin`); then no bounded document can be among them,
    /// and they are the whole lists' first `first` in the same order with the same scores. Never
    /// for several indexes as one (`corpus`): the head is ordered at this index's average length.
    private func rank(
        _ text: String, filters: [String: Set<String>], corpus: SearchStatistics?, first: Int?, whole: Bool
    ) throws -> SearchRanking? {
        let prepared = try prepare(text)
        let query = prepared.query, expansions = prepared.expansions
        let count = corpus?.documents ?? manifest.documents, layout = manifest.layout
        let averageBodyLength = corpus?.averageBodyLength ?? manifest.averageBodyLength
        var scores: [Int: Double] = [:]
        // Documents scored with a head's bound rather than exactly.
        var bounded = Set<Int>()
        // Per query term, how rare it is, for choosing each result's snippet passage.
        var rarity = [Int](repeating: 1, count: query.terms.count)
        if query.isEmpty {
            for document in 0..<manifest.documents { scores[document] = 0 }
        } else {
            for index in query.terms.indices {
                // The term's own matches count in full, its synonyms' at the dictionary's weight;
                // a document's weighted frequency adds them up, and the idf counts every document
                // any of them matched.
                let alternatives = try alternatives(index)
                var weightedFrequency: [Int: Double] = [:]
                for alternative in alternatives {
                    for (document, match) in alternative.matches where index == 0 || scores[document] != nil {
                        if match.bound != nil { bounded.insert(document) }
                        let weighted =
                            match.bound
                            ?? weight(match.fields, bucket: match.bucket, averageBodyLength: averageBodyLength)
                        weightedFrequency[document] = (weightedFrequency[document] ?? 0) + alternative.factor * weighted
                    }
                }
                let frequency = Double(corpus?.frequencies[index] ?? Self.frequency(alternatives))
                let idf = log(1 + (Double(count) - frequency + 0.5) / (frequency + 0.5))
                rarity[index] = Snippet.rarity(documents: Int(frequency), of: count)
                var next: [Int: Double] = [:]
                for (document, weighted) in weightedFrequency {
                    next[document] = (scores[document] ?? 0) + idf * weighted * (layout.k1 + 1) / (weighted + layout.k1)
                }
                scores = next
                if scores.isEmpty { break }
            }
        }
        // The results need the facet files of the filtered keys only; the counts, which need every
        // key, are worked out after them (the search page shows the results first).
        let list = manifest.facets
        let wanted: [(key: Int, values: Set<Int>, column: [[Int]])] = try list.indices.compactMap { k in
            guard let ids = filters[list[k].key], !ids.isEmpty else { return nil }
            return (k, Set(list[k].values.indices.filter { ids.contains(list[k].values[$0].id) }), try facetColumn(k))
        }
        func passes(_ document: Int, except skipped: Int?) -> Bool {
            wanted.allSatisfy { $0.key == skipped || $0.column[document].contains(where: $0.values.contains) }
        }
        var ranked = scores.filter { passes($0.key, except: nil) }
            .sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }
        let total = ranked.count
        if !bounded.isEmpty {
            guard !whole, corpus == nil, let first else { return nil }
            let shown = ranked.prefix(first)
            guard shown.allSatisfy({ !bounded.contains($0.key) }) else { return nil }
            if let last = shown.last?.value, shown.count < ranked.count {
                guard
                    ranked.dropFirst(shown.count).allSatisfy({
                        !bounded.contains($0.key) || $0.value < last - Self.headMargin(last)
                    })
                else { return nil }
            }
            ranked = Array(shown)
            headAnswers += 1
        }
        // A query of one list, unfiltered, matches that list's documents: its counts, when it has them.
        var counted: CountsEntry?
        if termCounts, wanted.isEmpty, query.terms.count == 1 {
            let found = try alternatives(0).filter { !$0.matches.isEmpty }
            if found.count == 1, let counts = found[0].counts, counts.documents == scores.count { counted = counts }
        }
        let expanded = expansions.indices.filter { expansions[$0] != nil }
        return SearchRanking(
            ranked: ranked.map { ($0.key, $0.value) }, total: total, matched: Array(scores.keys), counted: counted,
            filters: wanted.map { (key: $0.key, values: $0.values) }, rarity: rarity,
            synonyms: expanded.map {
                SearchSynonyms(term: expansions[$0]!.written, synonyms: expansions[$0]!.expansions.map(\.text))
            },
            exactQuery: expanded.isEmpty ? nil : query.text(quoting: Set(expanded)),
            cappedPrefix: self.prepared?.cappedPrefix ?? cappedPrefix)
    }

    /// How far below the last score of a page a bound must be for the heads to answer: more than
    /// the rounding of a few additions and divisions could put between a bound and its document's
    /// true score. JavaScript: `headMargin` in `engine.js`.
    static func headMargin(_ score: Double) -> Double { 1e-9 * max(1, abs(score)) }

    /// The results of `ranking` at `ranks`: title, path, meta line, snippet and facet values.
    public func hits(_ ranking: SearchRanking, _ ranks: Range<Int>) throws -> [SearchHit] {
        guard let prepared else { return [] }
        let list = manifest.facets
        // The snippets mark the synonyms too: they are why a document without the term was found.
        let snippetTerms = prepared.query.terms.enumerated().map { index, term in
            SnippetTerm(
                own: term.runs.map { Array($0.text.unicodeScalars) },
                synonyms: (prepared.expansions[index]?.expansions ?? []).flatMap {
                    $0.term.runs.map { Array($0.text.unicodeScalars) }
                },
                rarity: ranking.rarity[index])
        }
        var hits: [SearchHit] = []
        var bundles: [Int: [Fragment]] = [:]
        for (document, score) in ranking.ranked[ranks.clamped(to: ranking.ranked.indices)] {
            let bundle = document / manifest.fragments.perFile
            let name = "f\(bundle).\(manifest.fragments.hashes.hash(of: bundle)).json"
            if bundles[bundle] == nil {
                bundles[bundle] = try JSONDecoder().decode([Fragment].self, from: Data(try file(name)))
            }
            let fragments = bundles[bundle]!, at = document % manifest.fragments.perFile
            guard fragments.indices.contains(at) else { throw DamagedIndex(file: name, problem: "too few fragments") }
            let fragment = fragments[at]
            var values: [String: [String]] = [:]
            for (k, key) in list.enumerated() where k < fragment.f.count && !fragment.f[k].isEmpty {
                guard fragment.f[k].allSatisfy(key.values.indices.contains) else {
                    throw DamagedIndex(file: name, problem: "a facet value out of range")
                }
                values[key.key] = fragment.f[k].map { key.values[$0].id }
            }
            hits.append(
                SearchHit(
                    title: fragment.t, path: fragment.u, meta: fragment.m,
                    score: (score * 10000).rounded() / 10000, snippet: Snippet.parts(fragment.x, terms: snippetTerms),
                    facets: values))
        }
        return hits
    }

    /// Each facet key's counts among the documents `ranking` matched that pass every other key's
    /// filter. It reads every key's facet file (the search page shows the results first), or,
    /// for a query of one list that has them, the list's counts (`TermFacetCounts`), or none when
    /// no document matched.
    public func facetCounts(_ ranking: SearchRanking) throws -> [SearchFacetCounts] {
        let list = manifest.facets
        // No document matched: every count is 0, without a file.
        if ranking.matched.isEmpty {
            return Self.facetCounts(list, list.map { [Int](repeating: 0, count: $0.values.count) })
        }
        if let counted = ranking.counted {
            let counts = TermFacetCounts.entry(
                counted.ordinal, of: try countsFile(counted.file), valueCounts: list.map(\.values.count),
                documents: counted.documents)
            return Self.facetCounts(list, counts)
        }
        let wanted = try ranking.filters.map { (key: $0.key, values: $0.values, column: try facetColumn($0.key)) }
        var counts = list.map { [Int](repeating: 0, count: $0.values.count) }
        for k in list.indices {
            let column = try facetColumn(k)
            for document in ranking.matched
            where wanted.allSatisfy({ $0.key == k || $0.column[document].contains(where: $0.values.contains) }) {
                for value in column[document] { counts[k][value] += 1 }
            }
        }
        return Self.facetCounts(list, counts)
    }

    /// `counts[key][value]` labelled.
    private static func facetCounts(_ list: [FacetKey], _ counts: [[Int]]) -> [SearchFacetCounts] {
        list.enumerated().map { k, key in
            SearchFacetCounts(
                key: key.key, label: key.label,
                values: key.values.enumerated().map {
                    SearchFacetCount(id: $1.id, label: $1.label, count: counts[k][$0])
                })
        }
    }

    private var countsFiles: [String: [UInt8]] = [:]

    /// The counts file `name`, read once.
    private func countsFile(_ name: String) throws -> [UInt8] {
        if let cached = countsFiles[name] { return cached }
        let bytes = try file(name)
        countsFiles[name] = bytes
        return bytes
    }

    /// Index files read so far (the manifest included), and their bytes.
    public var filesRead: Int { read.files }
    public var bytesRead: Int { read.bytes }

    /// Ranked results for `query` among documents with every filtered facet (any value of a key).
    public func search(_ text: String, filters: [String: Set<String>] = [:], limit: Int = 10, offset: Int = 0) throws
        -> SearchResults
    {
        prepared = nil
        let ranking = try rank(text, filters: filters, first: offset + limit)
        let hits = try self.hits(ranking, offset..<offset + limit)
        let resultsRead = read
        let facets = try facetCounts(ranking)
        return SearchResults(
            total: ranking.total, hits: hits, facets: facets,
            synonyms: ranking.synonyms, exactQuery: ranking.exactQuery,
            cappedPrefix: ranking.cappedPrefix, prefixCap: manifest.layout.prefixCap,
            filesRead: read.files, bytesRead: read.bytes,
            resultsFilesRead: resultsRead.files, resultsBytesRead: resultsRead.bytes)
    }
}

/// A query term as a snippet sees it: the texts that match it (its runs, as normalised), those
/// of its synonyms, and how rare it is (`Snippet.rarity`).
struct SnippetTerm: Equatable {
    var own: [[Unicode.Scalar]]
    var synonyms: [[Unicode.Scalar]]
    var rarity: Int
}

/// A result's snippet: from the passage (a line of the fragment's text: one of the body's blocks)
/// with the most and rarest query terms, the window from its first match, split at the matches.
/// A passage scores, per query term it holds, the term's rarity, twice over when the term itself
/// is there and once when only a synonym is; the earliest of the best wins. The text is as
/// written; it is normalised cluster by cluster (a scalar and the marks after it, NFKC, then the
/// case fold) and each normalised scalar remembers its cluster, so a match found in normalised
/// form marks the original characters: ドローン（UAV） stays so and `(uav` highlights `（UAV`.
/// No match in the text: its start. JavaScript: `snippet` in `engine.js`, the same in integers.
enum Snippet {
    static let before = 30, length = 120

    static func isMark(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0xFF9E, 0xFF9F: return true
        default:
            switch scalar.properties.generalCategory {
            case .nonspacingMark, .spacingMark, .enclosingMark: return true
            default: return false
            }
        }
    }

    /// The text normalised as the index normalises it (NFKC, then each scalar folded), each
    /// normalised scalar with the range of original scalars (its cluster: a character and the
    /// marks after it) it came from, so a match in normalised form marks the text as written.
    static func folded(_ scalars: [Unicode.Scalar]) -> (folded: [Unicode.Scalar], origin: [Range<Int>]) {
        var folded: [Unicode.Scalar] = [], origin: [Range<Int>] = []
        var index = 0
        while index < scalars.count {
            var end = index + 1
            while end < scalars.count, isMark(scalars[end]) { end += 1 }
            let cluster = SearchTokenizer.string(scalars[index..<end])
            for scalar in cluster.nfkc.unicodeScalars {
                folded.append(SearchTokenizer.fold(scalar)); origin.append(index..<end)
            }
            index = end
        }
        return (folded, origin)
    }

    /// A term's rarity: the bit length of the documents per document it matched (1 for a term in
    /// more than half of them, 14 for one in 1 of 10,000); whole numbers, so both engines agree.
    static func rarity(documents: Int, of total: Int) -> Int {
        let ratio = max(1, total / max(documents, 1))
        return Int.bitWidth - ratio.leadingZeroBitCount
    }

    /// Passage separators in a fragment's text: a white-space run with a line break in it.
    static func isLineBreak(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x0A...0x0D, 0x85, 0x2028, 0x2029: return true
        default: return false
        }
    }

    static func parts(_ text: String, terms: [SnippetTerm]) -> [String] {
        let scalars = Array(text.unicodeScalars)
        let (folded, origin) = folded(scalars)
        // Passage `p` starts at `starts[p]`; `passage[i]` is the passage of scalar `i`.
        var starts = [0], passage = [Int](repeating: 0, count: scalars.count)
        for (i, scalar) in scalars.enumerated() {
            passage[i] = starts.count - 1
            if scalar == "\n" { starts.append(i + 1) }
        }
        var marks = [Bool](repeating: false, count: scalars.count)
        // Per passage and term: 2 the term is there, 1 only a synonym; and each passage's first match.
        var held = [[Int]](repeating: [Int](repeating: 0, count: terms.count), count: starts.count)
        var first = [Int?](repeating: nil, count: starts.count)
        for (t, term) in terms.enumerated() {
            for (weight, needles) in [(2, term.own), (1, term.synonyms)] {
                for needle in needles where !needle.isEmpty && needle.count <= folded.count {
                    for start in 0...(folded.count - needle.count) where folded[start] == needle[0] {
                        guard folded[start..<start + needle.count].elementsEqual(needle) else { continue }
                        let from = origin[start].lowerBound
                        for i in from..<origin[start + needle.count - 1].upperBound { marks[i] = true }
                        held[passage[from]][t] = max(held[passage[from]][t], weight)
                        first[passage[from]] = min(first[passage[from]] ?? from, from)
                    }
                }
            }
        }
        var best: Int?, bestScore = 0
        for p in starts.indices {
            let score = terms.indices.reduce(0) { $0 + held[p][$1] * terms[$1].rarity }
            if score > bestScore { best = p; bestScore = score }
        }
        func shown(_ scalar: Unicode.Scalar) -> Unicode.Scalar { scalar == "\n" ? " " : scalar }
        guard let best, let match = first[best] else {
            return [String(String.UnicodeScalarView(scalars.prefix(length).map(shown)))]
        }
        let start = max(starts[best], match - before), end = min(scalars.count, start + length)
        var parts: [String] = [start > 0 ? "…" : ""]
        var current = String.UnicodeScalarView(), marked = false
        for i in start..<end {
            if marks[i] != marked {
                parts[parts.count - 1] += String(current)
                current = String.UnicodeScalarView()
                parts.append("")
                marked = marks[i]
            }
            current.append(shown(scalars[i]))
        }
        parts[parts.count - 1] += String(current)
        if end < scalars.count {
            if parts.count % 2 == 0 { parts.append("") }
            parts[parts.count - 1] += "…"
        }
        return parts
    }
}
