import Foundation

/// The synonym groups in the index (`content/_data/synonyms.yml`): one small file,
/// `synonyms.<hash>.json`, the groups' terms as written. The manifest names it with the first
/// character of every term a query can name, so an engine fetches it only for a query term that
/// begins with one of them. JavaScript: `SynonymTable` and `expansions` in `engine.js`.
public struct SynonymManifest: Codable, Sendable, Equatable {
    var file: String
    /// The first scalar of the normalised form of each term that expands to another (one not
    /// marked unfound), each once, in code point order.
    var initials: String
    /// What a synonym's occurrence counts for beside one of the query term itself.
    var weight: Double
}

public enum SynonymIndex {
    /// Half: a document with the synonym ranks below one with the term itself the same number of times.
    static let weight = 0.5

    /// What the file holds: the groups as written, and the terms a query term still expands from
    /// but never to: the one-way terms of the dictionary (`one_way`), then those no document has
    /// (`pruned`). The engines need not tell them apart.
    struct Contents: Codable, Equatable {
        var groups: [[String]]
        var unfound: [String]
    }

    /// The file and its manifest entry; nil without groups.
    static func file(_ groups: [[String]], unfound: [String] = []) -> (
        name: String, bytes: [UInt8], manifest: SynonymManifest
    )? {
        guard !groups.isEmpty else { return nil }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let bytes = Array(try! encoder.encode(Contents(groups: groups, unfound: unfound)))
        let name = "synonyms.\(contentHash([bytes])).json"
        // Only terms that expand to something: a query for AI fetches nothing when 人工知能 is unfound.
        let keys = SynonymTable(groups: groups, unfound: Set(unfound)).expandingKeys
        let initials = Set(keys.compactMap(\.unicodeScalars.first)).sorted { $0.value < $1.value }
        return (name, bytes, SynonymManifest(file: name, initials: SearchTokenizer.string(initials), weight: weight))
    }

    /// Writes the file through `sink`, the `oneWay` terms marked unfound; returns the manifest's entry.
    static func write<Failure: Error>(
        _ groups: [[String]], oneWay: [String] = [],
        to sink: (String, [UInt8]) throws(Failure) -> Void
    ) throws(Failure) -> SynonymManifest? {
        var unfound: [String] = []
        for term in groups.joined() where oneWay.contains(term) && !unfound.contains(term) { unfound.append(term) }
        guard let made = file(groups, unfound: unfound) else { return nil }
        try sink(made.name, made.bytes)
        return made.manifest
    }
}

extension SynonymIndex {
    /// What an index written with the whole dictionary becomes once the terms no document has are
    /// marked unfound: the engines could not find such a term, so they no longer fetch its shards,
    /// but a query naming it (在宅勤務) still expands to the others of its group (テレワーク). A
    /// one-way term stays marked. A group none of whose terms is found, or whose only found terms
    /// are one-way, goes. `check` still validates the whole file; the build prunes.
    struct Pruned {
        /// The dictionary file written before, to remove.
        var removed: String
        /// The pruned dictionary file; nil when no group keeps a found term.
        var added: (name: String, bytes: [UInt8])?
        var manifest: [UInt8]
    }

    /// The pruned dictionary of the index `source` reads, each term asked of the engine itself;
    /// nil when the index has no dictionary or nothing changes.
    static func pruned(_ source: SearchIndexSource) throws -> Pruned? {
        let index = try SearchIndex(source: source)
        guard let entry = index.manifest.synonyms else { return nil }
        let contents = try JSONDecoder().decode(Contents.self, from: Data(try source.read(entry.file)))
        var found: [String: Bool] = [:]
        for term in contents.groups.joined() where found[term] == nil { found[term] = try index.finds(term) }
        // A term already unfound (one-way) stays so: found or not, no query expands to it.
        let expandable = { (term: String) in found[term]! && !contents.unfound.contains(term) }
        let groups = contents.groups.filter { $0.contains(where: expandable) }
        var unfound: [String] = []
        for term in groups.joined() where !expandable(term) && !unfound.contains(term) { unfound.append(term) }
        guard groups != contents.groups || unfound != contents.unfound else { return nil }
        var manifest = index.manifest
        let made = file(groups, unfound: unfound)
        manifest.synonyms = made?.manifest
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return Pruned(
            removed: entry.file, added: made.map { ($0.name, $0.bytes) }, manifest: Array(try encoder.encode(manifest)))
    }

