import Foundation
import MinaoshiSupport

/// Writes the static search index: a manifest, term shards in term order (a query fetches the
/// shards its terms fall in), fragment bundles (what a result shows, fetched for shown results
/// only), facet values with counts and each document's facet values. Every name but the
/// manifest's carries a content hash; the bytes depend only on the documents.
public enum SearchIndexWriter {
    public struct File: Sendable {
        public var path: String
        public var bytes: [UInt8]
    }

    /// Files relative to the index folder (`manifest.json`, `s0.<hash>.bin`, …), in memory: the
    /// manifest first, as readers look for it, then the rest by path.
    public static func files(
        _ documents: [SearchDocument], facets: [SearchFacet],
        options: SearchIndexOptions = SearchIndexOptions()
    ) -> [File] {
        let collected = Locked<[String: [UInt8]]>([:])
        write(documents, facets: facets, options: options) { path, bytes in
            collected.withLock { $0[path] = bytes }
        } renaming: { path, newPath in
            collected.withLock { $0[newPath] = $0.removeValue(forKey: path)! }
        }
        let files = collected.withLock { $0 }
        let manifest = "manifest.json"
        return [File(path: manifest, bytes: files[manifest]!)]
            + files.keys.filter { $0 != manifest }.sorted().map { File(path: $0, bytes: files[$0]!) }
    }

    /// `transform` of each of `items`, on every core; throws the first failure (in `items`'
    /// order) once all have run.
    private static func mapInParallel<Item: Sendable, Output: Sendable, Failure: Error>(
        _ items: [Item], _ transform: @Sendable (Item) throws(Failure) -> Output
    ) throws(Failure) -> [Output] {
        let results = ParallelMap.map(items) { item -> Result<Output, Failure> in
            do throws(Failure) { return .success(try transform(item)) } catch { return .failure(error) }
        }
        return try results.map { result throws(Failure) in try result.get() }
    }

    /// Hands each file (path relative to the index folder, bytes) to `sink` as soon as it is made,
    /// the manifest last: the step holds one batch of shards at a time, not the whole index (at
    /// 100k documents the index is hundreds of megabytes, and holding it twice passed 2 GiB).
    /// Shards are handed over under a temporary name (`s0.bin`) and given their hashed one with
    /// `rename` once their series is hashed, so each is made once. `sink` and `rename` are called
    /// from several threads at once (over 5,000 files at 10k documents, written one by one, left
    /// the other core idle for 40 ms); a file is renamed only after its `sink` call returned.
    /// Each body is let go once it is tokenized: given the only copy of the documents (`consume`),
    /// the step frees the bodies as it goes (at 100k documents, 300 MB).
    ///
    /// With `reuse`, the documents' tokens an earlier build left are taken where the documents did
    /// not change (``SearchTokenReuse``), and `reuse` then holds this build's for the next one;
    /// the files are the same bytes as without it.
    public static func write<Failure: Error>(
        _ documents: consuming [SearchDocument], facets: [SearchFacet],
        options: SearchIndexOptions = SearchIndexOptions(), reusing reuse: SearchTokenReuse? = nil,
        to sink: @Sendable (String, [UInt8]) throws(Failure) -> Void,
        renaming rename: @Sendable (String, String) throws(Failure) -> Void
    ) throws(Failure) {
        var documents = documents
        // What the tokenizer reads of each document, hashed before the bodies move out.
        let hashes = reuse == nil ? [] : ParallelMap.map(documents) { SearchTokenReuse.documentHash($0) }
        // Facets, first: each fragment carries its document's values.
        let facets = try writeFacets(documents, facets: facets, to: sink)
        // Fragment bundles, next: they need the bodies' text.
        let fragments = try writeFragments(documents, rows: facets.rows, options: options, to: sink)
        // The bodies move to slots the posting builder empties as it reads them.
        let bodies = TakeOnceSlots(documents.map(\.body))
        for index in documents.indices { documents[index].body = "" }
        // The long terms indexed whole: every label of five or more CJK characters (law names,
        // vocabulary labels) and the synonym dictionary's.
        var labels = Set<String>()
        for document in documents { labels.formUnion(document.labels) }
        let phraseTerms = labels.sorted() + options.synonyms.joined()
        let phrases = PhraseTable(phraseTerms)
        let lists = PostingBuilder.build(
            documents, bodies: bodies, gramMinimum: options.gramMinimumDocuments,
            phrases: phrases, chunkDocuments: options.chunkDocuments,
            reuse: reuse.map { ($0, hashes, SearchTokenReuse.context(phrases: phraseTerms)) })
        let lengths = lists.bodyLengths
        // Frequent terms' counts, when the facet files that would count them weigh more than `countFacetBytes`.
        // The table of every document's values is made only when some list may need it.
        let countMinimum = facets.bytes > options.countFacetBytes ? options.countMinimumDocuments : 0
        let counts =
            countMinimum > 0
            ? (TermFacetCounts(rows: facets.rows, valueCounts: facets.list.map(\.values.count)), countMinimum) : nil
        let shards = try writeShards(lists, options: options, counts: counts, to: sink, renaming: rename)
        _ = consume lists
        try writeManifest(
            documents: documents.count, bodyLengths: lengths, options: options,
            shards: shards, fragments: fragments, facets: facets, countMinimum: countMinimum, to: sink)
    }

