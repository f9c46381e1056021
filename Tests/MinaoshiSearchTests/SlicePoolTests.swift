import MinaoshiTestSupport
import Testing

@testable import MinaoshiSearch

/// The posting builder's streams: many of them written interleaved into one pool read back whole and
/// in order, across slices of every size.
@Suite struct SlicePoolTests {
    @Test func interleavedStreamsReadBackInOrder() {
        var pool = SlicePool()
        defer { pool.release() }
        // Lengths from empty to past the largest slice, several times over.
        let lengths = [0, 1, 3, 4, 5, 11, 12, 13, 100, 1_000, 4_093, 20_000]
        var streams = [SlicePool.Stream](repeating: SlicePool.Stream(), count: lengths.count)
        var expected = [[UInt8]](repeating: [], count: lengths.count)
        // A deterministic byte sequence per stream; streams take turns a byte at a time, so every
        // slice of one stream sits between slices of the others.
        var generator = SplitMix(seed: 7)
        for round in 0..<lengths.max()! {
            for index in lengths.indices where round < lengths[index] {
                let byte = UInt8(truncatingIfNeeded: generator.next())
                pool.append(byte, to: &streams[index])
                expected[index].append(byte)
            }
        }
        for index in lengths.indices {
            #expect(pool.contents(of: streams[index]) == expected[index], "stream of \(lengths[index]) bytes")
            #expect(streams[index].isEmpty == (lengths[index] == 0))
        }
    }

    @Test func varintsAreLEB128AsTheByteWriterWritesThem() {
        var pool = SlicePool()
        defer { pool.release() }
        var stream = SlicePool.Stream()
        var writer = ByteWriter()
        for value in [0, 1, 127, 128, 300, 16_383, 16_384, 1 << 31, Int(UInt32.max), 1 << 40] {
            pool.appendVarint(value, to: &stream)
            writer.varint(value)
        }
        #expect(pool.contents(of: stream) == writer.bytes)
    }

    /// After `removeAll` the pool is reused from its start: new streams read back what they got only.
    @Test func aClearedPoolStartsOver() {
        var pool = SlicePool()
        defer { pool.release() }
        var old = SlicePool.Stream()
        for byte in 0..<200 { pool.append(UInt8(byte), to: &old) }
        pool.removeAll()
        var new = SlicePool.Stream()
        for byte in 0..<50 { pool.append(UInt8(255 - byte), to: &new) }
        #expect(pool.contents(of: new) == (0..<50).map { UInt8(255 - $0) })
    }
}

extension SlicePool {
    /// The stream's bytes, whole, as the posting builder copies them run by run.
    func contents(of stream: Stream) -> [UInt8] {
        var result: [UInt8] = []
        forEachRun(of: stream) { result.append(contentsOf: $0) }
        return result
    }
}
