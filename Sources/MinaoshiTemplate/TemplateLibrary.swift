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
        renderer.render(template.program, 0..<template.program.operations.count, blocks: nil)
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

    /// Block overrides in force, with the program their operations are in: the outermost template
    /// that overrides a block wins.
    typealias Blocks = [String: (program: TemplateProgram, range: Range<Int>)]

    mutating func render(_ program: TemplateProgram, _ range: Range<Int>, blocks: Blocks?) {
        var index = range.lowerBound
        while index < range.upperBound {
            let operation = program.operations[index]
            switch operation.code {
            case .text:
                program.bytes.withUnsafeBufferPointer { bytes in
                    out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[Int(operation.a)..<Int(operation.a + operation.b)]))
                }
                index += 1
            case .variable:
                switch lookUp(program, operation) {
                case .text(let text)?:
                    if operation.flag { text.appendEscapedForMarkup(to: &out) } else { out.append(contentsOf: text.utf8) }
                case .bytes(let bytes)?:
                    if operation.flag { bytes.withUnsafeBufferPointer { out.appendEscapedForMarkup($0) } } else { out.append(contentsOf: bytes) }
                case .number(let number)?: out.append(contentsOf: String(number).utf8)
                case .bool(let value)?: out.append(contentsOf: (value ? "true" : "false").utf8)
                case .absent?, .context?, .list?, nil: break
                }
                index += 1
            case .section:
                let children = (index + 1)..<Int(operation.end)
                let value = lookUp(program, operation)
                index = Int(operation.end)
                if operation.flag {
                    if !(value?.isTruthy ?? false) { render(program, children, blocks: blocks) }
                    continue
                }
                guard let value, value.isTruthy else { continue }
                switch value {
                case .list(let list):
                    for element in 0..<list.count {
                        stack.append(.context(list.element(at: element)))
                        render(program, children, blocks: blocks)
                        stack.removeLast()
                    }
                case .bool:
                    render(program, children, blocks: blocks)
                case .context, .text, .bytes, .number, .absent:
                    stack.append(value)
                    render(program, children, blocks: blocks)
                    stack.removeLast()
                }
            case .partial:
                index += 1
                guard let template = library.template(named: program.names[Int(operation.a)]) else { continue }
                renderIndented(program, operation) { $0.render(template.program, 0..<template.program.operations.count, blocks: nil) }
            case .parent:
                index = Int(operation.end)
                guard let template = library.template(named: program.names[Int(operation.a)]) else { continue }
                var merged: Blocks = program.overrides[Int(operation.b)].mapValues { (program, $0) }
                if let blocks { merged.merge(blocks) { _, outer in outer } }
                renderIndented(program, operation) { $0.render(template.program, 0..<template.program.operations.count, blocks: merged) }
            case .block:
                let children = (index + 1)..<Int(operation.end)
                index = Int(operation.end)
                if let override = blocks?[program.names[Int(operation.a)]] {
                    render(override.program, override.range, blocks: blocks)
                } else {
                    render(program, children, blocks: blocks)
                }
            }
        }
    }

    /// Renders with every line of the result indented by the operation's indentation (a
    /// standalone partial's or parent's).
    private mutating func renderIndented(_ program: TemplateProgram, _ operation: TemplateProgram.Operation,
                                         _ body: (inout Renderer) -> Void) {
        guard operation.d > 0 else { body(&self); return }
        let indentation = program.bytes[Int(operation.c)..<Int(operation.c + operation.d)]
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
    private func lookUp(_ program: TemplateProgram, _ operation: TemplateProgram.Operation) -> TemplateValue? {
        let start = Int(operation.a), count = Int(operation.b)
        guard count > 0 else { return stack.last }
        return program.pathNames.withUnsafeBufferPointer { names -> TemplateValue? in
            var value: TemplateValue?
            // Down the stack by index: `reversed()` copied each view it passed.
            var index = stack.count
            while index > 0 {
                index -= 1
                if case .context(let context) = stack[index], let found = context.templateValue(named: names[start]) {
                    value = found
                    break
                }
            }
            for next in (start + 1)..<(start + count) {
                guard case .context(let context)? = value else { return nil }
                value = context.templateValue(named: names[next])
            }
            return value
        }
    }
}
