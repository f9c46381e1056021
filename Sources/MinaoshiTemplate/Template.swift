/// A Mustache template, parsed once into a tree that renders into bytes.
///
/// The language is Mustache as the spec (version 1.3) defines it, with the inheritance
/// extension our templates use: variables (`{{name}}` escaped, `{{{name}}}` and `{{& name}}`
/// not), dotted names and `{{.}}`, sections and inverted sections, comments, partials
/// (`{{> name}}`, indented when standalone), parents and blocks (`{{< base}}{{$ main}}…{{/ main}}{{/ base}}`),
/// and standalone lines (a line holding only a section, comment, partial or block tag leaves
/// no trace). Not supported, and reported at the tag: set-delimiter tags and lambdas.
/// Pragma tags (`{{% … }}`) are accepted and ignored.
public struct Template: Sendable {
    indirect enum Node: Sendable {
        case text([UInt8])
        case variable(Path, escaped: Bool)
        case section(Path, [Node], inverted: Bool)
        case partial(String, indentation: [UInt8])
        case parent(String, blocks: [String: [Node]], indentation: [UInt8])
        case block(String, [Node])
    }

    /// A dotted name split once at parse time; no names is `{{.}}`, the top of the stack.
    struct Path: Sendable {
        var names: [String]

        init(_ text: String) {
            names = text == "." ? [] : text.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        }
    }

    let nodes: [Node]
    /// The nodes flattened for rendering, made once per template.
    let program: TemplateProgram

    /// Parses `text`; throws the first syntax error with its line and column.
    public init(_ text: String) throws(TemplateSyntaxError) {
        nodes = try TemplateParser(text).parse()
        program = TemplateProgram(nodes)
    }

    /// Names of the partials and parents this template renders.
    public var referencedTemplates: [String] {
        var names: [String] = []
        func walk(_ nodes: [Node]) {
            for node in nodes {
                switch node {
                case .section(_, let children, _), .block(_, let children): walk(children)
                case .partial(let name, _): names.append(name)
                case .parent(let name, let blocks, _):
                    names.append(name)
                    for key in blocks.keys.sorted() { walk(blocks[key]!) }
                case .text, .variable: break
                }
            }
        }
        walk(nodes)
        return names
    }
}

/// A template that does not parse: where (1-based line and column, columns in characters) and what.
public struct TemplateSyntaxError: Error, Sendable, Equatable {
    public var line: Int
    public var column: Int
    public var message: String
    /// The line the error is on, as written.
    public var sourceLine: String
}
