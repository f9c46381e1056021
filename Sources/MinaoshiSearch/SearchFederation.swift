import Foundation
import MinaoshiSupport

// Search across sites: this site's index and other Minaoshi sites' indexes queried together and
// merged on one scale. `SearchFederation` in `templates/assets/search/federation.js` is the same.

/// What BM25 counts of a corpus for one query: documents, their stored body lengths added up, and
/// each query term's document frequency. The statistics of several indexes add up to those of one
/// index of all their documents, so each index can score its own documents as that one would.
public struct SearchStatistics: Sendable, Equatable {
    public var documents: Int
    public var bodyLength: Int
    /// Per query term: the documents it (or any of its synonyms) matches.
    public var frequencies: [Int]

    public init(documents: Int, bodyLength: Int, frequencies: [Int]) {
        self.documents = documents
        self.bodyLength = bodyLength
        self.frequencies = frequencies
    }

    /// Computed as the index writer computes the manifest's, so one index alone scores as before.
    public var averageBodyLength: Double {
        SearchIndexLayout.averageBodyLength(total: bodyLength, documents: documents)
    }

    /// The statistics of the corpora together (their documents are distinct).
    public static func combined(_ parts: [SearchStatistics]) -> SearchStatistics {
        let terms = parts.map(\.frequencies.count).max() ?? 0
        return SearchStatistics(
            documents: parts.reduce(0) { $0 + $1.documents }, bodyLength: parts.reduce(0) { $0 + $1.bodyLength },
            frequencies: (0..<terms).map { term in
                parts.reduce(0) { $0 + ($1.frequencies.indices.contains(term) ? $1.frequencies[term] : 0) }
            })
    }
}

/// Every document of one index that matches a query, best first, with the facet counts.
public struct SearchRanking: Sendable {
    /// Best first: every match, or only the first page's when a head answered (`SearchIndex.rank`).
    public var ranked: [(document: Int, score: Double)]
    /// How many documents match and pass the filters.
    public var total: Int
    /// Every document the query matched, before the filters: what the facet counts count.
    var matched: [Int]
    /// When the query is one list that has its facet counts, unfiltered: where they are.
    var counted: SearchIndex.CountsEntry? = nil
    /// The filtered facet keys (their index in the manifest) and the value indices each accepts.
    var filters: [(key: Int, values: Set<Int>)]
    /// Per query term, how rare it is (`Snippet.rarity`), for choosing each result's passage.
    var rarity: [Int]
    public var synonyms: [SearchSynonyms]
    public var exactQuery: String?
    public var cappedPrefix: String?
}

/// A site whose index could not be read, and why.
public struct SearchSiteProblem: Sendable, Encodable, Equatable {
    public var site: String
    public var reason: String

    public init(site: String, reason: String) {
        self.site = site
        self.reason = reason
    }

    /// What the page and `minaoshi search` say.
    public var message: String { "\(site)の索引に接続できませんでした" }
}

/// Several sites' indexes searched as one corpus.
public enum SearchFederation {
    /// One site: its label, the base its result paths are taken from (nil for this site: its
    /// paths stay site paths; another site's become absolute URLs), and its index or why it could
    /// not be opened.
    public struct Site {
        public var label: String
        public var base: String?
        public var index: Result<SearchIndex, any Error>

        public init(label: String, base: String?, index: Result<SearchIndex, any Error>) {
            self.label = label
            self.base = base
            self.index = index
        }
    }