    /// Documents per fragment bundle: as many as keep the bundles within `maxFragmentFiles`, but never
    /// more than `maxFragmentDocuments`, so that the bundles of a query's five results cost the same
    /// whatever the corpus size (at 100,000 documents, 40 to a file made them 215 KB).
    static func fragmentsPerFile(documents: Int, options: SearchIndexOptions) -> Int {
        min(
            max(1, (documents + options.maxFragmentFiles - 1) / options.maxFragmentFiles),
            max(1, options.maxFragmentDocuments))
    }

    /// Writes the fragment bundles (`f<n>.<hash>.json`, what a result shows: `rows[document]` are its
    /// facet values), and says how they are cut.
    private static func writeFragments<Failure: Error>(
        _ documents: [SearchDocument], rows: [[[Int]]], options: SearchIndexOptions,
        to sink: @Sendable (String, [UInt8]) throws(Failure) -> Void
    ) throws(Failure)
        -> Manifest.Fragments
    {
        let perFile = fragmentsPerFile(documents: documents.count, options: options)
        let limit = max(options.snippetTextLimit, options.fragmentFileText / perFile)
        let bundles = ParallelMap.map(Array(stride(from: 0, to: documents.count, by: perFile))) { start -> [UInt8] in
            var bytes: [UInt8] = []
            JSONValue.array(
                (start..<min(start + perFile, documents.count)).map {
                    Fragment(documents[$0], facets: rows[$0], limit: limit).json
                }
            ).write(to: &bytes)
            return bytes
        }
        let hash = contentHash(bundles)
        _ = try mapInParallel(Array(bundles.indices)) { (index: Int) throws(Failure) in
            try sink("f\(index).\(hash).json", bundles[index])
        }
        return Manifest.Fragments(hash: hash, perFile: perFile, files: bundles.count)
    }

    /// The three series of term shards, with their hashes.
    private struct WrittenShards {
        var plain: ShardSeries, grams: ShardSeries, characters: ShardSeries
        var hash: String, gramHash: String, characterHash: String
    }

