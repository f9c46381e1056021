import Foundation
import FuzzDriver
import MinaoshiMarkdown

/// The cmark layer: any bytes render, with the site's options and with raw HTML allowed, without
/// a crash or a leak (AddressSanitizer's leak check sees every cmark node not freed).
@_cdecl("LLVMFuzzerTestOneInput")
func fuzz(_ data: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    let source = String(decoding: UnsafeBufferPointer(start: data, count: count), as: UTF8.self)
    let first = count > 0 ? data![0] : 0
    var options = MarkdownOptions.site
    options.allowRawHTML = first & 1 == 1
    options.footnotes = first & 2 == 0
    let rendered = MarkdownRenderer.render(
        source, options: options, lineOffset: Int(first >> 2),
        rewriteLink: { $0.hasSuffix(".md") ? String($0.dropLast(3)) + "/" : nil })
    // Rendering twice gives the same output: nothing depends on state left by a parse.
    let again = MarkdownRenderer.render(
        source, options: options, lineOffset: Int(first >> 2),
        rewriteLink: { $0.hasSuffix(".md") ? String($0.dropLast(3)) + "/" : nil })
    if rendered.htmlBytes != again.htmlBytes || rendered.plainText != again.plainText {
        fatalError("two renders of \(source.debugDescription) differ")
    }
    return 0
}

var argc = CommandLine.argc, argv = Optional(CommandLine.unsafeArgv)
exit(LLVMFuzzerRunDriver(&argc, &argv) { fuzz($0, $1) })
