import Foundation
import FuzzDriver
import MinaoshiSupport

@testable import MinaoshiContent

/// `.xlsx` import: any bytes, as a workbook (ZIP of XML parts), go through the whole import in a
/// dry run against the repository's vocabularies (`content/_data`, from the folder the fuzzer runs
/// in), with small limits so that a zip bomb is refused quickly. A crash is the bug; every
/// problem must be a diagnostic.
enum Project {
    static let root = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
}

@_cdecl("LLVMFuzzerTestOneInput")
func fuzz(_ data: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    var options = RegulationImportOptions(root: Project.root)
    options.dryRun = true
    var limits = XLSXLimits()
    limits.partBytes = 1 << 20
    limits.totalBytes = 4 << 20
    limits.entries = 100
    limits.mergedCells = 10_000
    let bytes = Data(UnsafeBufferPointer(start: data, count: count))
    let report = RegulationImporter.run(xlsx: bytes, file: "list.xlsx", sheet: nil, options: options, limits: limits)
    if !report.written.isEmpty { fatalError("a dry run wrote \(report.written)") }
    for planned in report.planned {
        if !CorpusLoader.isValidID(planned.id) { fatalError("planned an invalid id \(planned.id.debugDescription)") }
    }
    return 0
}

var argc = CommandLine.argc, argv = Optional(CommandLine.unsafeArgv)
exit(LLVMFuzzerRunDriver(&argc, &argv) { fuzz($0, $1) })
