/// A JSON value written by hand, so files come out byte for byte the same on every build, with
/// keys in the order a reader expects (id first), which `JSONEncoder` does not promise.
///
/// Not `indirect`: arrays already hold the nested values, and boxing every case put each value
/// of every feed item and data record on the heap of its own.
public enum JSONValue: Sendable, Equatable {
    case string(String)
    case int(Int)
    case bool(Bool)
    case null
    case array([JSONValue])
    /// Keys in writing order.
    case object([(String, JSONValue)])

    public static func == (lhs: JSONValue, rhs: JSONValue) -> Bool { lhs.text == rhs.text }

    /// Whether the value is `null` (without writing both sides out, as `==` does).
    public var isNull: Bool {
        if case .null = self { return true }
        return false
    }

    /// `.string`, or `null` for nil.
    public static func optional(_ value: String?) -> JSONValue { value.map(JSONValue.string) ?? .null }

    public static func strings(_ values: [String]) -> JSONValue { .array(values.map(JSONValue.string)) }

    /// Compact JSON (no spaces), UTF-8 left as is.
    public var text: String {
        var out: [UInt8] = []
        out.reserveCapacity(256)
        write(to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// Appends the value's compact JSON as UTF-8: feeds and open data write tens of megabytes
    /// of it, so it works on bytes, not on Characters or scalars.
    public func write(to out: inout [UInt8]) {
        switch self {
        case .string(let value): Self.writeString(value, to: &out)
        case .int(let value): out.append(contentsOf: String(value).utf8)
        case .bool(let value): out.append(contentsOf: (value ? "true" : "false").utf8)
        case .null: out.append(contentsOf: "null".utf8)
        case .array(let values):
            out.append(UInt8(ascii: "["))
            for (index, value) in values.enumerated() {
                if index > 0 { out.append(UInt8(ascii: ",")) }
                value.write(to: &out)
            }
            out.append(UInt8(ascii: "]"))
        case .object(let members):
            out.append(UInt8(ascii: "{"))
            for (index, (key, value)) in members.enumerated() {
                if index > 0 { out.append(UInt8(ascii: ",")) }
                Self.writeString(key, to: &out)
                out.append(UInt8(ascii: ":"))
                value.write(to: &out)
            }
            out.append(UInt8(ascii: "}"))
        }
    }

    /// RFC 8259 string: quote, backslash and control characters escaped; U+2028 and U+2029 too
    /// (UTF-8 E2 80 A8 and E2 80 A9), so the text is also safe inside a script. Runs of bytes
    /// that need nothing are copied whole.
    public static func writeString(_ value: String, to out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        var copy = value
        copy.withUTF8 { bytes in
            var last = 0, index = 0
            func flush(_ escape: String, skipping count: Int) {
                out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[last..<index]))
                out.append(contentsOf: escape.utf8)
                index += count
                last = index
            }
            while index < bytes.count {
                // Eight bytes at a time while none of them can need an escape: most text is
                // Japanese prose, and a switch per byte was 2% of a build's instructions.
                if index + 8 <= bytes.count,
                    !mayNeedEscape(UnsafeRawPointer(bytes.baseAddress! + index).loadUnaligned(as: UInt64.self))
                {
                    index += 8
                    continue
                }
                let byte = bytes[index]
                switch byte {
                case UInt8(ascii: "\""): flush("\\\"", skipping: 1)
                case UInt8(ascii: "\\"): flush("\\\\", skipping: 1)
                case UInt8(ascii: "\n"): flush("\\n", skipping: 1)
                case UInt8(ascii: "\r"): flush("\\r", skipping: 1)
                case UInt8(ascii: "\t"): flush("\\t", skipping: 1)
                case 0..<0x20:
                    let hex = String(byte, radix: 16)
                    flush("\\u" + String(repeating: "0", count: 4 - hex.count) + hex, skipping: 1)
                case 0xE2
                where index + 2 < bytes.count && bytes[index + 1] == 0x80
                    && (bytes[index + 2] == 0xA8 || bytes[index + 2] == 0xA9):
                    flush(bytes[index + 2] == 0xA8 ? "\\u2028" : "\\u2029", skipping: 3)
                default:
                    index += 1
                }
            }
            out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[last..<bytes.count]))
        }
        out.append(UInt8(ascii: "\""))
    }
}

/// Whether any of the eight bytes of `word` is a control character, `"`, a backslash or 0xE2 (the lead
/// byte of U+2028 and U+2029): what `JSONValue.writeString` looks at byte by byte. Exact when
/// false; true may be a false alarm (the bytes are then read one by one).
@inline(__always)
func mayNeedEscape(_ word: UInt64) -> Bool {
    let ones: UInt64 = 0x0101_0101_0101_0101, highs: UInt64 = 0x8080_8080_8080_8080
    @inline(__always) func hasZeroByte(_ x: UInt64) -> Bool { (x &- ones) & ~x & highs != 0 }
    let hasControl = (word &- 0x20 &* ones) & ~word & highs != 0
    return hasControl || hasZeroByte(word ^ (0x22 &* ones)) || hasZeroByte(word ^ (0x5C &* ones))
        || hasZeroByte(word ^ (0xE2 &* ones))
}

extension String {
    /// The text without characters XML 1.0 cannot carry even as references (C0 controls other
    /// than tab, line feed and carriage return; U+FFFE, U+FFFF). Feeds apply it to every field,
    /// JSON and Atom alike, so both say the same.
    public var withoutXMLIllegalCharacters: String {
        guard mayHoldXMLIllegalCharacters else { return self }
        var result = String.UnicodeScalarView()
        for scalar in unicodeScalars where !Self.isIllegalInXML(scalar) { result.append(scalar) }
        return String(result)
    }

    /// False when no character is illegal, decided on UTF-8 bytes: the C0 controls are bytes
    /// below 0x20, and U+FFFE and U+FFFF are EF BF BE and EF BF BF, so a text without a control
    /// byte or an EF BF pair has none. Decoding every scalar of every feed field cost more.
    public var mayHoldXMLIllegalCharacters: Bool {
        var copy = self
        return copy.withUTF8 { bytes in
            let ones: UInt64 = 0x0101_0101_0101_0101, highs: UInt64 = 0x8080_8080_8080_8080
            var index = 0
            while index < bytes.count {
                // Eight bytes at a time while none is a control byte or EF (every feed field is checked).
                if index + 8 <= bytes.count {
                    let word = UnsafeRawPointer(bytes.baseAddress! + index).loadUnaligned(as: UInt64.self)
                    let control = (word &- 0x20 &* ones) & ~word & highs != 0
                    let x = word ^ (0xEF &* ones)
                    if !control, (x &- ones) & ~x & highs == 0 { index += 8; continue }
                }
                switch bytes[index] {
                case 0x09, 0x0A, 0x0D: break
                case 0..<0x20: return true
                case 0xEF
                where index + 2 < bytes.count && bytes[index + 1] == 0xBF
                    && (bytes[index + 2] == 0xBE || bytes[index + 2] == 0xBF):
                    return true
                default: break
                }
                index += 1
            }
            return false
        }
    }

    static func isIllegalInXML(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x09, 0x0A, 0x0D: false
        case 0..<0x20, 0xFFFE, 0xFFFF: true
        default: false
        }
    }
}
