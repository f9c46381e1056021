import Foundation
import MinaoshiSupport
import MinaoshiTestSupport
import Testing

@testable import MinaoshiContent

/// `content/_data/progress.yml`: the national figures, read with every problem reported at its
/// line and column, and the shipped file read whole.
@Suite struct NationalFiguresTests {
    func load(_ text: String) throws -> (NationalFigures, [String]) {
        let site = try FixtureSite(files: ["content/_data/progress.yml": text], copyTemplates: false)
        defer { site.remove() }
        let (vocabularies, _) = Vocabularies.load(root: site.root)
        let (figures, problems) = NationalFigures.load(root: site.root, categories: vocabularies[.categories])
        return (figures, problems.map(\.description))
    }

    @Test func aFigureAndABreakdownAreReadAsWritten() throws {
        let (figures, problems) = try load(
            """
            figures:
              - id: roadmap
                label: 工程表の条項
                value: 9669
                unit: 条項
                date: 2022-12-21
                source: {url: "https://example.jp/a", title: 記事A}
            breakdowns:
              - id: open
                title: 残る規制
                date: 2024-09
                unit: 件
                total: 3
                confidence: medium
                source: {url: "https://example.jp/b", title: 記事B}
                rows: [{label: 書面掲示, value: 2, category: paper-posting}, {label: 要望, value: 1}]
            """)
        #expect(problems == [])
        let figure = try #require(figures.figures.first)
        #expect(
            (figure.id, figure.value, figure.unit, figure.date.iso8601, figure.date.japanese) == (
                "roadmap", 9669, "条項", "2022-12-21", "2022年12月21日"
            ))
        #expect(figure.source == FigureSource(url: "https://example.jp/a", title: "記事A"))
        let breakdown = try #require(figures.breakdowns.first)
        #expect(breakdown.date.iso8601 == "2024-09")
        #expect(breakdown.date.japanese == "2024年9月")
        #expect(breakdown.rows.map(\.value) == [2, 1])
        #expect(breakdown.rows.map(\.category) == ["paper-posting", nil])
        #expect(breakdown.confidence == "medium")
    }

    @Test func everyProblemIsReportedAtItsPlace() throws {
        let (figures, problems) = try load(
            """
            figures:
              - id: a
                label: 数
                value: 九千
                unit: 件
                date: 2024-13
                source: {url: example.jp/a, title: 記事}
              - id: a
                label: 数
                value: 1
                unit: 件
                date: 2024-09-10
                confidence: sure
                source: {url: "https://example.jp/a"}
            breakdowns:
              - id: b
                title: 内訳
                date: 2024-09
                unit: 件
                total: 10
                source: {url: "https://example.jp/b", title: 記事B}
                rows: [{label: 目視, value: 2, category: visual}, {label: 書面, value: 3}]
            """)
        #expect(
            problems == [
                "content/_data/progress.yml:4:12: error: 'figures[1].value' must be a whole number, found '九千'",
                "content/_data/progress.yml:6:11: error: 'figures[1].date' is not a date: '2024-13'; write the day or month the figure describes as YYYY-MM-DD or YYYY-MM, e.g. 2024-09-10",
                "content/_data/progress.yml:7:19: error: 'figures[1].source.url' is not a web address: 'example.jp/a'; give the full address of the page that states the figure, starting with https://",
                "content/_data/progress.yml:8:9: error: id 'a' is already used in this file; give each figure its own id",
                "content/_data/progress.yml:14:13: error: missing required field 'figures[2].source.title'; add a line 'title: …' with a text",
                "content/_data/progress.yml:13:17: error: 'figures[2].confidence' must be one of high, medium, low, not 'sure'",
                "content/_data/progress.yml:22:44: error: unknown category 'visual' in 'breakdowns[1].rows[1].category'; did you mean 'visual-inspection'?",
                "content/_data/progress.yml:20:12: error: the rows of 'breakdowns[1].rows' add up to 5, not the total 10; copy every row and the total exactly as the source gives them"
            ])
        #expect(figures.figures.isEmpty)
    }

    @Test func noFileMeansNoFigures() throws {
        let site = try FixtureSite(files: [:], copyTemplates: false, copyVocabularies: false)
        defer { site.remove() }
        let (figures, problems) = NationalFigures.load(root: site.root, categories: Vocabularies.empty[.categories])
        #expect(figures.isEmpty)
        #expect(problems.isEmpty)
    }

    @Test func theShippedFileIsReadWithoutAProblem() throws {
        let root = FixtureSite.packageRoot
        let (vocabularies, _) = Vocabularies.load(root: root)
        let (figures, problems) = NationalFigures.load(root: root, categories: vocabularies[.categories])
        #expect(problems.map(\.description) == [])
        #expect(figures.figures.map(\.value) == [9669, 7835, 8164])
        #expect(figures.breakdowns.count == 2)
    }
}
