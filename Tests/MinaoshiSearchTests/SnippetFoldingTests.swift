import Foundation
import MinaoshiSupport
import MinaoshiTestSupport
import Testing

@testable import MinaoshiSearch

/// The snippet's folded → original map against the folding rule itself, on random strings of the
/// characters that fold: half- and full-width forms, voiced marks, combining accents, case, long
/// vowels, ligatures and circled digits. The snippet shows text as written (ドローン（UAV）), so
/// its map must agree with NFKC and the fold of the whole text and point back at the right place.
@Suite struct SnippetFoldingTests {
    static let alphabet: [String] = [
        "ﾄ", "ﾞ", "ﾛ", "ｰ", "ﾝ", "ｶ", "ﾟ", "ﾊ", "ド", "ロ", "ー", "ン", "が", "か\u{3099}", "（", "）", "(", ")",
        "Ｕ", "Ａ", "Ｖ", "u", "A", "v", "e\u{301}", "é", "ﬁ", "①", "㍻", "Ⅻ", "　", " ", "目", "視", "・", "･", "\u{20DD}"
    ]

    static func randomText(_ random: inout SplitMix) -> String {
        (0..<Int(random.next() % 24)).map { _ in alphabet[Int(random.next() % UInt64(alphabet.count))] }.joined()
    }

    @Test func theMapAgreesWithTheFoldingRuleOnRandomStrings() {
        var random = SplitMix(seed: 300)
        var clustersWithMarks = 0
        for _ in 0..<2_000 {
            let text = Self.randomText(&random)
            let scalars = Array(text.unicodeScalars)
            let (folded, origin) = Snippet.folded(scalars)
            #expect(folded.count == origin.count)
            // The clusters tile the text in order, and each one's folded scalars are its own
            // characters normalised and folded.
            var covered = 0, index = 0
            while index < origin.count {
                let range = origin[index]
                #expect(range.lowerBound == covered, "\(text)")
                var end = index
                while end < origin.count, origin[end] == range { end += 1 }
                let cluster = SearchTokenizer.string(scalars[range])
                #expect(Array(folded[index..<end]) == cluster.nfkc.unicodeScalars.map(SearchTokenizer.fold), "\(text)")
                if range.count > 1 { clustersWithMarks += 1 }
                covered = range.upperBound
                index = end
            }
            // Clusters that normalise to nothing (none here) aside, the map covers the whole text.
            #expect(covered == scalars.count || folded.isEmpty, "\(text)")
            // Cluster by cluster is the text normalised whole: the same scalars the index folds.
            #expect(folded == text.nfkc.unicodeScalars.map(SearchTokenizer.fold), "\(text)")
        }
        #expect(clustersWithMarks > 100)
    }

    @Test func aMatchMarksTheTextAsWritten() {
        let parts = Snippet.parts(
            "機体はﾄﾞﾛｰﾝ（ＵＡＶ）です",
            terms: [
                SnippetTerm(own: [Array("uav".unicodeScalars), Array("ドローン".unicodeScalars)], synonyms: [], rarity: 1)
            ])
        #expect(parts == ["機体は", "ﾄﾞﾛｰﾝ", "（", "ＵＡＶ", "）です"])
    }
}