    /// Writes the term shards in three series: `s` (bigrams, unigrams, words, in term order;
    /// positions beside each in `p`), `g` (CJK 3- and 4-grams and long terms kept whole, by a hash
    /// of the term, as many shards as the corpus needs) and `c` (the character lists, in term
    /// order). A query fetches the shards its terms fall in; a 3- or 4-character CJK term only ever
    /// reads a `g` shard, a lone CJK character a `c` shard. Each series is named by a hash of its
    /// own bytes.
    private static func writeShards<Failure: Error>(
        _ lists: PostingBuilder.Lists, options: SearchIndexOptions, counts: (table: TermFacetCounts, minimum: Int)?,
        to sink: @Sendable (String, [UInt8]) throws(Failure) -> Void,
        renaming rename: @Sendable (String, String) throws(Failure) -> Void
    ) throws(Failure)
        -> WrittenShards
    {
        let isGram = lists.terms.map(SearchIndexLayout.isGram)
        let isCharacterList = lists.terms.map(SearchIndexLayout.isCharacterList)
        // Each series' names carry a hash of its shards: they are written as they are made, in
        // parallel batches, under their number, and renamed once the series is hashed. (Made twice,
        // once to hash and once to write, the 100k index's step grew faster than the corpus.)
        func write(_ series: ShardSeries, prefix: String) throws(Failure) -> String {
            // The series hash reads every byte in order: on this thread it was a serial 0.1 s at 10k
            // with the other core idle. It runs beside the writes and the next batch instead.
            let hasher = BackgroundHasher()
            // How many cut lists each shard has: list k's payloads are `t<shard>-<k>`.
            let tails = Locked<[Int: Int]>([:])
            // The shards with a counts file (`TermFacetCounts`).
            let counted = Locked<Set<Int>>([])
            for batch in series.batches {
                // Each shard is made and written on one core.
                let made = try mapInParallel(Array(batch)) { (index: Int) throws(Failure) in
                    let shard = series.shard(index, lists)
                    try sink("\(prefix)\(index).bin", shard.bytes)
                    if series.hasPositions { try sink("p\(index).bin", shard.positions) }
                    for (k, tail) in shard.tails.enumerated() { try sink("t\(prefix)\(index)-\(k).bin", tail) }
                    if !shard.tails.isEmpty { tails.withLock { $0[index] = shard.tails.count } }
                    var countsFile: [UInt8] = []
                    if let counts, case let terms = series.countedTerms(index, lists, minimum: counts.minimum),
                        !terms.isEmpty
                    {
                        countsFile = counts.table.file(terms, lists)
                        try sink("n\(prefix)\(index).bin", countsFile)
                        counted.withLock { _ = $0.insert(index) }
                    }
                    return (shard: shard, counts: countsFile)
                }
                hasher.add(
                    made.flatMap {
                        [$0.shard.bytes] + (series.hasPositions ? [$0.shard.positions] : []) + $0.shard.tails
                            + ($0.counts.isEmpty ? [] : [$0.counts])
                    })
            }
            let hash = hasher.value, tailed = tails.withLock { $0 }, withCounts = counted.withLock { $0 }
            _ = try mapInParallel(Array(series.indices)) { (index: Int) throws(Failure) in
                try rename("\(prefix)\(index).bin", "\(prefix)\(index).\(hash).bin")
                if series.hasPositions { try rename("p\(index).bin", "p\(index).\(hash).bin") }
                for k in 0..<(tailed[index] ?? 0) {
                    try rename("t\(prefix)\(index)-\(k).bin", "t\(prefix)\(index)-\(k).\(hash).bin")
                }
                if withCounts.contains(index) { try rename("n\(prefix)\(index).bin", "n\(prefix)\(index).\(hash).bin") }
            }
            return hash
        }
        let stored = lists.bodyLengths.map { SearchIndexLayout.lengths[Int(SearchIndexLayout.lengthBucket($0))] }
        let heads = ShardSeries.Heads(
            size: options.headDocuments, minimum: options.headMinimumDocuments,
            averageBodyLength: SearchIndexLayout.averageBodyLength(
                total: stored.reduce(0, +), documents: lists.bodyLengths.count))
        let plain = ShardSeries(
            lists, terms: lists.terms.indices.filter { !isGram[$0] && !isCharacterList[$0] }, positions: true,
            target: options.targetShardBytes, maxFiles: options.maxShardFiles, heads: heads)
        let shardHash = try write(plain, prefix: "s")
        let grams = ShardSeries.hashed(
            lists, terms: lists.terms.indices.filter { isGram[$0] }, target: options.targetGramShardBytes, heads: heads)
        let gramHash = try write(grams, prefix: "g")
        let characters = ShardSeries(
            lists, terms: lists.terms.indices.filter { isCharacterList[$0] }, positions: false,
            target: options.targetShardBytes, maxFiles: options.maxCharacterShardFiles, heads: heads)
        let characterHash = try write(characters, prefix: "c")
        return WrittenShards(
            plain: plain, grams: grams, characters: characters, hash: shardHash, gramHash: gramHash,
            characterHash: characterHash)
    }

