import MinaoshiContent
import MinaoshiSupport

/// Which pages of this build can be kept as the previous build published them: those whose
/// fingerprint (``PageInputs``) is the one the previous build recorded for the same path, in
/// the very tree that build published. The render step keeps them (``StagedOutput/keepPublished(_:)``:
/// the published file itself in the staging folder) and renders the others, with the list items of the
/// documents they show.
struct PageReuse {
    /// By page, in the plan's order.
    let fingerprints: [StableHash]
    /// By page: whether the published files may be kept.
    let keeps: [Bool]
    /// By corpus index: whether a rendered page prints the document's list item.
    let listItemsShown: [Bool]

    init(pages: [PlannedPage], views: ViewFactory, reuse: OutputReuse, options: BuildOptions, today: CalendarDate) {
        let inputs = PageInputs(views: views, siteFiles: reuse.siteFiles, options: options, today: today)
        let results = ParallelMap.map(pages) { inputs.of($0) }
        fingerprints = results.map(\.fingerprint)
        let previous = reuse.trusted(at: options.output)?.pages ?? [:]
        keeps = zip(pages, fingerprints).map { page, fingerprint in
            page.outputs.first.map { previous[$0.path] == fingerprint } ?? false
        }
        var shown = [Bool](repeating: false, count: views.corpus.documents.count)
        for (result, kept) in zip(results, keeps) where !kept {
            for index in result.shown { shown[index] = true }
        }
        listItemsShown = shown
    }

    /// The fingerprints by each page's first output path, for the next build.
    func byPath(_ pages: [PlannedPage]) -> [String: StableHash] {
        var byPath: [String: StableHash] = [:]
        for (page, fingerprint) in zip(pages, fingerprints) {
            if let first = page.outputs.first { byPath[first.path] = fingerprint }
        }
        return byPath
    }

    /// Puts every output of a kept page into the staging folder as published; false, with none
    /// of them staged, when one is missing from the published tree (the page is then rendered).
    static func keep(_ page: PlannedPage, in staged: StagedOutput) throws -> Bool {
        var kept: [String] = []
        for output in page.outputs {
            guard try staged.keepPublished(output.path) else {
                // A fresh staging folder is written in place: a link to a published file must not be written through.
                for path in kept { try staged.remove(path) }
                return false
            }
            kept.append(output.path)
        }
        return true
    }
}
