import Foundation
import MinaoshiSupport
import Testing

@testable import MinaoshiSearch

/// The index's JSON and text parts: fragments, shard separators and the manifest.
@Suite struct SearchIndexFormatTests {
    @Test func separatorsAreFrontCoded() {
        let list = [
            "", "ab", "abc", "abd", "b", "近接", "近接目視", "近隣", String(repeating: "x", count: 40),
            String(repeating: "x", count: 41)
        ]
        #expect(Separators.decode(Separators.encode(list)) == list)
        #expect(Separators.encode(["ab", "abc"]) == "!ab$c")
    }

    /// A fragment's text: the body's first `limit` scalars with each white-space run (any of
    /// MinaoshiSupport's `isWhiteSpace`, ASCII or not) made one line break if it holds one (a
    /// passage ends there), else one space, and none at the start.
    @Test func fragmentsCollapseWhiteSpaceAndStopAtTheLimit() {
        func expected(_ body: String, limit: Int) -> String {
            var scalars = String.UnicodeScalarView(), space = false, lineBreak = false, count = 0
            for scalar in body.unicodeScalars {
                if count >= limit { break }
                if scalar.isWhiteSpace {
                    if count > 0 { space = true; lineBreak = lineBreak || Snippet.isLineBreak(scalar) }
                    continue
                }
                if space { scalars.append(lineBreak ? "\n" : " "); space = false; lineBreak = false; count += 1 }
                scalars.append(scalar)
                count += 1
            }
            return String(scalars)
        }
        let bodies = [
            "  目視\n\n点検　を\u{00A0}ドローン\u{2028}で\t代替 ", "\u{3000}\u{3000}衛星データ", "a\u{0085}b\u{1680}c\u{205F}d\u{202F}e",
            "一\u{2028}二 \r\n三\u{2029}\u{3000}四\u{000B}五\u{000C}六", "\n\n先頭 \n 末尾\n\n",
            "𠮷野家 🎌 é\u{301}", "", "   ", String(repeating: "農地の現地確認 ", count: 80), "\u{00A9}\u{E1}\u{2030}\u{3001}"
        ]
        for body in bodies {
            for limit in [0, 1, 5, 300] {
                let document = SearchDocument(
                    title: "t", path: "/p/", summary: "", meta: "", labels: [], body: body, facets: [:])
                #expect(
                    Fragment(document, limit: limit).x == expected(body, limit: limit),
                    "\(body.debugDescription) \(limit)")
            }
        }
    }

    @Test func fragmentWhitespaceIsUnicodeWhiteSpace() {
        let differing = (UInt32(0)...0x10FFFF).compactMap(Unicode.Scalar.init).filter {
            $0.isWhiteSpace != $0.properties.isWhitespace
        }
        #expect(differing.isEmpty, "\(differing.map { String($0.value, radix: 16) })")
        #expect(Unicode.Scalar("\u{3000}").isWhiteSpace && !Unicode.Scalar("a").isWhiteSpace)
    }

    /// The manifest as written reads back and writes again byte for byte: every field it holds is
    /// one `Manifest` reads (the engines read the same JSON).
    @Test func theManifestRoundTrips() throws {
        let files = SearchIndexWriter.files(
            SearchIndexTests.documents + SearchIndexTests.grams,
            facets: [SearchFacet(key: "type", label: "種類", valueLabels: ["regulations": "規制"])])
        let bytes = try #require(files.first { $0.path == "manifest.json" }).bytes
        let manifest = try JSONDecoder().decode(Manifest.self, from: Data(bytes))
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        #expect(Array(try encoder.encode(manifest)) == bytes)
        #expect(manifest.documents == 8 && manifest.fragments.files == 8)
        #expect(manifest.facets.first?.values.map(\.label) == ["規制"])
        // Every file the manifest names was written.
        let paths = Set(files.map(\.path))
        #expect(manifest.documentFacets.keys.indices.allSatisfy { paths.contains(manifest.documentFacets.file($0)) })
        #expect(manifest.documentFacets.keys.allSatisfy { $0.offset == 0 })
        #expect(
            (0..<manifest.fragments.files).allSatisfy {
                paths.contains("f\($0).\(manifest.fragments.hashes.hash(of: $0)).json")
            })
        #expect(
            Separators.decode(manifest.shards.first).indices.allSatisfy {
                paths.contains("s\($0).\(manifest.shards.hashes.hash(of: $0)).bin")
            })
        #expect(
            (0..<manifest.shards.grams).allSatisfy {
                paths.contains("g\($0).\(manifest.shards.gramHashes.hash(of: $0)).bin")
            })
        #expect(
            Separators.decode(manifest.shards.characters).indices.allSatisfy {
                paths.contains("c\($0).\(manifest.shards.characterHashes.hash(of: $0)).bin")
            })
        // No shard file the manifest does not name.
        #expect(
            paths.filter { $0.hasSuffix(".bin") && !$0.hasPrefix("facet") }.count
                == Separators.decode(manifest.shards.first).count * 2 + manifest.shards.grams
                + Separators.decode(manifest.shards.characters).count)
    }

    /// A term's `g` shard is the 32-bit FNV-1a hash of the UTF-8 of its first four scalars: the
    /// published test vectors (the hash itself, modulo `UInt32.max`), and a long term falls in the
    /// shard of its first 4-gram. `Tests/js/gram-shard.test.mjs` holds `engine.js` to the same.
    @Test func theGramShardHashIsFNV1a() {
        let all = Int(UInt32.max)
        #expect(SearchIndexLayout.gramShard("", of: all) == 0x811C_9DC5)
        #expect(SearchIndexLayout.gramShard("a", of: all) == 0xE40C_292C)
        #expect(SearchIndexLayout.gramShard("foob", of: all) == 0x3F50_76EF)
        #expect(SearchIndexLayout.gramShard("foobar", of: all) == 0x3F50_76EF)
        #expect(SearchIndexLayout.gramShard("建築基準", of: 997) == SearchIndexLayout.gramShard("建築基準法", of: 997))
        #expect(SearchIndexLayout.gramShard("建築基準", of: all) == 0x3E3B_F736)
        #expect(SearchIndexLayout.gramShard("近接目視", of: 1) == 0)
    }
}
