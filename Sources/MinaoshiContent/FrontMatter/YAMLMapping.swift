import Foundation
import MinaoshiSupport
import Yams

/// A YAML mapping from a file, read field by field. Every read that fails records a diagnostic
/// at the key or value in the *file* (not in the YAML snippet), so one pass reports every problem.
public struct YAMLMapping: Sendable {
    /// Each key's first entry, so a field is found with one probe instead of a scan that
    /// copied every key node.
    let entries: [String: (key: YAMLNode, value: YAMLNode)]
    /// The file, for positions; its text is not kept (see ``SourceText/withoutText``).
    let source: SourceText
    /// Add to a line of the YAML text to get the file line.
    let lineOffset: Int
    /// Where this mapping sits, for messages: `sources[2]`; empty at the top.
    let path: String
    /// Where the mapping itself starts.
    public let location: SourceLocation

    public private(set) var diagnostics: [Diagnostic] = []

    /// Parses `yaml` that starts at `firstLine` of `source`; the top level must be a mapping.
    public static func parse(_ yaml: String, firstLine: Int, source: SourceText) throws(DiagnosticsError) -> YAMLMapping
    {
        let lineOffset = firstLine - 1
        let node: YAMLNode?
        do {
            // Usual front matter is read without libyaml; the rest, and every error, by Yams. No
            // implicit tag resolution: every value is read as text by the typed readers below, and
            // the default resolver ran several regular expressions per scalar (a tenth of a load).
            node = try SimpleYAMLParser.parse(yaml) ?? YAMLNode.composedByYams(yaml)
        } catch let error as YamlError {
            throw DiagnosticsError([diagnostic(for: error, source: source, lineOffset: lineOffset)])
        } catch let error as YAMLNode.TooManyNodes {
            throw DiagnosticsError([diagnostic(for: error, source: source, lineOffset: lineOffset)])
        } catch let error as YAMLNode.AliasInAKey {
            throw DiagnosticsError([diagnostic(for: error, source: source, lineOffset: lineOffset)])
        } catch {
            throw DiagnosticsError([.error(at: source.location(line: firstLine), "invalid YAML: \(error)")])
        }
        guard let node else {
            throw DiagnosticsError([
                .error(
                    at: source.location(line: max(firstLine - 1, 1)), "front matter is empty",
                    hint: "add at least 'id' and 'title'")
            ])
        }
        guard let mapping = node.mapping else {
            throw DiagnosticsError([
                .error(
                    at: location(of: node, source: source, lineOffset: lineOffset),
                    "front matter must be a list of 'key: value' lines, found \(describe(node))"
                )
            ])
        }
        return YAMLMapping(
            mapping: mapping, source: source.withoutText, lineOffset: lineOffset, path: "",
            location: location(of: node, source: source, lineOffset: lineOffset))
    }

    init(mapping: [YAMLNode.Pair], source: SourceText, lineOffset: Int, path: String, location: SourceLocation) {
        self.source = source
        self.lineOffset = lineOffset
        self.path = path
        self.location = location
        // One walk over the pairs finds the keys, each key's first entry and the keys given twice;
        // reads, `positions` and `rejectUnknownKeys` then never walk (and copy) the nodes again.
        var keys: [String] = []
        var entries: [String: (key: YAMLNode, value: YAMLNode)] = [:]
        var repeated: [(name: String, key: YAMLNode)] = []
        keys.reserveCapacity(mapping.count)
        entries.reserveCapacity(mapping.count)
        for pair in mapping {
            guard let name = pair.key.string else { continue }
            keys.append(name)
            if entries[name] == nil {
                entries[name] = (pair.key, pair.value)
            } else {
                repeated.append((name, pair.key))
            }
        }
        self.keys = keys
        self.entries = entries
        self.diagnostics = repeated.map { name, key in
            .error(
                at: Self.location(of: key, source: source, lineOffset: lineOffset),
                "field '\(qualified(name))' is given twice",
                hint: "keep one of them")
        }
    }

    // MARK: - Keys and positions

    /// The keys in the order written.
    public let keys: [String]

    public func contains(_ key: String) -> Bool { node(for: key) != nil }

    /// Where `key` is written, or where the mapping starts when it is missing.
    public func location(ofKey key: String) -> SourceLocation {
        guard let entry = entries[key] else { return location }
        return Self.location(of: entry.key, source: source, lineOffset: lineOffset)
    }

    /// Where the value of `key` is written.
    public func location(ofValue key: String) -> SourceLocation {
        guard let value = node(for: key) else { return location(ofKey: key) }
        return Self.location(of: value, source: source, lineOffset: lineOffset)
    }

    /// Where item `index` of the list under `key` is written.
    public func location(ofItem index: Int, in key: String) -> SourceLocation {
        guard let items = node(for: key)?.sequence, index < items.count else { return location(ofValue: key) }
        return Self.location(of: items[index], source: source, lineOffset: lineOffset)
    }

