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
    /// A shard is named once its group is made and hashed (``GroupHashes``), so each is made once
    /// and written under its final name. `sink` and `keep` are called from several threads at once
    /// (over 5,000 files at 10k documents, written one by one, left the other core idle for 40 ms).
    /// Each body is let go once it is tokenized: given the only copy of the documents (`consume`),
    /// the step frees the bodies as it goes (at 100k documents, 300 MB).
    ///
    /// With `keep`, a file named by a content hash is first offered to it: true means the caller
    /// has that very file already (a published one of the same name: its name is a hash of its
    /// bytes), and it is not handed to `sink`.
    ///
    /// With `reuse`, the documents' tokens an earlier build left are taken where the documents did
    /// not change (``SearchTokenReuse``), and `reuse` then holds this build's for the next one;
    /// the files are the same bytes as without it.
    public static func write<Failure: Error>(
        _ documents: consuming [SearchDocument], facets: [SearchFacet],
        options: SearchIndexOptions = SearchIndexOptions(), reusing reuse: SearchTokenReuse? = nil,
        to sink: @escaping @Sendable (String, [UInt8]) throws(Failure) -> Void,
        keeping keep: (@Sendable (String) throws(Failure) -> Bool)? = nil
    ) throws(Failure) {
        var documents = documents
        // What the tokenizer reads of each document, hashed before the bodies move out.
        let hashes = reuse == nil ? [] : ParallelMap.map(documents) { SearchTokenReuse.documentHash($0) }
        // Facets, first: each fragment carries its document's values.
        let output = Output(sink: sink, keep: keep)
        let facets = try writeFacets(documents, facets: facets, to: output)
        // Fragment bundles, next: they need the bodies' text.
        let fragments = try writeFragments(
            documents, rows: facets.rows, options: options, reusing: reuse.map { ($0, hashes) }, to: output)
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
        let shards = try writeShards(lists, options: options, counts: counts, to: output)
        _ = consume lists
        try writeManifest(
            documents: documents.count, bodyLengths: lengths, options: options,
            shards: shards, fragments: fragments, facets: facets, countMinimum: countMinimum, to: output)
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
    /// facet values), and says how they are cut and named.
    ///
    /// With `reuse`, a group whose key (``fragmentGroupKey(_:documents:hashes:rows:perFile:limit:)``)
    /// an earlier index named is kept under that name when every one of its files is published
    /// (`keep`), and its bundles are not made: the key holds everything they are made from. When only
    /// its first files are published, those are kept and the rest written; no file is offered twice.
    private static func writeFragments<Failure: Error>(
        _ documents: [SearchDocument], rows: [[[Int]]], options: SearchIndexOptions,
        reusing reuse: (reuse: SearchTokenReuse, hashes: [StableHash])?, to output: Output<Failure>
    ) throws(Failure)
        -> Manifest.Fragments
    {
        let perFile = fragmentsPerFile(documents: documents.count, options: options)
        let limit = max(options.snippetTextLimit, options.fragmentFileText / perFile)
        let files = (documents.count + perFile - 1) / perFile
        @Sendable func bundle(_ number: Int) -> [UInt8] {
            var bytes: [UInt8] = []
            JSONValue.array(
                (number * perFile..<min((number + 1) * perFile, documents.count)).map {
                    Fragment(documents[$0], facets: rows[$0], limit: limit).json
                }
            ).write(to: &bytes)
            return bytes
        }
        let size = options.nameGroupSize(files: files)
        // The groups on every core; a group's bundles one after another (there are at most
        // `maxNameGroups` groups, many more than cores).
        let groups = try mapInParallel(Array(stride(from: 0, to: files, by: size))) {
            (first: Int) throws(Failure) -> (key: StableHash?, name: String, taken: Bool) in
            let members = first..<min(first + size, files)
            let key = reuse.map {
                fragmentGroupKey(
                    members, documents: documents, hashes: $0.hashes, rows: rows, perFile: perFile, limit: limit)
            }
            // The files kept under the offered name, from the first: all of them, or up to one not published.
            var kept = 0
            let offered = key.flatMap { reuse?.reuse.offeredFragmentName($0) }
            if let offered {
                for number in members {
                    guard try output.kept("f\(number).\(offered).json") else { break }
                    kept += 1
                }
                if kept == members.count { return (key, offered, true) }
            }
            let bundles = members.map(bundle)
            let name = contentHash(bundles)
            for (number, bytes) in zip(members, bundles).dropFirst(name == offered ? kept : 0) {
                try output.file("f\(number).\(name).json", bytes)
            }
            return (key, name, false)
        }
        reuse?.reuse.recordFragmentGroups(
            groups.compactMap { group in group.key.map { ($0, group.name, group.taken) } })
        return Manifest.Fragments(
            hashes: GroupHashes(size: size, hashes: groups.map(\.name).joined()), perFile: perFile, files: files)
    }

    /// Everything the bundles `numbers` are made from: each of their documents' title, labels and
    /// body (`hashes`: ``SearchTokenReuse/documentHash(_:)``), path, meta line and facet values,
    /// the documents per bundle, the snippet limit and where the group starts (its files' names
    /// hold their numbers).
    static func fragmentGroupKey(
        _ numbers: Range<Int>, documents: [SearchDocument], hashes: [StableHash], rows: [[[Int]]], perFile: Int,
        limit: Int
    ) -> StableHash {
        var hasher = StableHasher()
        hasher.add("fragment group 1")
        for number in [numbers.lowerBound, numbers.count, perFile, limit] { hasher.add(number) }
        for index in numbers.lowerBound * perFile..<min(numbers.upperBound * perFile, documents.count) {
            hasher.add(hashes[index])
            hasher.add(documents[index].path)
            hasher.add(documents[index].meta)
            hasher.add(rows[index].count)
            for values in rows[index] {
                hasher.add(values.count)
                for value in values { hasher.add(value) }
            }
        }
        return hasher.value
    }

    /// Where the files go: to `sink`, unless `keep` has the file of that name already.
    private struct Output<Failure: Error>: Sendable {
        let sink: @Sendable (String, [UInt8]) throws(Failure) -> Void
        let keep: (@Sendable (String) throws(Failure) -> Bool)?

        /// `path`'s name holds a hash of `bytes` (alone or with others'): a kept file of that name has them.
        func file(_ path: String, _ bytes: [UInt8]) throws(Failure) {
            if try kept(path) { return }
            try sink(path, bytes)
        }

        /// Whether the caller keeps a file of that name (as published) instead of being handed it.
        func kept(_ path: String) throws(Failure) -> Bool {
            guard let keep else { return false }
            return try keep(path)
        }
    }

    /// The three series of term shards, with their names' hashes.
    private struct WrittenShards {
        var plain: ShardSeries, grams: ShardSeries, characters: ShardSeries
        var hashes: GroupHashes, gramHashes: GroupHashes, characterHashes: GroupHashes
    }

    /// Writes the term shards in three series: `s` (bigrams, unigrams, words, in term order;
    /// positions beside each in `p`), `g` (CJK 3- and 4-grams and long terms kept whole, by a hash
    /// of the term, as many shards as the corpus needs) and `c` (the character lists, in term
    /// order). A query fetches the shards its terms fall in; a 3- or 4-character CJK term only ever
    /// reads a `g` shard, a lone CJK character a `c` shard. Each group of a series' shards is named
    /// by a hash of its own bytes (``GroupHashes``).
    private static func writeShards<Failure: Error>(
        _ lists: PostingBuilder.Lists, options: SearchIndexOptions, counts: (table: TermFacetCounts, minimum: Int)?,
        to output: Output<Failure>
    ) throws(Failure)
        -> WrittenShards
    {
        let isGram = lists.terms.map(SearchIndexLayout.isGram)
        let isCharacterList = lists.terms.map(SearchIndexLayout.isCharacterList)
        // The shards are made in batches of whole name groups, on every core; each group is then
        // hashed and its files written under their final names. A shard's files, in the order
        // its group hashes them: the shard, its positions, its tails (list k's payloads are
        // `t<shard>-<k>`) and its counts file (`TermFacetCounts`).
        func write(_ series: ShardSeries, prefix: String) throws(Failure) -> GroupHashes {
            let count = series.indices.count
            let size = options.nameGroupSize(files: count)
            let perBatch = max(1, (ShardSeries.batchSize + size - 1) / size) * size
            var hashes = ""
            for start in stride(from: 0, to: count, by: perBatch) {
                let batch = start..<min(start + perBatch, count)
                let made = ParallelMap.map(Array(batch)) { index -> [(name: String, bytes: [UInt8])] in
                    let shard = series.shard(index, lists)
                    var files = [(name: "\(prefix)\(index)", bytes: shard.bytes)]
                    if series.hasPositions { files.append((name: "p\(index)", bytes: shard.positions)) }
                    for (k, tail) in shard.tails.enumerated() {
                        files.append((name: "t\(prefix)\(index)-\(k)", bytes: tail))
                    }
                    if let counts, case let terms = series.countedTerms(index, lists, minimum: counts.minimum),
                        !terms.isEmpty
                    {
                        files.append((name: "n\(prefix)\(index)", bytes: counts.table.file(terms, lists)))
                    }
                    return files
                }
                let groups = ParallelMap.map(Array(stride(from: 0, to: batch.count, by: size))) { first in
                    contentHash(made[first..<min(first + size, batch.count)].flatMap { $0.map(\.bytes) })
                }
                _ = try mapInParallel(Array(made.indices)) { (offset: Int) throws(Failure) in
                    let hash = groups[offset / size]
                    for file in made[offset] { try output.file("\(file.name).\(hash).bin", file.bytes) }
                }
                hashes += groups.joined()
            }
            return GroupHashes(size: size, hashes: hashes)
        }
        let stored = lists.bodyLengths.map { SearchIndexLayout.lengths[Int(SearchIndexLayout.lengthBucket($0))] }
        let heads = ShardSeries.Heads(
            size: options.headDocuments, minimum: options.headMinimumDocuments,
            averageBodyLength: SearchIndexLayout.averageBodyLength(
                total: stored.reduce(0, +), documents: lists.bodyLengths.count))
        let plain = ShardSeries(
            lists, terms: lists.terms.indices.filter { !isGram[$0] && !isCharacterList[$0] }, positions: true,
            target: options.targetShardBytes, maxFiles: options.maxShardFiles, heads: heads)
        let shardHashes = try write(plain, prefix: "s")
        let grams = ShardSeries.hashed(
            lists, terms: lists.terms.indices.filter { isGram[$0] }, target: options.targetGramShardBytes, heads: heads)
        let gramHashes = try write(grams, prefix: "g")
        let characters = ShardSeries(
            lists, terms: lists.terms.indices.filter { isCharacterList[$0] }, positions: false,
            target: options.targetShardBytes, maxFiles: options.maxCharacterShardFiles, heads: heads)
        let characterHashes = try write(characters, prefix: "c")
        return WrittenShards(
            plain: plain, grams: grams, characters: characters, hashes: shardHashes, gramHashes: gramHashes,
            characterHashes: characterHashes)
    }

    /// Writes the document facet table, one file per key (`facet<k>.<hash>.bin`, its section at
    /// offset 0, the hash of every key's bytes); returns the facet keys with their values and
    /// counts and the table's sections, for the manifest, and each document's value indices per
    /// key (`rows[document][key]`, ascending), for the fragments.
    private static func writeFacets<Failure: Error>(
        _ documents: [SearchDocument], facets: [SearchFacet],
        to output: Output<Failure>
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
        for (k, bytes) in keyFiles.enumerated() { try output.file(manifest.file(k), bytes) }
        return (facetList, manifest, rows, table.count)
    }

    /// Writes `manifest.json`, last: readers look for it first, and it names every other file.
    private static func writeManifest<Failure: Error>(
        documents: Int, bodyLengths lengths: [Int], options: SearchIndexOptions,
        shards: WrittenShards, fragments: Manifest.Fragments,
        facets: (list: [FacetKey], table: Manifest.DocumentFacets, rows: [[[Int]]], bytes: Int),
        countMinimum: Int,
        to output: Output<Failure>
    ) throws(Failure) {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let stored = lengths.map { SearchIndexLayout.lengths[Int(SearchIndexLayout.lengthBucket($0))] }
        let total = stored.reduce(0, +)
        let synonyms = try SynonymIndex.write(options.synonyms, oneWay: options.oneWaySynonyms, to: output.file)
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
                hashes: shards.hashes, gramHashes: shards.gramHashes, characterHashes: shards.characterHashes,
                first: Separators.encode(shards.plain.separators), grams: shards.grams.indices.count,
                characters: Separators.encode(shards.characters.separators)),
            fragments: fragments, facets: facets.list, documentFacets: facets.table, synonyms: synonyms)
        try output.sink("manifest.json", Array(try! encoder.encode(manifest)))
    }
}
