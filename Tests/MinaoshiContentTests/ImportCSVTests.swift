import Foundation
import MinaoshiSupport
import Testing

@testable import MinaoshiContent

@Suite struct ImportCSVTests {
    private func values(_ rows: [CSVRow]) -> [[String]] { rows.map { $0.fields.map(\.value) } }

    @Test func quotedFieldsHoldCommasDoubledQuotesAndLineBreaks() {
        let rows = CSVParser.parse("a,\"b,c\",\"say \"\"hi\"\"\"\r\n\"line 1\r\nline 2\",,\"\"\r\n", file: "x.csv")
        #expect(values(rows) == [["a", "b,c", "say \"hi\""], ["line 1\nline 2", "", ""]])
        #expect(rows.map(\.line) == [1, 2])
        #expect(rows.allSatisfy { $0.diagnostics.isEmpty })
    }

    @Test func eachFieldKeepsItsPhysicalLineAndColumn() {
        let text = "法令名,条項\n\"複数\n行の値\",12条\n道路法,\"42条\"\n"
        let rows = CSVParser.parse(text, file: "x.csv")
        #expect(rows.map(\.line) == [1, 2, 4])
        #expect(rows[1].fields.map { [$0.line, $0.column] } == [[2, 1], [3, 6]])
        #expect(rows[2].fields.map { [$0.line, $0.column] } == [[4, 1], [4, 5]])
    }

    @Test(arguments: ["\r\n", "\n", "\r"])
    func everyLineEndingEndsARecord(lineEnd: String) {
        let rows = CSVParser.parse(["a,b", "c,d", ""].joined(separator: lineEnd), file: "x.csv")
        #expect(values(rows) == [["a", "b"], ["c", "d"]])
        #expect(rows.map(\.line) == [1, 2])
    }

    @Test func aByteOrderMarkIsSkippedAndNotCountedAsAColumn() {
        let rows = CSVParser.parse("\u{FEFF}ID,法令名\nx,\"建築基準法\"", file: "x.csv")
        #expect(values(rows) == [["ID", "法令名"], ["x", "建築基準法"]])
        #expect(rows[0].fields[0].column == 1)
        #expect(rows[1].fields[1].column == 3)
    }

    @Test func blankRowsAreMarkedAndTrailingCommasGiveEmptyFields() {
        let rows = CSVParser.parse("a,b,\n\n,,\n", file: "x.csv")
        #expect(values(rows) == [["a", "b", ""], [""], ["", "", ""]])
        #expect(rows.map(\.isBlank) == [false, true, true])
    }

    @Test func anUnclosedQuoteAndTextAfterAClosingQuoteAreReported() {
        let after = CSVParser.parse("a,\"b\"c,d\n", file: "x.csv")
        #expect(values(after) == [["a", "bc", "d"]])
        #expect(
            after[0].diagnostics.map(\.description) == [
                "x.csv:1:6: error: unexpected text after the closing quote of a field; quote the whole field and write a quote inside it as '\"\"'"
            ])
        let unclosed = CSVParser.parse("a,b\nc,\"d,e\nf\n", file: "x.csv")
        #expect(values(unclosed) == [["a", "b"], ["c", "d,e\nf\n"]])
        #expect(
            unclosed[1].diagnostics.map(\.description) == [
                "x.csv:2:3: error: this quoted field is never closed; add the closing '\"'; a quote inside a quoted field is written '\"\"'"
            ])
    }

    @Test func aQuoteInsideAnUnquotedFieldIsKeptAsText() {
        #expect(values(CSVParser.parse("12\"3,b", file: "x.csv")) == [["12\"3", "b"]])
    }

    // MARK: - Decoding

    /// 髙 (IBM extension, FBFC), ① (NEC special, 8740), ～ (8160, U+FF5E in CP932), 建築 (8C9A 927A),
    /// half-width ｶ (B6): only CP932, not JIS X 0208 Shift_JIS, has the first two.
    static let cp932: [UInt8] = [0xFB, 0xFC, 0x87, 0x40, 0x81, 0x60, 0x8C, 0x9A, 0x92, 0x7A, 0xB6, 0x0D, 0x0A]

    @Test func shiftJISIsDecodedAsCP932() throws {
        let text = try CSVDecoding.decode(Data(Self.cp932), as: .shiftJIS, file: "x.csv")
        #expect(text == "髙①\u{FF5E}建築ｶ\r\n")
    }

    @Test func anInvalidShiftJISByteIsReportedAtItsLineAndColumn() {
        let bytes: [UInt8] = Array("ab\n".utf8) + [0x8C, 0x9A, 0x81, 0x39, 0x41]
        let error = #expect(throws: DiagnosticsError.self) {
            try CSVDecoding.decode(Data(bytes), as: .shiftJIS, file: "x.csv")
        }
        #expect(
            error?.diagnostics.map(\.description) == [
                "x.csv:2:2: error: bytes 0x81 0x39 are not valid Shift_JIS (CP932); check --encoding: a file saved as UTF-8 needs --encoding utf-8"
            ])
        let truncated = #expect(throws: DiagnosticsError.self) {
            try CSVDecoding.decode(Data([0x41, 0x8C]), as: .shiftJIS, file: "x.csv")
        }
        #expect(truncated?.diagnostics.first?.message == "the file ends in the middle of a Shift_JIS character (0x8C)")
    }

    @Test func shiftJISReadAsUTF8PointsAtTheFirstBadByteAndSuggestsTheEncoding() {
        let bytes = Array("ID,法令名\r\nx,".utf8) + Self.cp932
        let error = #expect(throws: DiagnosticsError.self) {
            try CSVDecoding.decode(Data(bytes), as: .utf8, file: "x.csv")
        }
        #expect(
            error?.diagnostics.map(\.description) == [
                "x.csv:2:3: error: byte 0xFB is not valid UTF-8; files saved by Excel as 'CSV' are usually Shift_JIS: add --encoding shift_jis"
            ])
    }

    // MARK: - Dates

    @Test(arguments: [
        ("2022-01-18", "2022-01-18"), ("2022/1/18", "2022-01-18"), ("2022.1.8", "2022-01-08"),
        ("2022年1月18日", "2022-01-18"),
        ("令和4年1月18日", "2022-01-18"), ("令和元年5月1日", "2019-05-01"), ("令和１年５月１日", "2019-05-01"),
        ("平成31年4月30日", "2019-04-30"), ("平成元年1月8日", "1989-01-08"), ("昭和64年1月7日", "1989-01-07"),
        ("R4.1.18", "2022-01-18"), ("h31/4/30", "2019-04-30"), (" ２０２２／０１／１８ ", "2022-01-18")
    ])
    func datesAreReadInTheFormsSpreadsheetsUse(text: String, expected: String) throws {
        #expect(try ImportDate.parse(text).get().iso8601 == expected)
    }

    @Test(arguments: [
        ("2022-02-30", "there is no such day in the calendar"),
        ("令和4年2月30日", "there is no such day in the calendar"),
        ("令和1年4月30日", "令和 began on 2019-05-01"),
        ("平成31年5月1日", "平成 ran from 1989-01-08 to 2019-04-30"),
        ("平成0年1月1日", "there is no such day in the calendar"),
        ("18/01/2022", "write it as 2022-01-18, 2022/1/18 or 令和4年1月18日"),
        ("令和4年", "write it as 2022-01-18, 2022/1/18 or 令和4年1月18日")
    ])
    func impossibleAndUnreadableDatesSayWhy(text: String, reason: String) {
        #expect(ImportDate.parse(text) == .failure(ImportProblem(message: reason)))
    }
}
