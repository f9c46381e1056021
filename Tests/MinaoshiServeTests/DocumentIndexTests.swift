import Testing

@testable import MinaoshiServe

/// The picker's search: every word typed must be in the title or the id, folded as the index
/// folds them (NFKC, lower case), in the order of the ids, at most the limit with the full count.
@Suite struct DocumentIndexTests {
    let index = DocumentIndex(
        ids: ["road-bridge-inspection", "road-tunnel", "school-fire-drill", "unbuilt-review"],
        titles: [
            "road-bridge-inspection": "道路橋の定期点検", "road-tunnel": "道路トンネルの点検",
            "school-fire-drill": "学校の消防訓練（ＡＥＤ）", "gone": "消えた見直し"
        ])

    @Test func everyWordMustBeInTheTitleOrTheID() {
        #expect(index.matching(["道路"], limit: 20).items.map(\.id) == ["road-bridge-inspection", "road-tunnel"])
        #expect(index.matching(["道路", "橋"], limit: 20).items.map(\.id) == ["road-bridge-inspection"])
        #expect(index.matching(["tunnel", "点検"], limit: 20).items.map(\.id) == ["road-tunnel"])
        #expect(index.matching(["道路", "訓練"], limit: 20).total == 0)
        #expect(index.matching([], limit: 20) == DocumentIndex.Found(items: [], total: 0))
    }

    @Test func titlesAreFoldedAndAnUnbuiltDocumentGoesByItsID() {
        // ＡＥＤ (full width) is folded to aed, as the query is before it comes here.
        #expect(index.matching(["aed"], limit: 20).items == [.init(id: "school-fire-drill", title: "学校の消防訓練（ＡＥＤ）")])
        #expect(index.matching(["unbuilt"], limit: 20).items == [.init(id: "unbuilt-review", title: "unbuilt-review")])
        // A title the last build published for a file that is gone is not offered, nor counted as published.
        #expect(index.matching(["消えた"], limit: 20).total == 0)
        #expect(index.published["gone"] == nil && index.published["road-tunnel"] == "道路トンネルの点検")
    }

    @Test func atMostTheLimitIsGivenWithTheFullCount() {
        let found = index.matching(["-"], limit: 2)
        #expect(found.items.map(\.id) == ["road-bridge-inspection", "road-tunnel"])
        #expect(found.total == 4)
    }
}