    /// `categories` at the top level, `sources[2].url` inside a list item.
    public func qualified(_ key: String) -> String { path.isEmpty ? key : "\(path).\(key)" }

    public mutating func report(_ diagnostic: Diagnostic) { diagnostics.append(diagnostic) }

    // MARK: - Typed reads

    /// A string. Numbers and booleans are accepted as their text (`article: 12` is "12").
    public mutating func string(_ key: String, required: Bool = false) -> String? {
        guard let value = present(key, required: required, expected: "a text") else { return nil }
        guard let scalar = value.scalar else {
            mismatch(key, value, expected: "a text")
            return nil
        }
        let text = scalar.string.trimmingWhitespace
        if text.isEmpty && required {
            report(.error(at: location(ofValue: key), "'\(qualified(key))' is empty"))
            return nil
        }
        return text
    }

    /// A list of strings; a single string counts as a one-item list.
    public mutating func strings(_ key: String, required: Bool = false) -> [String] {
        guard let value = present(key, required: required, expected: "a list") else { return [] }
        if let scalar = value.scalar {
            return scalar.string.isEmpty ? [] : [scalar.string]
        }
        guard let items = value.sequence else {
            mismatch(key, value, expected: "a list such as [a, b]")
            return []
        }
        var result: [String] = []
        for item in items {
            guard let scalar = item.scalar else {
                report(
                    .error(
                        at: Self.location(of: item, source: source, lineOffset: lineOffset),
                        "each item of '\(qualified(key))' must be a text, found \(Self.describe(item))"))
                continue
            }
            result.append(scalar.string.trimmingWhitespace)
        }
        return result
    }

    /// A calendar date written `YYYY-MM-DD`.
    public mutating func date(_ key: String, required: Bool = false) -> CalendarDate? {
        guard let value = present(key, required: required, expected: "a date (YYYY-MM-DD)") else { return nil }
        guard let text = value.scalar?.string, let date = CalendarDate(iso8601: text.trimmingSpaces) else {
            report(
                .error(
                    at: location(ofValue: key),
                    "'\(qualified(key))' is not a date: \(Self.describe(value))",
                    hint: "write it as YYYY-MM-DD, e.g. 2024-06-28"))
            return nil
        }
        return date
    }

    public mutating func bool(_ key: String) -> Bool? {
        guard let value = present(key, required: false, expected: "true or false") else { return nil }
        guard let bool = value.bool else {
            mismatch(key, value, expected: "true or false")
            return nil
        }
        return bool
    }

    public mutating func int(_ key: String, required: Bool = false) -> Int? {
        guard let value = present(key, required: required, expected: "a whole number") else { return nil }
        guard let int = value.int else {
            mismatch(key, value, expected: "a whole number")
            return nil
        }
        return int
    }

    /// A nested mapping such as `phase: {before: 1, after: 3}`. Its reads report into `self`
    /// once passed back to ``absorb(_:)``.
    public mutating func mapping(_ key: String, required: Bool = false) -> YAMLMapping? {
        guard let value = present(key, required: required, expected: "a mapping") else { return nil }
        guard let nested = value.mapping else {
            mismatch(key, value, expected: "a mapping such as {key: value}")
            return nil
        }
        return YAMLMapping(
            mapping: nested, source: source, lineOffset: lineOffset, path: qualified(key),
            location: Self.location(of: value, source: source, lineOffset: lineOffset))
    }

    /// A list of mappings such as `sources: [{title: …, url: …}]`.
    public mutating func mappings(_ key: String, required: Bool = false) -> [YAMLMapping] {
        guard let value = present(key, required: required, expected: "a list") else { return [] }
        guard let items = value.sequence else {
            mismatch(key, value, expected: "a list of '- key: value' items")
            return []
        }
        var result: [YAMLMapping] = []
        for (index, item) in items.enumerated() {
            guard let nested = item.mapping else {
                report(
                    .error(
                        at: Self.location(of: item, source: source, lineOffset: lineOffset),
                        "item \(index + 1) of '\(qualified(key))' must be a mapping with named fields, found \(Self.describe(item))"
                    ))
                continue
            }
            result.append(
                YAMLMapping(
                    mapping: nested, source: source, lineOffset: lineOffset, path: "\(qualified(key))[\(index + 1)]",
                    location: Self.location(of: item, source: source, lineOffset: lineOffset)))
        }
        return result
    }

    /// Takes over the diagnostics of a nested mapping read through ``mapping(_:required:)`` or ``mappings(_:required:)``.
    public mutating func absorb(_ nested: YAMLMapping) {
        diagnostics.append(contentsOf: nested.diagnostics)
    }

    /// Reports every key not in `known`, suggesting the closest known one.
    public mutating func rejectUnknownKeys(_ known: [String]) {
        for key in keys where !known.contains(key) {
            let suggestion = closestMatch(to: key, in: known).map { "did you mean '\($0)'?" }
            report(
                .error(
                    at: location(ofKey: key), "unknown field '\(qualified(key))'",
                    hint: suggestion ?? "expected one of \(known.joined(separator: ", "))"))
        }
    }

