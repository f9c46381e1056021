import Foundation
import MinaoshiSupport

/// Builds the index's posting lists fast: documents are tokenized once (`IndexTokenizer`), in
/// parallel chunks, with CJK tokens as integers (two scalars packed in one `UInt64`), so no
/// `String` is made or hashed per token; each chunk writes its own lists (each term's streams in a
/// `SlicePool`, as the documents are read, then packed in one `Chunk`), and the merge only
/// re-encodes the first document gap of each chunk's part of a list (`Lists`). The bytes equal a
/// one-thread, one-document-at-a-time build: a term's list holds its documents in order whatever
/// the chunking.
///
/// Besides bigrams and unigrams, every CJK run gives its 3-grams and 4-grams (same runs, same
/// folding, never across a run's ends) as terms with postings but no positions: a query term of 3
/// or 4 characters is then one posting list, where bigrams need their positions to prove adjacency.
/// So are the vocabulary's long terms (`PhraseTable`) wherever a run holds one.
enum PostingBuilder {
    /// Token keys, as the index tokenizer makes them.
    typealias Key = IndexTokenizer.Key
    typealias GramKey = IndexTokenizer.GramKey

    /// The chunks of `count` documents: `size` each, but the last two chunks' worth is cut in
    /// eight. The cores take chunks as they finish one; with equal chunks the last one often ran
    /// alone (tens of milliseconds with the other core idle, at 10k documents), and smaller ones
    /// at the end even the finish out. Where chunks are cut never changes the lists.
    static func chunkRanges(count: Int, size: Int) -> [Range<Int>] {
        guard count > 0 else { return [] }
        let tail = count > 4 * size ? 2 * size + (count % size) : 0
        var ranges = stride(from: 0, to: count - tail, by: size).map { $0..<min($0 + size, count - tail) }
        if tail > 0 {
            let piece = max(1, (tail + 7) / 8)
            ranges += stride(from: count - tail, to: count, by: piece).map { $0..<min($0 + piece, count) }
        }
        return ranges
    }

    /// Posting lists of `documents`. The bodies are read from `bodies` when given (each slot is
    /// emptied as it is read), else from the documents. A 3- or 4-gram in fewer than `gramMinimum`
    /// documents is left out (the query engines then fall back to bigrams). With `reuse`, the
    /// chunks it offers for runs of unchanged documents (`hashes`, in the phrase table's `context`)
    /// are taken instead of tokenizing them again (`SearchTokenReuse`); the lists are the same.
    static func build(
        _ documents: [SearchDocument], bodies: TakeOnceSlots<String>? = nil, gramMinimum: Int = 1,
        phrases: PhraseTable = PhraseTable(), chunkDocuments: Int = SearchIndexOptions().chunkDocuments,
        reuse: (tokens: SearchTokenReuse, hashes: [StableHash], context: StableHash)? = nil
    ) -> Lists {
        let size = max(
            1, min(chunkDocuments, max(16, documents.count / (ProcessInfo.processInfo.activeProcessorCount * 4) + 1)))
        let ranges = chunkRanges(count: documents.count, size: size)
        let cache = SlicePoolCache()
        let chunks: [Chunk]
        if let reuse {
            chunks = reuse.tokens.makeChunks(
                hashes: reuse.hashes, context: reuse.context, standard: ranges, size: size, bodies: bodies
            ) { range in
                chunk(documents[range], bodies: bodies, phrases: phrases, slices: cache)
            }
        } else {
            chunks = ParallelMap.map(ranges) { range in
                chunk(documents[range], bodies: bodies, phrases: phrases, slices: cache)
            }
        }
        // Global terms: each chunk's parts numbered by their term, through the same integer tables
        // as the chunks (words through a dictionary).
        var cjk = KeyTable<Key>(), grams = KeyTable<GramKey>(), words: [String: Int] = [:]
        var names: [TermName] = []
        var partCounts: [Int] = []
        let globalIDs: [[Int32]] = chunks.map { chunk in
            chunk.names.map { name in
                let id: Int, inserted: Bool
                switch name {
                case .cjk(let key): (id, inserted) = cjk.id(key, next: names.count)
                case .gram(let key): (id, inserted) = grams.id(key, next: names.count)
                case .word(let text):
                    if let found = words[text] {
                        (id, inserted) = (found, false)
                    } else {
                        (id, inserted) = (names.count, true); words[text] = id
                    }
                }
                if inserted { names.append(name); partCounts.append(0) }
                partCounts[id] += 1
                return Int32(id)
            }
        }
        var documentCounts = [Int](repeating: 0, count: names.count)
        for (chunk, ids) in zip(chunks, globalIDs) {
            for (part, id) in ids.enumerated() { documentCounts[Int(id)] += chunk.count(part) }
        }
        var kept = Array(names.indices)
        if gramMinimum > 1 {
            // A character list is always kept: the engines read it alone for a lone character.
            kept = kept.filter { id in
                guard case .gram(let key) = names[id], key & IndexTokenizer.tagCharacter == 0 else { return true }
                return documentCounts[id] >= gramMinimum
            }
        }
        let allNames = names
        let strings = ParallelMap.map(kept) { id -> String in
            switch allNames[id] {
            case .cjk(let key): IndexTokenizer.term(key)
            case .gram(let key): IndexTokenizer.term(key)
            case .word(let text): text
            }
        }
        let units = ParallelMap.map(strings) { Array($0.utf16) }
        let heads: [UInt64] = units.map { units in
            var head: UInt64 = 0
            for index in 0..<4 { head = head << 16 | UInt64(index < units.count ? units[index] : 0) }
            return head
        }
        let order = kept.indices.sorted { a, b in
            heads[a] != heads[b] ? heads[a] < heads[b] : units[a].lexicographicallyPrecedes(units[b])
        }
        // Each kept term's parts, in chunk order, laid out in term order.
        var rank = [Int](repeating: -1, count: names.count)
        var lists = Lists()
        lists.refStarts = [Int](repeating: 0, count: order.count + 1)
        for (position, index) in order.enumerated() {
            rank[kept[index]] = position
            lists.refStarts[position + 1] = lists.refStarts[position] + partCounts[kept[index]]
        }
        var cursor = lists.refStarts
        lists.refs = [PartRef](repeating: PartRef(chunk: 0, part: 0), count: lists.refStarts[order.count])
        for (c, ids) in globalIDs.enumerated() {
            for (p, id) in ids.enumerated() {
                let position = rank[Int(id)]
                guard position >= 0 else { continue }
                lists.refs[cursor[position]] = PartRef(chunk: Int32(c), part: Int32(p))
                cursor[position] += 1
            }
        }
        lists.terms = order.map { strings[$0] }
        lists.documentCounts = order.map { documentCounts[kept[$0]] }
        lists.bodyLengths = chunks.flatMap(\.bodyLengths)
        lists.chunks = chunks
        lists.documentTotal = documents.count
        lists.countSizes()
        return lists
    }
}
