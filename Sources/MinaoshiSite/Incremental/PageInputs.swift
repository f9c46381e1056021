import MinaoshiContent
import MinaoshiMarkdown
import MinaoshiSupport

/// What a planned page is rendered from, hashed: the fingerprint ``OutputFingerprints`` keeps,
/// and the documents whose list items the page prints.
///
/// Every page reads the site's files and settings (``site``). Besides, a document's page reads
/// the document and the documents its lists show; a section's or a term's page (and its feeds)
/// the documents of its slice of the list, the list's length and its newest document; every
/// other page (home, taxonomies, progress, sitemap, feed and API indexes, search, 404) reads the
/// whole corpus, so any edit renders it again. A document is read as its file's text, its body
/// as rendered (which holds its link answers), and the cases implementing it. The list of documents shown is the same
/// enumeration that the fingerprint hashes: a page that printed a document not enumerated here
/// would find no list item for it, and `IncrementalEquivalenceTests` would see the difference.
struct PageInputs: Sendable {
    /// Everything all pages read: the site's files, the binary, the build's options, the corpus's
    /// shape as the navigation shows it.
    let site: StableHash
    /// By corpus index: the document's path, file text and rendered body, and the cases that
    /// implement it, which its feed entry names.
    let documents: [StableHash]
    /// Every document's, in corpus order.
    let corpus: StableHash
    let views: ViewFactory

    init(views: ViewFactory, siteFiles: StableHash, options: BuildOptions, today: CalendarDate) {
        self.views = views
        let corpus = views.corpus
        documents = ParallelMap.map(corpus.documents) { document in
            var hasher = StableHasher()
            hasher.add(document.sourcePath)
            hasher.add(document.sourceHash)
            hasher.add(document.bodyHTMLBytes)
            hasher.add(document.body.summary)
            // A review's entry in feeds names the cases that implement it (`DataField`'s `cases`).
            let cases = corpus.cases(implementing: document)
            hasher.add(cases.count)
            for implementing in cases { hasher.add(implementing.id) }
            return hasher.value
        }
        var all = StableHasher()
        for key in documents { all.add(key) }
        self.corpus = all.value
        var site = StableHasher()
        site.add(siteFiles)
        site.add(BuildCacheFile.binaryIdentity)
        site.add(options.baseURL ?? "")
        site.add(options.includeDrafts ? 1 : 0)
        site.add(options.includeFuture ? 1 : 0)
        site.add(today.iso8601)
        for section in views.lists.sections { site.add(section) }
        site.add(corpus.document(id: ViewFactory.aboutPageID) != nil ? 1 : 0)
        self.site = site.value
    }

    /// The page's fingerprint and the corpus indices of the documents whose list items it prints.
    func of(_ page: PlannedPage) -> (fingerprint: StableHash, shown: [Int]) {
        var hasher = StableHasher()
        hasher.add(site)
        hasher.add(page.kind.name)
        hasher.add(page.path)
        for channel in [page.channel].compactMap({ $0 }) + page.channels {
            hasher.add(channel.path)
            hasher.add(channel.title)
        }
        var shown: [Int] = []
        func add(_ indices: some Collection<Int>) {
            hasher.add(indices.count)
            for index in indices { hasher.add(documents[index]) }
        }
        let corpus = views.corpus
        switch page.content {
        case .document(let index):
            hasher.add(documents[index])
            let lists = views.documentLists(corpus.documents[index])
            hasher.add(lists.caseCount)
            add(lists.shownCases)
            add(lists.regulations)
            add(lists.related)
            shown = lists.shown
        case .section, .term, .homeFeed:
            let (all, number) = views.list(of: page.content)
            let slice = all[views.paginator.range(of: number, count: all.count)]
            hasher.add(all.count)
            add(all.prefix(1))
            add(slice)
            shown = Array(slice)
            if case .term(let kind, let termID, _) = page.content {
                let counts = views.lists.counts(filedUnder: kind, term: termID)
                hasher.add(counts.regulations)
                hasher.add(counts.cases)
                // A law's first page lists the provisions of every review filed under it.
                if kind == .laws, number == 1 { add(all) }
            }
        case .home, .notFound, .search, .taxonomy, .feedIndex, .apiIndex, .progress, .htmlSitemap:
            // None prints a list item; the home page's feeds print feed items, made on demand.
            hasher.add(self.corpus)
        }
        return (hasher.value, shown)
    }
}
