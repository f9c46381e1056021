import MinaoshiContent

extension ViewFactory {
    /// Every term of a vocabulary with the number of documents filed under it.
    func termSummaries(_ kind: VocabularyKind) -> [TermSummaryView] {
        corpus.vocabularies[kind].terms.map { term in
            let count = lists.documents(filedUnder: kind, term: term.id).count
            return TermSummaryView(label: term.ja, url: count > 0 ? link("/\(kind.rawValue)/\(term.id)/") : nil,
                                   count: count, description: term.description)
        }
    }

    /// Terms that get a page of their own: those with at least one document.
    func termsWithDocuments(_ kind: VocabularyKind) -> [VocabularyTerm] {
        corpus.vocabularies[kind].terms.filter { !lists.documents(filedUnder: kind, term: $0.id).isEmpty }
    }

    func taxonomy(_ kind: VocabularyKind) -> PageView {
        let description = "\(kind.japaneseTitle)ごとに、規制の見直しと実装事例を探せます。"
        var view = page(title: kind.japaneseTitle, description: description, path: "/\(kind.rawValue)/", crumbs: [homeCrumb])
        view.taxonomy = TaxonomyView(description: description, terms: termSummaries(kind))
        return view
    }

    /// Page `number` (from 1) of a term's documents, newest first, shown as two lists (reviews,
    /// then cases) whose headings count the whole term.
    func term(_ term: VocabularyTerm, of kind: VocabularyKind, page number: Int) -> PageView {
        // The same list, from the same place, as the term's feeds (``list(of:)``).
        let all = list(of: .term(kind, termID: term.id, page: number)).all
        let onPage = all[paginator.range(of: number, count: all.count)]
        let (regulationCount, caseCount) = lists.counts(filedUnder: kind, term: term.id)
        let description = term.description ?? "\(term.ja)に関する規制の見直しと実装事例。"
        let base = "/\(kind.rawValue)/\(term.id)/"
        var view = page(title: Self.numbered("\(kind.japaneseTitle)：\(term.ja)", page: number), description: description,
                        path: Paginator.path(base, page: number),
                        crumbs: [homeCrumb, LinkView(label: kind.japaneseTitle, url: link("/\(kind.rawValue)/"))])
        view.term = TermView(description: description, english: term.en, lists: [
            DocumentListView(id: "regulations", heading: "規制の見直し（\(regulationCount)件）",
                             documents: onPage.filter { corpus.documents[$0].kind.regulation != nil }.map { summary(at: $0) }),
            DocumentListView(id: "cases", heading: "実装事例（\(caseCount)件）",
                             documents: onPage.filter { corpus.documents[$0].kind.caseStudy != nil }.map { summary(at: $0) }),
        ].filter { !$0.documents.isEmpty })
        view.pagination = paginator.view(page: number, count: all.count, base: base) { link($0) }
        return view
    }
}
