import MinaoshiTestSupport
import Testing

@testable import MinaoshiSupport

@Suite("JSON text")
struct JSONTextTests {
    /// The word test that lets `writeString` skip eight bytes must never miss a byte that needs
    /// an escape, wherever it sits among bytes that do not.
    @Test func wordTestFindsEveryByteThatMayNeedAnEscape() {
        for filler in [UInt8(ascii: "a"), 0xE3, 0x80, 0x7F] {
            for byte in UInt8.min...UInt8.max {
                let special = byte < 0x20 || byte == 0x22 || byte == 0x5C || byte == 0xE2
                for position in 0..<8 {
                    var bytes = [UInt8](repeating: filler, count: 8)
                    bytes[position] = byte
                    let word = bytes.withUnsafeBytes { $0.loadUnaligned(as: UInt64.self) }
                    #expect(mayNeedEscape(word) == special, "byte \(byte) at \(position) among \(filler)")
                }
            }
        }
    }

    /// Escaped strings equal a byte-by-byte escaper's, with the bytes that need escapes at every
    /// offset of the eight-byte steps.
    @Test func escapesAsOneByteAtATime() {
        let pieces = [
            "見直し", "a", "\"", "\\", "\n", "\t", "\u{1}", "\u{1F}", "\u{2028}", "\u{2029}", "\u{2027}", "€", "—",
            "ドローン点検", " "
        ]
        var generator = SplitMix(seed: 3)
        for _ in 0..<3_000 {
            let text = (0..<Int(generator.next() % 24)).map { _ in pieces[Int(generator.next() % UInt64(pieces.count))]
            }.joined()
            var fast: [UInt8] = []
            JSONValue.writeString(text, to: &fast)
            #expect(fast == Self.escapedByteByByte(text), "\(text.debugDescription)")
        }
    }

    private static func escapedByteByByte(_ text: String) -> [UInt8] {
        var out = Array("\"".utf8)
        let bytes = Array(text.utf8)
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            switch byte {
            case 0x22: out += Array("\\\"".utf8)
            case 0x5C: out += Array("\\\\".utf8)
            case 0x0A: out += Array("\\n".utf8)
            case 0x0D: out += Array("\\r".utf8)
            case 0x09: out += Array("\\t".utf8)
            case 0..<0x20:
                let hex = String(byte, radix: 16)
                out += Array(("\\u" + String(repeating: "0", count: 4 - hex.count) + hex).utf8)
            case 0xE2
            where index + 2 < bytes.count && bytes[index + 1] == 0x80
                && (bytes[index + 2] == 0xA8 || bytes[index + 2] == 0xA9):
                out += Array((bytes[index + 2] == 0xA8 ? "\\u2028" : "\\u2029").utf8)
                index += 2
            default: out.append(byte)
            }
            index += 1
        }
        return out + Array("\"".utf8)
    }
}
