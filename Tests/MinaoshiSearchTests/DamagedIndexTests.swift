import Foundation
import MinaoshiTestSupport
import Testing

@testable import MinaoshiSearch

/// Another site's index is data the engine reads over the network (`SearchFederation`): a file
/// cut short by a half-finished upload, a byte changed, numbers out of range. Searching a damaged
/// index throws (the federation names the site and the rest answer) or gives some results; it
/// never crashes the process or hangs.
@Suite struct DamagedIndexTests {
    /// An index with every kind of file: `s`, `p`, `g`, `c` shards, cut lists' tails, counts
    /// files, fragments, facet files and the synonyms; its files named in groups of
    /// `nameGroupFiles`; with `smallShards`, about ten shards in every series; with `edit`, that
    /// document's body has a sentence more (`SearchFileNamesTests`).
    static func files(
        nameGroupFiles: Int = 3, maxNameGroups: Int = 128, smallShards: Bool = false, edit: Int? = nil
    ) -> [SearchIndexWriter.File] {
        var random = SplitMix(seed: 5)
        let alphabet = Array("法道路点検橋目視書面")
        func text(_ length: Int) -> String {
            String((0..<length).map { _ in random.next() % 6 == 0 ? "。" : alphabet[Int(random.next() % 10)] })
        }
        var documents = (0..<60).map { n in
            SearchIndexTests.document(
                "文書\(n)" + text(Int(random.next() % 5)),
                text(Int(random.next() % 60)) + (n % 2 == 0 ? " drone ai" : " aim"),
                labels: n % 3 == 0 ? [text(4)] : [],
                facets: ["category": ["c\(n % 3)"], "technology": n % 4 == 0 ? ["drones"] : []])
        }
        if let edit { documents[edit].body += "。道路の点検" }
        var options = SearchIndexOptions()
        (options.nameGroupFiles, options.maxNameGroups) = (nameGroupFiles, maxNameGroups)
        (options.headDocuments, options.headMinimumDocuments) = (6, 10)
        (options.countMinimumDocuments, options.countFacetBytes) = (5, 0)
        options.maxShardFiles = 12
        if smallShards { (options.targetShardBytes, options.targetGramShardBytes) = (300, 300) }
        options.synonyms = [["道路", "橋目"]]
        return SearchIndexWriter.files(documents, facets: SearchIndexTests.facets, options: options)
    }

    static let queries = ["道路", "点検 橋", "\"点検 橋\"", "法", "目視点検書面", "dr", "ai", "drone 法", "橋目", "近接"]

    /// Searches every query; a thrown error is an answer (the site is named as failing). Returns
    /// the errors thrown.
    @discardableResult
    static func searchAll(_ files: [SearchIndexWriter.File]) -> [any Error] {
        let index: SearchIndex
        do { index = try SearchIndex(source: MemoryIndexSource(files)) } catch { return [error] }
        var errors: [any Error] = []
        for query in queries {
            for filters in [[:], ["category": Set(["c1"])]] as [[String: Set<String>]] {
                do { _ = try index.search(query, filters: filters, limit: 5) } catch { errors.append(error) }
            }
        }
        return errors
    }

