/// URLs a link or image must never carry: `javascript:` and `vbscript:` run script, and `data:`
/// carries a document of its own (HTML, SVG with script) under no origin's rules.
///
/// Browsers read a URL after decoding character references (in HTML attributes), removing every
/// tab and line break, and trimming leading and trailing spaces and control characters; they
/// compare the scheme in any case. So `JaVa&#x09;Script&colon;alert(1)` is `javascript:`; the
/// check reads a URL the same way before it compares.
public enum DangerousURL {
    static let schemes: [[UInt8]] = ["javascript:", "vbscript:", "data:"].map { Array($0.utf8) }

    /// Whether `url` (as written in an HTML attribute, or as cmark decoded it) would run as
    /// one of ``schemes``.
    public static func isDangerous(_ url: String) -> Bool {
        let read = asBrowsersRead(Array(url.utf8))
        return schemes.contains { read.starts(with: $0) }
    }

    /// Character references decoded (numeric, and the named ones that spell a scheme's letters
    /// or its colon), tabs and line breaks removed, leading spaces and controls trimmed, ASCII
    /// letters lowered.
    static func asBrowsersRead(_ bytes: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "&"), let (scalar, end) = characterReference(bytes, at: index) {
                out.append(contentsOf: Array(String(Character(scalar)).utf8))
                index = end
                continue
            }
            out.append(byte)
            index += 1
        }
        out.removeAll { $0 == 0x09 || $0 == 0x0A || $0 == 0x0D }
        let start = out.firstIndex { $0 > 0x20 } ?? out.endIndex
        return out[start...].map { (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains($0) ? $0 | 0x20 : $0 }
    }

    /// Named references that can spell part of a dangerous scheme (letters come as numeric ones).
    static let named: [String: Unicode.Scalar] = [
        "colon": ":", "tab": "\t", "newline": "\n", "nbsp": "\u{A0}", "lpar": "(", "rpar": ")", "sol": "/"
    ]

    /// `&#106;`, `&#x6A;`, `&#106` (the semicolon is optional for numbers), `&colon;`: the
    /// scalar and the index after the reference.
    static func characterReference(_ bytes: [UInt8], at start: Int) -> (Unicode.Scalar, Int)? {
        var index = start + 1
        guard index < bytes.count else { return nil }
        if bytes[index] == UInt8(ascii: "#") {
            index += 1
            let hex = index < bytes.count && (bytes[index] | 0x20) == UInt8(ascii: "x")
            if hex { index += 1 }
            var value = 0, digits = 0
            while index < bytes.count, let digit = digitValue(bytes[index], hex: hex) {
                value = min(value * (hex ? 16 : 10) + digit, 0x110000)
                digits += 1
                index += 1
            }
            guard digits > 0 else { return nil }
            if index < bytes.count, bytes[index] == UInt8(ascii: ";") { index += 1 }
            return (Unicode.Scalar(UInt32(value)) ?? "\u{FFFD}", index)
        }
        let nameStart = index
        while index < bytes.count, index - nameStart < 16, isASCIILetter(bytes[index]) { index += 1 }
        guard index < bytes.count, bytes[index] == UInt8(ascii: ";") else { return nil }
        let name = String(decoding: bytes[nameStart..<index], as: UTF8.self).lowercased()
        guard let scalar = named[name] else { return nil }
        return (scalar, index + 1)
    }

    private static func digitValue(_ byte: UInt8, hex: Bool) -> Int? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): Int(byte - UInt8(ascii: "0"))
        case UInt8(ascii: "a")...UInt8(ascii: "f") where hex: Int(byte - UInt8(ascii: "a")) + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F") where hex: Int(byte - UInt8(ascii: "A")) + 10
        default: nil
        }
    }

    static func isASCIILetter(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte | 0x20)
    }
}
