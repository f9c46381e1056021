import MinaoshiContent

extension ViewFactory {
    /// Every term of a vocabulary with the number of documents filed under it.
    func termSummaries(_ kind: VocabularyKind) -> [TermSummaryView] {
        corpus.vocabularies[kind].terms.map { term in
            let count = lists.documents(filedUnder: kind, term: term.id).count
            return TermSummaryView(
                label: term.ja, url: count > 0 ? link("/\(kind.rawValue)/\(term.id)/") : nil,
                count: count, description: term.description)
        }
    }

    /// Terms that get a page of their own: those with at least one document.
    func termsWithDocuments(_ kind: VocabularyKind) -> [VocabularyTerm] {
        corpus.vocabularies[kind].terms.filter { !lists.documents(filedUnder: kind, term: $0.id).isEmpty }
    }

    func taxonomy(_ kind: VocabularyKind) -> PageView {
        let description = "\(kind.japaneseTitle)ごとに、規制の見直しと実装事例を探せます。"
        var view = page(
            title: kind.japaneseTitle, description: description, path: "/\(kind.rawValue)/", crumbs: [homeCrumb])
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
        var view = page(
            title: Self.numbered("\(kind.japaneseTitle)：\(term.ja)", page: number), description: description,
            path: Paginator.path(base, page: number),
            crumbs: [homeCrumb, LinkView(label: kind.japaneseTitle, url: link("/\(kind.rawValue)/"))])
        view.term = TermView(
            description: description, english: term.en,
            lists: [
                DocumentListView(
                    id: "regulations", heading: "規制の見直し（\(regulationCount)件）",
                    documents: onPage.filter { corpus.documents[$0].kind.regulation != nil }.map { summary(at: $0) }),
                DocumentListView(
                    id: "cases", heading: "実装事例（\(caseCount)件）",
                    documents: onPage.filter { corpus.documents[$0].kind.caseStudy != nil }.map { summary(at: $0) })
            ].filter { !$0.documents.isEmpty })
        if kind == .laws {
            view.term?.law = lawText(term)
            if number == 1 { view.term?.provisions = provisions(of: term) }
        }
        view.pagination = paginator.view(page: number, count: all.count, base: base) { link($0) }
        return view
    }

    /// A law's 略称, 法令番号 and e-Gov link; `nil` for a guideline or notice that has none of them.
    func lawText(_ term: VocabularyTerm) -> LawTextView? {
        let abbreviation = term.attributes["abbreviation"], number = term.attributes["law_number"]
        let egov = term.attributes["egov_id"].map { LinkView(label: "e-Gov 法令検索で本文を読む", url: LawID.url($0)) }
        if abbreviation == nil, number == nil, egov == nil { return nil }
        return LawTextView(abbreviation: abbreviation, number: number, egov: egov)
    }

    /// Whether article `left` comes before `right`: runs of ASCII digits compare as numbers (3条
    /// before 12条), everything else as bytes.
    static func articleOrder(_ left: String, _ right: String) -> Bool {
        let a = Array(left.utf8), b = Array(right.utf8)
        var i = 0, j = 0
        func isDigit(_ byte: UInt8) -> Bool { (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) }
        while i < a.count, j < b.count {
            if isDigit(a[i]), isDigit(b[j]) {
                let startA = i, startB = j
                while i < a.count, isDigit(a[i]) { i += 1 }
                while j < b.count, isDigit(b[j]) { j += 1 }
                let numberA = a[startA..<i].drop { $0 == UInt8(ascii: "0") }
                let numberB = b[startB..<j].drop { $0 == UInt8(ascii: "0") }
                if numberA.count != numberB.count { return numberA.count < numberB.count }
                if !numberA.elementsEqual(numberB) { return numberA.lexicographicallyPrecedes(numberB) }
            } else {
                if a[i] != b[j] { return a[i] < b[j] }
                i += 1
                j += 1
            }
        }
        return a.count - i < b.count - j
    }

    /// Every review of the law, ordered by its article (``articleOrder(_:_:)``; reviews that name none last),
    /// then by title: the provisions a reader looks for, such as every reviewed article of 建築基準法.
    func provisions(of term: VocabularyTerm) -> [ProvisionView] {
        lists.documents(filedUnder: .laws, term: term.id).compactMap { index -> (String?, Document)? in
            let document = corpus.documents[index]
            return document.kind.regulation.map { ($0.article, document) }
        }
        .sorted { lhs, rhs in
            switch (lhs.0, rhs.0) {
            case (let left?, let right?) where left != right: Self.articleOrder(left, right)
            case (_?, nil): true
            case (nil, _?): false
            default: Array(lhs.1.title.utf8).lexicographicallyPrecedes(rhs.1.title.utf8)
            }
        }
        .map { ProvisionView(article: $0.0 ?? "（条項の記載なし）", review: LinkView(label: $0.1.title, url: link($0.1.path))) }
    }
}
