import Foundation

/// The synonym groups in the index (`content/_data/synonyms.yml`): one small file,
/// `synonyms.<hash>.json`, the groups' terms as written. The manifest names it with the first
/// character of every term a query can name, so an engine fetches it only for a query term that
/// begins with one of them. JavaScript: `SynonymTable` and `expansions` in `engine.js`.
public struct SynonymManifest: Codable, Sendable, Equatable {
    var file: String
    /// The first scalar of each term's normalised form, each once, in code point order.
    var initials: String
    /// What a synonym's occurrence counts for beside one of the query term itself.
    var weight: Double
}

enum SynonymIndex {
    /// Half: a document with the synonym ranks below one with the term itself the same number of times.
    static let weight = 0.5

    /// The file and its manifest entry; nil without groups.
    static func file(_ groups: [[String]]) -> (name: String, bytes: [UInt8], manifest: SynonymManifest)? {
        guard !groups.isEmpty else { return nil }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.withoutEscapingSlashes]
        let bytes = Array(try! encoder.encode(groups))
        let name = "synonyms.\(contentHash([bytes])).json"
        let keys = groups.flatMap { $0.compactMap(SynonymTable.key) }
        let initials = Set(keys.compactMap(\.unicodeScalars.first)).sorted { $0.value < $1.value }
        return (name, bytes, SynonymManifest(file: name, initials: SearchTokenizer.string(initials), weight: weight))
    }

    /// Writes the file through `sink`; returns the manifest's entry.
    static func write<Failure: Error>(_ groups: [[String]], to sink: (String, [UInt8]) throws(Failure) -> Void) throws(Failure) -> SynonymManifest? {
        guard let made = file(groups) else { return nil }
        try sink(made.name, made.bytes)
        return made.manifest
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

    init(groups: [[String]]) {
        for group in groups {
            for written in group {
                guard let key = Self.key(written) else { continue }
                var entry = entries[key] ?? (written, [])
                for other in group {
                    let runs = SearchTokenizer.runs(other)
                    guard !runs.isEmpty, runs.map(\.text) != [key],
                          !entry.expansions.contains(where: { $0.term.runs == runs }) else { continue }
                    entry.expansions.append(Expansion(text: other, term: SearchQuery.Term(runs: runs, phrase: true, prefix: false)))
                }
                entries[key] = entry
            }
        }
    }

    /// The synonyms of `term`: none for a quoted phrase, which is never expanded.
    func expansions(of term: SearchQuery.Term) -> (written: String, expansions: [Expansion])? {
        guard !term.phrase, term.runs.count == 1, let entry = entries[term.runs[0].text], !entry.expansions.isEmpty else { return nil }
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
