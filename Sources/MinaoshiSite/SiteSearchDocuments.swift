import MinaoshiContent
import MinaoshiMarkdown
import MinaoshiSearch

/// The facets the site's search filters by, in display order, with their labels: the type
/// (section) first, then each vocabulary as its declaration says (key, label, place). The search
/// engine knows none of them; the index writer is given them (``SiteSearch/facets(_:)``) and
/// `minaoshi search --filter` checks its keys against them.
public enum SearchFacets {
    public static let keys: [(key: String, label: String)] =
        [("type", "種類")] + VocabularyKind.facetOrder.map { ($0.singular, $0.declaration.facetLabel) }
}

extension SearchDocument {
    /// The search view of `document`; `typeLabel` names its section as readers see it (規制の見直し).
    init(_ document: Document, vocabularies: Vocabularies, typeLabel: String) {
        var labels: [String] = []
        var facets: [String: [String]] = ["type": [document.section]]
        var meta = [typeLabel]
        for kind in VocabularyKind.searchOrder {
            let ids = document.kind.terms(of: kind)
            guard !ids.isEmpty else { continue }
            // One vocabulary per kind, not one copy per id; no array per term (every document, every build).
            let vocabulary = vocabularies[kind]
            var termIDs: [String] = [], names: [String] = []
            termIDs.reserveCapacity(ids.count)
            names.reserveCapacity(ids.count)
            for id in ids {
                guard let term = vocabulary.term(id) else { continue }
                termIDs.append(term.id)
                names.append(term.ja)
                labels.append(term.ja)
                labels.append(term.en)
                // A law's 略称 (廃棄物処理法), as readers search for it.
                if let abbreviation = term.attributes["abbreviation"] { labels.append(abbreviation) }
            }
            facets[kind.singular] = termIDs
            if kind.declaration.order.inSearchMeta { meta.append(names.joined(separator: "・")) }
        }
        switch document.kind {
        case .regulation(let regulation):
            // The laws' names are among the labels of its terms above.
            labels = (regulation.article.map { [$0] } ?? []) + labels
        case .caseStudy(let caseStudy):
            labels += caseStudy.organizations + caseStudy.municipalities
            if !caseStudy.municipalities.isEmpty { meta.append(caseStudy.municipalities.joined(separator: "・")) }
        case .page, .other:
            break
        }
        self.init(
            title: document.title, path: document.path, summary: document.body.summary,
            meta: meta.filter { !$0.isEmpty }.joined(separator: " ／ "), labels: labels, body: document.plainText,
            facets: facets)
    }
}
