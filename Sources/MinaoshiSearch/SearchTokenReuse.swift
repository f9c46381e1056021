import Foundation
import MinaoshiSupport

/// The tokenized documents of an earlier build, offered to the next one's posting builder.
///
/// The builder reads the documents in chunks (`PostingBuilder.Chunk`, each a run of consecutive
/// documents), and a chunk's bytes depend only on what the tokenizer reads of its documents (title,
/// labels, body, in order: ``documentHash(_:)``) and on the phrase table and the code's versions
/// (``Key/context``); where the run sits in the corpus only shifts its document numbers. So a run
/// of documents whose hashes match, in order, those of a chunk on offer is taken from the offer
/// and renumbered, and only the rest is tokenized, cut into pieces both cores share. Where chunks
/// are cut never changes the lists (`PostingBuilder`), so the index is the same bytes either way:
/// `SearchTokenReuseTests` holds it to a build without reuse over random edits.
///
/// Given to ``SearchIndexWriter/write(_:facets:options:reusing:to:keeping:)``; afterwards
/// ``chunks`` lists the chunks the index was made of, for the caller to keep for the next build.
public final class SearchTokenReuse: Sendable {
    /// What a chunk's bytes are a function of.
    public struct Key: Hashable, Sendable {
        /// ``SearchTokenReuse/documentHash(_:)`` of each of its documents, in order.
        public var documents: [StableHash]
        /// The phrase table's terms, the tokenizer's and the chunk layout's version
        /// (``SearchTokenReuse/version``) and the index format's.
        public var context: StableHash

        public init(documents: [StableHash], context: StableHash) {
            self.documents = documents
            self.context = context
        }
    }

    /// One chunk of the index just made: its key, and its bytes when it was tokenized in this build
    /// (nil when it was taken from the offer, whose bytes the caller holds already).
    public struct Chunk: Sendable {
        public let key: Key
        public let bytes: [UInt8]?
    }

    /// The tokenizer's rules and the chunk's byte layout (``PostingBuilder/Chunk/encoded(base:)``): a
    /// change in either bumps it, so no chunk made by other rules is ever offered under a key
    /// this build asks for.
    public static let version = 1

    /// One chunk more than this many times the chunks a build without reuse cuts, and every
    /// document is tokenized again in standard chunks: each edit cuts the chunk it falls in into
    /// smaller ones, and many small chunks make the lists' merge slower.
    static let chunkGrowthLimit = 4

    private let offered: [Key]
    private let load: @Sendable (Key) -> SharedBytes?
    private let made = Locked<(chunks: [Chunk], tokenized: Int)>(([], 0))
    private let offeredFragmentNames: [StableHash: String]
    private let madeFragmentNames = Locked<(names: [StableHash: String], taken: Int)>(([:], 0))

    /// Offers `offered`, whose bytes `load` reads (nil when they cannot be read whole: that
    /// chunk's documents are then tokenized), and the names an earlier index gave its fragment
    /// groups, by ``SearchIndexWriter/fragmentGroupKey(_:documents:hashes:rows:perFile:limit:)``.
    public init(
        offering offered: [Key] = [], fragmentNames: [StableHash: String] = [:],
        load: @escaping @Sendable (Key) -> SharedBytes? = { _ in nil }
    ) {
        self.offered = offered
        self.offeredFragmentNames = fragmentNames
        self.load = load
    }

    /// The chunks of the last index made with this reuse, in document order.
    public var chunks: [Chunk] { made.withLock { $0.chunks } }

    /// The documents the last index made with this reuse tokenized (the others came from the offer).
    public var tokenizedDocuments: Int { made.withLock { $0.tokenized } }

    /// The names the last index made with this reuse gave its fragment groups, by their keys: what
    /// the caller keeps for the next build.
    public var fragmentNames: [StableHash: String] { madeFragmentNames.withLock { $0.names } }

    /// The fragment groups of the last index made with this reuse that were kept as published
    /// under an offered name, their bundles never made.
    public var takenFragmentGroups: Int { madeFragmentNames.withLock { $0.taken } }

    /// Whether `name` can be a fragment group's name (what a cache of names may hold).
    public static func isFragmentName(_ name: String) -> Bool { GroupHashes.isName(name) }

    /// The name an earlier index gave the fragment group of `key`.
    func offeredFragmentName(_ key: StableHash) -> String? { offeredFragmentNames[key] }

    /// Records the fragment groups of the index just made (key, name, whether kept unmade).
    func recordFragmentGroups(_ groups: [(key: StableHash, name: String, taken: Bool)]) {
        let names = Dictionary(groups.map { ($0.key, $0.name) }, uniquingKeysWith: { first, _ in first })
        madeFragmentNames.withLock { $0 = (names, groups.count { $0.taken }) }
    }

    /// Everything of `document` the tokenizer reads.
    public static func documentHash(_ document: SearchDocument) -> StableHash {
        var hasher = StableHasher()
        hasher.add(document.title)
        hasher.add(document.labels.count)
        for label in document.labels { hasher.add(label) }
        hasher.add(document.body)
        return hasher.value
    }

