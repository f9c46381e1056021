import Foundation
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

    /// Loads every `*.mustache` under `root/templates`; a template that does not parse is a
    /// diagnostic at its file and line, and every bad template is reported.
    /// `required` names the templates the page kinds render with.
    static func load(root: URL, required pageTemplates: [String]) throws(DiagnosticsError) -> TemplateSet {
        let required = shared + pageTemplates
        let folder = root.appendingPathComponent(folder)
        let names = templateFiles(in: folder)
        var library = TemplateLibrary()
        var problems: [Diagnostic] = []
        for name in names {
            let displayPath = "\(Self.folder)/\(name).mustache"
            let url = folder.appendingPathComponent("\(name).mustache")
            guard let data = FileManager.default.contents(atPath: url.path), let text = String(data: data, encoding: .utf8) else {
                problems.append(.error(at: SourceLocation(file: displayPath), "cannot read template as UTF-8"))
                continue
            }
            do throws(TemplateSyntaxError) {
                library.register(try Template(text), named: name)
            } catch {
                problems.append(.error(
                    at: SourceLocation(file: displayPath, line: error.line, column: error.column),
                    "template does not parse: \(error.message)",
                    hint: "near: \(error.sourceLine.trimmingCharacters(in: .whitespaces))"
                ))
            }
        }
        for name in required where !names.contains(name) {
            problems.append(.error(at: SourceLocation(file: "\(Self.folder)/\(name).mustache"), "required template is missing",
                                   hint: "every site needs \(required.map { "\($0).mustache" }.joined(separator: ", "))"))
        }
        if !problems.isEmpty { throw DiagnosticsError(problems) }
        return TemplateSet(library: library)
    }

    /// Renders `view` with the template `name`, as UTF-8 bytes.
    func renderBytes(_ view: any TemplateContext, with name: String) -> [UInt8] {
        guard let bytes = library.render(view, with: name) else {
            preconditionFailure("template '\(name)' was checked at load time")
        }
        return bytes
    }

    /// Renders `view` with the template `name`.
    func render(_ view: any TemplateContext, with name: String) -> String {
        String(decoding: renderBytes(view, with: name), as: UTF8.self)
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
