import Foundation
import MinaoshiSupport

/// Some files of a loaded corpus read again, as the load reads them, without reading the rest:
/// `serve`'s preview of an edit while the whole build catches up.
public enum CorpusReload: Sendable {
    /// The corpus with the files' documents in place of the old ones or added to them, the indices
    /// of those documents in it, and the problems those files have (warnings only: a file with an
    /// error is refused). With `added`, the corpus is a new one whose relations and newest-first
    /// order include the added documents, and its indices are not the old corpus's.
    case reloaded(Corpus, replaced: [Int], added: Bool, warnings: [Diagnostic])
    /// Why the files cannot be read in place: only a whole load can say what they make.
    case refused(String)
}

extension CorpusLoader {
    /// Reads the files at `paths` (`content/cases/a.md`) again into `corpus`, which an earlier
    /// load with the same `options` made. Refused unless each is either a document of `corpus`
    /// still published under the same id (an edit, not a delete, a rename, or a draft or future
    /// date hiding it) or a published file whose id no document has (an add: a new file, or a draft
    /// made public), and has no error: its own front matter, its links, and the regulation reviews
    /// a case names, checked as the load checks them.
    ///
    /// For edits only, the relations between documents and the newest-first order stay those of
    /// `corpus` (``Corpus/replacing(_:)``); with an add they are worked out again. The
    /// vocabularies, national figures and accessibility report are always `corpus`'s.
    public static func reload(_ paths: [String], of corpus: Corpus, root: URL, options: LoadOptions) -> CorpusReload {
        let indexBySource = Dictionary(
            corpus.documents.enumerated().map { ($1.sourcePath, $0) }, uniquingKeysWith: { first, _ in first })
        let reader = MetadataReader(vocabularies: corpus.vocabularies)
        var files: [FrontMatterPass] = []
        var addedIDs: Set<String> = []
        for path in Set(paths).sorted() {
            let file: FrontMatterPass
            switch readFrontMatter(rootPath: root.path, relativePath: path, reader: reader) {
            case .failure: return .refused("\(path) cannot be read")
            case .success(let read): file = read
            }
            if options.hides(draft: file.draft, date: file.date) { return .refused("\(path) is not published") }
            if let index = indexBySource[path] {
                guard file.id == corpus.documents[index].id else { return .refused("\(path) declares another id") }
            } else {
                guard corpus.index(of: file.id) == nil, addedIDs.insert(file.id).inserted else {
                    return .refused("\(path) declares an id another file has")
                }
            }
            files.append(file)
        }
        var pagePaths = indexBySource.mapValues { "/\(corpus.documents[$0].id)/" }
        for file in files { pagePaths[file.sourcePath] = "/\(file.id)/" }
        let links = ContentLinks(pagePaths: pagePaths, basePath: options.basePath)
        let regulationIDs =
            corpus.documents(in: DocumentKind.regulationSection).map(\.slug)
            + files.filter { $0.section == DocumentKind.regulationSection && indexBySource[$0.sourcePath] == nil }
            .map(\.slug)
        let knownRegulations = Set(regulationIDs)
        let documents = files.map { document(from: $0, links: links, options: options, rootPath: root.path) }
        let bySource = Dictionary(uniqueKeysWithValues: documents.map { ($0.sourcePath, $0) })
        var warnings: [Diagnostic] = []
        for document in documents {
            var found = document.frontMatter.diagnostics
            found += ContentLinkChecker.diagnostics(of: document, links: links) { target in
                bySource[target] ?? indexBySource[target].map { corpus.documents[$0] }
            }
            found += CorpusChecks.danglingRegulationReferences(
                of: document, known: knownRegulations, ids: regulationIDs)
            if found.containsErrors { return .refused("\(document.sourcePath) has errors") }
            warnings += found
        }
        var replacements: [Int: Document] = [:]
        for document in documents {
            if let index = indexBySource[document.sourcePath] { replacements[index] = document }
        }
        guard !addedIDs.isEmpty else {
            return .reloaded(
                corpus.replacing(replacements), replaced: replacements.keys.sorted(), added: false, warnings: warnings)
        }
        var all = corpus.documents
        for (index, document) in replacements { all[index] = document }
        all += documents.filter { indexBySource[$0.sourcePath] == nil }
        var reloaded = Corpus(documents: all, vocabularies: corpus.vocabularies)
        reloaded.nationalFigures = corpus.nationalFigures
        reloaded.accessibilityReport = corpus.accessibilityReport
        return .reloaded(
            reloaded, replaced: documents.compactMap { reloaded.index(of: $0.id) }.sorted(), added: true,
            warnings: warnings)
    }
}
