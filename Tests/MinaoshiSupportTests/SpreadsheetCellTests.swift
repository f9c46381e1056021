import Testing

@testable import MinaoshiSupport

@Suite("Spreadsheet cells")
struct SpreadsheetCellTests {
    /// OWASP's triggers, alone, after spaces (ASCII, no-break and ideographic) and after a line
    /// break, get a leading `'`; the cell is otherwise kept as written.
    @Test(
        "A cell that would start a formula gets a leading quote",
        arguments: [
            #"=HYPERLINK("http://evil.example/","click")"#, "+1+cmd|' /C calc'!A0", "-2+3", "@SUM(A1:A9)",
            "\t=1", "\r=1", "\tplain", "\rplain", "  =1+1", "\u{A0}=1", "\u{3000}@x", "\n-1+1", "=", "+", "-", "@",
            "- 箇条書き", "-12 ", " -12", "-1e5", "--1", "-1.", "+.", "-1,000", "=1", "+3.5+1", "＝HYPERLINK(\"x\")", "＋1",
            "－12", "＠x"
        ])
    func neutralised(cell: String) {
        #expect(SpreadsheetCell.startsAFormula(cell))
        #expect(SpreadsheetCell.neutralised(cell) == "'" + cell)
    }

    @Test(
        "Plain numbers and ordinary text stay as they are",
        arguments: [
            "-12", "+3.5", "-0.25", "-.5", "+7", "12", "3.5", "", " ", "目視", "a=b", "mail@example.go.jp",
            "国土交通省", "'=already quoted", "数式＝なし", "2024-06-28", "a\t=1"
        ])
    func keptAsWritten(cell: String) {
        #expect(!SpreadsheetCell.startsAFormula(cell))
        #expect(SpreadsheetCell.neutralised(cell) == cell)
    }
}
