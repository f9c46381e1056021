import MinaoshiContent

extension ViewFactory {
    /// Every term of a vocabulary with the number of documents filed under it.
    func termSummaries(_ kind: VocabularyKind) -> [TermSummaryView] {
        corpus.vocabularies[kind].terms.map { term in
            let count = corpus.documents(filedUnder: kind, term: term.id).count
            return TermSummaryView(label: term.ja, url: count > 0 ? link("/\(kind.rawValue)/\(term.id)/") : nil,
                                   count: count, description: term.description)
        }
    }

    /// Terms that get a page of their own: those with at least one document.
    func termsWithDocuments(_ kind: VocabularyKind) -> [VocabularyTerm] {
        corpus.vocabularies[kind].terms.filter { !corpus.documents(filedUnder: kind, term: $0.id).isEmpty }
    }

    func taxonomy(_ kind: VocabularyKind) -> PageView {
        let description = "\(kind.japaneseTitle)ごとに、規制の見直しと実装事例を探せます。"
        var view = page(title: kind.japaneseTitle, description: description, path: "/\(kind.rawValue)/", crumbs: [homeCrumb])
        view.taxonomy = TaxonomyView(description: description, terms: termSummaries(kind))
        return view
    }

    func term(_ term: VocabularyTerm, of kind: VocabularyKind) -> PageView {
        let documents = newestFirst(corpus.documents(filedUnder: kind, term: term.id))
        let description = term.description ?? "\(term.ja)に関する規制の見直しと実装事例。"
        var view = page(title: "\(kind.japaneseTitle)：\(term.ja)", description: description,
                        path: "/\(kind.rawValue)/\(term.id)/",
                        crumbs: [homeCrumb, LinkView(label: kind.japaneseTitle, url: link("/\(kind.rawValue)/"))])
        view.term = TermView(description: description, english: term.en, lists: [
            DocumentListView(id: "regulations", heading: "規制の見直し（\(documents.filter { $0.kind.regulation != nil }.count)件）",
                             documents: documents.filter { $0.kind.regulation != nil }.map(summary)),
            DocumentListView(id: "cases", heading: "実装事例（\(documents.filter { $0.kind.caseStudy != nil }.count)件）",
                             documents: documents.filter { $0.kind.caseStudy != nil }.map(summary)),
        ].filter { !$0.documents.isEmpty })
        return view
    }
}
