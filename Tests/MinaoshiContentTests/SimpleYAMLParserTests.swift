import Foundation
import MinaoshiSupport
import Testing
import Yams

@testable import MinaoshiContent

/// The front matter fast path against Yams: whatever it reads must be the tree Yams composes,
/// marks, styles and tags included, and whatever it declines Yams reads.
@Suite struct SimpleYAMLParserTests {
    /// Texts the fast path must read itself, each as Yams does.
    @Test(arguments: [
        "id: a",
        "id: a\ntitle: 題",
        "id: reg-000001\ntitle: \"係留施設の定期検査・点検に関する規制の見直し（第1号）\"\nlaw: \"港湾法\"\narticle: \"32条5項\"",
        "categories: [periodic-inspection]\ntechnologies: [online-application, drones]\ndate: 2025-09-10",
        "sources:\n  - {title: \"デジタル庁 規制の見直しの一覧\", url: \"https://www.mlit.go.jp/a/1.html\"}\n  - {title: \"報告書\", url: \"https://example.jp/2.html\"}",
        "outcomes:\n  - {label: \"対象の施設\", value: \"約17%削減\", period: \"2025年度\"}\ndate: 2023-08-16",
        "regulations:\n- reg-1\n- \"reg-2\"\nid: x",
        "a: [ a , b ,c ]\nb: []\nc: {}\nd: { before: 1, after: 3 }",
        "title: 全角　スペース　\ndraft: true\nflag: yes\ncount: 0x1F",
        "title: 見直し[第1号]{注},付き\nlaw: 道路法 第42条",
        "t: \"  前後に空白  \"\nu: \"a: b # c\"\nv: \"'single' and [brackets]\"",
        "\n\nid: after-blank-lines\n\ntitle: 空行のあと\n",
        "id:    several-spaces   \ntitle: trailing-spaces    ",
        "empty: \"\"\nnull: ~\nnothing: null",
        "k_1: v\nK-2: \"𠮷野家\"\nurl: https://example.jp/a#b",
        "a: x:y\nb: a#b\nc: 50%\nd: x - y",
        "list:\n    - \"deep\"\n    - [nested-flow]\n",
        "title: ＡＢＣ－１２３\nnote: \"ｶﾀｶﾅと　全角\""
    ])
    func readsAsYamsDoes(_ yaml: String) throws {
        let fast = SimpleYAMLParser.parse(yaml)
        #expect(fast != nil, "the fast path should read \(yaml.debugDescription)")
        #expect(try fast == YAMLNode.composedByYams(yaml))
    }

    /// Whole numbers: the plain decimals read without Yams must be the numbers Yams reads, and
    /// every other form (YAML 1.1 octal, hex, underscores, sexagesimal, quoted, too long) Yams's.
    @Test(arguments: [
        "0", "3", "-12", "+5", "017", "00", "-0", "0x1F", "0o17", "0b101", "1_000", "1:30", "-1:30",
        "999999999999999999", "-999999999999999999", "9223372036854775807", "9999999999999999999", "",
        "-x", "1e3", "３", "12a", "1.0", "'7'", "\"8\"", "~"
    ])
    func wholeNumbersReadAsYamsReadsThem(_ text: String) throws {
        let node = try #require(try YAMLNode.composedByYams("n: \(text)")?.mapping?.first?.value)
        let yams = try #require(try Yams.compose(yaml: "n: \(text)")?.mapping?.first?.value)
        #expect(node.int == yams.int, "\(text)")
        if text == "3" { #expect(node.int == 3) }
        if text == "-12" { #expect(node.int == -12) }
    }

    /// Texts the fast path must leave to Yams: its errors, or YAML it does not read.
    @Test(arguments: [
        "", "\n\n", "# comment\nid: a", "id: a # comment", "id: 'single'", "id: \"esc\\\"aped\"",
        "id: \"multi\n  line\"",
        "id: plain\n  continued", "id: a\n\n  continued", "id:", "id:\ntitle: b", "id: a\nid: b", "a: {x: 1, x: 2}",
        "id: &anchor a\nb: *anchor", "id: !tag a", "id: |\n  block", "id: >\n  folded", "a: b: c", "a: [x,\n  y]",
        "a: [x, y,]", "a: {x: 1", "a: [x", "a: \"open", "- a\n- b", "nested:\n  key: value", "a: [[x]]", "a: [{x: 1}]",
        "a:\n  - x\n\n  - y", "a:\n  - x\n   - y", "a:\n  - x\n    continued", "a:\n  - ", "a:\n  -x",
        "? complex\n: key",
        "a : b", "\"quoted\": key", "a: x\u{2028}y", "a: x\u{85}y", "a: \u{FEFF}x", "a: x\u{7F}", "a: \u{1}",
        "a: {b : c}", "a: {\"b\": c}", "a: -1", "a: [-x]", "a: [a:b]", "%YAML 1.2\n---\na: b", "a: b\n...",
        "a: b\n---\nc: d", "a: x #", "a: [x] y", "a: \"x\" y", "a: {b: c} d", "a: x:", "a: `x`", "a: @x", "id: a\t",
        "ﾊﾝｶｸ: no", "a.b: c"
    ])
    func leavesTheRestToYams(_ yaml: String) {
        #expect(SimpleYAMLParser.parse(yaml) == nil, "the fast path should decline \(yaml.debugDescription)")
    }

    /// Every front matter of the shipped site: read as Yams reads it, and most of it by the fast path.
    @Test func shippedFrontMatterReadsAsYamsDoes() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        let files = CorpusLoader.markdownFiles(root: root)
        #expect(files.count > 20)
        var fast = 0
        for file in files {
            let source = try SourceText.read(root.appendingPathComponent(file), displayPath: file)
            let yaml = try FrontMatterSplitter.split(source).yaml
            guard let node = SimpleYAMLParser.parse(yaml) else { continue }
            fast += 1
            #expect(try node == YAMLNode.composedByYams(yaml), "\(file)")
        }
        #expect(fast * 10 >= files.count * 9, "the fast path read \(fast) of \(files.count) files")
    }

    /// The readers' null, bool and int are Yams's: native for null, Yams's own code for the others.
    @Test(arguments: [
        "", "~", "null", "Null", "NULL", "nULL", "\"null\"", "\"\"", "true", "True", "yes", "off", "\"true\"",
        "1", "012", "0x1F", "-3", "1_000", "1:30", "\"1\"", "１", "[a]", "{a: b}"
    ])
    func scalarReadsMatchYams(_ value: String) throws {
        let yaml = "k: \(value)"
        let yams = try #require(try YAMLNode.composedByYams(yaml)?.mapping?.first?.value)
        if let fast = SimpleYAMLParser.parse(yaml)?.mapping?.first?.value { #expect(fast == yams) }
        let node = Yams.Node.composedValue(value)
        #expect(yams.isNull == (node?.null != nil))
        #expect(yams.bool == node?.bool)
        #expect(yams.int == node?.int)
    }
}

extension Yams.Node {
    /// The value as it stands in `k: value`, composed the way front matter is.
    fileprivate static func composedValue(_ value: String) -> Yams.Node? {
        (try? Yams.compose(yaml: "k: \(value)", .basic, .default, .utf8))?.mapping?.first?.value
    }
}
