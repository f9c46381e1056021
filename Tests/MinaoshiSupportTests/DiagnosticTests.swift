import MinaoshiSupport
import Testing

@Suite("Diagnostic")
struct DiagnosticTests {
    @Test("path:line:col: severity: message; hint")
    func description() {
        let error = Diagnostic.error(
            at: SourceLocation(file: "content/cases/foo.md", line: 12, column: 3),
            "unknown category 'visual'", hint: "expected one of 目視, 常駐"
        )
        #expect(
            error.description == "content/cases/foo.md:12:3: error: unknown category 'visual'; expected one of 目視, 常駐")
        let warning = Diagnostic.warning(at: SourceLocation(file: "a.md", line: 1, column: 1), "no summary")
        #expect(warning.description == "a.md:1:1: warning: no summary")
    }

    @Test("A cell of a workbook prints as file:sheet!C12, the sheet quoted as Excel quotes it")
    func cellLocation() {
        #expect(SourceLocation(file: "a.xlsx", line: 12, column: 3, sheet: "一覧").description == "a.xlsx:一覧!C12")
        #expect(
            SourceLocation(file: "a.xlsx", line: 1, column: 27, sheet: "令和3年度 一覧").description
                == "a.xlsx:'令和3年度 一覧'!AA1")
        #expect(
            SourceLocation(file: "a.xlsx", line: 1, column: 1, sheet: "O'Brien").description == "a.xlsx:'O''Brien'!A1")
        #expect(SourceLocation(file: "a.xlsx", line: 0, column: 0, sheet: "Sheet1").description == "a.xlsx:Sheet1!A1")
        #expect(SourceLocation(file: "a.csv", line: 12, column: 3).description == "a.csv:12:3")
        #expect(
            [1, 26, 27, 52, 702, 703, 16384].map(SourceLocation.columnLetters) == [
                "A", "Z", "AA", "AZ", "ZZ", "AAA", "XFD"
            ])
    }

    @Test("Locations are 1-based: smaller values are raised to 1")
    func locationClamps() {
        #expect(SourceLocation(file: "x.md", line: 0, column: -4).description == "x.md:1:1")
        #expect(SourceLocation(file: "x.md").description == "x.md:1:1")
    }

    @Test("Sorted by file, line, column, then message")
    func sorting() {
        let diagnostics = [
            Diagnostic.error(at: SourceLocation(file: "b.md", line: 1, column: 1), "z"),
            Diagnostic.warning(at: SourceLocation(file: "a.md", line: 10, column: 1), "y"),
            Diagnostic.error(at: SourceLocation(file: "a.md", line: 2, column: 5), "b"),
            Diagnostic.error(at: SourceLocation(file: "a.md", line: 2, column: 5), "a"),
            Diagnostic.warning(at: SourceLocation(file: "a.md", line: 2, column: 1), "c")
        ]
        #expect(
            diagnostics.sorted().map(\.description) == [
                "a.md:2:1: warning: c",
                "a.md:2:5: error: a",
                "a.md:2:5: error: b",
                "a.md:10:1: warning: y",  // lines compare as numbers, not text
                "b.md:1:1: error: z"
            ])
    }

    @Test("DiagnosticsError sorts and prints one line each")
    func diagnosticsError() {
        let error = DiagnosticsError([
            .error(at: SourceLocation(file: "b.md", line: 3, column: 1), "second"),
            .warning(at: SourceLocation(file: "a.md", line: 1, column: 2), "first", hint: "fix it")
        ])
        #expect(error.description == "a.md:1:2: warning: first; fix it\nb.md:3:1: error: second")
        #expect(error.diagnostics.containsErrors)
        #expect(![Diagnostic.warning(at: SourceLocation(file: "a.md"), "w")].containsErrors)
    }

    @Test("Severity: errors outrank warnings")
    func severity() {
        #expect(Severity.warning < .error)
        #expect(!(Severity.error < .warning))
        #expect([Severity.error, .warning].max() == .error)
    }
}
