import MinaoshiSupport
import MinaoshiTestSupport
import Testing

/// The build caches are records (`RecordWriter`, `RecordReader`): what is written reads back
/// the same, and bytes a record reader reads as text are held to the general decoder.
@Suite struct RecordCodingTests {
    @Test func textsReadBackAsWritten() throws {
        let texts = ["", "a", "近接目視", "ドローン（UAV）", "e\u{301}", "🇯🇵 点検", String(repeating: "法", count: 5_000)]
        var writer = RecordWriter()
        for text in texts {
            writer.text(text)
            writer.optionalText(text)
            writer.optionalText(nil)
        }
        var reader = RecordReader(writer.buffer)
        for text in texts {
            #expect(try reader.text() == text)
            #expect(try reader.optionalText() == text)
            #expect(try reader.optionalText() == nil)
        }
        #expect(reader.remaining == 0)
    }

    @Test func numbersReadBackAsWritten() throws {
        let numbers = [0, 1, -1, 255, 256, 1 << 40, Int.max, Int.min]
        var writer = RecordWriter()
        for number in numbers {
            writer.int(number)
            writer.uint32(UInt32(truncatingIfNeeded: number))
        }
        var reader = RecordReader(writer.buffer)
        for number in numbers {
            #expect(try reader.int() == number)
            #expect(try reader.uint32() == UInt32(truncatingIfNeeded: number))
        }
        #expect(throws: RecordReader.Malformed.self) { try reader.uint64() }
    }

    /// Random bytes, valid UTF-8 or not, behind a length that may run past the end: `text()`
    /// gives what `String(validating:)` gives of a copy of them, throws where it gives nil or the
    /// bytes end early, and leaves the reader where the general path leaves it.
    @Test func textAgreesWithTheGeneralDecoderOnRandomBytes() throws {
        var random = SplitMix(seed: 23)
        let pieces: [[UInt8]] = [
            Array("点検".utf8), Array("a".utf8), [0xE3], [0x81, 0x82], [0xFF], [0xC0, 0xAF], [0xED, 0xA0, 0x80], [0],
            Array("🙂".utf8),
            // U+FFFD itself, whole and cut: what the reader's decoding puts in place of bytes that are not UTF-8.
            [0xEF, 0xBF, 0xBD], [0xEF, 0xBF]
        ]
        var agreed = (texts: 0, refused: 0)
        for _ in 0..<2_000 {
            var bytes: [UInt8] = []
            for _ in 0..<Int(random.next() % 6) { bytes += pieces[Int(random.next() % UInt64(pieces.count))] }
            var writer = RecordWriter()
            writer.data(bytes)
            writer.int(7)
            // Sometimes cut short, inside the text or its length.
            var buffer = writer.buffer
            if random.next() % 4 == 0 { buffer = Array(buffer.prefix(Int(random.next() % UInt64(buffer.count + 1)))) }

            var general = RecordReader(buffer)
            let expected: String? =
                if let copied = try? general.data() { String(validating: copied, as: UTF8.self) } else { nil }
            var fast = RecordReader(buffer)
            let read = try? fast.text()
            #expect(read == expected, "\(bytes)")
            // In place in shared bytes (a mapped cache file), the same.
            let shared = SharedBytes(buffer)
            var inPlace = RecordReader(shared, range: 0..<buffer.count)
            #expect((try? inPlace.text()) == expected, "\(bytes), in place")
            #expect(inPlace.remaining == fast.remaining)
            if let read {
                agreed.texts += 1
                #expect(fast.remaining == general.remaining)
                #expect(read.utf8.elementsEqual(bytes))
            } else {
                agreed.refused += 1
            }
        }
        #expect(agreed.texts > 300 && agreed.refused > 300, "\(agreed)")
    }

    /// A reader of a range of shared bytes reads what a reader of the same range of an array reads,
    /// field by field; a range outside the bytes is an empty reader.
    @Test func aRangeOfSharedBytesReadsAsTheSameRangeOfAnArray() throws {
        var writer = RecordWriter()
        writer.text("前置き")
        let start = writer.buffer.count
        writer.uint32(0xDEAD_BEEF)
        writer.int(-42)
        writer.text("近接目視")
        writer.data([1, 2, 3])
        writer.optionalText(nil)
        let end = writer.buffer.count
        writer.text("後書き")
        let bytes = writer.buffer, shared = SharedBytes(writer.buffer)
        var array = RecordReader(bytes, range: start..<end), inPlace = RecordReader(shared, range: start..<end)
        #expect(try array.uint32() == 0xDEAD_BEEF && inPlace.uint32() == 0xDEAD_BEEF)
        #expect(try array.int() == -42 && inPlace.int() == -42)
        #expect(try array.text() == "近接目視" && inPlace.text() == "近接目視")
        #expect(try array.data() == [1, 2, 3] && inPlace.data() == [1, 2, 3])
        #expect(try array.byte() == 0 && inPlace.byte() == 0)
        #expect(array.remaining == 0 && inPlace.remaining == 0)
        #expect(RecordReader(shared, range: 0..<(bytes.count + 1)).remaining == 0)
        #expect(RecordReader(shared, range: -1..<3).remaining == 0)
    }
}
