import MinaoshiSupport

/// Templates by name (`document`, `partials/header`), rendered into UTF-8 bytes. Partials and
/// parents are looked up here by the name their tag gives.
public struct TemplateLibrary: Sendable {
    /// How deep a render may go: sections, list elements, partials, parents and overrides
    /// each count one. A template that includes itself without end stops here with an error,
    /// well before the thread's stack would overflow.
    public static let maximumDepth = 200
    /// How much one render may do: sections entered, list elements, partials, parents and
    /// overrides each count one step. A partial that includes itself twice inside a section
    /// doubles the work at every level, and stays under the depth limit while it runs 2^200
    /// steps; this bounds breadth as the depth limit bounds depth. A page's steps grow with the
    /// items it lists, and no page lists more than 50,000 (a sitemap file).
    public static let defaultMaximumSteps = 20_000_000
    /// How many bytes one render may write, far above any page a list of 50,000 items makes.
    public static let defaultMaximumBytes = 256 << 20

    /// The bounds of one render, ``defaultMaximumSteps`` and ``defaultMaximumBytes`` unless set.
    public var maximumSteps = TemplateLibrary.defaultMaximumSteps
    public var maximumBytes = TemplateLibrary.defaultMaximumBytes

    private var templates: [String: Template] = [:]
    /// Each template's name by its program, to say where a render error is.
    private var names: [ObjectIdentifier: String] = [:]

    public init() {}

    public mutating func register(_ template: Template, named name: String) {
        templates[name] = template
        names[ObjectIdentifier(template.program)] = name
    }

    public func template(named name: String) -> Template? { templates[name] }

    /// What would stop a render, found without rendering: every partial or parent tag that names
    /// a template not here, and every template that includes itself whatever the data (through
    /// tags outside sections and blocks), at the tag that starts the loop. Sorted by template.
    public func problems() -> [TemplateError] {
        var problems: [TemplateError] = []
        for name in templates.keys.sorted() {
            for reference in templates[name]!.references where templates[reference.name] == nil {
                problems.append(
                    TemplateError(
                        template: name, line: reference.line, column: reference.column,
                        kind: .missingTemplate(reference.name),
                        message: "\(reference.isParent ? "parent" : "partial") '\(reference.name)' does not exist"))
            }
            if let (reference, loop) = loop(from: name) {
                problems.append(
                    TemplateError(
                        template: name, line: reference.line, column: reference.column, kind: .loop,
                        message:
                            "'\(name)' includes itself whatever the data: \(([name] + loop).joined(separator: " → "))"))
            }
        }
        return problems
    }

    /// A path of unconditional references from `start` back to it: the first tag and the names
    /// it passes through (ending with `start`); nil when there is none.
    private func loop(from start: String) -> (Template.Reference, [String])? {
        var visited: Set<String> = []
        func search(_ name: String) -> [String]? {
            guard visited.insert(name).inserted, let template = templates[name] else { return nil }
            for reference in template.references where reference.isUnconditional {
                if reference.name == start { return [start] }
                if let rest = search(reference.name) { return [reference.name] + rest }
            }
            return nil
        }
        guard let template = templates[start] else { return nil }
        for reference in template.references where reference.isUnconditional {
            if reference.name == start { return (reference, [start]) }
            if let rest = search(reference.name) { return (reference, [reference.name] + rest) }
        }
        return nil
    }

    /// Renders the template `name` with `context` at the bottom of the stack.
    public func render(_ context: any TemplateContext, with name: String) throws(TemplateError) -> [UInt8] {
        try render(value: .context(context), with: name)
    }

    /// Renders the template `name` with `value` at the bottom of the stack (a view, or any other
    /// value that `{{.}}` prints).
    public func render(value: TemplateValue, with name: String) throws(TemplateError) -> [UInt8] {
        guard let template = templates[name] else {
            throw TemplateError(
                template: name, line: 1, column: 1, kind: .missingTemplate(name),
                message: "template '\(name)' does not exist")
        }
        var renderer = Renderer(library: self, stack: [value])
        renderer.out.reserveCapacity(16_384)
        try renderer.render(template.program, 0..<template.program.operations.count, blocks: nil)
        return renderer.out
    }

