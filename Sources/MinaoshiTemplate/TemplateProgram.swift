/// A template's node tree flattened for rendering: plain operations in one array, with the text
/// bytes, the names of variables and sections, and the partial, parent and block names beside it.
///
/// Rendering walks the operations by index. A tree of `indirect` nodes cost a retain and a
/// release of each node, its text and its path every time a page was rendered, on every core:
/// about half the renderer's time. A section's children follow it, up to its `end`.
final class TemplateProgram: Sendable {
    enum Code: UInt8, Sendable {
        /// `bytes[a ..< a + b]`.
        case text
        /// The value of the path `pathNames[a ..< a + b]`, escaped when `flag`.
        case variable
        /// The path `pathNames[a ..< a + b]`; inverted when `flag`; children up to `end`.
        case section
        /// The template `names[a]`; when `flag` (the tag stands alone on its line), each of its
        /// lines indented by `bytes[c ..< c + d]`.
        case partial
        /// The template `names[a]` with the block overrides `overrides[b]` (their bodies are the
        /// operations up to `end`); indented as a partial is.
        case parent
        /// The block `names[a]`: its override in force, indented by `bytes[c ..< c + d]` (from its
        /// first line when `flag`, the block opening a line; a line ends after it when `b` is 1),
        /// else its children up to `end`.
        case block
    }

    struct Operation: Sendable {
        var code: Code
        var flag = false
        var a: Int32 = 0, b: Int32 = 0, c: Int32 = 0, d: Int32 = 0
        /// Where the operations inside this one end (sections, parents, blocks).
        var end: Int32 = 0
    }

    let operations: [Operation]
    let bytes: [UInt8]
    /// Every path's names, one after the other; `{{.}}` is a path of none.
    let pathNames: [String]
    let names: [String]
    /// For each parent: block name → the range of operations of its override.
    let overrides: [[String: Range<Int>]]
    /// Each operation's tag, where it has one (sections, partials, parents, blocks), for errors.
    let positions: [(line: Int32, column: Int32)]

    init(_ nodes: [Template.Node]) {
        var operations: [Operation] = [], bytes: [UInt8] = [], pathNames: [String] = [], names: [String] = []
        var overrides: [[String: Range<Int>]] = []
        var positions: [(line: Int32, column: Int32)] = []
        func append(_ operation: Operation, line: Int = 0, column: Int = 0) {
            operations.append(operation)
            positions.append((Int32(line), Int32(column)))
        }
        func text(_ text: [UInt8]) -> (Int32, Int32) {
            bytes += text
            return (Int32(bytes.count - text.count), Int32(text.count))
        }
        func path(_ path: Template.Path) -> (Int32, Int32) {
            pathNames += path.names
            return (Int32(pathNames.count - path.names.count), Int32(path.names.count))
        }
        func name(_ name: String) -> Int32 {
            names.append(name)
            return Int32(names.count - 1)
        }
        func emit(_ nodes: [Template.Node]) {
            for node in nodes {
                switch node {
                case .text(let chunk):
                    let (a, b) = text(chunk)
                    append(Operation(code: .text, a: a, b: b))
                case .variable(let variable, let escaped):
                    let (a, b) = path(variable)
                    append(Operation(code: .variable, flag: escaped, a: a, b: b))
                case .section(let section, let children, let inverted, let line, let column):
                    let (a, b) = path(section)
                    let index = operations.count
                    append(Operation(code: .section, flag: inverted, a: a, b: b), line: line, column: column)
                    emit(children)
                    operations[index].end = Int32(operations.count)
                case .partial(let partial, let indentation, let line, let column):
                    let (c, d) = text(indentation ?? [])
                    append(
                        Operation(code: .partial, flag: indentation != nil, a: name(partial), c: c, d: d), line: line,
                        column: column)
                case .parent(let parent, let blocks, let indentation, let line, let column):
                    let (c, d) = text(indentation ?? [])
                    let index = operations.count
                    append(
                        Operation(
                            code: .parent, flag: indentation != nil, a: name(parent), b: Int32(overrides.count), c: c,
                            d: d),
                        line: line, column: column)
                    overrides.append([:])
                    var table: [String: Range<Int>] = [:]
                    for key in blocks.keys.sorted() {
                        let start = operations.count
                        emit(blocks[key]!)
                        table[key] = start..<operations.count
                    }
                    overrides[Int(operations[index].b)] = table
                    operations[index].end = Int32(operations.count)
                case .block(let block, let children, let indentation, let opensLine, let endsLine, let line, let column):
                    let (c, d) = text(indentation)
                    let index = operations.count
                    append(
                        Operation(code: .block, flag: opensLine, a: name(block), b: endsLine ? 1 : 0, c: c, d: d),
                        line: line, column: column)
                    emit(children)
                    operations[index].end = Int32(operations.count)
                }
            }
        }
        emit(nodes)
        self.operations = operations
        self.bytes = bytes
        self.pathNames = pathNames
        self.names = names
        self.overrides = overrides
        self.positions = positions
    }
}
