import Foundation

extension String {
    /// NFKC form: full-width Latin and digits become half-width, half-width katakana become
    /// full-width, compatibility characters fold (`①` → `1`). Search and ids use this form.
    public var nfkc: String {
        let scalars = unicodeScalars
        guard scalars.contains(where: { !$0.isNFKCStableAlone }) else { return self }
        // Japanese prose is mostly stable kana and kanji with a few full-width brackets, digits
        // or spaces: those are mapped here (one scalar to one), and only runs of other scalars go
        // through Foundation, each with the scalar before it (a sound mark such as ﾞ composes with
        // it). Normalising whole strings through Foundation was a fifth of the search index's time.
        // Stable scalars compose with nothing before them, so the pieces join to the whole-string
        // result (a randomised test compares them scalar for scalar).
        // Built as UTF-8 bytes: appending scalar by scalar to a `String.UnicodeScalarView` cost
        // more than the mapping (the duplicate-title check's NFKC of every title was 1% of a build).
        var result: [UInt8] = []
        result.reserveCapacity(utf8.count)
        func append(_ scalar: Unicode.Scalar) { UTF8.encode(scalar) { result.append($0) } }
        var index = scalars.startIndex
        // Where the last scalar appended as it was starts in `result`, if it was the one before `index`.
        var previous: (index: String.UnicodeScalarView.Index, byte: Int)?
        while index != scalars.endIndex {
            let scalar = scalars[index]
            let byte = result.count
            if scalar.isNFKCStableAlone {
                append(scalar)
            } else if let mapped = scalar.nfkcWidthMapping {
                append(mapped)
            } else {
                var runStart = index
                if let previous { runStart = previous.index; result.removeSubrange(previous.byte...) }
                var runEnd = scalars.index(after: index)
                while runEnd != scalars.endIndex, !scalars[runEnd].isNFKCStableAlone,
                    scalars[runEnd].nfkcWidthMapping == nil
                {
                    runEnd = scalars.index(after: runEnd)
                }
                result.append(contentsOf: String(String.UnicodeScalarView(scalars[runStart..<runEnd])).wholeNFKC.utf8)
                previous = nil
                index = runEnd
                continue
            }
            previous = (index, byte)
            index = scalars.index(after: index)
        }
        return String(decoding: result, as: UTF8.self)
    }

    /// True when every scalar is one NFC leaves as it is whatever surrounds it: stable alone for
    /// NFKC (`isNFKCStableAlone`), the ideographic space or a full-width ASCII form. Such a string
    /// is NFC, and `String`'s `<` compares the code points of NFC forms, which UTF-8 keeps in
    /// order: comparing the UTF-8 bytes of two such strings orders them exactly as `<` does, without
    /// the normalizing comparison `<` makes for any text that is not ASCII. (Checked with Python's
    /// `unicodedata`: none of these scalars changes under NFC, has a combining class or ends a
    /// canonical composition.)
    public var isTriviallyNFC: Bool {
        unicodeScalars.allSatisfy { $0.isNFKCStableAlone || $0.nfkcWidthMapping != nil }
    }

    /// NFKC through Foundation, whole.
    var wholeNFKC: String {
        // Foundation on Linux maps compatibility forms without composing what the mapping
        // decomposed: ﾄﾞ came out as ト + U+3099, not ド. Composing again finishes NFKC.
        let mapped = precomposedStringWithCompatibilityMapping
        return mapped.unicodeScalars.contains { $0.properties.canonicalCombiningClass != .notReordered }
            ? mapped.precomposedStringWithCanonicalMapping : mapped
    }
}

extension Unicode.Scalar {
    /// What NFKC makes of this scalar whatever surrounds it, when the scalar alone tells: itself
    /// when it is stable alone, the half-width form of a full-width ASCII form, a space for the
    /// ideographic space; nil when only NFKC of the text around it can tell (`ｶﾞ`, `①`, marks).
    /// Most Japanese prose is made of such scalars, so a reader can map it scalar by scalar as it
    /// reads instead of making its NFKC string first.
    @inline(__always)
    public var nfkcAlone: Unicode.Scalar? { isNFKCStableAlone ? self : nfkcWidthMapping }

    /// NFKC of the full-width ASCII forms (U+FF01–U+FF5E, one to one onto U+0021–U+007E) and of
    /// the ideographic space (U+3000 → U+0020); nil for every other scalar.
    var nfkcWidthMapping: Unicode.Scalar? {
        switch value {
        case 0xFF01...0xFF5E: Unicode.Scalar(value - 0xFEE0)
        case 0x3000: " "
        default: nil
        }
    }

    /// True for scalars that NFKC leaves as they are, that are not combining marks and that
    /// compose with nothing before them: ASCII, the CJK symbols and kana of U+3001–U+30FE that
    /// NFKC keeps (not the ideographic space, the sound marks U+3099–U+309C, ゟ or ヿ), the
    /// unified ideographs, ※ and the arrows ←↑→↓. The ranges were computed with Python's `unicodedata`
    /// (`normalize('NFKC', c) == c and combining(c) == 0`).
    var isNFKCStableAlone: Bool {
        switch value {
        case 0x00...0x7F, 0x4E00...0x9FFF, 0x203B, 0x2190...0x2193,
            0x3001...0x3029, 0x3030...0x3035, 0x3037, 0x303B...0x303F, 0x3041...0x3096, 0x309D...0x309E,
            0x30A0...0x30FE:
            true
        default: false
        }
    }
}

extension Character {
    /// True for characters written without spaces between words: kana, kanji, and CJK punctuation.
    public var isCJK: Bool {
        guard let scalar = unicodeScalars.first else { return false }
        switch scalar.value {
        case 0x2E80...0x2FDF,  // CJK and Kangxi radicals
            0x3000...0x303F,  // CJK symbols and punctuation
            0x3040...0x30FF,  // hiragana, katakana
            0x31F0...0x31FF,  // katakana phonetic extensions (ㇰ)
            0x3200...0x33FF,  // enclosed CJK and CJK compatibility (㈱, ㍻, ㌔)
            0x3400...0x4DBF,  // CJK extension A
            0x4E00...0x9FFF,  // CJK unified ideographs
            0xF900...0xFAFF,  // CJK compatibility ideographs
            0xFE30...0xFE4F,  // CJK compatibility forms (vertical punctuation)
            0xFF00...0xFFEF,  // half- and full-width forms
            0x20000...0x3FFFF:  // CJK extensions B and later, compatibility supplement
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
