import Foundation
import MinaoshiSupport
import MinaoshiTestSupport
import Testing
@testable import MinaoshiSearch

/// The index's NFKC short cut gives exactly `String.nfkc`.
@Suite struct FastNFKCTests {
    static let pool: [String] = [
        "a", "Z", " ", "。", "、", "「", "」", "・", "※", "→", "（", "）", "０", "Ａ", "ｚ", "　", "か", "カ", "ー", "漢", "々",
        "\u{3099}", "\u{309A}", "\u{0301}", "\u{0338}", "ｶ", "ﾞ", "ﾟ", "ｰ", "①", "㈱", "㍻", "㌔", "Ⅻ", "ﬁ", "é", "e", "가", "\u{1100}",
        "\u{1161}", "…", "‥", "〒", "【", "】", "〈", "《", "¹", "½", "Å", "Ω", "\u{FF9E}", "→\u{0338}", "←",
    ]

    @Test func itEqualsStringNFKCOnMixedText() {
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<3000 {
            let text = (0..<Int.random(in: 0...12, using: &generator)).map { _ in Self.pool.randomElement(using: &generator)! }.joined()
            #expect(FastNFKC.nfkc(text) == text.nfkc, "\(text.unicodeScalars.map { String($0.value, radix: 16) })")
        }
    }

    @Test func itEqualsStringNFKCOnTheShippedCorpus() throws {
        let root = FixtureSite.packageRoot.appendingPathComponent("content")
        let files = FileManager.default.enumerator(at: root, includingPropertiesForKeys: nil)!.compactMap { $0 as? URL }.filter { $0.pathExtension == "md" }
        #expect(files.count > 50)
        for file in files {
            let text = try String(contentsOf: file, encoding: .utf8)
            #expect(FastNFKC.nfkc(text) == text.nfkc, "\(file.lastPathComponent)")
        }
    }
}