    fileprivate func error(
        in program: TemplateProgram, at operation: Int, _ kind: TemplateError.Kind, _ message: String
    ) -> TemplateError {
        let position = program.positions[operation]
        return TemplateError(
            template: names[ObjectIdentifier(program)] ?? "?", line: Int(position.line),
            column: Int(position.column), kind: kind, message: message)
    }
}

/// One render: the output so far, the stack of views that names are looked up in, and the
/// indentation the lines of the template being rendered get (from standalone partials, parents
/// and re-indented blocks around it).
private struct Renderer {
    let library: TemplateLibrary
    var stack: [TemplateValue]
    var out: [UInt8] = []
    var indentation: [UInt8] = []
    /// Whether a template line has started whose indentation is not written yet; always false
    /// while `indentation` is empty.
    var atLineStart = false
    var depth = 0
    /// Steps taken so far (``TemplateLibrary/maximumSteps``).
    var steps = 0

    init(library: TemplateLibrary, stack: [TemplateValue]) {
        self.library = library
        self.stack = stack
    }

    /// Block overrides in force, with the program their operations are in: the outermost template
    /// that overrides a block wins.
    typealias Blocks = [String: (program: TemplateProgram, range: Range<Int>)]

    mutating func render(_ program: TemplateProgram, _ range: Range<Int>, blocks: Blocks?) throws(TemplateError) {
        var index = range.lowerBound
        while index < range.upperBound {
            let operation = program.operations[index]
            switch operation.code {
            case .text:
                program.bytes.withUnsafeBufferPointer { bytes in
                    let text = UnsafeBufferPointer(rebasing: bytes[Int(operation.a)..<Int(operation.a + operation.b)])
                    if indentation.isEmpty { out.append(contentsOf: text) } else { appendIndented(text) }
                }
                index += 1
            case .variable:
                if atLineStart { out.append(contentsOf: indentation); atLineStart = false }
                switch lookUp(program, operation) {
                case .text(let text)?:
                    if operation.flag {
                        text.appendEscapedForMarkup(to: &out)
                    } else {
                        out.append(contentsOf: text.utf8)
                    }
                case .bytes(let bytes)?:
                    if operation.flag {
                        bytes.withUnsafeBufferPointer { out.appendEscapedForMarkup($0) }
                    } else {
                        out.append(contentsOf: bytes)
                    }
                case .number(let number)?: out.append(contentsOf: String(number).utf8)
                case .bool(let value)?: out.append(contentsOf: (value ? "true" : "false").utf8)
                case .absent?, .context?, .list?, nil: break
                }
                index += 1
            case .section:
                let children = (index + 1)..<Int(operation.end)
                let value = lookUp(program, operation)
                let at = index
                index = Int(operation.end)
                if operation.flag {
                    guard !(value?.isTruthy ?? false) else { continue }
                    try enter(program, at)
                    try render(program, children, blocks: blocks)
                    depth -= 1
                    continue
                }
                guard let value, value.isTruthy else { continue }
                try enter(program, at)
                switch value {
                case .list(let list):
                    for element in 0..<list.count {
                        try step(program, at)
                        stack.append(list.element(at: element))
                        try render(program, children, blocks: blocks)
                        stack.removeLast()
                    }
                case .bool:
                    try render(program, children, blocks: blocks)
                case .context, .text, .bytes, .number, .absent:
                    stack.append(value)
                    try render(program, children, blocks: blocks)
                    stack.removeLast()
                }
                depth -= 1
            case .partial:
                let template = try self.template(program, index)
                try include(template.program, from: program, index, blocks: nil)
                index += 1
            case .parent:
                let template = try self.template(program, index)
                var merged: Blocks = program.overrides[Int(operation.b)].mapValues { (program, $0) }
                if let blocks { merged.merge(blocks) { _, outer in outer } }
                try include(template.program, from: program, index, blocks: merged)
                index = Int(operation.end)
            case .block:
                let children = (index + 1)..<Int(operation.end)
                let at = index
                index = Int(operation.end)
                if let override = blocks?[program.names[Int(operation.a)]] {
                    try enter(program, at)
                    try renderOverride(override, at: program, operation, blocks: blocks)
                    depth -= 1
                } else {
                    try render(program, children, blocks: blocks)
                }
            }
        }
    }

