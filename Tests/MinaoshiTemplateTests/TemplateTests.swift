import MinaoshiTemplate
import Testing

/// A view for tests: a dictionary of values, answering nil for names it does not hold.
struct Box: TemplateContext {
    var values: [String: TemplateValue]
    init(_ values: [String: TemplateValue]) { self.values = values }
    func templateValue(named name: String) -> TemplateValue? { values[name] }
}

/// Renders `main` with `templates` (name → source) registered beside it.
func render(_ main: String, _ context: Box, partials: [String: String] = [:]) throws -> String {
    var library = TemplateLibrary()
    library.register(try Template(main), named: "main")
    for (name, source) in partials { library.register(try Template(source), named: name) }
    return String(decoding: try library.render(context, with: "main"), as: UTF8.self)
}

@Suite("Mustache templates")
struct TemplateTests {
    @Test(
        "Variables are HTML-escaped on bytes; triple and & braces are not",
        arguments: [
            ("目視と<script>&\"'", "目視と&lt;script&gt;&amp;&quot;&#39;"),
            ("エスケープ不要の日本語", "エスケープ不要の日本語"),
            ("", ""),
            ("a<\u{0338}b", "a&lt;\u{0338}b"),  // a combining mark after '<' must not hide it
            ("🙂&🙂", "🙂&amp;🙂")
        ])
    func escaping(_ input: String, _ expected: String) throws {
        let box = Box(["x": .text(input)])
        #expect(try render("{{x}}", box) == expected)
        #expect(try render("{{{x}}}|{{& x}}", box) == "\(input)|\(input)")
    }

    @Test(
        "Bytes print as text does: escaped by {{x}}, as they are by {{{x}}}; a section shows for them, even empty",
        arguments: [
            ("<p>目視と&amp;</p>", "&lt;p&gt;目視と&amp;amp;&lt;/p&gt;"),
            ("12345678<abcdefgh>&", "12345678&lt;abcdefgh&gt;&amp;"),  // specials beyond the first eight bytes
            ("", "")
        ])
    func bytes(_ input: String, _ expected: String) throws {
        let box = Box(["x": .bytes(Array(input.utf8))])
        #expect(try render("{{x}}", box) == expected)
        #expect(try render("{{{x}}}|{{& x}}", box) == "\(input)|\(input)")
        #expect(try render("{{#x}}shown{{/x}}{{^x}}hidden{{/x}}", box) == "shown")
    }

