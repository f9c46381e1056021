import Foundation
import MinaoshiSupport

/// Prints diagnostics to standard error, one per line, `path:line:col: severity: message; hint`,
/// followed by a count, so editors can jump to each and people see the total.
enum DiagnosticPrinter {
    static func print(_ diagnostics: [Diagnostic]) {
        guard !diagnostics.isEmpty else { return }
        var text = diagnostics.sorted().map(\.description).joined(separator: "\n") + "\n"
        let errors = diagnostics.filter { $0.severity == .error }.count
        let warnings = diagnostics.count - errors
        text += "\(count(errors, "error")), \(count(warnings, "warning"))\n"
        FileHandle.standardError.write(Data(text.utf8))
    }

    static func count(_ n: Int, _ noun: String) -> String {
        "\(n) \(noun)\(n == 1 ? "" : "s")"
    }
}