    /// What every chunk of a build reads besides its documents: the phrase table's terms (in the
    /// order the table is made from) and the versions of the code that makes and reads chunks.
    static func context(phrases: [String]) -> StableHash {
        var hasher = StableHasher()
        hasher.add(version)
        hasher.add(SearchIndexLayout.version)
        hasher.add(phrases.count)
        for phrase in phrases { hasher.add(phrase) }
        return hasher.value
    }

    /// The chunks of documents with `hashes`: each run that matches an offered chunk (same
    /// context, same hashes in order) as that chunk (`offer`), the runs between them cut into
    /// pieces of at most `size` documents, small enough that `pieces` of them share a short run.
    /// `standard` (the cut without reuse) when nothing matches or the cut has grown too fine.
    static func plan(
        _ hashes: [StableHash], context: StableHash, offered: [Key], standard: [Range<Int>], size: Int, pieces: Int
    ) -> [(range: Range<Int>, offer: Int?)] {
        var byFirst: [StableHash: [Int]] = [:]
        for (number, key) in offered.enumerated() where key.context == context && !key.documents.isEmpty {
            byFirst[key.documents[0], default: []].append(number)
        }
        var plan: [(range: Range<Int>, offer: Int?)] = []
        var freshStart: Int?
        func cutFresh(upTo end: Int) {
            guard let start = freshStart else { return }
            let count = end - start
            let piece = min(size, max(16, count / max(1, pieces) + 1))
            plan += PostingBuilder.chunkRanges(count: count, size: piece).map {
                (range: (start + $0.lowerBound)..<(start + $0.upperBound), offer: nil)
            }
            freshStart = nil
        }
        var index = 0
        while index < hashes.count {
            let match = byFirst[hashes[index]]?.first { number in
                let documents = offered[number].documents
                return index + documents.count <= hashes.count
                    && hashes[index..<(index + documents.count)].elementsEqual(documents)
            }
            guard let match else {
                if freshStart == nil { freshStart = index }
                index += 1
                continue
            }
            cutFresh(upTo: index)
            plan.append((range: index..<(index + offered[match].documents.count), offer: match))
            index += offered[match].documents.count
        }
        cutFresh(upTo: hashes.count)
        let reused = plan.contains { $0.offer != nil }
        guard reused, plan.count <= chunkGrowthLimit * standard.count + 1 else {
            return standard.map { (range: $0, offer: nil) }
        }
        return plan
    }

    /// The chunks of `documents` (their hashes `hashes`): offered ones decoded, the others made by
    /// `tokenize`, on every core; records them (``chunks``). A chunk on offer that cannot be read
    /// or decoded is tokenized instead.
    func makeChunks(
        hashes: [StableHash], context: StableHash, standard: [Range<Int>], size: Int,
        bodies: TakeOnceSlots<String>?,
        tokenize: @Sendable (Range<Int>) -> PostingBuilder.Chunk
    ) -> [PostingBuilder.Chunk] {
        let pieces = 2 * ProcessInfo.processInfo.activeProcessorCount
        let plan = Self.plan(
            hashes, context: context, offered: offered, standard: standard, size: size, pieces: pieces)
        let offered = self.offered, load = self.load
        let results = ParallelMap.map(plan) { item -> (chunk: PostingBuilder.Chunk, fresh: Bool) in
            if let number = item.offer, let bytes = load(offered[number]),
                let chunk = PostingBuilder.Chunk.decode(bytes, base: item.range.lowerBound, documents: item.range.count)
            {
                // The bodies it would have read are let go as tokenizing lets them go.
                if let bodies { for index in item.range { _ = bodies.take(at: index) } }
                return (chunk, false)
            }
            return (tokenize(item.range), true)
        }
        let kept = ParallelMap.map(Array(plan.indices)) { number -> Chunk in
            let range = plan[number].range
            return Chunk(
                key: Key(documents: Array(hashes[range]), context: context),
                bytes: results[number].fresh ? results[number].chunk.encoded(base: range.lowerBound) : nil)
        }
        let tokenized = zip(plan, results).reduce(0) { $0 + ($1.1.fresh ? $1.0.range.count : 0) }
        made.withLock { $0 = (kept, tokenized) }
        return results.map(\.chunk)
    }
}

