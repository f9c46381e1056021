import Foundation
import MinaoshiSupport
import Mustache

/// The Mustache templates of `templates/`, parsed once. Names are file names without
/// `.mustache` (`document`, `partials/header`). Output is HTML-escaped unless a template uses
/// `{{{triple}}}` braces, which only trusted, already-rendered HTML should use.
public struct TemplateSet: Sendable {
    public static let folder = "templates"
    /// Templates every site needs besides those of its page kinds.
    static let shared = ["base"]

    private let library: MustacheLibrary

    /// Loads every `*.mustache` under `root/templates`; a template that does not parse is a
    /// diagnostic at its file and line, and every bad template is reported.
    /// `required` names the templates the page kinds render with.
    static func load(root: URL, required pageTemplates: [String]) throws(DiagnosticsError) -> TemplateSet {
        let required = shared + pageTemplates
        HTMLEscaping.register()
        let folder = root.appendingPathComponent(folder)
        let names = templateFiles(in: folder)
        var library = MustacheLibrary()
        var problems: [Diagnostic] = []
        for name in names {
            let displayPath = "\(Self.folder)/\(name).mustache"
            let url = folder.appendingPathComponent("\(name).mustache")
            guard let data = FileManager.default.contents(atPath: url.path), let text = String(data: data, encoding: .utf8) else {
                problems.append(.error(at: SourceLocation(file: displayPath), "cannot read template as UTF-8"))
                continue
            }
            do {
                library.register(try MustacheTemplate(string: HTMLEscaping.pragma + text), named: name)
            } catch let error as MustacheTemplate.ParserError {
                problems.append(.error(
                    // The pragma line above the file's first line is not the author's.
                    at: SourceLocation(file: displayPath, line: max(1, error.context.lineNumber - 1), column: error.context.columnNumber + 1),
                    "template does not parse: \(describe(error.error))",
                    hint: "near: \(error.context.line.trimmingCharacters(in: .whitespaces))"
                ))
            } catch {
                problems.append(.error(at: SourceLocation(file: displayPath), "template does not parse: \(error)"))
            }
        }
        for name in required where !names.contains(name) {
            problems.append(.error(at: SourceLocation(file: "\(Self.folder)/\(name).mustache"), "required template is missing",
                                   hint: "every site needs \(required.map { "\($0).mustache" }.joined(separator: ", "))"))
        }
        if !problems.isEmpty { throw DiagnosticsError(problems) }
        return TemplateSet(library: library)
    }

    /// Renders `view` with the template `name`.
    public func render(_ view: Any, with name: String) -> String {
        guard let text = library.render(view, withTemplate: name) else {
            preconditionFailure("template '\(name)' was checked at load time")
        }
        return text
    }

    private static func templateFiles(in folder: URL) -> [String] {
        guard let enumerator = FileManager.default.enumerator(atPath: folder.path) else { return [] }
        var names: [String] = []
        for case let path as String in enumerator where path.hasSuffix(".mustache") && !path.hasPrefix("assets/") {
            names.append(String(path.dropLast(".mustache".count)))
        }
        return names.sorted()
    }

    private static func describe(_ error: any Error) -> String {
        guard let error = error as? MustacheTemplate.Error else { return "\(error)" }
        switch error {
        case .sectionCloseNameIncorrect: return "a section is closed with a different name than it was opened with"
        case .unfinishedName: return "a tag is not closed with '}}'"
        case .expectedSectionEnd: return "a section is opened but never closed"
        default: return "\(error)"
        }
    }
}