    /// Ranked results over every site that answers, scored as one index of all their documents
    /// would score them (`SearchStatistics`); ties go to the site listed first, then to the
    /// document order within it. Every hit names its site; a site that fails is in `unreachable`.
    public static func search(
        _ sites: [Site], _ text: String, filters: [String: Set<String>] = [:],
        limit: Int = 10, offset: Int = 0
    ) -> SearchResults {
        var unreachable: [SearchSiteProblem] = []
        var open: [(site: Int, index: SearchIndex)] = []
        for (number, site) in sites.enumerated() {
            switch site.index {
            case .success(let index): open.append((number, index))
            case .failure(let error): unreachable.append(SearchSiteProblem(site: site.label, reason: describe(error)))
            }
        }
        func attempt<T>(_ body: (SearchIndex) throws -> T) -> [(site: Int, index: SearchIndex, value: T)] {
            var answered: [(site: Int, index: SearchIndex, value: T)] = []
            for (site, index) in open {
                do { answered.append((site, index, try body(index))) } catch {
                    unreachable.append(SearchSiteProblem(site: sites[site].label, reason: describe(error)))
                }
            }
            open = answered.map { ($0.site, $0.index) }
            return answered
        }
        let statistics = attempt { try $0.statistics(text) }
        let corpus = SearchStatistics.combined(statistics.map(\.value))
        let rankings = attempt { try $0.rank(text, filters: filters, corpus: corpus) }
        var merged: [(part: Int, rank: Int, score: Double)] = []
        for (part, ranking) in rankings.enumerated() {
            merged += ranking.value.ranked.enumerated().map { (part, $0, $1.score) }
        }
        merged.sort {
            $0.score != $1.score ? $0.score > $1.score : ($0.part != $1.part ? $0.part < $1.part : $0.rank < $1.rank)
        }
        let page = merged[min(offset, merged.count)..<min(offset + limit, merged.count)]
        var hits: [(position: Int, hit: SearchHit)] = []
        for (part, ranking) in rankings.enumerated() {
            let mine = page.enumerated().filter { $0.element.part == part }
            guard let first = mine.first?.element.rank, let last = mine.last?.element.rank else { continue }
            let site = sites[ranking.site]
            do {
                for (position, var hit) in zip(
                    mine.map(\.offset), try ranking.index.hits(ranking.value, first..<last + 1))
                {
                    hit.site = site.label
                    if let base = site.base { hit.path = SiteLink.absolute(hit.path, base: base) }
                    hits.append((position, hit))
                }
            } catch {
                unreachable.append(SearchSiteProblem(site: site.label, reason: describe(error)))
            }
        }
        let first = rankings.first?.value
        var synonyms: [SearchSynonyms] = []
        for ranking in rankings {
            for entry in ranking.value.synonyms {
                if let known = synonyms.firstIndex(where: { $0.term == entry.term }) {
                    synonyms[known].synonyms += entry.synonyms.filter { !synonyms[known].synonyms.contains($0) }
                } else {
                    synonyms.append(entry)
                }
            }
        }
        let resultsRead = rankings.map(\.index).reduce((files: 0, bytes: 0)) {
            ($0.files + $1.filesRead, $0.bytes + $1.bytesRead)
        }
        // The counts after the results, as one index gives them.
        let counted = attempt { index in try index.facetCounts(rankings.first { $0.index === index }!.value) }
        let indexes = counted.map(\.index)
        return SearchResults(
            total: merged.count, hits: hits.sorted { $0.position < $1.position }.map(\.hit),
            facets: mergedFacets(counted.map(\.value), order: indexes.map(\.manifest.facets)),
            synonyms: synonyms, exactQuery: rankings.lazy.compactMap(\.value.exactQuery).first,
            cappedPrefix: rankings.lazy.compactMap(\.value.cappedPrefix).first,
            prefixCap: first == nil ? SearchIndexLayout.prefixCap : rankings[0].index.manifest.layout.prefixCap,
            filesRead: rankings.reduce(0) { $0 + $1.index.filesRead },
            bytesRead: rankings.reduce(0) { $0 + $1.index.bytesRead },
            resultsFilesRead: resultsRead.files, resultsBytesRead: resultsRead.bytes, unreachable: unreachable)
    }

    /// Facet counts added up by key and value id, in the order one index of every document would
    /// list them: keys as the first site lists them, values by their documents over every index
    /// (the manifests' counts), most first, ties by id (`SearchIndexWriter.writeFacets`).
    static func mergedFacets(_ counts: [[SearchFacetCounts]], order manifests: [[FacetKey]]) -> [SearchFacetCounts] {
        var keys: [String] = [], labels: [String: String] = [:]
        var totals: [String: [String: Int]] = [:], valueLabels: [String: [String: String]] = [:]
        var found: [String: [String: Int]] = [:]
        for list in manifests {
            for key in list {
                if labels[key.key] == nil { keys.append(key.key); labels[key.key] = key.label }
                for value in key.values {
                    totals[key.key, default: [:]][value.id, default: 0].addSaturating(value.count)
                    if valueLabels[key.key]?[value.id] == nil {
                        valueLabels[key.key, default: [:]][value.id] = value.label
                    }
                }
            }
        }
        for list in counts {
            for key in list {
                for value in key.values {
                    found[key.key, default: [:]][value.id, default: 0].addSaturating(value.count)
                }
            }
        }
        return keys.map { key in
            let values = (totals[key] ?? [:]).sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }
            return SearchFacetCounts(
                key: key, label: labels[key]!,
                values: values.map {
                    SearchFacetCount(id: $0.key, label: valueLabels[key]![$0.key]!, count: found[key]?[$0.key] ?? 0)
                })
        }
    }

    static func describe(_ error: any Error) -> String {
        (error as? LocalizedError)?.errorDescription ?? "\(error)"
    }
}

/// A result's link: a site path (`/regulations/x/`) of another site, as an absolute URL on its base.
enum SiteLink {
    static func absolute(_ path: String, base: String) -> String {
        (base.hasSuffix("/") ? base : base + "/") + path.drop { $0 == "/" }
    }
}

extension Int {
    /// Adds `other`, staying at `Int.max` or `Int.min` rather than trapping: the counts of
    /// another site's manifest are data, and a damaged or hostile one must not crash a search.
    mutating func addSaturating(_ other: Int) {
        let (sum, overflow) = addingReportingOverflow(other)
        self = overflow ? (other > 0 ? .max : .min) : sum
    }
}
