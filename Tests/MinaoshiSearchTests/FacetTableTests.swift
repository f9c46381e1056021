import Foundation
import Testing

@testable import MinaoshiSearch

/// The document facet table: each encoding round-trips, the writer picks the smallest, and the
/// manifest records a key's section as `engine.js` reads it.
@Suite struct FacetTableTests {
    typealias Name = FacetTable.Encoding.Name

    static func lists(_ section: FacetTable.Section) -> [FacetTable.ValueList]? {
        if case .values(let lists) = section.encoding { return lists }
        return nil
    }

    @Test func theFacetTableRoundTripsInEachEncoding() {
        let rows: [[[Int]]] = (0..<37).map { d in
            [
                [d % 3], d % 5 == 0 ? [] : [0, d % 4 + 1], d == 7 ? [2] : [], d % 4 == 0 ? [] : [d % 2],
                (d % 3 == 0 ? [0, 1] : []) + [d + 2]
            ]
        }
        let counts = (0..<5).map { k in (0..<70).map { v in rows.filter { $0[k].contains(v) }.count } }
        let (bytes, keys) = FacetTable.encode(rows, valueCounts: [3, 5, 5, 2, 70])
        #expect(keys.map(\.encoding.name) == [.one, .values, .values, .values, .values])
        #expect(
            Self.lists(keys[4])?.contains(.bitmap) == true && Self.lists(keys[4])?.contains { $0 != .bitmap } == true)
        #expect(FacetTable.decode(bytes, keys: keys, counts: counts, documents: rows.count) == rows)
        // Each encoding a key can take, where the key allows it.
        let expected: [Name: Int] = [.one: 1, .code: 2, .mask: 4, .values: 5]
        for name in Name.allCases {
            let (bytes, keys) = FacetTable.encode(rows, valueCounts: [3, 5, 5, 2, 70], allowed: [name])
            #expect(keys.map(\.encoding.name).filter { $0 == name }.count == expected[name], "\(name)")
            #expect(FacetTable.decode(bytes, keys: keys, counts: counts, documents: rows.count) == rows, "\(name)")
        }
    }

    /// Sparse values are Rice-coded gap lists, each with the parameter that suits its gaps best.
    @Test func sparseFacetValuesAreRiceCodedWithTheirBestParameter() throws {
        let rows: [[[Int]]] = (0..<3000).map { d in
            [[0, 1, 2, 3].filter { v in [d % 997 == 0, d % 13 == 0, d % 2 == 0, d % 61 == 5 || d == 2999][v] }]
        }
        let counts = [(0..<4).map { v in rows.filter { $0[0].contains(v) }.count }]
        let (bytes, keys) = FacetTable.encode(rows, valueCounts: [4])
        let lists = try #require(Self.lists(keys[0]))
        #expect(lists.count == 4 && lists[2] == .bitmap)
        // Gaps of 996 are best with k = 9, of 12 with k = 3: larger and smaller parameters both occur.
        #expect(lists[0] == .rice(9) && lists[1] == .rice(3))
        #expect(FacetTable.decode(bytes, keys: keys, counts: counts, documents: rows.count) == rows)
    }

    /// Sections start where the one before ends, each key's in the order of the keys.
    @Test func sectionsFollowOneAnother() {
        let rows: [[[Int]]] = (0..<100).map { d in [[d % 2], d % 3 == 0 ? [] : [d % 3], [d % 7, (d + 1) % 7]] }
        let (bytes, keys) = FacetTable.encode(rows, valueCounts: [2, 3, 7], allowed: [.one, .code, .mask])
        #expect(keys.map(\.encoding.name) == [.one, .code, .mask])
        #expect(keys.map(\.offset) == [0, (100 * 1 + 7) / 8, (100 * 1 + 7) / 8 + (100 * 2 + 7) / 8])
        #expect(bytes.count == keys[2].offset + (100 * 7 + 7) / 8)
    }

    /// The manifest's `documentFacets.keys`: `bits`, `encoding`, `offset`, and for `values` the
    /// `kinds` string (`b` or the Rice parameter in hexadecimal), as `engine.js` reads them.
    @Test func aSectionIsWrittenAsTheEnginesReadIt() throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let sections: [(FacetTable.Section, String)] = [
            (.init(.one(bits: 1), offset: 0), #"{"bits":1,"encoding":"one","offset":0}"#),
            (.init(.code(bits: 3), offset: 13), #"{"bits":3,"encoding":"code","offset":13}"#),
            (.init(.mask(bits: 6), offset: 40), #"{"bits":6,"encoding":"mask","offset":40}"#),
            (
                .init(.values([.bitmap, .rice(3), .rice(12), .rice(0)]), offset: 75),
                #"{"bits":0,"encoding":"values","kinds":"b3c0","offset":75}"#
            )
        ]
        for (section, json) in sections {
            #expect(String(decoding: try encoder.encode(section), as: UTF8.self) == json)
            #expect(try JSONDecoder().decode(FacetTable.Section.self, from: Data(json.utf8)) == section)
        }
        for bad in [
            #"{"bits":1,"encoding":"ones","offset":0}"#, #"{"bits":0,"encoding":"values","kinds":"bx","offset":0}"#
        ] {
            #expect(throws: DecodingError.self) {
                try JSONDecoder().decode(FacetTable.Section.self, from: Data(bad.utf8))
            }
        }
    }
}