extension PostingBuilder.Chunk {
    /// The chunk as bytes, its documents numbered from its first (`base`): what
    /// ``decode(_:base:documents:)`` reads back for a run of documents that starts anywhere.
    func encoded(base: Int) -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(data.count + 16 * names.count)
        bytes.appendVarint(bodyLengths.count)
        for length in bodyLengths { bytes.appendVarint(length) }
        bytes.appendVarint(names.count)
        for name in names {
            switch name {
            case .cjk(let key):
                bytes.append(0)
                bytes.appendVarint(Int(key))
            case .gram(let key):
                bytes.append(1)
                bytes.appendFixed(UInt64(truncatingIfNeeded: key >> 64))
                bytes.appendFixed(UInt64(truncatingIfNeeded: key))
            case .word(let text):
                bytes.append(2)
                bytes.appendVarint(text.utf8.count)
                bytes.append(contentsOf: text.utf8)
            }
        }
        for part in names.indices {
            bytes.appendVarint(Int(firsts[part]) - base)
            bytes.appendVarint(Int(lasts[part]) - base)
            bytes.appendVarint(Int(counts[part]))
        }
        for index in 1..<offsets.count { bytes.appendVarint(offsets[index] - offsets[index - 1]) }
        bytes.append(contentsOf: UnsafeBufferPointer(rebasing: data[0..<offsets[offsets.count - 1]]))
        return bytes
    }

    /// The chunk ``encoded(base:)`` wrote, its documents numbered from `base`; nil when the bytes
    /// are not one of `documents` documents, so that no damaged chunk reaches the merge. Its
    /// postings stay in `bytes`, which it holds, rather than being copied out.
    static func decode(_ bytes: SharedBytes, base: Int, documents: Int) -> PostingBuilder.Chunk? {
        var reader = CheckedReader(bytes.buffer)
        guard reader.varint() == documents else { return nil }
        var bodyLengths: [Int] = []
        bodyLengths.reserveCapacity(documents)
        for _ in 0..<documents {
            guard let length = reader.varint() else { return nil }
            bodyLengths.append(length)
        }
        // Each name takes at least two bytes: a count the bytes cannot hold is refused before it is reserved.
        guard let termCount = reader.varint(), termCount <= reader.remaining / 2 else { return nil }
        var names: [PostingBuilder.TermName] = []
        names.reserveCapacity(termCount)
        for _ in 0..<termCount {
            switch reader.byte() {
            case 0:
                guard let key = reader.varint() else { return nil }
                names.append(.cjk(PostingBuilder.Key(key)))
            case 1:
                guard let high = reader.fixed(), let low = reader.fixed() else { return nil }
                names.append(.gram(PostingBuilder.GramKey(high) << 64 | PostingBuilder.GramKey(low)))
            case 2:
                guard let count = reader.varint(), let text = reader.bytes(count),
                    let word = String(validUTF8: text)
                else { return nil }
                names.append(.word(word))
            default:
                return nil
            }
        }
        var firsts: [Int32] = [], lasts: [Int32] = [], counts: [Int32] = []
        for _ in 0..<termCount {
            guard let first = reader.varint(), let last = reader.varint(), let count = reader.varint(),
                first <= last, last < documents, count >= 1, count <= last - first + 1
            else { return nil }
            firsts.append(Int32(base + first))
            lasts.append(Int32(base + last))
            counts.append(Int32(count))
        }
        var offsets = [0]
        offsets.reserveCapacity(3 * termCount + 1)
        for _ in 0..<(3 * termCount) {
            guard let step = reader.varint(), step <= reader.remaining else { return nil }
            offsets.append(offsets[offsets.count - 1] + step)
        }
        guard offsets[offsets.count - 1] == reader.remaining, let packed = reader.bytes(reader.remaining) else {
            return nil
        }
        return PostingBuilder.Chunk(
            names: names, bodyLengths: bodyLengths, firsts: firsts, lasts: lasts, counts: counts, offsets: offsets,
            data: packed.assumingMemoryBound(to: UInt8.self), owner: bytes)
    }
}

extension [UInt8] {
    fileprivate mutating func appendFixed(_ value: UInt64) {
        Swift.withUnsafeBytes(of: value.littleEndian) { append(contentsOf: $0) }
    }
}

/// Reads a chunk's bytes, answering nil (never trapping) where they end early or overflow.
private struct CheckedReader {
    let buffer: UnsafeRawBufferPointer
    var offset = 0

    init(_ buffer: UnsafeRawBufferPointer) { self.buffer = buffer }

    var remaining: Int { buffer.count - offset }

    mutating func byte() -> UInt8? {
        guard offset < buffer.count else { return nil }
        defer { offset += 1 }
        return buffer[offset]
    }

    /// A varint of at most nine bytes (a value below 2^63).
    mutating func varint() -> Int? {
        var value = 0, shift = 0
        while shift < 63 {
            guard let byte = byte() else { return nil }
            value |= Int(byte & 0x7F) << shift
            if byte < 0x80 { return value }
            shift += 7
        }
        return nil
    }

    mutating func fixed() -> UInt64? {
        guard remaining >= 8 else { return nil }
        var value: UInt64 = 0
        for shift in 0..<8 { value |= UInt64(buffer[offset + shift]) << (8 * shift) }
        offset += 8
        return value
    }

    mutating func bytes(_ count: Int) -> UnsafeRawBufferPointer? {
        guard count >= 0, count <= remaining else { return nil }
        defer { offset += count }
        return UnsafeRawBufferPointer(rebasing: buffer[offset..<offset + count])
    }
}