    /// `files` (an index in memory) pruned.
    public static func pruned(_ files: [SearchIndexWriter.File]) throws -> [SearchIndexWriter.File] {
        guard let pruned = try pruned(MemoryIndexSource(files)) else { return files }
        var out = files.filter { $0.path != pruned.removed && $0.path != "manifest.json" }
        if let added = pruned.added { out.append(.init(path: added.name, bytes: added.bytes)) }
        return [.init(path: "manifest.json", bytes: pruned.manifest)] + out.sorted { $0.path < $1.path }
    }

    /// The index in `folder` pruned in place: the new dictionary and manifest are written through
    /// `write`, the old dictionary removed through `remove`.
    public static func prune(_ folder: URL, write: (String, [UInt8]) throws -> Void, remove: (String) throws -> Void)
        throws
    {
        guard let pruned = try pruned(DirectoryIndexSource(folder: folder)) else { return }
        if let added = pruned.added { try write(added.name, added.bytes) }
        try remove(pruned.removed)
        try write("manifest.json", pruned.manifest)
    }
}

/// What a query term was expanded with: the term as the dictionary writes it, and its synonyms.
public struct SearchSynonyms: Sendable, Encodable, Equatable {
    public var term: String
    public var synonyms: [String]
}

/// The groups, looked up by the normalised form of a query term.
struct SynonymTable {
    struct Expansion {
        /// As written in the dictionary.
        var text: String
        /// Matched as a phrase: a synonym is never a prefix, and its runs must follow each other.
        var term: SearchQuery.Term
    }

    /// Normalised term → (the term as written, the other terms of its groups).
    private var entries: [String: (written: String, expansions: [Expansion])] = [:]

    /// The form a query term is looked up by: its one run's text (NFKC, case and long vowels
    /// folded). A term of several runs (`3次元`) is no query term's form: it is only reached from
    /// the other terms of its group.
    static func key(_ written: String) -> String? {
        let runs = SearchTokenizer.runs(written)
        return runs.count == 1 ? runs[0].text : nil
    }

    /// `unfound`: terms no document has; a query term expands from them, never to them.
    init(groups: [[String]], unfound: Set<String> = []) {
        for group in groups {
            for written in group {
                guard let key = Self.key(written) else { continue }
                var entry = entries[key] ?? (written, [])
                for other in group where !unfound.contains(other) {
                    let runs = SearchTokenizer.runs(other)
                    guard !runs.isEmpty, runs.map(\.text) != [key],
                        !entry.expansions.contains(where: { $0.term.runs == runs })
                    else { continue }
                    entry.expansions.append(
                        Expansion(text: other, term: SearchQuery.Term(runs: runs, phrase: true, prefix: false)))
                }
                entries[key] = entry
            }
        }
    }

    /// The normalised forms of the terms that expand to at least one other.
    var expandingKeys: [String] { entries.filter { !$0.value.expansions.isEmpty }.map(\.key) }

    /// The synonyms of `term`: none for a quoted phrase, which is never expanded.
    func expansions(of term: SearchQuery.Term) -> (written: String, expansions: [Expansion])? {
        guard !term.phrase, term.runs.count == 1, let entry = entries[term.runs[0].text], !entry.expansions.isEmpty
        else { return nil }
        return entry
    }
}

extension SearchQuery {
    /// The query with the terms at `quoted` in quotes: the same search without their synonyms.
    func text(quoting quoted: Set<Int>) -> String {
        terms.enumerated().map { index, term in
            let text = term.runs.map(\.text).joined(separator: " ")
            return term.phrase || quoted.contains(index) ? "\"\(text)\"" : text
        }.joined(separator: " ")
    }
}

/// What the results say beside the hits; the search page words them the same (`search-page.js`).
public enum SearchNotes {
    /// A typed prefix that begins more words than are looked up.
    public static func cappedPrefix(_ prefix: String, cap: Int) -> String {
        "「\(prefix)」で始まる語が多いため、よく使われる\(cap)語だけを検索しています。語を最後まで入力すると、その語で検索します。"
    }
}
