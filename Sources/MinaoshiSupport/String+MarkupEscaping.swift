extension String {
    /// Safe as XML or HTML text and inside double- or single-quoted attribute values:
    /// `&`, `<`, `>`, `"` and `'` become entities.
    ///
    /// Works on UTF-8 bytes: the five are ASCII, which UTF-8 never puts inside another character,
    /// and walking Japanese text Character by Character (grapheme clusters) was a fifth of a build.
    /// It also escapes a `<` that a combining mark follows, which a Character comparison missed.
    /// Text with none of the five is returned as it is.
    public var escapedForMarkup: String {
        guard containsUTF8(where: Self.isMarkupSpecial) else { return self }
        var out: [UInt8] = []
        out.reserveCapacity(utf8.count + 16)
        appendEscapedForMarkup(to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// Appends the text's UTF-8 bytes to `out`, escaped as `escapedForMarkup` escapes them;
    /// the template renderer writes pages this way without making a String per value.
    public func appendEscapedForMarkup(to out: inout [UInt8]) {
        var copy = self
        copy.withUTF8 { out.appendEscapedForMarkup($0) }
    }
}

extension Array where Element == UInt8 {
    /// Appends `bytes` (UTF-8) escaped as `String.escapedForMarkup` escapes them.
    public mutating func appendEscapedForMarkup(_ bytes: UnsafeBufferPointer<UInt8>) {
        do {
            var last = 0, index = 0
            while index < bytes.count {
                // Eight bytes at a time while none can be one of the five: Japanese text is all
                // bytes of 0x80 and above, and a switch per byte was 1% of a build's instructions.
                if index + 8 <= bytes.count,
                    !mayNeedMarkupEscape(UnsafeRawPointer(bytes.baseAddress! + index).loadUnaligned(as: UInt64.self))
                {
                    index += 8
                    continue
                }
                defer { index += 1 }
                let entity: StaticString
                switch bytes[index] {
                case UInt8(ascii: "&"): entity = "&amp;"
                case UInt8(ascii: "<"): entity = "&lt;"
                case UInt8(ascii: ">"): entity = "&gt;"
                case UInt8(ascii: "\""): entity = "&quot;"
                case UInt8(ascii: "'"): entity = "&#39;"
                default: continue
                }
                append(contentsOf: UnsafeBufferPointer(rebasing: bytes[last..<index]))
                append(contentsOf: UnsafeBufferPointer(start: entity.utf8Start, count: entity.utf8CodeUnitCount))
                last = index + 1
            }
            append(contentsOf: UnsafeBufferPointer(rebasing: bytes[last...]))
        }
    }
}

/// Whether any of the eight bytes of `word` may be `&`, `<`, `>`, `"` or `'`: exact when false.
@inline(__always)
private func mayNeedMarkupEscape(_ word: UInt64) -> Bool {
    let ones: UInt64 = 0x0101_0101_0101_0101, highs: UInt64 = 0x8080_8080_8080_8080
    if word & highs == highs { return false }  // no ASCII byte at all
    @inline(__always) func has(_ byte: UInt64) -> Bool {
        let x = word ^ (byte &* ones)
        return (x &- ones) & ~x & highs != 0
    }
    return has(0x26) || has(0x3C) || has(0x3E) || has(0x22) || has(0x27)
}

extension String {
    private static func isMarkupSpecial(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: "&") || byte == UInt8(ascii: "<") || byte == UInt8(ascii: ">")
            || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "'")
    }

    /// Whether any UTF-8 byte satisfies `predicate`, read from contiguous storage when the
    /// string has it (native strings do): the `utf8` view's iterator checked each index.
    func containsUTF8(where predicate: (UInt8) -> Bool) -> Bool {
        if let found = utf8.withContiguousStorageIfAvailable({ $0.contains(where: predicate) }) { return found }
        return utf8.contains(where: predicate)
    }
}
