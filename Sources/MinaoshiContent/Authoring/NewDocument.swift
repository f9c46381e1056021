import Foundation
import MinaoshiSupport

/// What `minaoshi new` wrote.
public struct NewDocumentResult: Sendable {
    /// The id chosen, unique among the files of its section.
    public var id: String
    /// `content/regulations/<id>.md`, relative to the project root.
    public var relativePath: String
    /// Warnings, such as an `--id` that was taken and got a `-2` suffix.
    public var diagnostics: [Diagnostic]
}

/// Writes a new regulation review or case study skeleton (``DocumentSkeleton``) under a
/// project root, never over an existing file.
public enum NewDocument {
    /// Problems with the form of the request (empty title, malformed id or URL), as messages
    /// for the command line; empty when the request is well formed.
    public static func formatProblems(_ request: NewDocumentRequest) -> [String] {
        var problems: [String] = []
        if request.title.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            problems.append("--title must not be empty")
        }
        if let id = request.id, !CorpusLoader.isValidID(id) {
            problems.append(
                "--id '\(id)' may only contain lower-case letters a-z, digits and single '-', e.g. road-bridge-inspection"
            )
        }
        for url in request.sources where !MetadataReader.isWebURL(url) {
            problems.append("--source must be an absolute http(s) URL, got '\(url)'")
        }
        for id in request.regulations where !CorpusLoader.isValidID(id) {
            problems.append(
                "--regulation '\(id)' is not a regulation id; use the name of a file in content/regulations/ without .md"
            )
        }
        return problems
    }

    /// Checks every vocabulary value and returns the request with aliases turned into ids, or
    /// the vocabulary's ``Vocabulary/unknownIDDiagnostic(_:at:field:)`` for each unknown value,
    /// placed at the vocabulary file that lists the valid ids.
    public static func resolve(_ request: NewDocumentRequest, vocabularies: Vocabularies) -> Result<
        NewDocumentRequest, DiagnosticsError
    > {
        var resolved = request
        var problems: [Diagnostic] = []
        func check(_ values: [String], _ kind: VocabularyKind, option: String) -> [String] {
            let vocabulary = vocabularies[kind]
            return values.compactMap { value in
                if let term = vocabulary.term(value) { return term.id }
                problems.append(
                    vocabulary.unknownIDDiagnostic(
                        value, at: SourceLocation(file: "\(Vocabularies.folder)/\(kind.fileName)"), field: option))
                return nil
            }
        }
        // Every vocabulary field the kind declares, named by its option (`--category`).
        for case .vocabulary(let field) in request.kind.fields {
            resolved.setTerms(
                check(request.terms(of: field.kind), field.kind, option: "--\(field.kind.singular)"), of: field.kind)
        }
        return problems.isEmpty ? .success(resolved) : .failure(DiagnosticsError(problems))
    }

    /// Checks `request`, picks a free id and writes the skeleton.
    ///
    /// - Parameter today: the day used for `<kind>-<date>` ids when the request has no date.
    /// - Throws: every vocabulary problem, or the file that could not be written.
    public static func create(_ request: NewDocumentRequest, root: URL, today: CalendarDate) throws(DiagnosticsError)
        -> NewDocumentResult
    {
        let problems = formatProblems(request)
        guard problems.isEmpty else {
            throw DiagnosticsError(problems.map { .error(at: SourceLocation(file: "minaoshi new"), $0) })
        }
        let (vocabularies, vocabularyProblems) = Vocabularies.load(root: root)
        if vocabularyProblems.containsErrors { throw DiagnosticsError(vocabularyProblems) }
        let resolved = try resolve(request, vocabularies: vocabularies).get()

        let kind = request.kind
        let base = request.id ?? DocumentIDs.base(title: request.title, kind: kind, date: request.date ?? today)
        let declared = DocumentIDs.declaredIDs(kind: kind, root: root)
        let id = DocumentIDs.unique(base) {
            DocumentIDs.isTaken($0, kind: kind, root: root, isDeclared: declared.contains)
        }
        let relativePath = kind.relativePath(id: id)
        var notes: [Diagnostic] = []
        if let asked = request.id, asked != id {
            notes.append(
                .warning(
                    at: SourceLocation(file: relativePath),
                    "\(kind.relativePath(id: asked)) already exists, so the new document has id '\(id)'",
                    hint: "give another --id if '\(id)' is not what you want"))
        }
        try write(DocumentSkeleton.text(for: resolved, id: id), to: relativePath, root: root, replacing: false)
        return NewDocumentResult(id: id, relativePath: relativePath, diagnostics: notes)
    }

    /// Writes `text` at `relativePath` under `root`, creating folders. Without `replacing`, the
    /// write fails if the file exists (checked by the file system, so no race can overwrite it).
    public static func write(_ text: String, to relativePath: String, root: URL, replacing: Bool)
        throws(DiagnosticsError)
    {
        let url = root.appendingPathComponent(relativePath)
        if !replacing, FileManager.default.fileExists(atPath: url.path) {
            throw DiagnosticsError([
                .error(at: SourceLocation(file: relativePath), "\(relativePath) already exists and was not overwritten")
            ])
        }
        do {
            try FileManager.default.createDirectory(
                at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(text.utf8).write(to: url, options: replacing ? .atomic : .withoutOverwriting)
        } catch {
            let exists = FileManager.default.fileExists(atPath: url.path) && !replacing
            throw DiagnosticsError([
                .error(
                    at: SourceLocation(file: relativePath),
                    exists
                        ? "\(relativePath) already exists and was not overwritten"
                        : "cannot write \(relativePath): \(error.localizedDescription)")
            ])
        }
    }
}
