import Foundation
import MinaoshiContent
import MinaoshiSearch
import MinaoshiSupport

/// What `minaoshi build` was asked to do.
public struct BuildOptions: Sendable {
    /// The project root: `content/`, `templates/` and `minaoshi.yml` live here.
    public var root: URL
    /// Where the site is written; swapped in whole when the build succeeds.
    public var output: URL
    /// Overrides `base_url` of `minaoshi.yml`.
    public var baseURL: String?
    public var includeDrafts: Bool
    public var includeFuture: Bool
    /// The day that decides what is in the future; today in the site's time zone when nil.
    public var today: CalendarDate?
    /// Whether the run frees what it built (the corpus, its pages' data) before it returns. A
    /// process that ends right after the run sets this false: the system takes the memory back
    /// at once at exit, where freeing 10,000 documents object by object took a serial 0.1 s
    /// (as compilers skip their own teardown). A long-lived process such as `serve` keeps it.
    public var freesMemoryWhenDone = true
    /// The most documents for which a step runs beside another (`BuildStep.runsBeside`), unless
    /// it holds little memory (`runsBesideAtAnySize`: open data, site files): the search index
    /// beside the pages fills the moments one core would idle (a tenth of a 10k build), but
    /// holding both at once at 100,000 documents took the build past 2 GiB. A negative value runs
    /// every step in turn.
    public var stepsBesideUpTo = 20_000
    /// Whether the load keeps what rendering each body read and gave (``RenderedBodies``), for the
    /// next build to reuse: `BuildResult.bodies`. Off for `check` and a plain library call.
    public var keepsRenderedBodies = false
    /// Bodies an earlier build rendered (`BuildResult.bodies`): each is reused when its Markdown,
    /// its place, the Markdown options and every link answer it was rendered with are the same.
    /// Read only when `keepsRenderedBodies` is set.
    public var previousBodies: RenderedBodies?
    /// The related documents an earlier build worked out (`BuildResult.related`): taken whole
    /// when this build's corpus gives them the same inputs (``RelatedDocuments/inputsHash(of:limit:)``).
    public var previousRelated: RelatedDocuments?
    /// When set, the build fingerprints every page (``PageInputs``) for the next build, and keeps
    /// each published page whose fingerprint `previous` holds unchanged instead of rendering it.
    public var outputReuse: OutputReuse?
    /// Whether the search index takes the tokens of documents that did not change from the cache
    /// an earlier build left (``SearchTokenCache``), and leaves this build's there.
    public var reusesSearchTokens = false
    /// Whether the tree a build replaces is kept beside the output as the standby the next build
    /// stages into (``StagedOutput``), so that a rebuild writes what changed and no more.
    public var keepsStandbyTree = false
    /// Each content file's front matter, kept from one build to the next in this process (`serve`):
    /// a file that did not change is not read again. Nil reads every file, except in
    /// ``IncrementalBuild``, which then keeps it on disk (``FrontMatterCacheFile``).
    public var frontMatterCache: FrontMatterCache?
    /// Whether a successful build keeps what it rendered its pages from (``SiteModel``) in
    /// `BuildResult.model`, for previews of edits (`serve`).
    public var keepsModel = false
    /// The search index's sizes, before the corpus adds its synonyms (``SiteSearch/options(_:_:)``).
    /// Only tests change them: `minaoshi build --search-heads 8,12` cuts a small corpus's lists
    /// into heads and tails, so that the engines' agreement test reads heads on the shipped corpus;
    /// `--search-counts 5` gives every list of 5 documents or more its facet counts.
    public var searchIndex = SearchIndexOptions()
    /// Each document's open data row, kept from one build to the next in this process (`serve`),
    /// used when `outputReuse` is set (it holds the hash of the site's files the rows depend on).
    public var openDataRows: OpenDataRows?

    public init(
        root: URL, output: URL? = nil, baseURL: String? = nil, includeDrafts: Bool = false,
        includeFuture: Bool = false, today: CalendarDate? = nil
    ) {
        self.root = root.standardizedFileURL
        self.output = (output ?? root.appendingPathComponent("site")).standardizedFileURL
        self.baseURL = baseURL
        self.includeDrafts = includeDrafts
        self.includeFuture = includeFuture
        self.today = today
    }
}