    /// Goes one level deeper (the caller comes back up when done), or stops with an error at the
    /// operation past the limit; an error ends the render, so nothing comes back up after one.
    @inline(__always)
    private mutating func enter(_ program: TemplateProgram, _ operation: Int) throws(TemplateError) {
        guard depth < TemplateLibrary.maximumDepth else {
            throw library.error(
                in: program, at: operation, .tooDeep,
                "templates render more than \(TemplateLibrary.maximumDepth) levels deep "
                    + "(sections, partials, parents and blocks inside each other): does a partial or parent include itself without end?"
            )
        }
        try step(program, operation)
        depth += 1
    }

    /// Counts one step of work, or stops with an error at the operation past the bounds of
    /// work or output: what bounds a render that grows in breadth, where `enter` bounds depth.
    @inline(__always)
    private mutating func step(_ program: TemplateProgram, _ operation: Int) throws(TemplateError) {
        steps += 1
        guard steps <= library.maximumSteps, out.count <= library.maximumBytes else {
            throw library.error(
                in: program, at: operation, .tooLarge,
                "templates render more than \(library.maximumSteps) sections, "
                    + "list items and partials, or more than \(library.maximumBytes >> 20) MiB, for one page: does a partial include "
                    + "itself more than once, doubling the work at each level?")
        }
    }

    private func template(_ program: TemplateProgram, _ operation: Int) throws(TemplateError) -> Template {
        let name = program.names[Int(program.operations[operation].a)]
        guard let template = library.template(named: name) else {
            let kind = program.operations[operation].code == .parent ? "parent" : "partial"
            throw library.error(in: program, at: operation, .missingTemplate(name), "\(kind) '\(name)' does not exist")
        }
        return template
    }

    /// Renders a partial's or parent's template. Standing alone on its line, each of its lines
    /// gets the tag's indentation besides the one in force; inline, its lines get none: the
    /// spec indents a partial's template lines, so a multi-line value inside it is not indented.
    private mutating func include(
        _ template: TemplateProgram, from program: TemplateProgram, _ at: Int,
        blocks: Blocks?
    ) throws(TemplateError) {
        let operation = program.operations[at]
        // Kept aside only when it changes: most partials stand at the start of a line unindented.
        let outer: [UInt8]? =
            operation.flag ? (operation.d > 0 ? indentation : nil) : (indentation.isEmpty ? nil : indentation)
        if let outer {
            indentation = operation.flag ? outer + program.bytes[Int(operation.c)..<Int(operation.c + operation.d)] : []
        }
        atLineStart = operation.flag && !indentation.isEmpty
        try enter(program, at)
        try render(template, 0..<template.operations.count, blocks: blocks)
        depth -= 1
        if let outer { indentation = outer }
        // After a standalone tag the next template line starts; after an inline one, the line goes on.
        atLineStart = operation.flag && !indentation.isEmpty
    }

    /// Renders a block's override where the block stands: the override's lines (their own
    /// indentation removed when it was parsed) get the block's.
    private mutating func renderOverride(
        _ override: (program: TemplateProgram, range: Range<Int>), at program: TemplateProgram,
        _ operation: TemplateProgram.Operation, blocks: Blocks?
    ) throws(TemplateError) {
        let outer: [UInt8]? = operation.d > 0 ? indentation : nil
        if let outer { indentation = outer + program.bytes[Int(operation.c)..<Int(operation.c + operation.d)] }
        atLineStart = operation.flag && !indentation.isEmpty
        try render(override.program, override.range, blocks: blocks)
        if let outer { indentation = outer }
        atLineStart = operation.b == 1 && !indentation.isEmpty
    }

    /// Appends template text with the indentation in force written at the start of each line.
    private mutating func appendIndented(_ text: UnsafeBufferPointer<UInt8>) {
        var start = 0
        while start < text.count {
            if atLineStart { out.append(contentsOf: indentation); atLineStart = false }
            var end = start
            while end < text.count, text[end] != UInt8(ascii: "\n") { end += 1 }
            if end < text.count { end += 1; atLineStart = true }
            out.append(contentsOf: UnsafeBufferPointer(rebasing: text[start..<end]))
            start = end
        }
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
