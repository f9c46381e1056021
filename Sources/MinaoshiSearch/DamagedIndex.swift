import Foundation

/// An index file that is not what this format writes: cut short by an upload that did not finish,
/// bytes changed, numbers out of range. Another site's index is read over the network
/// (`SearchFederation`), so the engine checks what it reads before it relies on it: a search of
/// a damaged index throws this (the federation names the site, and the others answer), and
/// never crashes the process or reads without end (`DamagedIndexTests`).
struct DamagedIndex: LocalizedError {
    var file: String
    var problem: String

    var errorDescription: String? {
        "the search index is damaged (\(file): \(problem)); build the site again"
    }

    /// At most this many documents in one index: the counts a manifest gives are checked against
    /// it before anything is sized by them (a real index is far below it).
    static let maxDocuments = 50_000_000

    /// Throws unless `manifest` holds numbers the engine can use: counts and sizes within range,
    /// a payload code and a length for every value a head byte can name, a fragment bundle size, a
    /// name for every file (`shards` and `characterShards`: the `s` and `c` series' separators, as
    /// the engine decoded them).
    static func check(_ manifest: Manifest, shards: Int, characterShards: Int) throws(DamagedIndex) {
        func require(_ condition: Bool, _ problem: String) throws(DamagedIndex) {
            if !condition { throw DamagedIndex(file: "manifest.json", problem: problem) }
        }
        let layout = manifest.layout
        try require((0...maxDocuments).contains(manifest.documents), "documents out of range")
        try require(manifest.averageBodyLength.isFinite && manifest.averageBodyLength > 0, "average body length")
        try require(layout.lengths.count >= 16 && layout.lengths.allSatisfy { $0 >= 0 }, "length buckets")
        try require(
            layout.payloads.count >= 16
                && layout.payloads.allSatisfy {
                    $0.count == 4 && $0.allSatisfy { (0...255).contains($0) } && $0[3] <= 2
                },
            "payload codes")
        try require(layout.weights.count >= 3 && layout.weights.allSatisfy(\.isFinite), "field weights")
        try require(layout.k1.isFinite && layout.b.isFinite, "BM25 constants")
        try require((0...4_096).contains(layout.positionCap) && layout.prefixCap >= 0, "caps")
        try require(
            (layout.headDocuments ?? 0) >= 0 && (layout.headMinimumDocuments ?? 0) >= 0
                && (layout.countMinimumDocuments ?? 0) >= 0, "list cuts")
        try require((0...maxDocuments).contains(manifest.shards.grams), "gram shards")
        try require(manifest.fragments.perFile >= 1 && manifest.fragments.files >= 0, "fragment bundles")
        try require(manifest.fragments.hashes.names(files: manifest.fragments.files), "fragment names")
        try require(manifest.shards.gramHashes.names(files: manifest.shards.grams), "gram shard names")
        try require(
            manifest.shards.hashes.names(files: shards)
                && manifest.shards.characterHashes.names(files: characterShards), "shard names")
        try require(manifest.documentFacets.keys.count == manifest.facets.count, "facet keys")
        try require(
            manifest.facets.allSatisfy { $0.values.allSatisfy { (0...manifest.documents).contains($0.count) } },
            "facet counts")
        if let synonyms = manifest.synonyms { try require(synonyms.weight.isFinite, "synonym weight") }
    }
}
