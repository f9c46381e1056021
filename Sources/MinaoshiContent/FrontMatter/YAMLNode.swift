import Foundation
import Yams

/// A YAML tree as the field readers see it: what Yams composes, less what they never read, in
/// plain values that copy cheaply (Yams gives every node a `Tag` object). Made by
/// ``SimpleYAMLParser`` for the usual shape of front matter, else from Yams's tree; the two agree
/// node for node, marks included (a test holds them to it).
enum YAMLNode: Sendable, Equatable {
    case scalar(Scalar)
    case mapping([Pair], Info)
    case sequence([YAMLNode], Info)
    /// Yams's composer resolves aliases, so none is expected; kept so that every tree converts.
    case alias(Info)

    /// Where a node starts in the YAML text: 1-based line, and column in Unicode scalars.
    struct Mark: Sendable, Equatable {
        var line: Int
        var column: Int
    }

    struct Scalar: Sendable, Equatable {
        var string: String
        /// `Node.Scalar.Style`'s raw value: plain, quoted, literal…
        var style: UInt32
        /// The tag's name: empty when implicit, `tag:yaml.org,2002:str` for a quoted scalar.
        var tag: String
        var mark: Mark?
    }

    struct Info: Sendable, Equatable {
        var tag: String
        var mark: Mark?
    }

    struct Pair: Sendable, Equatable {
        var key: YAMLNode
        var value: YAMLNode
    }

    static let strTag = Tag.Name.str.rawValue
    static let plainStyle = Node.Scalar.Style.plain.rawValue
    static let doubleQuotedStyle = Node.Scalar.Style.doubleQuoted.rawValue

    // MARK: - From Yams

    /// The front matter `yaml` as Yams composes it, without implicit tag resolution (or with
    /// Yams's default resolver, for the vocabulary files), at most ``mostNodes`` nodes.
    static func composedByYams(_ yaml: String, resolver: Resolver = .basic) throws -> YAMLNode? {
        if let mark = try firstAliasInAKey(yaml, resolver: resolver) { throw AliasInAKey(mark: mark) }
        guard let node = try Yams.compose(yaml: yaml, resolver, .default, .utf8) else { return nil }
        var budget = mostNodes
        return try YAMLNode(node, budget: &budget, depth: 0)
    }

    /// More nodes than any front matter or vocabulary file holds (the 47 prefectures are a few
    /// hundred), and few enough to make in a moment. Yams shares an anchored node among its aliases,
    /// but this tree copies it at each one: nine levels of nine aliases (450 bytes) would be
    /// 387 million nodes, and took a build past 24 GiB.
    static let mostNodes = 100_000

    /// The text expands (through aliases) to more than ``mostNodes`` nodes; `mark` is where the
    /// top-level value (a field, a list item) that went past the bound is written.
    struct TooManyNodes: Error {
        var mark: Mark?
    }

    /// An alias (`*name`) used as a mapping key or inside one, at `mark`.
    struct AliasInAKey: Error {
        var mark: Mark
    }

    /// Where the first alias stands in a mapping key, if one does. Yams hashes every key of a
    /// mapping to find duplicates, and hashing an alias's node walks all it expands to: nine levels
    /// of nine aliases as a key (`? *bomb`) are 387 million nodes to hash, a billion laughs in time
    /// where the node budget above bounds memory. So the text is composed once more first, with each
    /// `*` written as `x`: every position and the structure are the same, but there are no aliases
    /// to expand, and a key scalar that starts where the text has a `*` was an alias. Only a text
    /// with an anchor (`&`) and a `*` can have an alias that resolves; others skip this.
    static func firstAliasInAKey(_ yaml: String, resolver: Resolver) throws -> Mark? {
        guard yaml.utf8.contains(UInt8(ascii: "&")), yaml.utf8.contains(UInt8(ascii: "*")) else { return nil }
        let plain = String(decoding: yaml.utf8.map { $0 == UInt8(ascii: "*") ? UInt8(ascii: "x") : $0 }, as: UTF8.self)
        // An error here is the error Yams gives the text itself, at the same place.
        guard let root = try Yams.compose(yaml: plain, resolver, .default, .utf8) else { return nil }
        // libyaml's line breaks; columns count Unicode scalars from 1.
        let lines = yaml.unicodeScalars.split(omittingEmptySubsequences: false) {
            "\n\u{85}\u{2028}\u{2029}".unicodeScalars.contains($0)
        }
        func isAlias(_ mark: Yams.Mark?) -> Bool {
            guard let mark, mark.line >= 1, mark.line <= lines.count, mark.column >= 1 else { return false }
            let line = lines[mark.line - 1]
            guard let index = line.index(line.startIndex, offsetBy: mark.column - 1, limitedBy: line.endIndex),
                index < line.endIndex
            else { return false }
            return line[index] == "*"
        }
        func alias(inKey node: Node) -> Mark? {
            switch node {
            case .scalar(let scalar): return isAlias(scalar.mark) ? scalar.mark.map(Mark.init) : nil
            case .mapping(let mapping):
                for (key, value) in mapping { if let found = alias(inKey: key) ?? alias(inKey: value) { return found } }
                return nil
            case .sequence(let sequence):
                for item in sequence { if let found = alias(inKey: item) { return found } }
                return nil
            case .alias(let alias): return alias.mark.map(Mark.init)
            }
        }
        func search(_ node: Node) -> Mark? {
            switch node {
            case .mapping(let mapping):
                for (key, value) in mapping { if let found = alias(inKey: key) ?? search(value) { return found } }
                return nil
            case .sequence(let sequence):
                for item in sequence { if let found = search(item) { return found } }
                return nil
            case .scalar, .alias: return nil
            }
        }
        return search(root)
    }

