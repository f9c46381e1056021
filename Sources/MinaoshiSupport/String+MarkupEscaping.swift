extension String {
    /// Safe as XML or HTML text and inside double- or single-quoted attribute values:
    /// `&`, `<`, `>`, `"` and `'` become entities.
    ///
    /// Works on UTF-8 bytes: the five are ASCII, which UTF-8 never puts inside another character,
    /// and walking Japanese text Character by Character (grapheme clusters) was a fifth of a build.
    /// It also escapes a `<` that a combining mark follows, which a Character comparison missed.
    /// Text with none of the five is returned as it is.
    public var escapedForMarkup: String {
        guard utf8.contains(where: Self.isMarkupSpecial) else { return self }
        var out: [UInt8] = []
        out.reserveCapacity(utf8.count + 16)
        for byte in utf8 {
            switch byte {
            case UInt8(ascii: "&"): out.append(contentsOf: "&amp;".utf8)
            case UInt8(ascii: "<"): out.append(contentsOf: "&lt;".utf8)
            case UInt8(ascii: ">"): out.append(contentsOf: "&gt;".utf8)
            case UInt8(ascii: "\""): out.append(contentsOf: "&quot;".utf8)
            case UInt8(ascii: "'"): out.append(contentsOf: "&#39;".utf8)
            default: out.append(byte)
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    private static func isMarkupSpecial(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: "&") || byte == UInt8(ascii: "<") || byte == UInt8(ascii: ">")
            || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "'")
    }
}
