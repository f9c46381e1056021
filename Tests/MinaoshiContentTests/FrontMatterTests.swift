import Foundation
import MinaoshiSupport
import MinaoshiTestSupport
import Testing

@testable import MinaoshiContent

@Suite struct FrontMatterTests {
    /// Parses `text` as a whole file and returns its fields or the thrown diagnostics.
    private func read(_ text: String, path: String = "content/cases/a.md") -> Result<YAMLMapping, DiagnosticsError> {
        let source = SourceText(displayPath: path, text: text)
        do throws(DiagnosticsError) {
            let split = try FrontMatterSplitter.split(source)
            return .success(try YAMLMapping.parse(split.yaml, firstLine: split.yamlFirstLine, source: source))
        } catch {
            return .failure(error)
        }
    }

    private func errors(_ text: String) -> [String] {
        switch read(text) {
        case .success(let fields): return fields.diagnostics.map(\.description)
        case .failure(let error): return error.diagnostics.map(\.description)
        }
    }

    @Test func splitsFrontMatterAndBodyWithLineOffsets() throws {
        let source = SourceText(displayPath: "a.md", text: "---\nid: a\ntitle: 題\n---\n本文\n二行目\n")
        let split = try FrontMatterSplitter.split(source)
        #expect(split.yaml == "id: a\ntitle: 題")
        #expect(split.yamlFirstLine == 2)
        #expect(split.body == "本文\n二行目\n")
        #expect(split.bodyLineOffset == 4)
    }

