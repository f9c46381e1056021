import MinaoshiSupport

/// Where the fields of a document's front matter are written, and what reading them found:
/// all that a loaded document keeps of its YAML. The node tree itself (a class instance per
/// scalar for its tag) is dropped once the fields are read; kept for every document it was most
/// of a 100,000-document load's memory. Positions are packed (one table per document, the file
/// path once) for the same reason.
public struct FieldPositions: Sendable {
    struct Position: Sendable {
        var line: Int32
        var column: Int32

        init(_ location: SourceLocation) {
            line = Int32(clamping: location.line)
            column = Int32(clamping: location.column)
        }

        init(line: Int32, column: Int32) {
            self.line = line
            self.column = column
        }
    }

    struct Field: Sendable {
        var value: Position
        /// The items of a list field (`regulations: [a, b]`); empty otherwise.
        var items: [Position]
    }

    let file: String
    /// Where the mapping starts: the position of a missing field.
    let mapping: Position
    let fields: [String: Field]
    /// What reading the fields reported, errors and warnings.
    public let diagnostics: [Diagnostic]

    /// Where the value of `key` is written; the mapping when the field is missing.
    public func location(ofValue key: String) -> SourceLocation {
        location(fields[key]?.value ?? mapping)
    }

    /// Where item `index` of the list under `key` is written.
    public func location(ofItem index: Int, in key: String) -> SourceLocation {
        guard let items = fields[key]?.items, items.indices.contains(index) else { return location(ofValue: key) }
        return location(items[index])
    }

    /// The same positions, with one more problem found.
    func adding(_ diagnostic: Diagnostic) -> FieldPositions {
        FieldPositions(file: file, mapping: mapping, fields: fields, diagnostics: diagnostics + [diagnostic])
    }

    private func location(_ position: Position) -> SourceLocation {
        SourceLocation(file: file, line: Int(position.line), column: Int(position.column))
    }
}

extension YAMLMapping {
    /// The positions of every top-level field and list item, and the diagnostics so far.
    public var positions: FieldPositions {
        // Each key's first entry, as reads see it; the nodes are at hand, so no key is looked up again.
        var fields: [String: FieldPositions.Field] = [:]
        fields.reserveCapacity(entries.count)
        for (name, entry) in entries {
            let value = Self.location(of: entry.value, source: source, lineOffset: lineOffset)
            let items =
                entry.value.sequence.map { sequence in
                    sequence.map {
                        FieldPositions.Position(Self.location(of: $0, source: source, lineOffset: lineOffset))
                    }
                } ?? []
            fields[name] = FieldPositions.Field(value: .init(value), items: items)
        }
        return FieldPositions(file: location.file, mapping: .init(location), fields: fields, diagnostics: diagnostics)
    }
}
