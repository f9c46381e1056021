import Foundation
import FuzzDriver

@testable import MinaoshiContent

/// Front matter: whatever the fast path (`SimpleYAMLParser`) reads must be the tree Yams composes,
/// node for node, marks, styles and tags included (`YAMLMapping.parse` takes the fast path's tree
/// without asking Yams). Where the fast path declines, Yams reads the text; that path is not
/// compared, since there is nothing to compare it with.
@_cdecl("LLVMFuzzerTestOneInput")
func fuzz(_ data: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    let yaml = String(decoding: UnsafeBufferPointer(start: data, count: count), as: UTF8.self)
    guard let fast = SimpleYAMLParser.parse(yaml) else { return 0 }
    let yams: YAMLNode?
    do {
        yams = try YAMLNode.composedByYams(yaml)
    } catch {
        fatalError("the fast path read \(yaml.debugDescription) as \(fast), but Yams refuses it: \(error)")
    }
    if fast != yams {
        fatalError(
            "the fast path and Yams disagree on \(yaml.debugDescription):\nfast \(fast)\nYams \(String(describing: yams))"
        )
    }
    return 0
}

var argc = CommandLine.argc, argv = Optional(CommandLine.unsafeArgv)
exit(LLVMFuzzerRunDriver(&argc, &argv) { fuzz($0, $1) })