    // MARK: - Internals

    private func node(for key: String) -> YAMLNode? {
        entries[key]?.value
    }

    private mutating func present(_ key: String, required: Bool, expected: String) -> YAMLNode? {
        guard let value = node(for: key), !value.isNull else {
            if required {
                report(
                    .error(
                        at: contains(key) ? location(ofValue: key) : location,
                        "missing required field '\(qualified(key))'",
                        hint: "add a line '\(key): …' with \(expected)"))
            }
            return nil
        }
        return value
    }

    private mutating func mismatch(_ key: String, _ value: YAMLNode, expected: String) {
        report(
            .error(at: location(ofValue: key), "'\(qualified(key))' must be \(expected), found \(Self.describe(value))")
        )
    }

    static func location(of node: YAMLNode, source: SourceText, lineOffset: Int) -> SourceLocation {
        guard let mark = node.mark else { return source.location(line: lineOffset + 1) }
        return source.location(line: mark.line + lineOffset, column: mark.column)
    }

    static func describe(_ node: YAMLNode) -> String {
        switch node {
        case .scalar(let scalar): "'\(scalar.string)'"
        case .mapping: "a mapping"
        case .sequence: "a list"
        case .alias: "an alias"
        }
    }

    /// Refuses a text whose aliases repeat more than a file could mean (a "billion laughs").
    static func diagnostic(for error: YAMLNode.TooManyNodes, source: SourceText, lineOffset: Int) -> Diagnostic {
        let mark = error.mark ?? YAMLNode.Mark(line: 1, column: 1)
        return .error(
            at: source.location(line: mark.line + lineOffset, column: mark.column),
            "invalid YAML: its aliases (*name) repeat anchored values (&name) into more than \(YAMLNode.mostNodes) values",
            hint: "write the values out, or repeat fewer of them")
    }

    /// Refuses an alias as a key: field names are written out, and Yams would expand it in full.
    static func diagnostic(for error: YAMLNode.AliasInAKey, source: SourceText, lineOffset: Int) -> Diagnostic {
        .error(
            at: source.location(line: error.mark.line + lineOffset, column: error.mark.column),
            "invalid YAML: an alias (*name) is used as a key, or inside one",
            hint: "write the key out; aliases may stand only for values")
    }

    static func diagnostic(for error: YamlError, source: SourceText, lineOffset: Int) -> Diagnostic {
        switch error {
        case .scanner(let context, let problem, let mark, _), .parser(let context, let problem, let mark, _),
            .composer(let context, let problem, let mark, _):
            let detail = context.map { "\(problem) \($0.text)" } ?? problem
            return .error(
                at: source.location(line: mark.line + lineOffset, column: mark.column),
                "invalid YAML: \(detail)",
                hint:
                    "check quotes, colons and indentation; quote values that contain ': ' or start with a special character"
            )
        case .reader(let problem, let offset?, _, let yaml):
            // libyaml's reader refuses characters YAML forbids (NUL, most control characters);
            // Yams gives where as a count of Characters into the text.
            var line = 1, column = 1
            for scalar in yaml.prefix(offset).unicodeScalars {
                if scalar == "\n" { line += 1; column = 1 } else { column += 1 }
            }
            return .error(
                at: source.location(line: line + lineOffset, column: column), "invalid YAML: \(problem)",
                hint: "remove the character, or write it as an escape inside double quotes, e.g. \"\\t\"")
        case .duplicatedKeysInMapping(let duplicates, let context):
            return .error(
                at: source.location(line: context.mark.line + lineOffset, column: context.mark.column),
                "field given twice: \(duplicates.joined(separator: ", "))", hint: "keep one of them")
        default:
            return .error(at: source.location(line: lineOffset + 1), "invalid YAML: \(error)")
        }
    }
}

/// The candidate nearest to `word` by edit distance, if it is near enough to be a likely typo,
/// or a candidate that starts with `word` (`visual` → `visual-inspection`).
public func closestMatch(to word: String, in candidates: [String]) -> String? {
    if let prefixed = candidates.first(where: { $0.hasPrefix(word) || word.hasPrefix($0) }), !word.isEmpty {
        return prefixed
    }
    let scored = candidates.map { ($0, editDistance(word, $0)) }.min { $0.1 < $1.1 }
    guard let (best, distance) = scored, distance <= max(2, word.count / 3) else { return nil }
    return best
}

func editDistance(_ a: String, _ b: String) -> Int {
    let a = Array(a), b = Array(b)
    if a.isEmpty { return b.count }
    if b.isEmpty { return a.count }
    var previous = Array(0...b.count)
    for i in 1...a.count {
        var current = [i] + Array(repeating: 0, count: b.count)
        for j in 1...b.count {
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
        }
        previous = current
    }
    return previous[b.count]
}
