import Foundation
import MinaoshiSupport
import MinaoshiTestSupport
import Testing

@testable import MinaoshiSearch

/// The index made with the tokens of an earlier build (`SearchTokenReuse`) against one made from
/// scratch: random edits to a small corpus (bodies, titles, meta lines, facet values, labels, which
/// change the phrase table,
/// adds, deletes, moves, duplicates), and after each the files must be the same bytes, while the
/// reuse tokenizes only part of the documents. And what it is offered it trusts only by key and
/// after decoding: damaged or foreign chunks are tokenized again.
@Suite struct SearchTokenReuseTests {
    /// Small chunks, so that a corpus of a hundred documents has many.
    static let options: SearchIndexOptions = {
        var options = SearchIndexOptions()
        options.chunkDocuments = 8
        options.synonyms = [["近接目視", "目視点検"]]
        return options
    }()

    /// The chunks and fragment names one build left, as a cache holds them: bytes by key.
    struct Store {
        var chunks: [SearchTokenReuse.Key: [UInt8]] = [:]
        var fragmentNames: [StableHash: String] = [:]

        func reuse() -> SearchTokenReuse {
            let chunks = self.chunks
            return SearchTokenReuse(
                offering: chunks.keys.sorted { $0.documents.first?.low ?? 0 < $1.documents.first?.low ?? 0 },
                fragmentNames: fragmentNames
            ) {
                chunks[$0].map { SharedBytes($0) }
            }
        }

        /// What the cache keeps after a build with `reuse`: each chunk it made, with the bytes it was
        /// given or the ones the store held, and the names of its fragment groups.
        mutating func keep(_ reuse: SearchTokenReuse) {
            var kept: [SearchTokenReuse.Key: [UInt8]] = [:]
            for chunk in reuse.chunks { kept[chunk.key] = chunk.bytes ?? chunks[chunk.key] }
            chunks = kept
            fragmentNames = reuse.fragmentNames
        }
    }

    /// The index's files; with `published`, the files of the index published before, which the
    /// writer may keep (by name, as the build keeps them) instead of handing them over: they are
    /// then among the files returned, with the published bytes. No name may be offered again once
    /// kept (the build's keep would link a file it has staged already).
    static func files(
        _ documents: [SearchDocument], reusing reuse: SearchTokenReuse? = nil, published: [String: [UInt8]]? = nil,
        sourceLocation: Testing.SourceLocation = #_sourceLocation
    ) -> [SearchIndexWriter.File] {
        let collected = Locked<[String: [UInt8]]>([:]), kept = Locked<Set<String>>([])
        @Sendable func keepPublished(_ path: String) -> Bool {
            if kept.withLock({ $0.contains(path) }) {
                Issue.record("\(path) offered to keep again once kept", sourceLocation: sourceLocation)
            }
            guard let bytes = published?[path] else { return false }
            collected.withLock { $0[path] = bytes }
            kept.withLock { _ = $0.insert(path) }
            return true
        }
        let keep: (@Sendable (String) -> Bool)? = published == nil ? nil : keepPublished
        SearchIndexWriter.write(
            documents, facets: SearchIndexTests.facets, options: options, reusing: reuse,
            to: { path, bytes in collected.withLock { $0[path] = bytes } }, keeping: keep)
        return collected.withLock { $0 }.sorted { $0.key < $1.key }.map {
            SearchIndexWriter.File(path: $0.key, bytes: $0.value)
        }
    }

    static func same(_ a: [SearchIndexWriter.File], _ b: [SearchIndexWriter.File]) -> Bool {
        a.map(\.path) == b.map(\.path) && zip(a, b).allSatisfy { $0.bytes == $1.bytes }
    }

    /// Random text of kanji, kana, long-vowel marks, ASCII words and numbers, with the label terms
    /// now and then, so that runs hold phrases.
    struct Writer {
        var random: SplitMix
        let pieces = [
            "道路", "橋梁", "点検", "近接目視", "目視点検", "ドローン", "サーバー", "定期", "検査", "書面", "掲示", "常駐",
            "AI", "IoT", "2026年", "の", "を", "で", "は", "。", "、", " ", "Drone", "check", "ｶﾀｶﾅ", "①", "河川管理施設"
        ]
        let labels = ["道路法", "河川管理施設等構造令", "建築基準法施行令", "消防法", "電気事業法施行規則"]

        mutating func pick<T>(_ items: [T]) -> T { items[Int(random.next() % UInt64(items.count))] }

        mutating func text(_ count: Int) -> String { (0..<count).map { _ in pick(pieces) }.joined() }

