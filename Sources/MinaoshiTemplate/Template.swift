/// A Mustache template, parsed once into a tree that renders into bytes.
///
/// The language is Mustache as its spec (`Tests/Fixtures/mustache/`, from commit 9cb20c3) defines its required
/// modules, and its inheritance module: variables (`{{name}}` escaped, `{{{name}}}` and
/// `{{& name}}` not), dotted names and `{{.}}`, sections over views, lists (of views or of plain
/// values) and other values, inverted sections, comments, set-delimiter tags (`{{=<% %>=}}`),
/// partials (`{{> name}}`, each line of the partial indented like a standalone tag), parents and
/// blocks (`{{< base}}{{$ main}}…{{/ main}}{{/ base}}`, blocks re-indented where they stand),
/// and standalone lines (a line holding only a section, comment, partial, parent, block or
/// set-delimiter tag leaves no trace). `Tests/MinaoshiTemplateTests/MustacheSpecTests.swift` runs
/// the spec and lists where this renderer differs from it on purpose.
///
/// Not supported: lambdas (a view answers values, never code) and dynamic names; a name with
/// `(` is a syntax error. Pragma tags (`{{% … }}`) are accepted and ignored. Unlike the spec,
/// a partial or parent that does not exist is an error, not an empty string
/// (`TemplateLibrary.problems()` finds them before anything renders), and so is a template
/// that nests deeper than `maximumNesting`, renders deeper than `TemplateLibrary.maximumDepth`,
/// or takes more steps or bytes than `TemplateLibrary.maximumSteps` and `maximumBytes`.
public struct Template: Sendable {
    /// How deep sections, parents and blocks may nest in one template.
    public static let maximumNesting = 100

    indirect enum Node: Sendable {
        case text([UInt8])
        case variable(Path, escaped: Bool)
        case section(Path, [Node], inverted: Bool, line: Int, column: Int)
        /// `indentation` is nil for a partial that does not stand alone on its line.
        case partial(String, indentation: [UInt8]?, line: Int, column: Int)
        case parent(String, blocks: [String: [Node]], indentation: [UInt8]?, line: Int, column: Int)
        /// A block's default content; `indentation` is what an override's lines get here, from
        /// the first line after the tag when it opens a line of its own.
        case block(String, [Node], indentation: [UInt8], opensLine: Bool, endsLine: Bool, line: Int, column: Int)
    }

    /// A dotted name split once at parse time; no names is `{{.}}`, the top of the stack.
    struct Path: Sendable {
        var names: [String]

        init(_ text: String) {
            names = text == "." ? [] : text.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        }
    }

    /// A partial or parent tag: the template it names, and where the tag is.
    public struct Reference: Sendable, Equatable {
        public var name: String
        public var isParent: Bool
        public var line: Int
        public var column: Int
        /// Whether the tag renders whenever its template does: it is inside no section and no
        /// block (an override renders only where its parent has the block).
        public var isUnconditional: Bool
    }

    let nodes: [Node]
    /// The nodes flattened for rendering, made once per template.
    let program: TemplateProgram

    /// Parses `text`; throws the first syntax error with its line and column.
    public init(_ text: String) throws(TemplateSyntaxError) {
        nodes = try TemplateParser(text).parse()
        program = TemplateProgram(nodes)
    }

    /// The partials and parents this template renders, in the order of their tags.
    public var references: [Reference] {
        var references: [Reference] = []
        func walk(_ nodes: [Node], unconditional: Bool) {
            for node in nodes {
                switch node {
                case .section(_, let children, _, _, _), .block(_, let children, _, _, _, _, _):
                    walk(children, unconditional: false)
                case .partial(let name, _, let line, let column):
                    references.append(
                        Reference(
                            name: name, isParent: false, line: line, column: column, isUnconditional: unconditional))
                case .parent(let name, let blocks, _, let line, let column):
                    references.append(
                        Reference(
                            name: name, isParent: true, line: line, column: column, isUnconditional: unconditional))
                    for key in blocks.keys.sorted() { walk(blocks[key]!, unconditional: false) }
                case .text, .variable: break
                }
            }
        }
        walk(nodes, unconditional: true)
        return references
    }

    /// Names of the partials and parents this template renders.
    public var referencedTemplates: [String] { references.map(\.name) }
}

/// A template that does not parse: where (1-based line and column, columns in characters) and what.
public struct TemplateSyntaxError: Error, Sendable, Equatable {
    public var line: Int
    public var column: Int
    public var message: String
    /// The line the error is on, as written.
    public var sourceLine: String
}

/// A template that parses but cannot render: it names a template that does not exist, includes
/// itself without end, or renders too deep. `template` is the name of the template the tag is
/// in, `line` and `column` where the tag is (1-based, columns in characters).
public struct TemplateError: Error, Sendable, Equatable, CustomStringConvertible {
    public var template: String
    public var line: Int
    public var column: Int
    public var kind: Kind
    public var message: String

    public enum Kind: Sendable, Equatable {
        /// A partial or parent tag names a template that does not exist.
        case missingTemplate(String)
        /// A template includes itself through tags that render whatever the data.
        case loop
        /// The render went deeper than `TemplateLibrary.maximumDepth`.
        case tooDeep
        /// The render took more than `TemplateLibrary.maximumSteps` steps or wrote more than
        /// `TemplateLibrary.maximumBytes`.
        case tooLarge
    }

    public var description: String { "\(template):\(line):\(column): \(message)" }
}