    @Test func theUndamagedIndexAnswersEveryQuery() throws {
        let files = Self.files()
        #expect(
            ["ts", "tc", "ns", "ng", "nc", "p", "g", "f", "facet"].allSatisfy { p in
                files.contains { $0.path.hasPrefix(p) }
            })
        let index = try SearchIndex(source: MemoryIndexSource(files))
        #expect(try index.search("道路").total > 0)
    }

    /// Each binary or JSON file in turn cut short, its bytes changed, or runs of 0xFF written over
    /// it (varints that never end, numbers far out of range), 500 damaged indexes in all.
    @Test func aDamagedFileNeverCrashesASearch() {
        let files = Self.files()
        // Three rounds in four damage a binary file (shards, positions, tails, counts, facets): the
        // fragments, one JSON file per document here, would otherwise take most rounds.
        let binary = files.indices.filter { files[$0].path.hasSuffix(".bin") }
        #expect(binary.count > 20)
        var random = SplitMix(seed: 77)
        var named = 0
        for round in 0..<500 {
            var damaged = files
            let victim =
                random.next() % 4 == 0
                ? Int(random.next() % UInt64(files.count)) : binary[Int(random.next() % UInt64(binary.count))]
            var bytes = damaged[victim].bytes
            switch round % 4 {
            case 0:
                bytes = Array(bytes.prefix(Int(random.next() % UInt64(bytes.count + 1))))
            case 1:
                for _ in 0...Int(random.next() % 4) where !bytes.isEmpty {
                    bytes[Int(random.next() % UInt64(bytes.count))] = UInt8(truncatingIfNeeded: random.next())
                }
            case 2:
                if !bytes.isEmpty {
                    let start = Int(random.next() % UInt64(bytes.count))
                    for k in start..<min(bytes.count, start + 1 + Int(random.next() % 12)) { bytes[k] = 0xFF }
                }
            default:
                bytes.insert(
                    contentsOf: [0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x7F],
                    at: Int(random.next() % UInt64(bytes.count + 1)))
            }
            damaged[victim].bytes = bytes
            // The message names a file of the index, the one that was damaged or one it misleads.
            for case let error as DamagedIndex in Self.searchAll(damaged) {
                #expect(files.contains { $0.path == error.file }, "\(error.file): \(error.problem)")
                named += 1
            }
        }
        #expect(named > 100)
    }

    /// The manifest's numbers out of range: counts and sizes negative, zero or huge, lists emptied.
    @Test func aManifestWithNumbersOutOfRangeNeverCrashesASearch() throws {
        let files = Self.files()
        let at = files.firstIndex { $0.path == "manifest.json" }!
        let manifest = try JSONSerialization.jsonObject(with: Data(files[at].bytes))
        var paths: [[String]] = []
        func collect(_ value: Any, _ path: [String]) {
            if let object = value as? [String: Any] {
                for (key, inner) in object { collect(inner, path + [key]) }
            } else if let array = value as? [Any] {
                paths.append(path)
                for (k, inner) in array.enumerated() { collect(inner, path + ["\(k)"]) }
            } else if value is NSNumber {
                paths.append(path)
            }
        }
        collect(manifest, [])
        func replaced(_ value: Any, _ path: ArraySlice<String>, with new: Any) -> Any {
            guard let key = path.first else { return new }
            if var object = value as? [String: Any], let inner = object[key] {
                object[key] = replaced(inner, path.dropFirst(), with: new)
                return object
            }
            if var array = value as? [Any], let k = Int(key), array.indices.contains(k) {
                array[k] = replaced(array[k], path.dropFirst(), with: new)
                return array
            }
            return value
        }
        #expect(paths.count > 50)
        for path in paths {
            for new in [-1, 0, 1 << 40, Int.max, [] as [Any]] as [Any] {
                var damaged = files
                damaged[at].bytes = Array(
                    try JSONSerialization.data(withJSONObject: replaced(manifest, path[...], with: new)))
                Self.searchAll(damaged)
            }
        }
    }

    /// Searched with another site, a site whose shards were cut short is named with the reason,
    /// and the other site's results stand.
    @Test func aDamagedSiteIsNamedAndTheOthersAnswer() throws {
        let good = SearchIndexWriter.files(SearchIndexTests.documents, facets: SearchIndexTests.facets)
        var cut = Self.files()
        for k in cut.indices where cut[k].path.hasPrefix("s") || cut[k].path.hasPrefix("g") {
            cut[k].bytes = Array(cut[k].bytes.prefix(3))
        }
        let sites = [
            SearchFederation.Site(
                label: "国", base: nil, index: .success(try SearchIndex(source: MemoryIndexSource(good)))),
            SearchFederation.Site(
                label: "市", base: "https://city.example/",
                index: .success(try SearchIndex(source: MemoryIndexSource(cut))))
        ]
        let results = SearchFederation.search(sites, "点検")
        #expect(results.total > 0 && results.hits.allSatisfy { $0.site == "国" })
        #expect(results.unreachable?.map(\.site) == ["市"])
        #expect(results.unreachable?.first?.reason.contains("damaged") == true, "\(results.unreachable ?? [])")
    }
}
