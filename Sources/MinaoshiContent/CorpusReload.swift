import Foundation
import MinaoshiSupport

/// Some files of a loaded corpus read again, as the load reads them, without reading the rest:
/// `serve`'s preview of an edit while the whole build catches up.
public enum CorpusReload: Sendable {
    /// The corpus with the files' documents in place of the old ones, and the problems those
    /// files have (warnings only: a file with an error is refused).
    case reloaded(Corpus, replaced: [Int], warnings: [Diagnostic])
    /// Why the files cannot be read in place: only a whole load can say what they make.
    case refused(String)
}

extension CorpusLoader {
    /// Reads the files at `paths` (`content/cases/a.md`) again into `corpus`, which an earlier
    /// load with the same `options` made. Refused unless each is a document of `corpus` that is
    /// still published under the same id (an edit, not an add, a delete, a rename, or a draft or
    /// future date hiding it) and has no error: its own front matter, its links, and the
    /// regulation reviews a case names, checked as the load checks them. The relations between
    /// documents and the vocabularies stay those of `corpus`.
    public static func reload(_ paths: [String], of corpus: Corpus, root: URL, options: LoadOptions) -> CorpusReload {
        let indexBySource = Dictionary(
            corpus.documents.enumerated().map { ($1.sourcePath, $0) }, uniquingKeysWith: { first, _ in first })
        let reader = MetadataReader(vocabularies: corpus.vocabularies)
        let links = ContentLinks(
            pagePaths: indexBySource.mapValues { "/\(corpus.documents[$0].id)/" }, basePath: options.basePath)
        let regulationIDs = corpus.documents(in: DocumentKind.regulationSection).map(\.slug)
        let knownRegulations = Set(regulationIDs)
        var replacements: [Int: Document] = [:]
        var warnings: [Diagnostic] = []
        for path in Set(paths).sorted() {
            guard let index = indexBySource[path] else {
                return .refused("\(path) is not a document of the last build")
            }
            let file: FrontMatterPass
            switch readFrontMatter(rootPath: root.path, relativePath: path, reader: reader) {
            case .failure: return .refused("\(path) cannot be read")
            case .success(let read): file = read
            }
            if options.hides(draft: file.draft, date: file.date) { return .refused("\(path) is no longer published") }
            guard file.id == corpus.documents[index].id else { return .refused("\(path) declares another id") }
            let document = document(from: file, links: links, options: options)
            var found = document.frontMatter.diagnostics
            found += ContentLinkChecker.diagnostics(of: document, links: links) { target in
                indexBySource[target].map { replacements[$0] ?? corpus.documents[$0] }
            }
            found += CorpusChecks.danglingRegulationReferences(
                of: document, known: knownRegulations, ids: regulationIDs)
            if found.containsErrors { return .refused("\(path) has errors") }
            warnings += found
            replacements[index] = document
        }
        return .reloaded(corpus.replacing(replacements), replaced: replacements.keys.sorted(), warnings: warnings)
    }
}
