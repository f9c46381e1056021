import MinaoshiTemplate
import Testing

/// However a template refers to itself or nests, it ends in an error with its place, never in a
/// crash: loops the data cannot stop are found before rendering (`TemplateLibrary.problems()`),
/// the rest stop at `TemplateLibrary.maximumDepth`, and a template nesting deeper than
/// `Template.maximumNesting` does not parse.
@Suite("Template loops and limits")
struct TemplateLimitTests {
    private func library(_ sources: [String: String]) throws -> TemplateLibrary {
        var library = TemplateLibrary()
        for (name, source) in sources { library.register(try Template(source), named: name) }
        return library
    }

    private func renderError(_ library: TemplateLibrary, _ name: String, _ context: Box = Box([:])) -> TemplateError? {
        #expect(throws: TemplateError.self) { try library.render(context, with: name) }
    }

    @Test("A template that is its own parent, two parents naming each other and a partial including itself are loops")
    func loops() throws {
        let library = try library([
            "self": "{{<self}}{{/self}}",
            "a": "<p>\n  {{<b}}{{$x}}{{/x}}{{/b}}",
            "b": "{{<a}}{{/a}}",
            "again": "x {{>again}}"
        ])
        #expect(
            library.problems().map(\.description) == [
                "a:2:3: 'a' includes itself whatever the data: a → b → a",
                "again:1:3: 'again' includes itself whatever the data: again → again",
                "b:1:1: 'b' includes itself whatever the data: b → a → b",
                "self:1:1: 'self' includes itself whatever the data: self → self"
            ])
        #expect(library.problems().allSatisfy { $0.kind == .loop })
        // Rendered all the same, each stops at the depth limit instead of overflowing the stack.
        for name in ["self", "a", "b", "again"] {
            #expect(renderError(library, name)?.kind == .tooDeep, "\(name)")
        }
    }

    @Test("A partial inside a section may include itself; data that never ends it stops at the depth limit")
    func recursionTheDataEnds() throws {
        let library = try library([
            "node": "{{name}}({{#children}}{{>node}}{{/children}})", "loop": "{{#always}}.{{>loop}}{{/always}}"
        ])
        #expect(library.problems().isEmpty)
        let leaf = Box(["name": .text("葉"), "children": .list([Box]())])
        let tree = Box(["name": .text("根"), "children": .list([Box(["name": .text("枝"), "children": .list([leaf])])])])
        #expect(String(decoding: try library.render(tree, with: "node"), as: UTF8.self) == "根(枝(葉()))")
        let error = renderError(library, "loop", Box(["always": .bool(true)]))
        #expect(error?.kind == .tooDeep)
        #expect(error?.template == "loop")
        // At the section (column 1) or the partial (column 12), whichever went past the limit.
        #expect(error?.line == 1)
        #expect(error?.column == 1 || error?.column == 12)
        #expect(error?.message.contains("more than \(TemplateLibrary.maximumDepth) levels deep") == true)
    }

    /// A chain of views `depth` deep, ended by `next: false`: a partial that goes down it twice
    /// at every level is ended by the data (two levels of depth a view, under the depth limit for
    /// 30 views) after 2^depth leaves.
    private func chain(_ depth: Int, leaf: [String: TemplateValue] = [:]) -> Box {
        var view = Box(leaf.merging(["next": .bool(false)]) { kept, _ in kept })
        for _ in 0..<depth { view = Box(leaf.merging(["next": .context(view)]) { kept, _ in kept }) }
        return view
    }

    /// The bound is set low here: the default's 20 million steps take about a minute in a debug
    /// build, which is what the bound is for, but not what a test should spend.
    @Test("A partial that includes itself twice a level stops at the bound of work, not after 2^30 leaves")
    func exponentialExpansionStopsAtTheStepBound() throws {
        var library = try library(["twice": "{{#next}}{{>twice}}{{>twice}}{{/next}}{{^next}}.{{/next}}"])
        library.maximumSteps = 100_000
        #expect(library.problems().isEmpty)
        #expect(String(decoding: try library.render(chain(3), with: "twice"), as: UTF8.self) == "........")
        let error = renderError(library, "twice", chain(30))
        #expect(error?.kind == .tooLarge)
        #expect(error?.template == "twice")
        #expect(error?.line == 1)
        #expect(
            error?.message.contains(
                "more than 100000 sections, list items and partials, or more than 256 MiB, for one page") == true,
            "\(String(describing: error))")
    }

    @Test("Output that doubles a level stops at the bound of bytes")
    func exponentialOutputStopsAtTheByteBound() throws {
        var library = try library(["grow": "{{#next}}{{text}}{{>grow}}{{>grow}}{{/next}}"])
        library.maximumBytes = 1 << 20
        let error = renderError(library, "grow", chain(30, leaf: ["text": .text(String(repeating: "あ", count: 1000))]))
        #expect(error?.kind == .tooLarge)
        #expect(error?.message.contains("or more than 1 MiB, for one page") == true)
        // A list of 10,000 takes 10,001 steps (the section and each item): it renders whole at that
        // bound and stops one below it; steps count list items, not only nesting.
        library.maximumSteps = 10_001
        library.register(try Template("{{#items}}{{.}}{{/items}}"), named: "list")
        let items = TemplateValue.list(TemplateValueList((0..<10_000).map { TemplateValue.number($0) }))
        #expect(
            try library.render(Box(["items": items]), with: "list").count
                == (0..<10_000).map { String($0).utf8.count }.reduce(0, +))
        library.maximumSteps = 10_000
        #expect(renderError(library, "list", Box(["items": items]))?.kind == .tooLarge)
    }

    @Test("A block whose override includes its page stops at the limit, at the tag past it")
    func blockLoop() throws {
        // Six levels a round (section, parent, block, section, section, partial): the 201st is the block.
        let library = try library([
            "blocky": "<div>\n{{$x}}{{/x}}\n</div>",
            "page": "{{#t}}{{<blocky}}{{$x}}{{#t}}{{#t}}{{>page}}{{/t}}{{/t}}{{/x}}{{/blocky}}{{/t}}"
        ])
        #expect(library.problems().isEmpty)  // the partial is inside sections and a block: only the render can tell
        let error = renderError(library, "page", Box(["t": .bool(true)]))
        #expect(error?.kind == .tooDeep)
        #expect(error.map { "\($0.template):\($0.line):\($0.column)" } == "blocky:2:1")
    }

    @Test("A chain of partials deeper than the limit stops with an error")
    func longChain() throws {
        var sources: [String: String] = [:]
        for level in 0..<1_000 { sources["p\(level)"] = "{{>p\(level + 1)}}" }
        sources["p1000"] = "end"
        let library = try library(sources)
        #expect(library.problems().isEmpty)
        #expect(renderError(library, "p0")?.kind == .tooDeep)
        #expect(String(decoding: try library.render(Box([:]), with: "p900"), as: UTF8.self) == "end")
    }

    @Test("5,000 nested sections do not parse: the tag past the limit is the error")
    func deepNesting() throws {
        let depth = 5_000
        let source = String(repeating: "{{#a}}", count: depth) + String(repeating: "{{/a}}", count: depth)
        do {
            _ = try Template(source)
            Issue.record("\(depth) nested sections must not parse")
        } catch {
            #expect(error.line == 1)
            #expect(error.column == Template.maximumNesting * 6 + 1)
            #expect(error.message.contains("nest more than \(Template.maximumNesting) deep"))
        }
        // At the limit, a template parses and renders.
        let limit = Template.maximumNesting
        let deepest = String(repeating: "{{#a}}", count: limit) + "x" + String(repeating: "{{/a}}", count: limit)
        #expect(try render(deepest, Box(["a": .bool(true)])) == "x")
    }

    @Test("Missing partials and parents are found before rendering, at their tags")
    func missing() throws {
        let library = try library([
            "page": "{{<base}}{{$main}}\n  {{> partials/paginaton}}{{/main}}{{/base}}", "base": "{{$main}}{{/main}}"
        ])
        #expect(library.problems().map(\.description) == ["page:2:3: partial 'partials/paginaton' does not exist"])
        #expect(library.problems().first?.kind == .missingTemplate("partials/paginaton"))
        let other = try self.library(["page": "{{#x}}{{<gone}}{{/gone}}{{/x}}"])
        #expect(other.problems().map(\.description) == ["page:1:7: parent 'gone' does not exist"])
    }

    @Test("A multi-line value in an indented partial keeps its lines as they are")
    func multiLineValueInIndentedPartial() throws {
        let box = Box(["code": .text("a\n b\nc")])
        #expect(
            try render("<div>\n  {{> pre}}\n</div>\n", box, partials: ["pre": "<pre>{{code}}</pre>\n<p>\n"])
                == "<div>\n  <pre>a\n b\nc</pre>\n  <p>\n</div>\n")
    }
}
