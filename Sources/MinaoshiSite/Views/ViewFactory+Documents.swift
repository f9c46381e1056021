import MinaoshiContent
import MinaoshiMarkdown
import MinaoshiSupport

extension ViewFactory {
    func document(_ document: Document) -> PageView {
        let info = SectionCatalog.info(for: document.section)
        var crumbs = [homeCrumb]
        if !document.section.isEmpty { crumbs.append(LinkView(label: info.title, url: link("/\(document.section)/"))) }
        var view = page(title: document.title, description: document.body.summary, path: document.path, crumbs: crumbs)
        let body = DocumentView(
            sectionTitle: info.title,
            sectionURL: link("/\(document.section)/"),
            date: document.date.map { dateView($0) },
            updated: document.updated.map { dateView($0) },
            summary: document.body.summary,
            html: document.bodyHTMLBytes,
            toc: document.body.headings.filter { $0.level == 2 || $0.level == 3 }.map {
                TOCEntryView(id: $0.id, text: $0.text, isSubsection: $0.level > 2)
            }
        )
        switch document.kind {
        case .regulation: body.dateLabel = "見直しの日付"
        case .caseStudy: body.dateLabel = "事例の日付"
        case .page, .other: break
        }
        body.facts = facts(document)
        body.beforeAfter = beforeAfter(document)
        body.accessibilityResult = accessibilityResult(for: document)
        if let data = documentData(document, url: view.canonicalURL) {
            view.structuredData.append(data)
            view.openGraphType = "article"
        }
        if let caseStudy = document.kind.caseStudy {
            body.outcomes = caseStudy.outcomes.map { OutcomeView(label: $0.label, value: $0.value, period: $0.period) }
        }
        // A review implemented by many cases lists the first page_size of them (id order), so no
        // page grows with the corpus; the heading says how many there are.
        let lists = documentLists(document)
        let shownCases = lists.shownCases
        body.lists = [
            DocumentListView(
                id: "implementing-cases",
                heading: shownCases.count < lists.caseCount
                    ? "この規制の見直しを実装した事例（\(lists.caseCount)件のうち\(shownCases.count)件）" : "この規制の見直しを実装した事例",
                documents: shownCases.map { summary(at: $0) }),
            DocumentListView(
                id: "implemented-regulations", heading: "この事例が実装した規制の見直し",
                documents: lists.regulations.map { summary(at: $0) }),
            DocumentListView(
                id: "related", heading: "関連する規制・事例", documents: lists.related.map { summary(at: $0) })
        ].filter { !$0.documents.isEmpty }
        body.sources = document.sources.map { LinkView(label: $0.title, url: $0.url) }
        body.changes = document.changes.map { ChangeView(date: dateView($0.date), note: $0.note) }
        view.document = body
        return view
    }

    /// The documents a document's page lists, by corpus index: the cases implementing a review
    /// (the first `page_size` of `caseCount`), the reviews a case implements, and the related
    /// documents. The one enumeration the page prints (``document(_:)``), its fingerprint hashes
    /// (``PageInputs``) and a preview renders the list items of (``SiteModel``).
    func documentLists(_ document: Document) -> DocumentLists {
        let cases = corpus.cases(implementing: document).compactMap { corpus.index(of: $0.id) }
        return DocumentLists(
            caseCount: cases.count, shownCases: Array(cases.prefix(config.pageSize)),
            regulations: corpus.regulations(implementedBy: document).compactMap { corpus.index(of: $0.id) },
            related: related.relatedIndices(to: document, in: corpus))
    }

    struct DocumentLists {
        var caseCount: Int
        var shownCases: [Int]
        var regulations: [Int]
        var related: [Int]

        /// Every document whose list item the page prints.
        var shown: [Int] { shownCases + regulations + related }
    }

    /// A term as its page names it; a law with its abbreviation: 廃棄物の処理及び清掃に関する法律（廃棄物処理法）.
    static func name(of term: VocabularyTerm) -> String {
        term.attributes["abbreviation"].map { "\(term.ja)（\($0)）" } ?? term.ja
    }

    /// The laws a review names, as their pages name them, joined: 警備業法、警備業法施行規則.
    func lawNames(_ review: RegulationReview) -> String {
        review.laws.compactMap { corpus.vocabularies[.laws].term($0) }.map(Self.name(of:)).joined(separator: "、")
    }

    /// The key facts of a regulation review or case study, as label and value or links: every
    /// declared field with a fact label (``FieldWording/factLabel``), in the declaration's order.
    private func facts(_ document: Document) -> [FactView] {
        var facts: [FactView] = []
        for (field, wording) in document.kind.declaredFields {
            guard let label = wording.factLabel else { continue }
            switch field {
            case .vocabulary(let vocabulary):
                let links = document.kind.terms(of: vocabulary.kind).compactMap {
                    corpus.vocabularies[vocabulary.kind].term($0)
                }.map { term in
                    LinkView(label: Self.name(of: term), url: link("/\(vocabulary.kind.rawValue)/\(term.id)/"))
                }
                if !links.isEmpty { facts.append(FactView(label: label, text: nil, links: links)) }
            case .plain(let key, _):
                if let value = Self.factText(key, of: document.kind), !value.isEmpty {
                    facts.append(FactView(label: label, text: value, links: []))
                }
            }
        }
        return facts
    }

    /// The text of a plain declared field as a key fact; `nil` for a field without one.
    static func factText(_ key: String, of kind: DocumentKind) -> String? {
        switch (kind, key) {
        case (.regulation(let regulation), "article"): regulation.article
        case (.regulation(let regulation), "phase"): regulation.phase.map { "PHASE \($0.before) → PHASE \($0.after)" }
        case (.caseStudy(let caseStudy), "organizations"): caseStudy.organizations.joined(separator: "、")
        case (.caseStudy(let caseStudy), "municipalities"): caseStudy.municipalities.joined(separator: "、")
        default: nil
        }
    }
}
