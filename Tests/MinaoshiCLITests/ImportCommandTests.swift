import Foundation
import MinaoshiTestSupport
import Testing

/// Runs `minaoshi import regulations` on the shipped fixtures, as a user would.
@Suite struct ImportCommandTests {
    static let fixtures = FixtureSite.packageRoot.appendingPathComponent("Tests/Fixtures/import")

    /// A project with the shipped vocabularies and `name` copied in as `target`.
    private func project(with name: String, as target: String = "list.csv") throws -> FixtureSite {
        let site = try FixtureSite(files: [:])
        if !site.exists("content/_data") {
            try FileManager.default.createDirectory(at: site.url("content"), withIntermediateDirectories: true)
            try FileManager.default.copyItem(
                at: FixtureSite.packageRoot.appendingPathComponent("content/_data"), to: site.url("content/_data"))
        }
        try site.write(target, Data(contentsOf: Self.fixtures.appendingPathComponent(name)))
        return site
    }

    @Test func theShiftJISFixtureImportsAndPassesCheck() throws {
        let site = try project(with: "regulations-sjis.csv")
        defer { site.remove() }
        let result = try CommandRunner.run(
            ["import", "regulations", "list.csv", "--encoding", "shift_jis"], in: site.root)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr == "")
        #expect(
            result.stdout == """
                wrote content/regulations/regulation-2022-01-18.md
                wrote content/regulations/road-bridge-inspection.md
                wrote content/regulations/regulation-2020-10-30.md
                wrote content/regulations/regulation-2025-03-18.md
                Imported 4 regulation reviews

                """)
        let check = try CommandRunner.run(["check"], in: site.root)
        #expect(check.status == 0, "\(check.stderr)")
        #expect(check.stdout == "Checked 4 documents: no errors\n")
    }

    @Test func shiftJISReadAsUTF8IsOneErrorThatNamesTheOption() throws {
        let site = try project(with: "regulations-sjis.csv")
        defer { site.remove() }
        let result = try CommandRunner.run(["import", "regulations", "list.csv"], in: site.root)
        #expect(result.status == 1)
        #expect(
            result.stderr
                == "list.csv:1:4: error: byte 0x8C is not valid UTF-8; files saved by Excel as 'CSV' are usually Shift_JIS: add --encoding shift_jis\n1 error, 0 warnings\n"
        )
        #expect(site.list("content") == ["_data"])
    }

    @Test func badRowsAreReportedTheGoodRowIsWrittenAndTheExitCodeIsOne() throws {
        let site = try project(with: "regulations-bad.csv")
        defer { site.remove() }
        let result = try CommandRunner.run(["import", "regulations", "list.csv"], in: site.root)
        #expect(result.status == 1)
        #expect(
            result.stdout
                == "wrote content/regulations/construction-engineer-dedication.md\nImported 1 regulation review; 7 rows with errors left out\n"
        )
        let lines = result.stderr.split(separator: "\n").map(String.init)
        #expect(
            lines.map { $0.split(separator: ":").prefix(3).joined(separator: ":") } == [
                "list.csv:3:13", "list.csv:4:3", "list.csv:5:78", "list.csv:6:1", "list.csv:7:25", "list.csv:8:1",
                "list.csv:9:97", "7 errors, 0 warnings"
            ])
    }

    @Test func aDryRunPrintsTheFilesAndWritesNothing() throws {
        let site = try project(with: "regulations-utf8.csv")
        defer { site.remove() }
        let result = try CommandRunner.run(["import", "regulations", "list.csv", "--dry-run"], in: site.root)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(
            result.stdout.hasPrefix(
                "would write content/regulations/real-estate-dedicated-agent.md (line 2)\n---\nid: \"real-estate-dedicated-agent\"\n"
            ))
        #expect(result.stdout.contains("would write content/regulations/regulation-2021-01-25.md (line 3)\n"))
        #expect(result.stdout.hasSuffix("Dry run: 2 files would be written, none was\n"))
        #expect(site.list("content") == ["_data"])
    }

    @Test func existingFilesNeedForce() throws {
        let site = try project(with: "regulations-utf8.csv")
        defer { site.remove() }
        try site.write("content/regulations/real-estate-dedicated-agent.md", "hand-written\n")
        let refused = try CommandRunner.run(["import", "regulations", "list.csv"], in: site.root)
        #expect(refused.status == 1)
        #expect(
            refused.stderr.hasPrefix(
                "list.csv:2:1: error: content/regulations/real-estate-dedicated-agent.md already exists and was not overwritten; use --force"
            ))
        #expect(try site.read("content/regulations/real-estate-dedicated-agent.md") == "hand-written\n")
        let forced = try CommandRunner.run(["import", "regulations", "list.csv", "--force"], in: site.root)
        #expect(forced.status == 0, "\(forced.stderr)")
        #expect(
            try site.read("content/regulations/real-estate-dedicated-agent.md").hasPrefix(
                "---\nid: \"real-estate-dedicated-agent\"\n"))
    }

    /// A formula in a spreadsheet cell is kept as text in the Markdown file (it is what the row
    /// says), and the open data's CSV, which a spreadsheet opens, carries it neutralised.
    @Test func formulasInImportedCellsReachTheOpenDataCSVOnlyNeutralised() throws {
        let site = try project(with: "regulations-formulas.csv")
        defer { site.remove() }
        try site.write("minaoshi.yml", "title: 数式テスト\nbase_url: https://example.go.jp/\n")
        let imported = try CommandRunner.run(["import", "regulations", "list.csv"], in: site.root)
        #expect(imported.status == 0, "\(imported.stderr)")
        let built = try CommandRunner.run(["build", "--now", "2026-11-27"], in: site.root)
        #expect(built.status == 0, "\(built.stderr)")
        let csv = try site.read("site/api/regulations.csv")
        // The law column holds law ids now, so the payload that stood there is in the article of the
        // first row; the second row's article looks like a sum, not a number.
        let rows = csv.split(separator: "\r\n").filter { $0.hasPrefix("formula-cells") }
        #expect(rows.count == 2)
        let row = rows.joined(separator: "\n")
        for cell in [
            #""'=HYPERLINK(""http://evil.example/"",""click"")""#, "'+1+cmd|' /C calc'!A0", "'-2+3", "'@SUM(1+1)",
            "'=1+1"
        ] {  // the tab before it is trimmed as front matter is read
            #expect(row.contains("," + cell + ","), "\(cell) in \(row)")
        }
        let json = try site.read("site/api/regulations.json")
        #expect(
            json.contains(#""title":"=HYPERLINK(\"http://evil.example/\",\"click\")""#),
            "the JSON keeps the text as written")
    }

    @Test func anInvalidMapIsAUsageError() throws {
        let site = try project(with: "regulations-utf8.csv")
        defer { site.remove() }
        let result = try CommandRunner.run(["import", "regulations", "list.csv", "--map", "Law Name"], in: site.root)
        #expect(result.status == 64)
        #expect(
            result.stderr.contains("--map 'Law Name' must be written 'header=field', e.g. 'Law Name=law'"),
            "\(result.stderr)")
    }

    // MARK: - Workbooks

    /// LibreOffice's conversion of the Shift_JIS CSV fixture: the same files, byte for byte.
    @Test func aWorkbookWritesTheSameFilesAsTheCSVItWasMadeFrom() throws {
        let fromCSV = try project(with: "regulations-sjis.csv")
        let fromWorkbook = try project(with: "regulations-sjis.xlsx", as: "一覧.xlsx")
        defer {
            fromCSV.remove()
            fromWorkbook.remove()
        }
        let csv = try CommandRunner.run(
            ["import", "regulations", "list.csv", "--encoding", "shift_jis"], in: fromCSV.root)
        let xlsx = try CommandRunner.run(["import", "regulations", "一覧.xlsx"], in: fromWorkbook.root)
        #expect(csv.status == 0 && xlsx.status == 0, "\(csv.stderr)\(xlsx.stderr)")
        #expect(xlsx.stderr == "")
        #expect(xlsx.stdout == csv.stdout)
        let files = try fromWorkbook.tree("content/regulations")
        #expect(files.count == 4)
        #expect(files == (try fromCSV.tree("content/regulations")))
        let check = try CommandRunner.run(["check"], in: fromWorkbook.root)
        #expect(check.stdout == "Checked 4 documents: no errors\n", "\(check.stderr)")
    }

    @Test func badRowsOfAWorkbookAreReportedAtSheetAndCell() throws {
        let site = try project(with: "regulations-bad.xlsx", as: "bad.xlsx")
        defer { site.remove() }
        let result = try CommandRunner.run(
            ["import", "regulations", "bad.xlsx", "--sheet", "regulations-bad"], in: site.root)
        #expect(result.status == 1)
        #expect(
            result.stdout
                == "wrote content/regulations/construction-engineer-dedication.md\nImported 1 regulation review; 7 rows with errors left out\n"
        )
        let lines = result.stderr.split(separator: "\n").map(String.init)
        #expect(
            lines.first
                == "bad.xlsx:'regulations-bad'!E3: error: unknown ministry '国土交通相' in '所管府省庁'; did you mean '国土交通省' (mlit)?"
        )
        #expect(
            lines.map { $0.prefix { $0 != " " } } == [
                "bad.xlsx:'regulations-bad'!E3:", "bad.xlsx:'regulations-bad'!C4:", "bad.xlsx:'regulations-bad'!K5:",
                "bad.xlsx:'regulations-bad'!A6:",
                "bad.xlsx:'regulations-bad'!F7:", "bad.xlsx:'regulations-bad'!A8:", "bad.xlsx:'regulations-bad'!L9:",
                "7"
            ])
    }

    @Test func aSheetIsChosenByNameAndAWrongOneIsNamed() throws {
        let site = try project(with: "regulations-features.xlsx", as: "book.xlsx")
        defer { site.remove() }
        let chosen = try CommandRunner.run(
            ["import", "regulations", "book.xlsx", "--sheet", "令和3年度 一覧", "--map", "確認済み=", "--map", "メモ="],
            in: site.root)
        #expect(chosen.status == 1)  // N5 holds #N/A
        #expect(
            chosen.stderr.hasPrefix("book.xlsx:'令和3年度 一覧'!N5: error: the cell holds the error value #N/A"),
            "\(chosen.stderr)")
        #expect(site.list("content/regulations") == ["real-estate-dedicated-agent.md", "regulation-2021-01-25.md"])

        let wrong = try CommandRunner.run(["import", "regulations", "book.xlsx", "--sheet", "一覧"], in: site.root)
        #expect(wrong.status == 1)
        #expect(
            wrong.stderr.hasPrefix(
                "book.xlsx:1:1: error: the workbook has no sheet '一覧'; its sheets are 1: 説明, 2: 令和3年度 一覧;"),
            "\(wrong.stderr)")
    }

    @Test func sheetOnACSVFileIsAnError() throws {
        let site = try project(with: "regulations-utf8.csv")
        defer { site.remove() }
        let result = try CommandRunner.run(["import", "regulations", "list.csv", "--sheet", "1"], in: site.root)
        #expect(result.status == 1)
        #expect(
            result.stderr.hasPrefix("list.csv:1:1: error: --sheet applies to .xlsx workbooks, and this is a CSV file"),
            "\(result.stderr)")
        #expect(site.list("content") == ["_data"])
    }

    @Test func aHostileWorkbookIsOneErrorAndWritesNothing() throws {
        let site = try project(with: "hostile-zip-bomb.xlsx", as: "list.xlsx")
        defer { site.remove() }
        let result = try CommandRunner.run(["import", "regulations", "list.xlsx"], in: site.root)
        #expect(result.status == 1)
        #expect(
            result.stderr.hasPrefix(
                "list.xlsx:1:1: error: the part 'xl/worksheets/sheet1.xml' unpacks to more than 64 MiB"),
            "\(result.stderr)")
        #expect(site.list("content") == ["_data"])
    }
}
