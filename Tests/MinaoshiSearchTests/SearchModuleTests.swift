import Foundation
import Testing

/// The search engine knows nothing of pages: of the project's modules and libraries its sources
/// import MinaoshiSupport only (Package.swift gives it no other; this keeps one from creeping back
/// in through a new dependency).
@Suite struct SearchModuleTests {
    @Test func searchSourcesImportNoProjectModuleButSupport() throws {
        let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent(
            "../../Sources/MinaoshiSearch"
        ).standardizedFileURL
        let files = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".swift") }
        #expect(files.count > 5)
        for file in files {
            let text = try String(contentsOf: folder.appendingPathComponent(file), encoding: .utf8)
            let imports = text.split(separator: "\n").filter {
                $0.hasPrefix("import ") || $0.contains(" import ") && !$0.hasPrefix("//") && !$0.hasPrefix(" ")
            }
            for line in imports {
                let module = line.split(separator: " ").last.map(String.init) ?? ""
                let allowed =
                    module == "MinaoshiSupport"
                    || !(module.hasPrefix("Minaoshi") || ["CCmarkGFM", "Yams"].contains(module))
                #expect(allowed, "\(file): \(line)")
            }
        }
    }
}
