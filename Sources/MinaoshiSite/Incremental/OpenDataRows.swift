import MinaoshiContent
import MinaoshiMarkdown
import MinaoshiSupport

/// Each document's open data record, as the JSON line and CSV row the open data step writes,
/// kept in memory from one build to the next (`serve`): a record whose inputs did not change is
/// not made and encoded again. The files themselves are written whole every build (each holds
/// every document of its dataset).
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

    public init() {}

    /// How many rows the last build that finished its open data took from here.
    public var lastReusedCount: Int { reused.withLock { $0 } }

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

        /// The row of `document` in `dataset`: the kept one if its key is the same, else `make()`'s.
        func row(_ document: Document, dataset: String, views: ViewFactory, make: () -> Row) -> Row {
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
            return row
        }

        /// Keeps this build's rows, and only them, for the next build.
        func finish() {
            let made = made.withLock { $0 }
            rows.kept.withLock { $0 = made }
            rows.reused.withLock { $0 = reusedCount.withLock { $0 } }
        }
    }
}