        mutating func document(_ number: Int) -> SearchDocument {
            let labelCount = Int(random.next() % 3)
            return SearchDocument(
                title: text(3), path: "/d/\(number)/", summary: "", meta: "",
                labels: (0..<labelCount).map { _ in pick(labels) }, body: text(Int(random.next() % 60)),
                facets: ["type": ["regulations"], "category": [pick(["a", "b", "c"])]])
        }
    }

    @Test func anIndexMadeWithReusedTokensIsTheIndexMadeFromScratch() throws {
        var writer = Writer(random: SplitMix(seed: 20_261_206))
        var documents = (0..<64).map { writer.document($0) }
        var store = Store()
        var published: [String: [UInt8]] = [:]
        var next = 64
        var tokenized = 0, total = 0, takenGroups = 0
        // Fewer under ThreadSanitizer, which sets the randomised incremental test's steps (`make tsan`).
        let steps = min(16, ProcessInfo.processInfo.environment["MINAOSHI_INCREMENTAL_STEPS"].flatMap { Int($0) } ?? 16)
        for step in 0...steps {
            var edit = "the first index"
            if step > 0 {
                let at = Int(writer.random.next() % UInt64(documents.count))
                // Each kind of edit in turn, twice over the 16 steps, at a random place.
                switch (step - 1) % 8 {
                case 0:
                    edit = "body of \(at)"
                    documents[at].body += writer.text(3)
                case 1:
                    edit = "category of \(at), a facet value that fragments show"
                    documents[at].facets["category"] = [writer.pick(["a", "b", "c", "d"])]
                case 2 where step < 9:
                    edit = "title of \(at)"
                    documents[at].title = writer.text(2)
                case 2:
                    edit = "meta line of \(at), which only fragments show"
                    documents[at].meta = writer.text(1)
                case 3:
                    edit = "a label of \(at), and so the phrase table"
                    documents[at].labels = [step % 2 == 0 ? "河川管理施設" : "新しい法令第\(step)号"]  // the first, in other bodies
                case 4:
                    edit = "add at \(at)"
                    documents.insert(writer.document(next), at: at)
                    next += 1
                case 5:
                    edit = "delete \(at)"
                    documents.remove(at: at)
                case 6:
                    let count = min(10, documents.count - at)
                    edit = "move \(count) from \(at) to the end"
                    let moved = documents[at..<(at + count)]
                    documents.removeSubrange(at..<(at + count))
                    documents += moved
                default:
                    edit = "duplicate \(at)"
                    documents.insert(documents[at], at: at)
                }
            }
            let reuse = store.reuse()
            let got = Self.files(documents, reusing: reuse, published: published)
            let wanted = Self.files(documents)
            let differing = Set(got.map(\.path)).symmetricDifference(wanted.map(\.path))
                .union(zip(got, wanted).filter { $0.0.bytes != $0.1.bytes }.map(\.0.path))
            #expect(differing.isEmpty, "step \(step) (\(edit)): \(differing.sorted().prefix(5)) differ")
            if step > 0 {
                tokenized += reuse.tokenizedDocuments
                total += documents.count
                takenGroups += reuse.takenFragmentGroups
            }
            store.keep(reuse)
            published = Dictionary(uniqueKeysWithValues: got.map { ($0.path, $0.bytes) })
            // Made again from the chunks it just kept, nothing is tokenized.
            if step % 8 == 0 {
                let again = store.reuse()
                #expect(Self.same(Self.files(documents, reusing: again), wanted), "step \(step), again")
                #expect(again.tokenizedDocuments == 0, "step \(step): \(again.tokenizedDocuments) tokenized again")
                store.keep(again)
            }
        }
        // The test means something only if most documents came from the store, and fragment
        // groups were kept unmade.
        #expect(tokenized * 3 < total, "tokenized \(tokenized) of \(total) documents")
        #expect(takenGroups >= steps, "\(takenGroups) fragment groups kept unmade")
        // Offered names whose files are not published: every group is made, and the index is the same.
        let unpublished = store.reuse()
        #expect(Self.same(Self.files(documents, reusing: unpublished, published: [:]), Self.files(documents)))
        #expect(unpublished.takenFragmentGroups == 0)
        // One group's second file gone from the published tree: its first is kept, the rest written.
        let second = try #require(published.keys.filter { $0.hasPrefix("f1.") }.first)
        var partly = published
        partly[second] = nil
        let fromPartly = store.reuse()
        #expect(Self.same(Self.files(documents, reusing: fromPartly, published: partly), Self.files(documents)))
        #expect(fromPartly.takenFragmentGroups == fromPartly.fragmentNames.count - 1)
    }

