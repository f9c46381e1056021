import Foundation

extension String {
    /// NFKC form: full-width Latin and digits become half-width, half-width katakana become
    /// full-width, compatibility characters fold (`①` → `1`). Search and ids use this form.
    public var nfkc: String {
        if unicodeScalars.allSatisfy(\.isNFKCStableAlone) { return self }
        // Foundation on Linux maps compatibility forms without composing what the mapping
        // decomposed: ﾄﾞ came out as ト + U+3099, not ド. Composing again finishes NFKC.
        let mapped = precomposedStringWithCompatibilityMapping
        return mapped.unicodeScalars.contains { $0.properties.canonicalCombiningClass != .notReordered }
            ? mapped.precomposedStringWithCanonicalMapping : mapped
    }
}

extension Unicode.Scalar {
    /// True for scalars that NFKC leaves as they are and that nothing composes with unless a
    /// combining mark follows (and combining marks are not in this set): ASCII, kana without
    /// the combining sound marks, the unified ideographs, `、。「」『』`. Text made only of these
    /// (most Japanese headings and titles) is its own NFKC form, so Foundation is not asked.
    var isNFKCStableAlone: Bool {
        switch value {
        case 0x00...0x7F, 0x3041...0x3096, 0x30A1...0x30FA, 0x30FC, 0x4E00...0x9FFF, 0x3001...0x3002, 0x300C...0x300F: true
        default: false
        }
    }
}

extension Character {
    /// True for characters written without spaces between words: kana, kanji, and CJK punctuation.
    public var isCJK: Bool {
        guard let scalar = unicodeScalars.first else { return false }
        switch scalar.value {
        case 0x2E80...0x2FDF, // CJK and Kangxi radicals
             0x3000...0x303F, // CJK symbols and punctuation
             0x3040...0x30FF, // hiragana, katakana
             0x31F0...0x31FF, // katakana phonetic extensions (ㇰ)
             0x3200...0x33FF, // enclosed CJK and CJK compatibility (㈱, ㍻, ㌔)
             0x3400...0x4DBF, // CJK extension A
             0x4E00...0x9FFF, // CJK unified ideographs
             0xF900...0xFAFF, // CJK compatibility ideographs
             0xFE30...0xFE4F, // CJK compatibility forms (vertical punctuation)
             0xFF00...0xFFEF, // half- and full-width forms
             0x20000...0x3FFFF: // CJK extensions B and later, compatibility supplement
            return true
        default:
            return false
        }
    }
}

/// Joins lines of one paragraph the way a reader expects: Japanese text runs on without a
/// space (a soft line break inside `見直し\nの結果` is not a word gap), other text gets one space.
public func joinSoftLines(_ left: String, _ right: String) -> String {
    left + softLineSeparator(left, right) + right
}

/// What ``joinSoftLines(_:_:)`` puts between two lines: nothing between CJK characters, else a space.
public func softLineSeparator(_ left: String, _ right: String) -> String {
    guard let last = left.last, let first = right.first else { return "" }
    return last.isCJK && first.isCJK ? "" : " "
}
