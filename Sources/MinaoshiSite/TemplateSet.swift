import Foundation
import MinaoshiContent
import MinaoshiSupport
import MinaoshiTemplate

/// The Mustache templates of `templates/`, parsed once. Names are file names without
/// `.mustache` (`document`, `partials/header`). Output is HTML-escaped unless a template uses
/// `{{{triple}}}` braces, which only trusted, already-rendered HTML should use.
public struct TemplateSet: Sendable {
    public static let folder = "templates"
    /// Templates every site needs besides those of its page kinds.
    static let shared = ["base"]

    private let library: TemplateLibrary

    /// Loads every `*.mustache` under `root/templates`; a template that does not parse, a partial
    /// or parent tag naming a template that does not exist, and a template that includes itself
    /// whatever the data are diagnostics at their file, line and column, and every one is reported.
    /// `required` names the templates the page kinds render with.
    static func load(root: URL, required pageTemplates: [String]) throws(DiagnosticsError) -> TemplateSet {
        // Several page kinds render with one template (a section's list, and a channel's): each
        // is required, and reported missing, once.
        var seen: Set<String> = []
        let required = (shared + pageTemplates).filter { seen.insert($0).inserted }
        let folder = root.appendingPathComponent(folder)
        let names = templateFiles(in: folder)
        var library = TemplateLibrary()
        var problems: [Diagnostic] = []
        for name in names {
            let displayPath = "\(Self.folder)/\(name).mustache"
            let url = folder.appendingPathComponent("\(name).mustache")
            guard let data = FileManager.default.contents(atPath: url.path),
                let text = String(data: data, encoding: .utf8)
            else {
                problems.append(.error(at: SourceLocation(file: displayPath), "cannot read template as UTF-8"))
                continue
            }
            do throws(TemplateSyntaxError) {
                library.register(try Template(text), named: name)
            } catch {
                problems.append(
                    .error(
                        at: SourceLocation(file: displayPath, line: error.line, column: error.column),
                        "template does not parse: \(error.message)",
                        hint: "near: \(error.sourceLine.trimmingCharacters(in: .whitespaces))"
                    ))
            }
        }
        // A template that exists but does not parse is reported once, not again at every tag naming it.
        problems += library.problems().filter { problem in
            if case .missingTemplate(let name) = problem.kind { !names.contains(name) } else { true }
        }.map { Self.diagnostic($0, among: names) }
        for name in required where !names.contains(name) {
            problems.append(
                .error(
                    at: SourceLocation(file: "\(Self.folder)/\(name).mustache"), "required template is missing",
                    hint: "every site needs \(required.map { "\($0).mustache" }.joined(separator: ", "))"))
        }
        if !problems.isEmpty { throw DiagnosticsError(problems) }
        return TemplateSet(library: library)
    }

    /// Renders `view` with the template `name`, as UTF-8 bytes. Loading found every missing
    /// template and every loop the data cannot stop; what is left to fail is a render that the
    /// data takes too deep (a partial that includes itself inside a section that is always true).
    func renderBytes(_ view: any TemplateContext, with name: String) throws(DiagnosticsError) -> [UInt8] {
        do throws(TemplateError) {
            return try library.render(view, with: name)
        } catch {
            throw DiagnosticsError([Self.diagnostic(error, among: [])])
        }
    }

    /// Renders `view` with the template `name`.
    func render(_ view: any TemplateContext, with name: String) throws(DiagnosticsError) -> String {
        String(decoding: try renderBytes(view, with: name), as: UTF8.self)
    }

    /// A template error at its file, line and column; a missing name gets the nearest of `names`.
    private static func diagnostic(_ error: TemplateError, among names: [String]) -> Diagnostic {
        let hint: String =
            switch error.kind {
            case .missingTemplate(let missing):
                closestMatch(to: missing, in: names).map { "did you mean '\($0)'?" }
                    ?? "templates are named by their path under \(folder)/ without .mustache, such as 'partials/header'"
            case .loop, .tooDeep: "a partial or parent may include itself only inside a section that the data ends"
            case .tooLarge: "include a partial from itself at most once, inside a section that the data ends"
            }
        return .error(
            at: SourceLocation(file: "\(folder)/\(error.template).mustache", line: error.line, column: error.column),
            error.message, hint: hint)
    }

    private static func templateFiles(in folder: URL) -> [String] {
        guard let enumerator = FileManager.default.enumerator(atPath: folder.path) else { return [] }
        var names: [String] = []
        for case let path as String in enumerator where path.hasSuffix(".mustache") && !path.hasPrefix("assets/") {
            names.append(String(path.dropLast(".mustache".count)))
        }
        return names.sorted()
    }
}
