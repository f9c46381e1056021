import Foundation
import MinaoshiSupport

/// Checks that need the whole corpus: references between documents and duplicate titles.
enum CorpusChecks {
    static func diagnostics(for corpus: Corpus) -> [Diagnostic] {
        danglingRegulationReferences(corpus) + duplicateTitles(corpus)
    }

    /// Every id in a case's `regulations` must name a published regulation review.
    static func danglingRegulationReferences(_ corpus: Corpus) -> [Diagnostic] {
        let regulationIDs = corpus.documents(in: DocumentKind.regulationSection).map(\.slug)
        var found: [Diagnostic] = []
        for document in corpus.documents {
            guard let caseStudy = document.kind.caseStudy else { continue }
            for (index, id) in caseStudy.regulations.enumerated() where !regulationIDs.contains(id) && CorpusLoader.isValidID(id) {
                let suggestion = closestMatch(to: id, in: regulationIDs).map { "did you mean '\($0)'?" }
                found.append(.error(at: document.frontMatter.location(ofItem: index, in: "regulations"),
                                    "no regulation review with id '\(id)'",
                                    hint: suggestion ?? "the id must be that of a published file in content/regulations/"))
            }
        }
        return found
    }

    /// Two documents with the same title confuse readers and search: a warning on each later one.
    static func duplicateTitles(_ corpus: Corpus) -> [Diagnostic] {
        var first: [String: Document] = [:]
        var found: [Diagnostic] = []
        for document in corpus.documents.sorted(by: { $0.sourcePath < $1.sourcePath }) {
            let key = document.title.nfkc.trimmingCharacters(in: .whitespaces)
            if let earlier = first[key] {
                found.append(.warning(at: document.frontMatter.location(ofValue: "title"),
                                      "title is the same as that of \(earlier.sourcePath)", hint: "make the titles tell the documents apart"))
            } else {
                first[key] = document
            }
        }
        return found
    }
}
