import Foundation
import FuzzDriver
import MinaoshiTemplate

/// The template parser and renderer: any bytes parse or give a positioned syntax error; a parsed
/// template renders against a small fixed view, or stops with a render error. Crashes and hangs
/// are the bugs. A template that includes itself is rendered only when `problems()` finds no
/// unconditional loop, as the site does. One that includes itself more than once doubles the
/// work at each level: the render's bound of steps stops it (set low here, so that such an input
/// takes a moment, not the default's 20 million steps).

struct Item: TemplateContext {
    var index: Int
    func templateValue(named name: String) -> TemplateValue? {
        switch name {
        case "title": .text("項目 \(index) <b>&\"'")
        case "index": .number(index)
        case "first": .bool(index == 0)
        default: nil
        }
    }
}

struct Page: TemplateContext {
    func templateValue(named name: String) -> TemplateValue? {
        switch name {
        case "title": .text("<script>alert(1)</script> 見直し & 題")
        case "body": .bytes(Array("<p>本文</p>\n".utf8))
        case "count": .number(3)
        case "flag": .bool(true)
        case "off": .bool(false)
        case "missing": .absent
        case "empty": .list(TemplateValueList([]))
        // One element: a list of more would multiply the work by its length at each level of nesting.
        case "items": .list(TemplateValueList([.context(Item(index: 0))]))
        case "words": .list(TemplateValueList([.text("a")]))
        case "page": .context(self)
        default: nil
        }
    }
}

enum Fixed {
    static let partials: [(name: String, text: String)] = [
        ("partial", "[{{title}}]\n"),
        ("partials/header", "<h1>{{title}}</h1>\n{{$extra}}default{{/extra}}\n"),
        ("layout", "<main>{{$content}}empty{{/content}}</main>{{$side}}{{/side}}\n")
    ]
    static let name = "fuzzed"
}

@_cdecl("LLVMFuzzerTestOneInput")
func fuzz(_ data: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: count), as: UTF8.self)
    let template: Template
    do {
        template = try Template(text)
    } catch {
        if error.line < 1 || error.column < 1 {
            fatalError("\(text.debugDescription): an error at \(error.line):\(error.column)")
        }
        return 0
    }
    var library = TemplateLibrary()
    for partial in Fixed.partials { library.register(try! Template(partial.text), named: partial.name) }
    library.register(template, named: Fixed.name)
    library.maximumSteps = 100_000
    library.maximumBytes = 4 << 20
    guard library.problems().isEmpty else { return 0 }
    do {
        let first = try library.render(Page(), with: Fixed.name)
        let second = try library.render(Page(), with: Fixed.name)
        if first != second { fatalError("\(text.debugDescription) renders two ways") }
    } catch {
        if error.line < 1 || error.column < 1 {
            fatalError("\(text.debugDescription): a render error at \(error.line):\(error.column)")
        }
    }
    return 0
}

var argc = CommandLine.argc, argv = Optional(CommandLine.unsafeArgv)
exit(LLVMFuzzerRunDriver(&argc, &argv) { fuzz($0, $1) })
