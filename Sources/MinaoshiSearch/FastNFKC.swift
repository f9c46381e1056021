import MinaoshiSupport

/// `String.nfkc` for the index's bulk text, without asking Foundation about the common characters.
///
/// Foundation's normalisation was the largest single cost of the index step (a second of CPU at
/// 10k documents). Bodies are mostly characters NFKC leaves alone, plus a few that it maps one to
/// one: full-width ASCII (`（）０-９Ａ-Ｚ`) and the ideographic space. Each of those, and each
/// character below, is a starter (combining class 0) that nothing before it composes with, so the
/// text can be cut before it: NFKC of the whole equals the NFKC of the pieces joined. A character
/// followed by a combining mark (`か` + U+3099) goes to Foundation with its marks, as does every
/// other character. `FastNFKCTests` compares it with `String.nfkc`.
enum FastNFKC {
    /// What `scalar` becomes on its own when it is a stable starter or a one-to-one width mapping.
    @inline(__always)
    static func simple(_ scalar: Unicode.Scalar) -> Unicode.Scalar? {
        switch scalar.value {
        case 0x00...0x7F, 0x3041...0x3096, 0x30A1...0x30FA, 0x30FB, 0x30FC, 0x4E00...0x9FFF,
             0x3001...0x3002, 0x3005...0x3007, 0x3008...0x3011, 0x203B, 0x2190...0x2193:
            return scalar
        case 0xFF01...0xFF5E: return Unicode.Scalar(scalar.value - 0xFEE0)
        case 0x3000: return " "
        default: return nil
        }
    }

    static func nfkc(_ text: String) -> String {
        var out = String.UnicodeScalarView()
        var pending = String.UnicodeScalarView()
        var held: Unicode.Scalar? // a simple scalar, kept back in case marks follow it
        for scalar in text.unicodeScalars {
            if simple(scalar) != nil {
                if !pending.isEmpty {
                    out.append(contentsOf: String(pending).nfkc.unicodeScalars)
                    pending.removeAll()
                }
                if let previous = held { out.append(simple(previous)!) }
                held = scalar
            } else {
                if let previous = held { pending.append(previous); held = nil }
                pending.append(scalar)
            }
        }
        if !pending.isEmpty { out.append(contentsOf: String(pending).nfkc.unicodeScalars) }
        if let previous = held { out.append(simple(previous)!) }
        return String(out)
    }
}
