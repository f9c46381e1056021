import Foundation
import FuzzDriver

@testable import MinaoshiSearch

/// The query parser: any text parses, and what it makes holds together: every term has runs,
/// a phrase is never a prefix, only the last term may be a prefix, and every run's slots can
/// be looked up (a run of a term has at least one slot, none of them empty).
@_cdecl("LLVMFuzzerTestOneInput")
func fuzz(_ data: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: count), as: UTF8.self)
    let query = SearchQuery(text)
    for (index, term) in query.terms.enumerated() {
        if term.runs.isEmpty { fatalError("\(text.debugDescription): term \(index) has no runs") }
        if term.phrase && term.prefix { fatalError("\(text.debugDescription): term \(index) is a phrase and a prefix") }
        if term.prefix && index != query.terms.count - 1 {
            fatalError("\(text.debugDescription): term \(index) is a prefix but not the last")
        }
        for (run, slots) in zip(term.runs, SearchQuery.slots(term)) {
            if slots.isEmpty { fatalError("\(text.debugDescription): run \(run.text.debugDescription) has no slots") }
            for slot in slots {
                switch slot {
                case .exact(let term), .prefix(let term):
                    if term.isEmpty {
                        fatalError("\(text.debugDescription): run \(run.text.debugDescription) has an empty slot")
                    }
                }
            }
        }
    }
    // The parse depends on the text alone.
    if SearchQuery(text) != query { fatalError("\(text.debugDescription) parses two ways") }
    _ = query.needles
    return 0
}

var argc = CommandLine.argc, argv = Optional(CommandLine.unsafeArgv)
exit(LLVMFuzzerRunDriver(&argc, &argv) { fuzz($0, $1) })
