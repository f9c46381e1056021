import Foundation
import FuzzDriver
import MinaoshiSupport

@testable import MinaoshiContent

/// CSV import: any bytes, read as UTF-8 or as Shift_JIS (the first byte chooses), go through the
/// whole import in a dry run against the repository's own vocabularies (`content/_data`, from the
/// folder the fuzzer runs in: `scripts/fuzz.sh` runs it at the repository's root). A crash is
/// the bug; every problem must be a diagnostic inside the file, and no row may be both planned
/// and counted bad.
enum Project {
    static let root = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
}

@_cdecl("LLVMFuzzerTestOneInput")
func fuzz(_ data: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    guard count > 0, let data else { return 0 }
    var options = RegulationImportOptions(root: Project.root)
    options.dryRun = true
    options.encoding = data[0] & 1 == 0 ? .utf8 : .shiftJIS
    let bytes = Data(UnsafeBufferPointer(start: data + 1, count: count - 1))
    let report = RegulationImporter.run(csv: bytes, file: "list.csv", options: options)
    if !report.written.isEmpty { fatalError("a dry run wrote \(report.written)") }
    for diagnostic in report.diagnostics
    where diagnostic.location.file != "list.csv" && !diagnostic.location.file.hasPrefix("content/_data/") {
        fatalError("a diagnostic outside the file: \(diagnostic)")
    }
    for planned in report.planned {
        if !CorpusLoader.isValidID(planned.id) { fatalError("planned an invalid id \(planned.id.debugDescription)") }
    }
    return 0
}

var argc = CommandLine.argc, argv = Optional(CommandLine.unsafeArgv)
exit(LLVMFuzzerRunDriver(&argc, &argv) { fuzz($0, $1) })
