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
        /// The template `names[a]`, each line indented by `bytes[c ..< c + d]`.
        case partial
        /// The template `names[a]` with the block overrides `overrides[b]` (their bodies are the
        /// operations up to `end`), indented by `bytes[c ..< c + d]`.
        case parent
        /// The block `names[a]`: its override in force, else its children up to `end`.
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

    init(_ nodes: [Template.Node]) {
        var operations: [Operation] = [], bytes: [UInt8] = [], pathNames: [String] = [], names: [String] = []
        var overrides: [[String: Range<Int>]] = []
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
                    operations.append(Operation(code: .text, a: a, b: b))
                case .variable(let variable, let escaped):
                    let (a, b) = path(variable)
                    operations.append(Operation(code: .variable, flag: escaped, a: a, b: b))
                case .section(let section, let children, let inverted):
                    let (a, b) = path(section)
                    let index = operations.count
                    operations.append(Operation(code: .section, flag: inverted, a: a, b: b))
                    emit(children)
                    operations[index].end = Int32(operations.count)
                case .partial(let partial, let indentation):
                    let (c, d) = text(indentation)
                    operations.append(Operation(code: .partial, a: name(partial), c: c, d: d))
                case .parent(let parent, let blocks, let indentation):
                    let (c, d) = text(indentation)
                    let index = operations.count
                    operations.append(Operation(code: .parent, a: name(parent), b: Int32(overrides.count), c: c, d: d))
                    overrides.append([:])
                    var table: [String: Range<Int>] = [:]
                    for key in blocks.keys.sorted() {
                        let start = operations.count
                        emit(blocks[key]!)
                        table[key] = start..<operations.count
                    }
                    overrides[Int(operations[index].b)] = table
                    operations[index].end = Int32(operations.count)
                case .block(let block, let children):
                    let index = operations.count
                    operations.append(Operation(code: .block, a: name(block)))
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
    }
}