    /// A chunk's bytes cut anywhere, or under another phrase table, are never used; the index is
    /// the one made from scratch.
    @Test func damagedOrForeignChunksAreTokenizedAgain() throws {
        var writer = Writer(random: SplitMix(seed: 7))
        var documents = (0..<40).map { writer.document($0) }
        var store = Store()
        let first = store.reuse()
        _ = Self.files(documents, reusing: first)
        store.keep(first)
        let wanted = Self.files(documents)

        // Every chunk cut short: each is refused when decoded, and tokenized.
        var cut = store
        for key in cut.chunks.keys { cut.chunks[key]!.removeLast(1 + cut.chunks[key]!.count / 3) }
        let fromCut = cut.reuse()
        #expect(Self.same(Self.files(documents, reusing: fromCut), wanted))
        #expect(fromCut.tokenizedDocuments == documents.count)

        // A chunk's bytes cut anywhere decode to nothing: at every length through its names, then
        // at lengths spread over the rest (each decode reads up to the cut).
        let (key, bytes) = try #require(store.chunks.first)
        for length in Array(0..<min(bytes.count, 512)) + Array(stride(from: 512, to: bytes.count, by: 61)) {
            #expect(
                PostingBuilder.Chunk.decode(SharedBytes(bytes.prefix(length)), base: 0, documents: key.documents.count)
                    == nil,
                "cut at \(length) of \(bytes.count)")
        }
        #expect(PostingBuilder.Chunk.decode(SharedBytes(bytes), base: 0, documents: key.documents.count) != nil)
        #expect(PostingBuilder.Chunk.decode(SharedBytes(bytes + [0]), base: 0, documents: key.documents.count) == nil)
        #expect(
            PostingBuilder.Chunk.decode(SharedBytes(bytes), base: 0, documents: key.documents.count + 1) == nil)

        // Chunks nobody can read (gone from the cache): tokenized.
        let gone = SearchTokenReuse(offering: Array(store.chunks.keys)) { _ in nil }
        #expect(Self.same(Self.files(documents, reusing: gone), wanted))
        #expect(gone.tokenizedDocuments == documents.count)

        // A new label changes the phrase table: no chunk of the old one is offered under the new key.
        documents[0].labels.append("河川法施行令第三条")
        let foreign = store.reuse()
        #expect(Self.same(Self.files(documents, reusing: foreign), Self.files(documents)))
        #expect(foreign.tokenizedDocuments == documents.count)
    }

    /// The plan takes an offered run wherever it now starts, cuts the rest, and falls back to the
    /// standard cut when nothing matches.
    @Test func thePlanTakesOfferedRunsWhereverTheyStart() {
        let hashes = (0..<40).map { StableHash(high: 0, low: UInt64($0)) }
        let context = StableHash(high: 1, low: 1)
        let standard = PostingBuilder.chunkRanges(count: 41, size: 8)
        let offered = [SearchTokenReuse.Key(documents: Array(hashes[8..<16]), context: context)]
        // One new document in front: the run of 8 to 16 now starts at 9.
        let shifted = [StableHash(high: 9, low: 9)] + hashes
        let plan = SearchTokenReuse.plan(
            shifted, context: context, offered: offered, standard: standard, size: 8, pieces: 4)
        #expect(plan.contains { $0.range == 9..<17 && $0.offer == 0 })
        #expect(plan.map(\.range.count).reduce(0, +) == 41)
        #expect(zip(plan, plan.dropFirst()).allSatisfy { $0.range.upperBound == $1.range.lowerBound })
        // Another context: the standard cut.
        let other = SearchTokenReuse.plan(
            shifted, context: StableHash(high: 2, low: 2), offered: offered, standard: standard, size: 8, pieces: 4)
        #expect(other.map(\.range) == standard && other.allSatisfy { $0.offer == nil })
        // Cut finer than four times the standard cut (and one): the standard cut, every document tokenized.
        let tiny = hashes.map { SearchTokenReuse.Key(documents: [$0], context: context) }
        let two = [0..<20, 20..<40]
        let fine = SearchTokenReuse.plan(hashes, context: context, offered: tiny, standard: two, size: 40, pieces: 1)
        #expect(fine.map(\.range) == two && fine.allSatisfy { $0.offer == nil })
        // Four taken, the rest in one piece: five chunks, within the limit.
        let fineEnough = SearchTokenReuse.plan(
            hashes, context: context, offered: Array(tiny.prefix(4)), standard: two, size: 40, pieces: 1)
        #expect(fineEnough.map(\.offer) == [0, 1, 2, 3, nil] && fineEnough.last?.range == 4..<40)
    }
}
