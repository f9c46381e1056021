import Foundation
import MinaoshiSupport
import Testing

@testable import MinaoshiContent

/// `content/_data/synonyms.yml`: the groups it loads and every problem `minaoshi check` reports,
/// each where it is written.
@Suite struct SynonymsTests {
    private func parse(_ text: String) -> ([SynonymGroup], [String]) {
        let (groups, diagnostics) = Synonyms.parse(SourceText(displayPath: "content/_data/synonyms.yml", text: text))
        return (groups, diagnostics.map(\.description))
    }

    @Test func loadsGroupsWithTheirReasonsAndLaws() {
        let (groups, problems) = parse(
            """
            - terms: [ドローン, 無人航空機, UAV]
              reason: 法令と現場の語
              law: 航空法
              article: 第2条
            - terms: [テレワーク, 在宅勤務]
              reason: 同じ働き方
            """)
        #expect(problems == [])
        #expect(
            groups == [
                SynonymGroup(terms: ["ドローン", "無人航空機", "UAV"], reason: "法令と現場の語", law: "航空法", article: "第2条"),
                SynonymGroup(terms: ["テレワーク", "在宅勤務"], reason: "同じ働き方")
            ])
    }

    @Test func reportsATermNamedTwiceAfterNFKCAndCaseFolding() {
        let (groups, problems) = parse(
            """
            - terms: [ドローン, UAV, ＵＡＶ]
              reason: r
            - terms: [公告, 公示, 公告]
              reason: r
            """)
        #expect(groups.isEmpty)
        #expect(problems.count == 2)
        #expect(
            problems[0].hasPrefix(
                "content/_data/synonyms.yml:1:22: error: the group names 'ＵＡＶ' twice, as term 2 and term 3 ('UAV' and 'ＵＡＶ' are the same"
            ))
        #expect(
            problems[1].hasPrefix(
                "content/_data/synonyms.yml:3:19: error: the group names '公告' twice, as term 1 and term 3"))
        #expect(problems.allSatisfy { $0.hasSuffix("; delete one of them") })
    }

    @Test func reportsAnEmptyGroupAndAOneTermGroupAndKeepsTheRest() {
        let (groups, problems) = parse(
            """
            - terms: []
              reason: r
            - terms: [ドローン]
              reason: r
            - terms: [公告, 公示]
              reason: r
            - reason: no terms
            """)
        #expect(groups.map(\.terms) == [["公告", "公示"]])
        #expect(problems.count == 3)
        #expect(problems[0].hasPrefix("content/_data/synonyms.yml:1:10: error: this group of synonyms has no terms"))
        #expect(
            problems[1].hasPrefix(
                "content/_data/synonyms.yml:3:11: error: this group of synonyms has only one term, 'ドローン'"))
        #expect(problems[2].hasPrefix("content/_data/synonyms.yml:7:3: error: missing required field 'terms'"))
    }

    @Test func loadsOneWayTermsAsTheGroupWritesThem() {
        let (groups, problems) = parse(
            """
            - terms: [ドローン, 無人航空機, UAV]
              reason: 法令と現場の語
              one_way: [ｕａｖ]
              one_way_reason: UAV のあるページはすべてドローンでも見つかる
            """)
        #expect(problems == [])
        #expect(groups.map(\.oneWay) == [["UAV"]])
        #expect(groups.map(\.oneWayReason) == ["UAV のあるページはすべてドローンでも見つかる"])
    }

    @Test func reportsAOneWayTermNotInItsGroupAndOneWayWithoutItsReason() {
        let (groups, problems) = parse(
            """
            - terms: [ドローン, 無人航空機]
              reason: r
              one_way: [UAV]
              one_way_reason: r
            - terms: [公告, 公示]
              reason: r
              one_way: [公示]
            - terms: [縦覧, 閲覧]
              reason: r
              one_way: [縦覧, 閲覧]
              one_way_reason: r
            - terms: [AI, 人工知能]
              reason: r
              one_way_reason: r
            """)
        #expect(groups.map(\.terms) == [["公告", "公示"], ["AI", "人工知能"]])
        #expect(problems.count == 4)
        #expect(
            problems[0]
                == "content/_data/synonyms.yml:3:13: error: the one-way term 'UAV' is not a term of this group; add it to terms: [ドローン, 無人航空機], or write one of them as written there"
        )
        #expect(
            problems[1].hasPrefix("content/_data/synonyms.yml:7:12: error: 'one_way' is given without 'one_way_reason'")
        )
        #expect(problems[2].hasPrefix("content/_data/synonyms.yml:10:12: error: every term of this group is one-way"))
        #expect(
            problems[3].hasPrefix("content/_data/synonyms.yml:14:3: error: 'one_way_reason' is given without 'one_way'")
        )
    }

    @Test func theShippedDictionaryLoadsCleanly() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        let (groups, problems) = Synonyms.load(root: root)
        #expect(problems.map(\.description) == [])
        #expect(groups.count >= 25)
        #expect(groups.allSatisfy { $0.terms.count >= 2 && !$0.reason.isEmpty })
        #expect(groups.contains { $0.terms.starts(with: ["ドローン", "無人航空機"]) && $0.law == "航空法" && $0.oneWay == ["UAV"] })
    }
}
