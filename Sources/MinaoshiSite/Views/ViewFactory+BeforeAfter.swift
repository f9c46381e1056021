import MinaoshiContent
import MinaoshiTemplate

/// The block at the top of a review or a case: what a provision required and what may replace it
/// now. A review shows its own before → after, the law and how many cases implement it; a case
/// shows the before → after of each review it implements.
struct BeforeAfterView {
    struct Step {
        var title: String?
        var url: String?
        var law: String?
        var before: String
        var after: String
    }

    var steps: [Step]
    /// On a review: the cases that implement it, for the link to their list further down.
    var caseCount: Int
}

extension ViewFactory {
    func beforeAfter(_ document: Document) -> BeforeAfterView? {
        func law(_ review: RegulationReview) -> String { [lawNames(review), review.article].compactMap { $0 }.joined(separator: " ") }
        switch document.kind {
        case .regulation(let review):
            // The law as text: the facts table below the block links each law to its page and its text on e-Gov.
            return BeforeAfterView(steps: [.init(title: nil, url: nil, law: law(review), before: review.before, after: review.after)],
                                   caseCount: corpus.cases(implementing: document).count)
        case .caseStudy:
            let steps = corpus.regulations(implementedBy: document).compactMap { implemented -> BeforeAfterView.Step? in
                guard let review = implemented.kind.regulation else { return nil }
                return .init(title: implemented.title, url: link(implemented.path), law: law(review), before: review.before, after: review.after)
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
        case "law": TemplateValue(law)
        case "before": TemplateValue(before)
        case "after": TemplateValue(after)
        default: nil
        }
    }
}
