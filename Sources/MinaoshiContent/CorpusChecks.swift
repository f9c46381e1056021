import Foundation
import MinaoshiMarkdown
import MinaoshiSupport

/// Checks that need the whole corpus: references between documents and duplicate titles.
enum CorpusChecks {
    static func diagnostics(for corpus: Corpus) -> [Diagnostic] {
        danglingRegulationReferences(corpus) + duplicateTitles(corpus) + literalEmphasis(corpus)
    }

    /// `**「重要」**です` renders with literal asterisks: CommonMark's flanking rules do not let
    /// `**` close after a bracket when a letter follows. Japanese authors meet this daily.
    static func literalEmphasis(_ corpus: Corpus) -> [Diagnostic] {
        corpus.documents.flatMap { document in
            document.body.literalEmphasisMarkers.map { marker in
                literalEmphasis(at: SourceLocation(file: document.sourcePath, line: marker.line, column: marker.column))
            }
        }
    }

    /// The warning for one literal `**` (the build's, and the editor's as the official types).
    static func literalEmphasis(at location: SourceLocation) -> Diagnostic {
        .warning(
            at: location, "this '**' (or '__') is shown as literal characters, not as bold",
            hint:
                "CommonMark does not open or close emphasis between punctuation such as 「」 and a letter; put the brackets outside (「**重要**」) or add a space"
        )
    }

    /// Every id in a case's `regulations` must name a published regulation review.
    static func danglingRegulationReferences(_ corpus: Corpus) -> [Diagnostic] {
        let regulationIDs = corpus.documents(in: DocumentKind.regulationSection).map(\.slug)
        let known = Set(regulationIDs)
        return corpus.documents.flatMap { danglingRegulationReferences(of: $0, known: known, ids: regulationIDs) }
    }

    /// The ids of a case's `regulations` that are not among `known` (`ids`, in order, for the hint).
    static func danglingRegulationReferences(of document: Document, known: Set<String>, ids: [String])
        -> [Diagnostic]
    {
        guard let caseStudy = document.kind.caseStudy else { return [] }
        return caseStudy.regulations.enumerated().filter { !known.contains($1) && CorpusLoader.isValidID($1) }.map {
            danglingRegulation($1, at: document.frontMatter.location(ofItem: $0, in: "regulations"), known: ids)
        }
    }

    /// The problem of a case naming `id`, which is not among the `known` regulation reviews (the
    /// build's check, and the editor's before a case is saved).
    static func danglingRegulation(_ id: String, at location: SourceLocation, known: [String]) -> Diagnostic {
        let suggestion = closestMatch(to: id, in: known).map { "did you mean '\($0)'?" }
        return .error(
            at: location, "no regulation review with id '\(id)'",
            hint: suggestion ?? "the id must be that of a published file in content/regulations/")
    }

    /// Two documents with the same title confuse readers and search: a warning on each later one.
    static func duplicateTitles(_ corpus: Corpus) -> [Diagnostic] {
        var first: [ExactText: Document] = [:]
        var found: [Diagnostic] = []
        let documents = corpus.documents.sorted { $0.sourcePath < $1.sourcePath }
        // The keys on every core: their NFKC was a serial 0.1 s at 10k. NFKC text is NFC, so bytes
        // compare as `String` would, without normalizing each title again to hash it.
        let keys = ParallelMap.map(documents) { titleKey($0.title) }
        for (document, key) in zip(documents, keys) {
            if let earlier = first[key] {
                found.append(sameTitle(as: earlier.sourcePath, at: document.frontMatter.location(ofValue: "title")))
            } else {
                first[key] = document
            }
        }
        return found
    }

    /// What two titles are compared by: NFKC, without spaces around.
    static func titleKey(_ title: String) -> ExactText { ExactText(title.nfkc.trimmingSpaces) }

    /// The problem of a title the same as that of the document at `earlierPath` (the build's
    /// check, and the editor's as the official types).
    static func sameTitle(as earlierPath: String, at location: SourceLocation) -> Diagnostic {
        .warning(
            at: location, "title is the same as that of \(earlierPath)",
            hint: "make the titles tell the documents apart")
    }
}
