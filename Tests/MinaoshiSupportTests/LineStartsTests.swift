import MinaoshiSupport
import Testing

/// `[UInt8].lineStarts()` finds line feeds with `memchr` (for Markdown's and the templates'
/// positions); it must give what a plain walk over the bytes gives.
@Suite struct LineStartsTests {
    static func reference(_ bytes: [UInt8]) -> [Int] {
        var starts = [0]
        for (offset, byte) in bytes.enumerated() where byte == UInt8(ascii: "\n") { starts.append(offset + 1) }
        return starts
    }

    @Test(arguments: ["", "\n", "\n\n", "a", "a\n", "\na", "見直し\r\n目視\n\nドローン", "a\rb\n"])
    func edgeCasesAsThePlainWalk(_ text: String) {
        let bytes = Array(text.utf8)
        #expect(bytes.lineStarts() == Self.reference(bytes))
    }

    @Test func randomBytesAsThePlainWalk() {
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<200 {
            let count = Int.random(in: 0..<300, using: &generator)
            // Mostly line feeds and a few other bytes, so that runs and gaps of every length occur.
            let bytes: [UInt8] = (0..<count).map { _ in
                [0x0A, 0x0A, 0x0D, 0x61, 0xE3, 0x00].randomElement(using: &generator)!
            }
            #expect(bytes.lineStarts() == Self.reference(bytes), "\(bytes)")
        }
    }
}
