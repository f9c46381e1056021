import Foundation
import MinaoshiContent
import MinaoshiSearch
import MinaoshiSupport

extension BuildStep {
    /// Writes the static search index under `search/` (`SearchIndexWriter`), beside the search
    /// page that reads it; `minaoshi search --site` reads the same files.
    /// On a corpus of up to `BuildOptions.stepsBesideUpTo` documents it runs beside the steps from
    /// `relate` to the pages: it reads the corpus and the plain texts, which none of them reads or
    /// changes, and writes under `search/` only. Started with `relate`, it fills the moments where
    /// relating and planning leave a core idle.
    static let searchIndex = BuildStep("search index", writes: true, runsBeside: "relate") {
        context throws(DiagnosticsError) in
        let staged = context.staged!
        // The writer hands files over from several threads at once.
        let count = Locked(0)
        // The tokens of the documents that did not change, from the cache of an earlier build.
        let tokenCache = context.options.reusesSearchTokens ? SearchTokenCache(output: context.options.output) : nil
        let tokens = tokenCache?.reuse()
        // A search file is named by a hash of its bytes (and its group's): one of the same name in
        // the published tree, while that is the tree the last build published, is kept as it is.
        let keepsPublished = context.options.outputReuse?.trusted(at: context.options.output) != nil
        @Sendable func keep(_ path: String) throws -> Bool {
            try keepsPublished && staged.keepPublished(SiteSearch.folder + "/" + path)
        }
        do {
            // The index's documents hold the only copy of each plain text from here, and the
            // writer lets each go once it is tokenized: nothing after this step reads them.
            let documents = SiteSearch.documents(context.corpus)
            for document in context.corpus.documents { document.releasePlainText() }
            // Each file is written as the writer makes it: the index is never held whole.
            try SearchIndexWriter.write(
                consume documents, facets: SiteSearch.facets(context.corpus),
                options: SiteSearch.options(context.corpus, context.options.searchIndex), reusing: tokens?.reuse
            ) { path, bytes in
                try staged.write(bytes, to: SiteSearch.folder + "/" + path)
                count.withLock { $0 += 1 }
            } keeping: { path in
                guard try keep(path) else { return false }
                count.withLock { $0 += 1 }
                return true
            }
            // The dictionary keeps only the terms some document has, asked of the written index; it
            // too is named by a hash of its bytes (the manifest is not).
            try SynonymIndex.prune(try staged.url(for: SiteSearch.folder)) { path, bytes in
                if path != "manifest.json", try keep(path) { return }
                try staged.write(bytes, to: SiteSearch.folder + "/" + path)
            } remove: { path in
                try staged.remove(SiteSearch.folder + "/" + path)
                count.withLock { $0 -= 1 }
            }
        } catch {
            throw DiagnosticsError([
                .error(at: SourceLocation(file: context.outputDisplayPath), "cannot write the search index: \(error)")
            ])
        }
        context.fileCount += count.withLock { $0 }
        if let tokenCache, let tokens {
            do {
                try tokenCache.write(tokens.reuse, over: tokens.entries)
            } catch {
                context.diagnostics.append(
                    .warning(
                        at: SourceLocation(file: tokenCache.file.url.path),
                        "cannot write the search index's token cache: \(error)",
                        hint: "the next build tokenizes every document again"))
            }
        }
    }
}

/// The site's search index: which documents it holds and how their facets are labelled.
public enum SiteSearch {
    /// The index folder inside the site.
    public static let folder = "search"

    /// The documents of `corpus` as the index sees them, one per page (a duplicate id keeps the first).
    public static func documents(_ corpus: Corpus) -> [SearchDocument] {
        let kept = corpus.documents.indices.filter { corpus.index(of: corpus.documents[$0].id) == $0 }
        return ParallelMap.map(kept) { index in
            let document = corpus.documents[index]
            return SearchDocument(
                document, vocabularies: corpus.vocabularies, typeLabel: SectionCatalog.info(for: document.section).title
            )
        }
    }

    /// The facets of ``SearchFacets/keys`` with the label of each value: section titles for
    /// `type`, Japanese names for vocabularies.
    public static func facets(_ corpus: Corpus) -> [SearchFacet] {
        var labels: [String: [String: String]] = [
            "type": Dictionary(uniqueKeysWithValues: corpus.sections.map { ($0, SectionCatalog.info(for: $0).title) })
        ]
        for kind in VocabularyKind.allCases {
            labels[kind.singular] = Dictionary(
                corpus.vocabularies[kind].terms.map { ($0.id, $0.ja) }, uniquingKeysWith: { first, _ in first })
        }
        return SearchFacets.keys.map { SearchFacet(key: $0.key, label: $0.label, valueLabels: labels[$0.key] ?? [:]) }
    }

    /// `options` with the corpus's synonym groups and their one-way terms.
    public static func options(_ corpus: Corpus, _ options: SearchIndexOptions = SearchIndexOptions())
        -> SearchIndexOptions
    {
        var options = options
        options.synonyms = corpus.vocabularies.synonyms.map(\.terms)
        options.oneWaySynonyms = corpus.vocabularies.synonyms.flatMap(\.oneWay)
        return options
    }

    public static func indexFiles(_ corpus: Corpus, options: SearchIndexOptions = SearchIndexOptions())
        -> [SearchIndexWriter.File]
    {
        // Pruned as the build prunes; an index that cannot be read back is left as written.
        let files = SearchIndexWriter.files(
            documents(corpus), facets: facets(corpus), options: Self.options(corpus, options))
        return (try? SynonymIndex.pruned(files)) ?? files
    }
}

extension SiteSearch {
    /// The index of the project at `root`, built in memory as `minaoshi build` would write it.
    /// Throws the load's errors; returns its warnings with the files.
    public static func indexFiles(
        root: URL, includeDrafts: Bool = false, includeFuture: Bool = false,
        today: CalendarDate? = nil
    ) throws(DiagnosticsError) -> (files: [SearchIndexWriter.File], warnings: [Diagnostic]) {
        let config = try SiteConfig.load(root: root)
        let loaded = CorpusLoader.load(
            root: root,
            options: LoadOptions(
                includeDrafts: includeDrafts, includeFuture: includeFuture,
                today: today ?? CalendarDate(Date(), in: config.timeZone),
                basePath: config.basePath, markdown: config.markdownOptions))
        if loaded.diagnostics.containsErrors { throw DiagnosticsError(loaded.diagnostics.sorted()) }
        return (indexFiles(loaded.corpus), loaded.diagnostics.sorted())
    }
}
