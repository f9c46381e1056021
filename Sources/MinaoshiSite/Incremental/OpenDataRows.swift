import Foundation
import MinaoshiContent
import MinaoshiMarkdown
import MinaoshiSupport

/// Each document's open data record, as the JSON line and CSV row the open data step writes,
/// kept from one build to the next: a record whose inputs did not change is not made and encoded
/// again. The files themselves are written whole every build (each holds every document of its
/// dataset). `serve` keeps the rows in memory; a build in a process of its own takes them from the
/// files the last build published, where that build's ``OpenDataPlaces`` say they lie, if the
/// files are still the ones it published (``init(published:output:)``).
///
/// A record (``DataField/record(_:fields:views:)``) reads the document's file (its text's
/// ``StableHash``, which holds every front-matter field), its path, its body's summary, the ids of
/// the cases that implement it, and the site's settings and vocabularies (``SiteInputs``, the
/// base URL, the binary). Its key hashes all of these; `IncrementalEquivalenceTests` builds with
/// the rows kept and holds every `/api/` file to the bytes of a clean build.
public final class OpenDataRows: Sendable {
    struct Row: Sendable {
        var json: [UInt8]
        var csv: [UInt8]
    }

    private let kept = Locked<[StableHash: Row]>([:])
    private let reused = Locked(0)
    private let places = Locked<OpenDataPlaces?>(nil)

    public init() {}

    /// The rows of the files published at `output`, where `places` (the build's that published
    /// them) says they lie: none from a file whose status is not the one `places` recorded (another
    /// build's, or edited since), or that is shorter than its rows.
    public init(published places: OpenDataPlaces, output: URL) {
        var rows: [StableHash: Row] = [:]
        for dataset in places.datasets {
            guard let json = Self.read(output, dataset.jsonPath, dataset.jsonStatus),
                let csv = Self.read(output, dataset.csvPath, dataset.csvStatus),
                dataset.rows.allSatisfy({ $0.json.upperBound <= json.count && $0.csv.upperBound <= csv.count })
            else { continue }
            for row in dataset.rows {
                rows[row.key] = Row(json: Array(json[row.json]), csv: Array(csv[row.csv]))
            }
        }
        kept.withLock { $0 = rows }
    }

    /// The file's bytes, if its status is `status`.
    private static func read(_ output: URL, _ path: String, _ status: FileStatus?) -> [UInt8]? {
        let url = output.appendingPathComponent(path)
        guard let status, (try? FileStatus(path: url.path, followingLinks: false)) == status,
            let bytes = DurableFile.contents(of: url), bytes.count == status.size
        else { return nil }
        return bytes
    }

    /// How many rows the last build that finished its open data took from here.
    public var lastReusedCount: Int { reused.withLock { $0 } }

    /// Where the last build that finished its open data wrote each row (the files' statuses not yet
    /// recorded: ``OpenDataPlaces/stamped(output:)``).
    public var lastPlaces: OpenDataPlaces? { places.withLock { $0 } }

    /// What one build's open data step uses: the rows kept by the last build, and the key of
    /// everything every record reads (`siteFiles`: ``SiteInputs/hash(root:)`` of this build).
    func session(siteFiles: StableHash, baseURL: String?) -> Session {
        var site = StableHasher()
        site.add(siteFiles)
        site.add(BuildCacheFile.binaryIdentity)
        site.add(baseURL ?? "")
        return Session(rows: self, previous: kept.withLock { $0 }, site: site.value)
    }

    /// One build's rows: looked up and made in parallel, kept for the next build when it ends.
    final class Session: Sendable {
        private let rows: OpenDataRows
        private let previous: [StableHash: Row]
        private let site: StableHash
        private let made = Locked<[StableHash: Row]>([:])
        private let reusedCount = Locked(0)

        fileprivate init(rows: OpenDataRows, previous: [StableHash: Row], site: StableHash) {
            self.rows = rows
            self.previous = previous
            self.site = site
        }

        /// The row of `document` in `dataset`, with its key: the kept one if its key is the same,
        /// else `make()`'s.
        func row(_ document: Document, dataset: String, views: ViewFactory, make: () -> Row) -> (
            key: StableHash, row: Row
        ) {
            var hasher = StableHasher()
            hasher.add(site)
            hasher.add(dataset)
            hasher.add(document.sourcePath)
            hasher.add(document.sourceHash)
            hasher.add(document.body.summary)
            let cases = views.corpus.cases(implementing: document)
            hasher.add(cases.count)
            for implementing in cases { hasher.add(implementing.id) }
            let key = hasher.value
            let row: Row
            if let kept = previous[key] {
                row = kept
                reusedCount.withLock { $0 += 1 }
            } else {
                row = make()
            }
            made.withLock { $0[key] = row }
            return (key, row)
        }

        /// Keeps this build's rows, and only them, for the next build, with where they were written.
        func finish(places: OpenDataPlaces) {
            let made = made.withLock { $0 }
            rows.kept.withLock { $0 = made }
            rows.reused.withLock { $0 = reusedCount.withLock { $0 } }
            rows.places.withLock { $0 = places }
        }
    }
}

/// Where each record lies in the open data files one build wrote: for each dataset its JSON and
/// CSV files, and each record's key (``OpenDataRows/Session/row(_:dataset:views:make:)``) with
/// the bytes of its JSON line and its CSV row. Kept in the build cache with the files' statuses
/// once published, so that the next build reads the records that did not change from the files.
public struct OpenDataPlaces: Equatable, Sendable {
    public struct Row: Equatable, Sendable {
        var key: StableHash
        var json: Range<Int>
        var csv: Range<Int>
    }

    public struct Dataset: Equatable, Sendable {
        var jsonPath: String
        var csvPath: String
        /// The files' statuses once published (nil until then).
        var jsonStatus: FileStatus?
        var csvStatus: FileStatus?
        var rows: [Row]
    }

    var datasets: [Dataset] = []

    /// With the statuses of the files published at `output`.
    func stamped(output: URL) -> OpenDataPlaces {
        var stamped = self
        for index in stamped.datasets.indices {
            let dataset = stamped.datasets[index]
            stamped.datasets[index].jsonStatus = try? FileStatus(
                path: output.appendingPathComponent(dataset.jsonPath).path, followingLinks: false)
            stamped.datasets[index].csvStatus = try? FileStatus(
                path: output.appendingPathComponent(dataset.csvPath).path, followingLinks: false)
        }
        return stamped
    }
}