    @Test("Numbers and booleans print; absent and unknown names print nothing")
    func scalars() throws {
        #expect(
            try render("[{{n}}][{{b}}][{{a}}][{{missing}}]", Box(["n": .number(42), "b": .bool(true), "a": .absent]))
                == "[42][true][][]")
    }

    @Test("Sections: false, absent and empty lists are skipped; lists repeat; views are pushed")
    func sections() throws {
        let items: [Box] = [Box(["label": .text("一")]), Box(["label": .text("二")])]
        let box = Box([
            "t": .bool(true), "f": .bool(false), "a": .absent, "empty": .list([Box]()),
            "items": .list(items), "view": .context(Box(["label": .text("中")])), "text": .text("")
        ])
        #expect(try render("{{#t}}T{{/t}}{{#f}}F{{/f}}{{#a}}A{{/a}}{{#empty}}E{{/empty}}", box) == "T")
        #expect(
            try render("{{^t}}T{{/t}}{{^f}}F{{/f}}{{^a}}A{{/a}}{{^empty}}E{{/empty}}{{^missing}}M{{/missing}}", box)
                == "FAEM")
        #expect(try render("{{#items}}<{{label}}>{{/items}}", box) == "<一><二>")
        #expect(try render("{{#view}}{{label}}{{/view}}", box) == "中")
        // Text, even empty, is present: the section renders once (as swift-mustache did).
        #expect(try render("{{#text}}X{{/text}}", box) == "X")
    }

    @Test("Names climb to enclosing views, but a view that answers absent stops the climb")
    func climbing() throws {
        let inner = Box(["date": .absent])
        let box = Box([
            "date": .text("2026-11-29"), "site": .context(Box(["base": .text("/b/")])), "items": .list([inner])
        ])
        #expect(try render("{{#items}}[{{date}}]{{site.base}}{{/items}}", box) == "[]/b/")
        #expect(try render("{{site.base}}{{site.missing}}{{missing.base}}", box) == "/b/")
        #expect(try render("{{#site}}{{.}}{{/site}}", Box(["site": .text("x")])) == "x")
    }

    @Test("A line holding one section, comment, partial or block tag leaves no trace")
    func standaloneLines() throws {
        let box = Box(["t": .bool(true)])
        #expect(try render("a\n{{#t}}\nb\n  {{/t}}  \nc\n{{! note }}\nd", box) == "a\nb\nc\nd")
        #expect(try render("a {{#t}}b{{/t}}\n", box) == "a b\n")  // not alone on its line
        #expect(try render("{{#t}}{{/t}}\nx", box) == "\nx")  // two tags: not standalone
        #expect(try render("x\n  {{> p}}\n", box, partials: ["p": "p\n"]) == "x\n  p\n")
    }

    @Test("A standalone partial is indented like its tag; partials see the caller's stack")
    func partials() throws {
        let box = Box(["name": .text("目視")])
        #expect(
            try render("<ul>\n  {{> item}}\n</ul>", box, partials: ["item": "<li>{{name}}</li>\n<li>2</li>\n"])
                == "<ul>\n  <li>目視</li>\n  <li>2</li>\n</ul>")
        let error = #expect(throws: TemplateError.self) { try render("[{{> missing}}]", box) }
        #expect(error?.description == "main:1:2: partial 'missing' does not exist")
        #expect(error?.kind == .missingTemplate("missing"))
    }

    @Test("Parents: blocks override defaults, the outermost override wins, text beside blocks is ignored")
    func inheritance() throws {
        let partials = [
            "base": "<title>{{$title}}既定{{/title}}</title>\n<main>\n{{$main}}{{/main}}\n</main>\n",
            "middle": "{{<base}}{{$title}}中間{{/title}}{{$main}}中間の本文{{/main}}{{/base}}"
        ]
        #expect(
            try render("{{<base}}\n{{$main}}\n本文\n{{/main}}\n{{/base}}\n", Box([:]), partials: partials)
                == "<title>既定</title>\n<main>\n本文\n\n</main>\n")
        #expect(
            try render("{{<middle}}{{$title}}外側{{/title}}ignored{{/middle}}", Box([:]), partials: partials)
                == "<title>外側</title>\n<main>\n中間の本文\n</main>\n")
        // A section inside a parent tag is not rendered, but the blocks in it override.
        #expect(
            try render("{{<base}}{{#never}}{{$title}}節の中{{/title}}{{/never}}{{/base}}", Box([:]), partials: partials)
                == "<title>節の中</title>\n<main>\n\n</main>\n")
    }

    @Test(
        "Syntax errors name the line and the column in characters",
        arguments: [
            ("a\n目視{{#x}}\n{{/y}}", 3, 1, "closed with a different name"),
            ("{{#x}}\nabc", 1, 1, "never closed"),
            ("ab\n 点検{{name", 2, 4, "not closed with '}}'"),
            ("{{/x}}", 1, 1, "never opened"),
            ("{{=<% %>=}}\n<%#x%>", 2, 1, "never closed"),  // set delimiters apply to what follows
            ("{{=<%=}}", 1, 1, "set-delimiter"),
            ("{{a b}}", 1, 1, "no spaces"),
            ("{{#}}{{/}}", 1, 1, "no name")
        ])
    func syntaxErrors(_ source: String, _ line: Int, _ column: Int, _ message: String) {
        do {
            _ = try Template(source)
            Issue.record("'\(source)' must not parse")
        } catch {
            #expect(error.line == line)
            #expect(error.column == column)
            #expect(error.message.contains(message), "\(error.message)")
        }
    }

    @Test("A template names the partials and parents it uses")
    func references() throws {
        #expect(
            try Template("{{<base}}{{$main}}{{> partials/list}}{{/main}}{{/base}}").referencedTemplates == [
                "base", "partials/list"
            ])
    }
}
