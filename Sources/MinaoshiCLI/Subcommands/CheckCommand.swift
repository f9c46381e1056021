import ArgumentParser
import Foundation
import MinaoshiContent
import MinaoshiSite
import MinaoshiSupport

struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Checks content/, minaoshi.yml and templates/ and reports every problem, without writing anything."
    )

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case text, json
    }

    @OptionGroup var project: ProjectOptions

    @Option(help: "Output format: text (path:line:col: …) or json (for editors and CI).")
    var format: Format = .text

    func run() throws {
        let root = project.rootURL
        var options = BuildOptions(
            root: root, includeDrafts: project.drafts, includeFuture: project.future, today: try project.today())
        options.freesMemoryWhenDone = false  // the process ends after the check
        var diagnostics: [Diagnostic]
        var documentCount = 0
        do throws(DiagnosticsError) {
            // The steps `build` runs, short of writing: what build would refuse, check reports.
            let result = try BuildPipeline.standard.run(options, mode: .check)
            diagnostics = result.diagnostics
            documentCount = result.documentCount
        } catch {
            diagnostics = error.diagnostics
        }
        diagnostics.sort()

        switch format {
        case .text:
            DiagnosticPrinter.print(diagnostics)
            if !diagnostics.containsErrors { Swift.print("Checked \(documentCount) documents: no errors") }
        case .json:
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            let report = CheckReport(
                documents: documentCount, errors: diagnostics.filter { $0.severity == .error }.count,
                warnings: diagnostics.filter { $0.severity == .warning }.count, diagnostics: diagnostics)
            Swift.print(String(decoding: try encoder.encode(report), as: UTF8.self))
        }
        if diagnostics.containsErrors { throw ExitCode.failure }
    }
}

/// The `--format json` output of `check`.
struct CheckReport: Encodable {
    var documents: Int
    var errors: Int
    var warnings: Int
    var diagnostics: [Diagnostic]
}