    /// Writes the document facet table, one file per key (`facet<k>.<hash>.bin`, its section at
    /// offset 0, the hash of every key's bytes); returns the facet keys with their values and
    /// counts and the table's sections, for the manifest, and each document's value indices per
    /// key (`rows[document][key]`, ascending), for the fragments.
    private static func writeFacets<Failure: Error>(
        _ documents: [SearchDocument], facets: [SearchFacet],
        to sink: @Sendable (String, [UInt8]) throws(Failure) -> Void
    ) throws(Failure)
        -> (list: [FacetKey], table: Manifest.DocumentFacets, rows: [[[Int]]], bytes: Int)
    {
        // Facets: values with counts, and each document's values. One pass per key (the keys on
        // every core) numbers its values as they come, counts them once per document and keeps each
        // document's numbers; ranking the values then gives every row without looking a text up
        // again (two passes of dictionary lookups were 0.1 s of CPU at 10k).
        let facetKeys = facets, facetDocuments = documents
        let perKey = ParallelMap.map(Array(facetKeys.indices)) { k -> (key: FacetKey, rows: [[Int]]) in
            let (key, label, labels) = (facetKeys[k].key, facetKeys[k].label, facetKeys[k].valueLabels)
            var numbers: [String: Int] = [:], values: [String] = [], counts: [Int] = []
            var rows: [[Int]] = []
            rows.reserveCapacity(facetDocuments.count)
            // By index: `for document in` copied each document, a retain per field.
            for index in facetDocuments.indices {
                guard let ids = facetDocuments[index].facets[key] else { rows.append([]); continue }
                var row: [Int] = []
                row.reserveCapacity(ids.count)
                for id in ids {
                    let number: Int
                    if let known = numbers[id] {
                        number = known
                    } else {
                        number = values.count
                        numbers[id] = number
                        values.append(id)
                        counts.append(0)
                    }
                    if !row.contains(number) { counts[number] += 1 }  // once per document
                    row.append(number)
                }
                rows.append(row)
            }
            let order = values.indices.sorted {
                counts[$0] != counts[$1] ? counts[$0] > counts[$1] : values[$0] < values[$1]
            }
            var rank = [Int](repeating: 0, count: values.count)
            for (position, number) in order.enumerated() { rank[number] = position }
            let listed = order.map {
                FacetValue(id: values[$0], label: labels[values[$0]] ?? values[$0], count: counts[$0])
            }
            return (FacetKey(key: key, label: label, values: listed), rows.map { $0.map { rank[$0] } })
        }
        let facetList = perKey.map(\.key)
        let rows = facetDocuments.indices.map { index in perKey.map { Array(Set($0.rows[index])).sorted() } }
        let (table, encodings) = FacetTable.encode(rows, valueCounts: facetList.map(\.values.count))
        let ends = encodings.dropFirst().map(\.offset) + [table.count]
        let keyFiles = encodings.indices.map { Array(table[encodings[$0].offset..<ends[$0]]) }
        let manifest = Manifest.DocumentFacets(
            hash: contentHash(keyFiles),
            keys: encodings.map { FacetTable.Section($0.encoding, offset: 0) })
        for (k, bytes) in keyFiles.enumerated() { try sink(manifest.file(k), bytes) }
        return (facetList, manifest, rows, table.count)
    }

    /// Writes `manifest.json`, last: readers look for it first, and it names every other file.
    private static func writeManifest<Failure: Error>(
        documents: Int, bodyLengths lengths: [Int], options: SearchIndexOptions,
        shards: WrittenShards, fragments: Manifest.Fragments,
        facets: (list: [FacetKey], table: Manifest.DocumentFacets, rows: [[[Int]]], bytes: Int),
        countMinimum: Int,
        to sink: @Sendable (String, [UInt8]) throws(Failure) -> Void
    ) throws(Failure) {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let stored = lengths.map { SearchIndexLayout.lengths[Int(SearchIndexLayout.lengthBucket($0))] }
        let total = stored.reduce(0, +)
        let synonyms = try SynonymIndex.write(options.synonyms, oneWay: options.oneWaySynonyms, to: sink)
        let manifest = Manifest(
            version: SearchIndexLayout.version, documents: documents,
            averageBodyLength: SearchIndexLayout.averageBodyLength(total: total, documents: documents),
            bodyLength: total,
            layout: .init(
                labelsBase: SearchIndexLayout.labelsBase, bodyBase: SearchIndexLayout.bodyBase,
                positionCap: SearchIndexLayout.positionCap, lengths: SearchIndexLayout.lengths,
                payloads: SearchIndexLayout.payloads.map { [$0.title, $0.labels, $0.body, $0.open] },
                prefixCap: SearchIndexLayout.prefixCap, gramMinimumDocuments: options.gramMinimumDocuments,
                headDocuments: options.headDocuments, headMinimumDocuments: options.headMinimumDocuments,
                countMinimumDocuments: countMinimum,
                weights: SearchIndexLayout.weights, k1: SearchIndexLayout.k1, b: SearchIndexLayout.b),
            shards: .init(
                hash: shards.hash, gramHash: shards.gramHash, characterHash: shards.characterHash,
                first: Separators.encode(shards.plain.separators), grams: shards.grams.indices.count,
                characters: Separators.encode(shards.characters.separators)),
            fragments: fragments, facets: facets.list, documentFacets: facets.table, synonyms: synonyms)
        try sink("manifest.json", Array(try! encoder.encode(manifest)))
    }
}
