import Foundation
import MinaoshiSupport
import MinaoshiTestSupport
import Testing

@testable import MinaoshiContent

/// The workbook reader: what it makes of each kind of cell, and the rows it hands to the CSV path.
@Suite struct ImportXLSXTests {
    static let fixtures = ImportRegulationsTests.fixtures

    static func workbook(_ name: String) throws -> Data {
        try Data(contentsOf: fixtures.appendingPathComponent(name))
    }

    static func read(_ name: String, sheet: String? = nil, limits: XLSXLimits = XLSXLimits()) throws -> XLSXSheet {
        try XLSXWorkbook.read(workbook(name), file: name, sheet: sheet, limits: limits)
    }

    /// The problems reading `name` throws, as printed.
    static func problems(_ name: String, sheet: String? = nil, limits: XLSXLimits = XLSXLimits()) -> [String]? {
        #expect(throws: DiagnosticsError.self) { try read(name, sheet: sheet, limits: limits) }?.diagnostics.map(
            \.description)
    }

    /// Each row's values by cell reference (`C12`), blank cells left out.
    static func cells(_ sheet: XLSXSheet) -> [String: String] {
        var cells: [String: String] = [:]
        for row in sheet.rows {
            for field in row.fields where !field.value.isEmpty {
                cells[SourceLocation.columnLetters(field.column) + String(field.line)] = field.value
            }
        }
        return cells
    }

    // MARK: - Cell references

    @Test func cellReferencesAreReadAndThoseBeyondASheetAreMarked() {
        #expect(XLSXCellReference("C12") == XLSXCellReference(row: 12, column: 3))
        #expect(XLSXCellReference("xfd1048576")?.isInsideASheet == true)
        #expect(XLSXCellReference("XFE1")?.isInsideASheet == false)
        #expect(XLSXCellReference("A1048577")?.isInsideASheet == false)
        #expect(
            ["", "A", "12", "A0", "A-1", "Ａ1", "A1B"].map { XLSXCellReference($0[...]) }
                == Array(repeating: nil, count: 7))
    }

    // MARK: - Numbers and dates

    @Test func serialNumbersAreDaysOfThe1900And1904Systems() throws {
        let days = [
            (1.0, "1900-01-01"), (59, "1900-02-28"), (61, "1900-03-01"), (44579, "2022-01-18"),
            (44579.75, "2022-01-18"), (2_958_465, "9999-12-31")
        ]
        for (serial, day) in days {
            #expect(try XLSXNumberFormat.date(serial: serial, uses1904: false).get().iso8601 == day)
        }
        #expect(try XLSXNumberFormat.date(serial: 0, uses1904: true).get().iso8601 == "1904-01-01")
        #expect(try XLSXNumberFormat.date(serial: 42916, uses1904: true).get().iso8601 == "2021-07-01")
        #expect(
            XLSXNumberFormat.date(serial: 60, uses1904: false)
                == .failure(
                    ImportProblem(
                        message:
                            "the serial number 60 is 1900-02-29, which never existed (a leap-year bug Excel keeps from Lotus 1-2-3)"
                    )))
        #expect(
            XLSXNumberFormat.date(serial: 0, uses1904: false)
                == .failure(ImportProblem(message: "Excel shows the serial number 0 as 1900-01-00, which is no day")))
        #expect(
            XLSXNumberFormat.date(serial: -1, uses1904: false)
                == .failure(ImportProblem(message: "the number -1 is no date Excel can show")))
    }

    @Test(
        arguments: [
            (14, nil, true), (22, nil, true), (31, nil, true), (57, nil, true), (0, nil, false), (2, nil, false),
            (49, nil, false),
            (164, "yyyy\\-mm\\-dd", true), (164, "[$-ja-JP-x-gannen]ggge\"年\"m\"月\"d\"日\"", true), (164, "m/d", true),
            (164, "General", false), (164, "0.00E+00", false), (164, "#,##0\"日\"", false), (164, "[Red]0.0", false),
            (164, "h:mm:ss", false)
        ] as [(Int, String?, Bool)])
    func numberFormatsTellDatesFromNumbers(id: Int, code: String?, isDate: Bool) {
        #expect(XLSXNumberFormat.isDate(id: id, code: code) == isDate)
    }

    @Test func numbersReadAsExcelsGeneralFormatShowsThem() {
        #expect(
            [12, 12.5, 0.1 + 0.2, -0.0, 1e20, 123_456_789_012].map(XLSXNumberFormat.text) == [
                "12", "12.5", "0.3", "0", "1E+20", "123456789012"
            ])
    }

    @Test func serialDatesErrorValuesAndFormulasWithoutAValueAreReportedAtTheirCells() throws {
        let sheet = try Self.read("raw-serial-dates.xlsx")
        let cells = Self.cells(sheet)
        #expect(
            [cells["H2"], cells["H4"], cells["H5"], cells["B6"]] == ["1900-02-28", "1900-03-01", "2022-01-18", "12.5"])
        #expect(cells["F6"] == nil && cells["H3"] == nil && cells["H6"] == nil)
        #expect(
            sheet.rows.flatMap(\.diagnostics).map(\.description) == [
                "raw-serial-dates.xlsx:一覧!H3: error: the date in this cell cannot be read; the serial number 60 is 1900-02-29, which never existed (a leap-year bug Excel keeps from Lotus 1-2-3)",
                "raw-serial-dates.xlsx:一覧!F6: error: the cell holds the error value #N/A; correct the formula or type the value in the workbook",
                "raw-serial-dates.xlsx:一覧!H6: error: the formula in this cell has no saved value; open the workbook in Excel or LibreOffice and save it, so that it stores what the formula computes"
            ])
    }

    // MARK: - Text

    @Test func sharedStringsJoinRichTextRunsAndLeaveOutFurigana() throws {
        let sheet = try Self.read("raw-shared-strings.xlsx")
        let cells = Self.cells(sheet)
        #expect(cells["B2"] == "建築基準法")  // two runs; the reading ケンチク is left out
        #expect(cells["F2"] == "外壁の全面打診が\n求められていました。")  // _x000D_ and LF: one line break
        #expect(cells["H2"] == "2022-01-18")
        #expect(sheet.rows.map(\.line) == [1, 2])
    }

    @Test func cellsWithoutAReferenceFollowTheCellBeforeAndASpacesOnlyRowIsBlank() throws {
        let sheet = try Self.read("raw-implied-positions.xlsx")
        #expect(sheet.rows.map(\.line) == [2, 3, 5])
        #expect(sheet.rows[0].fields.map(\.value) == ["ID", "法令名", "所管府省庁", "類型", "見直し状況", "見直し前", "見直し後", "日付"])
        let cells = Self.cells(sheet)
        #expect([cells["A3"], cells["H3"], cells["B5"], cells["C5"]] == ["implied", "2022-01-18", "道路法", "国土交通省"])
        #expect(cells["C1"] == nil && sheet.rows.allSatisfy(\.diagnostics.isEmpty))
    }

    @Test func aFormulaGivesItsSavedValueNeverItsText() throws {
        let sheet = try Self.read("regulations-formula.xlsx")
        let cells = Self.cells(sheet)
        #expect(cells["B2"] == "宅地建物取引業法31条の3第1項の見直し")
        #expect(cells["G2"] == "改正済み")
        #expect(cells["K2"] == "2021-07-01")
        #expect(!cells.values.contains { $0.contains("DATE(") || $0.contains("C2&") || $0.contains("状況!") })
    }

    // MARK: - Sheets, headers, merged cells

    @Test func theFeaturesWorkbookIsReadByNameOrNumberWithItsMergedTwoRowHeader() throws {
        let byName = try Self.read("regulations-features.xlsx", sheet: "令和3年度 一覧")
        let byNumber = try Self.read("regulations-features.xlsx", sheet: "2")
        #expect(byName.name == "令和3年度 一覧" && byNumber.name == "令和3年度 一覧")
        #expect(Self.cells(byName) == Self.cells(byNumber))
        // Header cells merged down over rows 1–2 and 見直し merged across 前 and 後 make one header
        // row; the styled empty cell T9 adds neither a column nor a row.
        let header = try #require(byName.rows.first)
        #expect(
            header.fields.map(\.value) == [
                "ID", "件名", "法令名", "条項", "所管府省庁", "類型", "見直し状況", "見直し前", "見直し後", "技術", "日付", "出典URL", "確認済み", "メモ"
            ])
        #expect(byName.rows.map(\.line) == [1, 3, 4, 5])
        let cells = Self.cells(byName)
        #expect(cells["B3"] == "宅地建物取引士の専任（常勤）の解釈の見直し")  // an inline string of two rich-text runs
        #expect([cells["D4"], cells["K3"], cells["M3"], cells["M4"]] == ["59", "2021-07-01", "TRUE", "FALSE"])
        #expect(cells["N3"] == "=この行は式ではなく文字です")
        #expect(
            byName.rows.flatMap(\.diagnostics).map(\.description) == [
                "regulations-features.xlsx:'令和3年度 一覧'!N5: error: the cell holds the error value #N/A; correct the formula or type the value in the workbook"
            ])
        #expect(try Self.read("regulations-features.xlsx").name == "説明")  // the first sheet by default
    }

    @Test func anUnknownSheetIsOneErrorListingTheSheets() {
        for selector in ["一覧", "3", "0"] {
            #expect(
                Self.problems("regulations-features.xlsx", sheet: selector) == [
                    "regulations-features.xlsx:1:1: error: the workbook has no sheet '\(selector)'; its sheets are 1: 説明, 2: 令和3年度 一覧; --sheet takes a sheet's name or its number, counting from 1"
                ])
        }
    }

    @Test func the1904DateSystemFlagIsHonoured() throws {
        #expect(Self.cells(try Self.read("regulations-1904.xlsx"))["K2"] == "2021-07-01")
    }

    // MARK: - The same rows as the CSV reader

    /// The LibreOffice conversions of the CSV fixtures import to the same files as the CSV
    /// itself, and report the same problems at the same cells.
    @Test(arguments: [
        ("regulations-utf8", CSVEncoding.utf8), ("regulations-sjis", .shiftJIS), ("regulations-bad", .utf8)
    ])
    func aWorkbookImportsAsTheCSVItWasMadeFrom(name: String, encoding: CSVEncoding) throws {
        let site = try projectWithVocabularies()
        defer { site.remove() }
        var options = RegulationImportOptions(root: site.root)
        options.encoding = encoding
        options.dryRun = true
        let csv = RegulationImporter.run(csv: try Self.workbook(name + ".csv"), file: "list.csv", options: options)
        let xlsx = RegulationImporter.run(
            xlsx: try Self.workbook(name + ".xlsx"), file: "list.xlsx", sheet: nil, options: options)
        #expect(xlsx.planned.map(\.text) == csv.planned.map(\.text))
        #expect(xlsx.planned.map(\.relativePath) == csv.planned.map(\.relativePath))
        #expect(xlsx.badRows == csv.badRows)
        #expect(xlsx.diagnostics.map(\.message) == csv.diagnostics.map(\.message))
        #expect(xlsx.diagnostics.allSatisfy { $0.location.sheet == name })
    }

    @Test func badRowsOfAWorkbookAreReportedAtTheirCells() throws {
        let site = try projectWithVocabularies()
        defer { site.remove() }
        let report = RegulationImporter.run(
            xlsx: try Self.workbook("regulations-bad.xlsx"), file: "bad.xlsx", sheet: "1",
            options: RegulationImportOptions(root: site.root))
        #expect(
            report.diagnostics.map { $0.description.prefix { $0 != " " } } == [
                "bad.xlsx:'regulations-bad'!E3:", "bad.xlsx:'regulations-bad'!C4:", "bad.xlsx:'regulations-bad'!K5:",
                "bad.xlsx:'regulations-bad'!A6:",
                "bad.xlsx:'regulations-bad'!F7:", "bad.xlsx:'regulations-bad'!A8:", "bad.xlsx:'regulations-bad'!L9:"
            ])
        #expect(report.written == ["content/regulations/construction-engineer-dedication.md"])
        #expect(loadProject(site).diagnostics.isEmpty)
    }

    @Test func anUnreadableCellIsReportedOnceAndTheGoodRowsAreWritten() throws {
        let site = try projectWithVocabularies()
        defer { site.remove() }
        let report = RegulationImporter.run(
            xlsx: try Self.workbook("raw-serial-dates.xlsx"), file: "dates.xlsx", sheet: nil,
            options: RegulationImportOptions(root: site.root))
        #expect(
            report.diagnostics.map { $0.description.prefix { $0 != " " } } == [
                "dates.xlsx:一覧!H3:", "dates.xlsx:一覧!B6:", "dates.xlsx:一覧!F6:", "dates.xlsx:一覧!H6:"
            ])
        #expect(
            report.written == ["content/regulations/d2.md", "content/regulations/d4.md", "content/regulations/d5.md"])
        #expect(try site.read("content/regulations/d5.md").contains("\ndate: 2022-01-18\n"))
    }

    @Test func textStartingWithAnEqualsSignIsImportedAsText() throws {
        let site = try projectWithVocabularies()
        defer { site.remove() }
        var options = RegulationImportOptions(root: site.root)
        options.columns = RegulationColumns(overrides: [("件名", nil), ("メモ", .title), ("確認済み", nil)])
        let report = RegulationImporter.run(
            xlsx: try Self.workbook("regulations-features.xlsx"), file: "f.xlsx", sheet: "2", options: options)
        #expect(
            report.written == [
                "content/regulations/real-estate-dedicated-agent.md", "content/regulations/regulation-2021-01-25.md"
            ])
        let loaded = loadProject(site)
        #expect(loaded.diagnostics.isEmpty, "\(loaded.diagnostics)")
        let agent = try #require(loaded.corpus.document(id: "regulations/real-estate-dedicated-agent"))
        #expect(agent.title == "=この行は式ではなく文字です")
        #expect(agent.date == CalendarDate(year: 2021, month: 7, day: 1))
        #expect(loaded.corpus.document(id: "regulations/regulation-2021-01-25")?.kind.regulation?.article == "59")
    }

    // MARK: - Hostile workbooks

    @Test func aZipBombIsRefusedAfterTheLimitNotUnpacked() {
        #expect(
            Self.problems("hostile-zip-bomb.xlsx") == [
                "hostile-zip-bomb.xlsx:1:1: error: the part 'xl/worksheets/sheet1.xml' unpacks to more than 64 MiB (or all parts to more than 128 MiB); this looks like a ZIP bomb, not a list of provisions; import the sheet from a workbook saved by Excel or LibreOffice"
            ])
        // The bytes inflated are counted, whatever the archive declares: this bomb says 1,000 bytes.
        #expect(
            Self.problems("hostile-zip-bomb-lying.xlsx")?.first?.hasPrefix(
                "hostile-zip-bomb-lying.xlsx:1:1: error: the part 'xl/worksheets/sheet1.xml' unpacks to more than 64 MiB"
            ) == true)
        var small = XLSXLimits()
        small.totalBytes = 4096
        #expect(Self.problems("regulations-utf8.xlsx", limits: small)?.first?.contains("unpacks to more than") == true)
    }

    @Test func entityDeclarationsAreRefusedBeforeParsing() {
        let hint =
            "this file was not written by a spreadsheet program and is not read; save the sheet again from Excel or LibreOffice"
        #expect(
            Self.problems("hostile-xxe.xlsx") == [
                "hostile-xxe.xlsx:1:1: error: the part 'xl/sharedStrings.xml' declares a DTD or entities, which workbooks never do; \(hint)"
            ])
        #expect(
            Self.problems("hostile-billion-laughs.xlsx") == [
                "hostile-billion-laughs.xlsx:1:1: error: the part 'xl/worksheets/sheet1.xml' declares a DTD or entities, which workbooks never do; \(hint)"
            ])
    }

    @Test func anEntryNameThatClimbsOutOfItsFolderIsRefused() {
        #expect(
            Self.problems("hostile-path.xlsx") == [
                "hostile-path.xlsx:1:1: error: the workbook holds a part with an unsafe name '../../../tmp/minaoshi-evil.xml'; names that start with '/' or climb with '..' are not written by spreadsheet programs; save the sheet again from Excel or LibreOffice"
            ])
        #expect(["xl/workbook.xml", "[Content_Types].xml", "xl/media/"].allSatisfy(XLSXPackage.isSafe))
        #expect(
            !["/etc/passwd", "../x", "xl/../../x", "xl\\..\\x", "xl//x", "./x", ""].contains(where: XLSXPackage.isSafe))
        #expect(XLSXWorkbook.partPath("/xl/worksheets/sheet1.xml") == "xl/worksheets/sheet1.xml")
        #expect(XLSXWorkbook.partPath("../../etc/passwd") == nil)
    }

    /// Found by the fuzzer (`Tests/Fuzz/xlsx-import`): ZIPFoundation's in-memory archive trapped
    /// on an offset past the end of the file (the process died) and leaked a file without an end
    /// record. Every truncation of a workbook, and end records whose central directory lies past
    /// the end or whose comment runs past it, are read or refused as damaged, and never crash.
    @Test func truncatedWorkbooksAndOffsetsPastTheEndAreRefusedWithoutACrash() throws {
        let workbook = try Self.workbook("regulations-utf8.xlsx")
        var samples = (0..<workbook.count).filter { $0 < 40 || $0 > workbook.count - 40 || $0 % 211 == 0 }.map {
            workbook.prefix($0)
        }
        var pastTheEnd = [UInt8](workbook)
        let end = try #require((0...pastTheEnd.count - 22).last { pastTheEnd[$0..<$0 + 4] == [0x50, 0x4B, 0x05, 0x06] })
        pastTheEnd.replaceSubrange(end + 16..<end + 20, with: [0x00, 0x00, 0x10, 0x00])  // the directory at 1 MiB
        samples.append(Data(pastTheEnd))
        var longComment = [UInt8](workbook)
        longComment.replaceSubrange(end + 20..<end + 22, with: [0xFF, 0x00])
        samples.append(Data(longComment))
        samples.append(try Self.workbook("hostile-truncated.xlsx"))
        for sample in samples {
            var options = RegulationImportOptions(root: URL(fileURLWithPath: "/nonexistent"))
            options.dryRun = true
            let report = RegulationImporter.run(xlsx: sample, file: "list.xlsx", sheet: nil, options: options)
            #expect(report.diagnostics.containsErrors, "\(sample.count) bytes")
        }
        #expect(Self.problems("hostile-truncated.xlsx")?.first?.contains("its ZIP container is damaged") == true)
    }

    /// Found by the fuzzer (`xlsx-import/corpus/hang-deflate-stream-never-ends.xlsx`): ZIPFoundation's
    /// inflate (on Linux) reads the file until the deflate stream ends, whatever the entry's size,
    /// and a stream still open at the end of the file made it read nothing, for ever. Here a stored
    /// block announces 65,535 bytes and the file ends first. Parts are inflated from exactly their
    /// own bytes now, so this is a damaged part; and so is a part whose central directory gives
    /// fewer packed bytes than its stream needs, which was inflated from the bytes after it.
    @Test func aDeflateStreamThatDoesNotEndWithinItsBytesIsDamagedNotAHang() throws {
        let damaged =
            "list.xlsx:1:1: error: the part 'xl/workbook.xml' of the workbook is damaged and cannot be unpacked; "
            + "open the file in Excel or LibreOffice and save it again as .xlsx"
        let neverEnds = Self.zip(name: "xl/workbook.xml", packed: [0x00, 0xFF, 0xFF, 0x00, 0x00] + Array("<wo".utf8))
        let open = #expect(throws: DiagnosticsError.self) {
            try XLSXWorkbook.read(neverEnds, file: "list.xlsx", sheet: nil)
        }
        #expect(open?.diagnostics.map(\.description) == [damaged])
        // The fuzzer's own input: its central directory does not hold the entries it counts.
        let found = try Data(
            contentsOf: FixtureSite.packageRoot.appendingPathComponent(
                "Tests/Fuzz/xlsx-import/corpus/hang-deflate-stream-never-ends.xlsx"))
        let problems = #expect(throws: DiagnosticsError.self) {
            try XLSXWorkbook.read(found, file: "list.xlsx", sheet: nil)
        }
        #expect(
            problems?.diagnostics.map(\.description) == [
                "list.xlsx:1:1: error: the file is not a readable .xlsx workbook (its ZIP container is damaged or it is not a ZIP file); "
                    + "open it in Excel or LibreOffice and save it again as .xlsx"
            ])

        var short = [UInt8](try Self.workbook("regulations-utf8.xlsx"))
        let name: [UInt8] = Array("xl/workbook.xml".utf8), signature: [UInt8] = [0x50, 0x4B, 0x01, 0x02]
        func isRecord(_ at: Int) -> Bool {
            Array(short[at..<at + 4]) == signature
                && Array(short[(at + 46)..<min(at + 46 + name.count, short.count)]) == name
        }
        let record = try #require((0..<(short.count - 46)).first(where: isRecord))
        let packed = Int(short[record + 20]) | Int(short[record + 21]) << 8
        short[record + 20] = UInt8((packed / 2) & 0xFF)
        short[record + 21] = UInt8((packed / 2) >> 8)
        let refused = #expect(throws: DiagnosticsError.self) {
            try XLSXWorkbook.read(Data(short), file: "list.xlsx", sheet: nil)
        }
        #expect(refused?.diagnostics.map(\.description) == [damaged])
    }

    /// A ZIP of one entry, `name`, deflated (method 8) into `packed`: local header, data, central
    /// directory, end record, as every ZIP is laid out.
    static func zip(name: String, packed: [UInt8]) -> Data {
        func le16(_ value: Int) -> [UInt8] { [UInt8(value & 0xFF), UInt8(value >> 8 & 0xFF)] }
        func le32(_ value: Int) -> [UInt8] { le16(value & 0xFFFF) + le16(value >> 16 & 0xFFFF) }
        let nameBytes = Array(name.utf8)
        // version, flags, method, time, date, CRC-32, packed and unpacked sizes, name and extra lengths
        let fields =
            le16(20) + le16(0) + le16(8) + le16(0) + le16(0) + le32(0) + le32(packed.count) + le32(1000)
            + le16(nameBytes.count) + le16(0)
        let local = le32(0x0403_4B50) + fields + nameBytes + packed
        // version made by, the same fields, comment length, disk, internal and external attributes, offset
        let central =
            le32(0x0201_4B50) + le16(20) + fields + le16(0) + le16(0) + le16(0) + le32(0) + le32(0) + nameBytes
        let end =
            le32(0x0605_4B50) + le16(0) + le16(0) + le16(1) + le16(1) + le32(central.count) + le32(local.count)
            + le16(0)
        return Data(local + central + end)
    }

    /// Found by the fuzzer: an element name that is not UTF-8 made Foundation's XMLParser trap.
    @Test func aPartThatIsNotUTF8IsRefusedBeforeParsing() throws {
        let data = try Data(
            contentsOf: FixtureSite.packageRoot.appendingPathComponent(
                "Tests/Fuzz/xlsx-import/corpus/crash-element-name-not-utf8.xlsx"))
        let problems = #expect(throws: DiagnosticsError.self) {
            try XLSXWorkbook.read(data, file: "list.xlsx", sheet: nil)
        }
        #expect(
            problems?.diagnostics.map(\.description) == [
                "list.xlsx:1:1: error: the part 'xl/worksheets/sheet1.xml' is not valid UTF-8; open the file in Excel or LibreOffice and save it again as .xlsx"
            ])
    }

    @Test func sharedStringCellsWithoutSharedStringsAreReportedAtEachCell() throws {
        let sheet = try Self.read("hostile-no-shared-strings.xlsx")
        #expect(
            sheet.rows.flatMap(\.diagnostics).map(\.description) == [
                "hostile-no-shared-strings.xlsx:一覧!A1: error: the cell points at shared string 0, but the workbook has no shared strings part (xl/sharedStrings.xml); save the workbook again from Excel or LibreOffice",
                "hostile-no-shared-strings.xlsx:一覧!B1: error: the cell points at shared string 1, but the workbook has no shared strings part (xl/sharedStrings.xml); save the workbook again from Excel or LibreOffice"
            ])
    }

    @Test func cellReferencesBeyondTheSheetAreReportedTogether() {
        let hint = "this file was not written by a spreadsheet program; save the sheet again from Excel or LibreOffice"
        #expect(
            Self.problems("hostile-cell-out-of-range.xlsx") == [
                "hostile-cell-out-of-range.xlsx:一覧!A1: error: the cell reference 'A1048577' is outside a worksheet (A1 to XFD1048576); \(hint)",
                "hostile-cell-out-of-range.xlsx:一覧!XFE2: error: the cell reference 'XFE2' is outside a worksheet (A1 to XFD1048576); \(hint)"
            ])
    }

    @Test func damagedTruncatedAndForeignFilesAreOneClearError() {
        let resave = "open it in Excel or LibreOffice and save it again as .xlsx"
        #expect(
            Self.problems("hostile-truncated.xlsx") == [
                "hostile-truncated.xlsx:1:1: error: the file is not a readable .xlsx workbook (its ZIP container is damaged or it is not a ZIP file); \(resave)"
            ])
        #expect(
            Self.problems("hostile-damaged.xlsx") == [
                "hostile-damaged.xlsx:1:1: error: the part 'xl/worksheets/sheet1.xml' of the workbook is damaged and cannot be unpacked; open the file in Excel or LibreOffice and save it again as .xlsx"
            ])
        #expect(
            Self.problems("regulations-utf8.csv") == [
                "regulations-utf8.csv:1:1: error: the file is not a readable .xlsx workbook (its ZIP container is damaged or it is not a ZIP file); \(resave)"
            ])
        let xls = #expect(throws: DiagnosticsError.self) {
            try XLSXWorkbook.read(Data([0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]), file: "old.xls", sheet: nil)
        }
        #expect(
            xls?.diagnostics.first?.message == "this is an Excel 97-2003 workbook (.xls), which import does not read")
    }
}
