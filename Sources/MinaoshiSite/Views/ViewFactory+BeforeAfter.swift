import MinaoshiContent
import MinaoshiTemplate

/// The block at the top of a review or a case: what a provision required and what may replace it
/// now. A review shows its own before → after, the law and how many cases implement it; a case
/// shows the before → after of each review it implements.
struct BeforeAfterView {
    struct Step {
        var title: String?
        var url: String?
        /// The laws the review names, each linked to its text on e-Gov where it has a 法令ID, else
        /// to its page here.
        var laws: [LawLink]
        var article: String?
        var before: String
        var after: String
    }

    struct LawLink {
        var label: String
        var url: String
        var isExternal: Bool
        /// 「、」 before every law but the first.
        var separator: String
    }

    var steps: [Step]
    /// On a review: the cases that implement it, for the link to their list further down.
    var caseCount: Int
}

extension ViewFactory {
    func beforeAfter(_ document: Document) -> BeforeAfterView? {
        func laws(_ review: RegulationReview) -> [BeforeAfterView.LawLink] {
            review.laws.compactMap { corpus.vocabularies[.laws].term($0) }.enumerated().map { index, term in
                let text = term.attributes["egov_id"].map(LawID.url)
                return BeforeAfterView.LawLink(
                    label: Self.name(of: term), url: text ?? link("/laws/\(term.id)/"),
                    isExternal: text != nil, separator: index == 0 ? "" : "、")
            }
        }
        func step(_ review: RegulationReview, title: String?, url: String?) -> BeforeAfterView.Step {
            .init(
                title: title, url: url, laws: laws(review), article: review.article, before: review.before,
                after: review.after)
        }
        switch document.kind {
        case .regulation(let review):
            return BeforeAfterView(
                steps: [step(review, title: nil, url: nil)], caseCount: corpus.cases(implementing: document).count)
        case .caseStudy:
            let steps = corpus.regulations(implementedBy: document).compactMap { implemented -> BeforeAfterView.Step? in
                guard let review = implemented.kind.regulation else { return nil }
                return step(review, title: implemented.title, url: link(implemented.path))
            }
            return steps.isEmpty ? nil : BeforeAfterView(steps: steps, caseCount: 0)
        case .page, .other:
            return nil
        }
    }
}

extension BeforeAfterView: TemplateContext {
    func templateValue(named name: String) -> TemplateValue? {
        switch name {
        case "steps": TemplateValue(steps)
        case "caseCount": TemplateValue(caseCount)
        case "hasCases": TemplateValue(caseCount > 0)
        default: nil
        }
    }
}

extension BeforeAfterView.Step: TemplateContext {
    func templateValue(named name: String) -> TemplateValue? {
        switch name {
        case "title": TemplateValue(title)
        case "url": TemplateValue(url)
        case "laws": TemplateValue(laws)
        case "hasLaw": TemplateValue(!laws.isEmpty || article != nil)
        case "article": TemplateValue(article)
        case "before": TemplateValue(before)
        case "after": TemplateValue(after)
        default: nil
        }
    }
}

extension BeforeAfterView.LawLink: TemplateContext {
    func templateValue(named name: String) -> TemplateValue? {
        switch name {
        case "label": TemplateValue(label)
        case "url": TemplateValue(url)
        case "external": TemplateValue(isExternal)
        case "separator": TemplateValue(separator)
        default: nil
        }
    }
}
