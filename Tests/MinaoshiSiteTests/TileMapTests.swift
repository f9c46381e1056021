import Foundation
import MinaoshiContent
import MinaoshiTestSupport
import Testing

@testable import MinaoshiSite

/// The prefectures' tile map: one square for each of the 47 prefectures of the shipped
/// vocabulary, no two on the same square, every square inside the grid.
@Suite struct TileMapTests {
    @Test func everyPrefectureHasItsOwnSquare() throws {
        let (vocabularies, _) = Vocabularies.load(root: FixtureSite.packageRoot)
        let ids = Set(vocabularies[.prefectures].terms.map(\.id))
        #expect(ids.count == 47)
        #expect(Set(TileMap.positions.keys) == ids)
        let squares = TileMap.positions.values.map { "\($0.column),\($0.row)" }
        #expect(Set(squares).count == squares.count)
        #expect(
            TileMap.positions.values.allSatisfy {
                (0..<TileMap.columns).contains($0.column) && (0..<TileMap.rows).contains($0.row)
            })
    }

    @Test func namesFitTheirTilesAndShadesFollowCounts() {
        #expect(TileMap.shortName("福島県") == "福島")
        #expect(TileMap.shortName("東京都") == "東京")
        #expect(TileMap.shortName("大阪府") == "大阪")
        #expect(TileMap.shortName("北海道") == "北海道")
        #expect([0, 1, 2, 3, 4, 12].map(TileMap.shade) == [0, 1, 2, 2, 3, 3])
        let map = TileMap(
            id: "m",
            tiles: [
                "fukushima": .init(label: "福島", count: 2, url: "/prefectures/fukushima/"),
                "okinawa": .init(label: "沖縄", count: 0, url: nil)
            ])
        #expect(map.svg.contains(#"<a class="tile-map__tile tile-map__tile--2" href="/prefectures/fukushima/">"#))
        #expect(map.svg.contains(#"<g class="tile-map__tile tile-map__tile--0">"#))
        #expect(map.svg.components(separatedBy: "<rect").count - 1 == 2)
    }
}
