import MinaoshiSupport

/// Templates by name (`document`, `partials/header`), rendered into UTF-8 bytes. Partials and
/// parents are looked up here by the name their tag gives.
public struct TemplateLibrary: Sendable {
    private var templates: [String: Template] = [:]

    public init() {}

    public mutating func register(_ template: Template, named name: String) {
        templates[name] = template
    }

    public func template(named name: String) -> Template? { templates[name] }

    /// Renders the template `name` with `context` at the bottom of the stack; nil when there is
    /// no such template. A partial or parent that does not exist renders nothing, as in Mustache.
    public func render(_ context: any TemplateContext, with name: String) -> [UInt8]? {
        guard let template = templates[name] else { return nil }
        var renderer = Renderer(library: self, stack: [.context(context)])
        renderer.out.reserveCapacity(16_384)
        renderer.render(template.nodes, blocks: nil)
        return renderer.out
    }
}

/// One render: the output so far and the stack of views that names are looked up in.
private struct Renderer {
    let library: TemplateLibrary
    var stack: [TemplateValue]
    var out: [UInt8] = []

    init(library: TemplateLibrary, stack: [TemplateValue]) {
        self.library = library
        self.stack = stack
    }

    /// Block overrides in force: the outermost template that overrides a block wins.
    typealias Blocks = [String: [Template.Node]]

    mutating func render(_ nodes: [Template.Node], blocks: Blocks?) {
        for node in nodes {
            switch node {
            case .text(let bytes):
                out.append(contentsOf: bytes)
            case .variable(let path, let escaped):
                switch lookUp(path) {
                case .text(let text)?:
                    if escaped { text.appendEscapedForMarkup(to: &out) } else { out.append(contentsOf: text.utf8) }
                case .number(let number)?: out.append(contentsOf: String(number).utf8)
                case .bool(let value)?: out.append(contentsOf: (value ? "true" : "false").utf8)
                case .absent?, .context?, .list?, nil: break
                }
            case .section(let path, let children, let inverted):
                let value = lookUp(path)
                if inverted {
                    if !(value?.isTruthy ?? false) { render(children, blocks: blocks) }
                    continue
                }
                guard let value, value.isTruthy else { continue }
                switch value {
                case .list(let list):
                    for index in 0..<list.count {
                        stack.append(.context(list.element(at: index)))
                        render(children, blocks: blocks)
                        stack.removeLast()
                    }
                case .bool:
                    render(children, blocks: blocks)
                case .context, .text, .number, .absent:
                    stack.append(value)
                    render(children, blocks: blocks)
                    stack.removeLast()
                }
            case .partial(let name, let indentation):
                guard let template = library.template(named: name) else { continue }
                renderIndented(indentation) { $0.render(template.nodes, blocks: nil) }
            case .parent(let name, let overrides, let indentation):
                guard let template = library.template(named: name) else { continue }
                var merged = overrides
                if let blocks { merged.merge(blocks) { _, outer in outer } }
                renderIndented(indentation) { $0.render(template.nodes, blocks: merged) }
            case .block(let name, let children):
                render(blocks?[name] ?? children, blocks: blocks)
            }
        }
    }

    /// Renders with every line of the result indented (a standalone partial's indentation).
    private mutating func renderIndented(_ indentation: [UInt8], _ body: (inout Renderer) -> Void) {
        guard !indentation.isEmpty else { body(&self); return }
        let start = out.count
        body(&self)
        var indented: [UInt8] = []
        var atLineStart = true
        for byte in out[start...] {
            if atLineStart { indented.append(contentsOf: indentation) }
            indented.append(byte)
            atLineStart = byte == UInt8(ascii: "\n")
        }
        out.replaceSubrange(start..., with: indented)
    }

    /// A name's value: its first part from the nearest view that knows it, the rest from there.
    private func lookUp(_ path: Template.Path) -> TemplateValue? {
        guard let first = path.names.first else { return stack.last }
        var value: TemplateValue?
        // Down the stack by index: `reversed()` copied each view it passed.
        var index = stack.count
        while index > 0 {
            index -= 1
            if case .context(let context) = stack[index], let found = context.templateValue(named: first) {
                value = found
                break
            }
        }
        for name in path.names.dropFirst() {
            guard case .context(let context)? = value else { return nil }
            value = context.templateValue(named: name)
        }
        return value
    }
}