    /// The splitter works on UTF-8 bytes; the Character-based one it replaced is the oracle.
    @Test(arguments: [
        "---", "---\n", "---\n---", "---\n---\n", "---\nid: a\n---", "---  \nid: a\n...\t\n本文", "--- \n", "本文だけ", "",
        "---\nid: a\n", "\n---\n---\n", "---\nid: a\n----\n---\nx", "---\n\n---\n\n",
        "---\ntitle: 題\n---\n見直し\n---\n続き\n",
        "---\nid: a\n...", "----\n---\n", "---\u{3000}\n---\n", "---\na: \"---\"\n---\n本文\n\n"
    ])
    func splitsLikeTheCharacterBasedSplitter(_ text: String) {
        let source = SourceText(displayPath: "a.md", text: text)
        let expected = Self.referenceSplit(text)
        do throws(DiagnosticsError) {
            let split = try FrontMatterSplitter.split(source)
            #expect(
                expected.map { [$0.yaml, $0.body, String($0.offset)] } == [
                    split.yaml, split.body, String(split.bodyLineOffset)
                ])
        } catch {
            #expect(expected == nil, "\(error)")
        }
    }

    private static func referenceSplit(_ text: String) -> (yaml: String, body: String, offset: Int)? {
        func trimmed(_ line: Substring) -> Substring {
            var copy = line
            while copy.last == " " || copy.last == "\t" { copy.removeLast() }
            return copy
        }
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        guard let first = lines.first, trimmed(first) == "---" else { return nil }
        guard let closing = lines.indices.dropFirst().first(where: { ["---", "..."].contains(trimmed(lines[$0])) })
        else { return nil }
        return (
            lines[1..<closing].joined(separator: "\n"), lines[(closing + 1)...].joined(separator: "\n"), closing + 1
        )
    }

    @Test func toleratesByteOrderMarkAndCRLF() throws {
        let source = SourceText(displayPath: "a.md", text: "\u{FEFF}---\r\nid: a\r\ntitle: 題\r\n---\r\n本文\r\n")
        let split = try FrontMatterSplitter.split(source)
        #expect(split.yaml == "id: a\ntitle: 題")
        #expect(split.body == "本文\n")
    }

    @Test func missingFrontMatterIsReportedAtLineOne() {
        #expect(
            errors("# 見出し\n本文\n") == [
                "content/cases/a.md:1:1: error: missing front matter; start the file with a line '---', the YAML fields (id, title, …), and another line '---'"
            ])
    }

    @Test func unclosedFrontMatterIsReported() {
        #expect(
            errors("---\nid: a\ntitle: b\n") == [
                "content/cases/a.md:1:1: error: front matter is not closed; add a line '---' after the last YAML field"
            ])
    }

    @Test func yamlSyntaxErrorPointsIntoTheFile() {
        // Line 4 of the file is line 3 of the YAML: the quote opened there never closes.
        let found = errors("---\nid: a\ntitle: 題\nlaw: \"建築基準法\n---\n本文\n")
        #expect(found.count == 1)
        #expect(
            found[0].hasPrefix(
                "content/cases/a.md:4:12: error: invalid YAML: found unexpected end of stream while scanning a quoted scalar"
            ), "\(found)")
    }

    /// Six levels of nine aliases would be 597,872 nodes: past the bound, refused at the field
    /// that went past it. (Small enough that without the bound this test fails, not dies;
    /// `CheckCommandTests` runs the nine-level bomb in a process with little memory.)
    @Test func anAliasBombIsRefusedAtTheFieldThatExpandsTooFar() {
        let yaml = "id: a\ntitle: 題\n" + HostileYAML.aliasBomb(levels: 6)
        #expect(SimpleYAMLParser.parse(yaml) == nil, "the fast path leaves anchors and aliases to Yams")
        #expect(
            errors("---\n" + yaml + "---\n本文\n") == [
                "content/cases/a.md:9:5: error: invalid YAML: its aliases (*name) repeat anchored values (&name) into more than 100000 values; write the values out, or repeat fewer of them"
            ])
    }

    /// An alias as a key, in each way YAML writes one (block, explicit `?`, flow, inside a
    /// complex key, in a list item's mapping), is refused at the alias before Yams hashes what it
    /// expands to (to look for duplicate keys): nine levels of nine would be 387 million nodes to
    /// hash. Six levels here, so that without the check this test fails rather than takes minutes
    /// (the catalogue's `alias-as-key.md` runs nine, in a process with a time limit).
    @Test func anAliasUsedAsAKeyIsRefusedAtTheAlias() {
        let bomb = HostileYAML.aliasBomb(levels: 6)  // lines 4–9 of the file
        let forms: [(yaml: String, position: String)] = [
            ("*l5 : x\n", "10:1"),
            ("? *l5\n: x\n", "10:3"),
            ("flow: {*l5 : x}\n", "10:8"),
            ("flow: {*l5}\n", "10:8"),
            ("complex:\n  ? [a, *l0]\n  : x\n", "11:9"),
            ("list:\n  - *l1 : x\n", "11:5")
        ]
        for form in forms {
            #expect(
                errors("---\nid: a\ntitle: 題\n" + bomb + form.yaml + "---\n") == [
                    "content/cases/a.md:\(form.position): error: invalid YAML: an alias (*name) is used as a key, or inside one; "
                        + "write the key out; aliases may stand only for values"
                ], "\(form.yaml)")
        }
        // A '*' that is no alias (quoted, in a key and in a value) and aliases as values read as before.
        var fields = try? read("---\nid: a\ntitle: &t \"*題*\"\nlaw: *t\n\"*x\": y\n---\n").get()
        #expect(fields?.string("law") == "*題*")
        #expect(fields?.string("*x") == "y")
    }

    @Test func aFewAliasesStillRead() throws {
        var fields = try read("---\nid: a\ntitle: &t 題\nlaw: *t\ncategories: &c [x, y]\ntechnologies: *c\n---\n").get()
        #expect(fields.string("law") == "題")
        #expect(fields.strings("technologies") == ["x", "y"])
        #expect(fields.diagnostics.isEmpty)
    }

    @Test func badIndentationIsReportedWithLineAndColumn() {
        let found = errors("---\nid: a\ntitle: 題\n  categories: [x]\n---\n")
        #expect(found.count == 1)
        #expect(
            found[0].hasPrefix(
                "content/cases/a.md:4:13: error: invalid YAML: mapping values are not allowed in this context"),
            "\(found)")
    }

    @Test func typeErrorsPointAtTheValue() throws {
        var fields = try read("---\nid: a\ntitle: 題\ndate: 2023-02-30\ndraft: maybe\ncategories: {a: 1}\n---\n").get()
        #expect(fields.date("date") == nil)
        #expect(fields.bool("draft") == nil)
        #expect(fields.strings("categories") == [])
        #expect(
            fields.diagnostics.map(\.description) == [
                "content/cases/a.md:4:7: error: 'date' is not a date: '2023-02-30'; write it as YYYY-MM-DD, e.g. 2024-06-28",
                "content/cases/a.md:5:8: error: 'draft' must be true or false, found 'maybe'",
                "content/cases/a.md:6:13: error: 'categories' must be a list such as [a, b], found a mapping"
            ])
    }

    @Test func missingRequiredFieldPointsAtTheMapping() throws {
        var fields = try read("---\nid: a\n---\n").get()
        #expect(fields.string("title", required: true) == nil)
        #expect(
            fields.diagnostics.map(\.description) == [
                "content/cases/a.md:2:1: error: missing required field 'title'; add a line 'title: …' with a text"
            ])
    }

    @Test func nestedMappingsReportQualifiedPaths() throws {
        var fields = try read(
            "---\nsources:\n  - {title: 出典, url: 'https://example.jp/'}\n  - just a string\n  - title: 二つ目\n---\n"
        ).get()
        let sources = fields.mappings("sources")
        #expect(sources.count == 2)
        var second = sources[1]
        #expect(second.string("url", required: true) == nil)
        fields.absorb(second)
        #expect(
            fields.diagnostics.map(\.description) == [
                "content/cases/a.md:4:5: error: item 2 of 'sources' must be a mapping with named fields, found 'just a string'",
                "content/cases/a.md:5:5: error: missing required field 'sources[3].url'; add a line 'url: …' with a text"
            ])
    }

    @Test func duplicateKeysAreErrors() throws {
        let found = errors("---\nid: a\ntitle: 一\ntitle: 二\n---\n")
        #expect(found.count == 1)
        #expect(found[0].hasPrefix("content/cases/a.md:"), "\(found)")
        #expect(found[0].contains("title"), "\(found)")
    }

    @Test func unknownKeysGetASuggestion() throws {
        var fields = try read("---\nid: a\ntitel: 題\n---\n").get()
        fields.rejectUnknownKeys(["id", "title", "date"])
        #expect(
            fields.diagnostics.map(\.description) == [
                "content/cases/a.md:3:1: error: unknown field 'titel'; did you mean 'title'?"
            ])
    }

    @Test func emptyFrontMatterIsReported() {
        #expect(
            errors("---\n---\n本文\n") == [
                "content/cases/a.md:1:1: error: front matter is empty; add at least 'id' and 'title'"
            ])
    }

    @Test func nonUTF8FileIsReportedAtTheBadByte() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("minaoshi-sjis-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let url = folder.appendingPathComponent("a.md")
        var bytes = Data("---\nid: a\ntitle: ".utf8)
        bytes.append(contentsOf: [0x8C, 0xA9, 0x92, 0xBC])  // 見直 in Shift_JIS
        bytes.append(contentsOf: Data("\n---\n".utf8))
        try bytes.write(to: url)
        #expect(throws: DiagnosticsError.self) { try SourceText.read(url, displayPath: "content/a.md") }
        do {
            _ = try SourceText.read(url, displayPath: "content/a.md")
        } catch {
            #expect(
                error.diagnostics.map(\.description) == [
                    "content/a.md:3:8: error: file is not valid UTF-8; save it as UTF-8 (Shift_JIS files can be converted with `iconv -f CP932 -t UTF-8`)"
                ])
        }
    }

    /// A file that cannot be read is one diagnostic naming it, why, and what to do; a named pipe
    /// is refused at once rather than waited on for a writer.
    @Test func unreadableFilesSayWhy() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
            "minaoshi-unreadable-\(UUID().uuidString)")
        try FileManager.default.createDirectory(
            at: folder.appendingPathComponent("b.md"), withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        #expect(mkfifo(folder.appendingPathComponent("pipe.md").path, 0o644) == 0)
        try FileManager.default.createSymbolicLink(
            atPath: folder.appendingPathComponent("loop.md").path, withDestinationPath: "loop.md")
        for (name, reason) in [
            (
                "a.md",
                "it does not exist, or is a symbolic link to nothing; if it is a link, point it at a file or remove it"
            ),
            (
                "b.md",
                "it is a folder, not a file; remove it or rename it without '.md'; only files (and links to files) are read"
            ),
            (
                "pipe.md",
                "it is a named pipe (FIFO), not a file; remove it or rename it without '.md'; only files (and links to files) are read"
            ),
            (
                "loop.md",
                "it is a symbolic link that leads round in a loop; point the link at a file, or put the file itself in its place"
            )
        ] {
            do {
                _ = try SourceText.read(folder.appendingPathComponent(name), displayPath: "content/\(name)")
                Issue.record("\(name) was read")
            } catch {
                #expect(
                    error.diagnostics.map(\.description) == ["content/\(name):1:1: error: cannot read file: \(reason)"])
            }
        }
        let text = folder.appendingPathComponent("c.md")
        try Data("\u{FEFF}---\r\nid: c\r\n".utf8).write(to: text)
        #expect(try SourceText.read(text, displayPath: "content/c.md").text == "---\nid: c\n")
    }

}