    private init(_ node: Node, budget: inout Int, depth: Int) throws(TooManyNodes) {
        budget -= 1
        guard budget >= 0 else { throw TooManyNodes(mark: node.mark.map(Mark.init)) }
        guard depth == 1 else {
            try self.init(converting: node, budget: &budget, depth: depth)
            return
        }
        do {
            try self.init(converting: node, budget: &budget, depth: depth)
        } catch {
            throw TooManyNodes(mark: node.mark.map(Mark.init) ?? error.mark)
        }
    }

    private init(converting node: Node, budget: inout Int, depth: Int) throws(TooManyNodes) {
        let depth = depth + 1
        switch node {
        case .scalar(let scalar):
            self = .scalar(
                Scalar(
                    string: scalar.string, style: scalar.style.rawValue, tag: scalar.tag.description,
                    mark: scalar.mark.map(Mark.init)))
        case .mapping(let mapping):
            var pairs: [Pair] = []
            pairs.reserveCapacity(mapping.count)
            for (key, value) in mapping {
                pairs.append(
                    Pair(
                        key: try YAMLNode(key, budget: &budget, depth: depth),
                        value: try YAMLNode(value, budget: &budget, depth: depth)))
            }
            self = .mapping(pairs, Info(tag: mapping.tag.description, mark: mapping.mark.map(Mark.init)))
        case .sequence(let sequence):
            var items: [YAMLNode] = []
            items.reserveCapacity(sequence.count)
            for item in sequence { items.append(try YAMLNode(item, budget: &budget, depth: depth)) }
            self = .sequence(items, Info(tag: sequence.tag.description, mark: sequence.mark.map(Mark.init)))
        case .alias(let alias):
            self = .alias(Info(tag: alias.tag.description, mark: alias.mark.map(Mark.init)))
        }
    }

    // MARK: - Reads, with Yams's meaning

    var scalar: Scalar? {
        if case .scalar(let scalar) = self { scalar } else { nil }
    }

    var mapping: [Pair]? {
        if case .mapping(let pairs, _) = self { pairs } else { nil }
    }

    var sequence: [YAMLNode]? {
        if case .sequence(let items, _) = self { items } else { nil }
    }

    var tag: String {
        switch self {
        case .scalar(let scalar): scalar.tag
        case .mapping(_, let info), .sequence(_, let info), .alias(let info): info.tag
        }
    }

    var mark: Mark? {
        switch self {
        case .scalar(let scalar): scalar.mark
        case .mapping(_, let info), .sequence(_, let info), .alias(let info): info.mark
        }
    }

    /// As Yams's `Node.string`: a scalar's text, or a mapping's `=` (value) entry.
    var string: String? {
        switch self {
        case .scalar(let scalar): scalar.string
        case .mapping(let pairs, _): pairs.first { $0.key.tag == Tag.Name.value.rawValue }?.value.string
        case .sequence, .alias: nil
        }
    }

    /// As Yams's `Node.null`: a plain scalar `~`, `null`, `Null`, `NULL` or nothing.
    var isNull: Bool {
        guard case .scalar(let scalar) = self, scalar.style == Self.plainStyle else { return false }
        switch scalar.string {
        case "", "~", "null", "Null", "NULL": return true
        default: return false
        }
    }

    /// As Yams's `Node.bool`, by Yams itself.
    var bool: Bool? { yamsScalar.flatMap(Bool.construct) }

    /// As Yams's `Node.int`: a plain decimal such as `3` or `-12` is read here, the same number
    /// Yams gives; everything else (`0x1F`, `0o17`, `017`, `1_000`, `1:30`, quoted) by Yams itself,
    /// whose YAML 1.1 forms cost a string search or two per scalar.
    var int: Int? {
        if case .scalar(let scalar) = self,
            scalar.style == Self.plainStyle || scalar.style == Node.Scalar.Style.any.rawValue,
            let value = Self.plainDecimal(scalar.string)
        {
            return value
        }
        return yamsScalar.flatMap(Int.construct)
    }

    /// `0`, or an optional `-` and 1 to 18 digits not starting with 0: what Yams reads as `Int(text)`.
    static func plainDecimal(_ text: String) -> Int? {
        var utf8 = Substring(text).utf8[...]
        let negative = utf8.first == UInt8(ascii: "-")
        if negative { utf8 = utf8.dropFirst() }
        guard let first = utf8.first, (1...18).contains(utf8.count),
            first != UInt8(ascii: "0") || (utf8.count == 1 && !negative)
        else { return nil }
        var value = 0
        for byte in utf8 {
            guard (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) else { return nil }
            value = value * 10 + Int(byte - UInt8(ascii: "0"))
        }
        return negative ? -value : value
    }

    /// The scalar as Yams holds it, for Yams's own conversions (marks play no part in them).
    private var yamsScalar: Node.Scalar? {
        guard case .scalar(let scalar) = self else { return nil }
        return Node.Scalar(
            scalar.string, Tag(Tag.Name(rawValue: scalar.tag)), Node.Scalar.Style(rawValue: scalar.style) ?? .any)
    }
}

extension YAMLNode.Mark {
    init(_ mark: Yams.Mark) {
        self.init(line: mark.line, column: mark.column)
    }
}
