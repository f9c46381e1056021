/// Unsigned LEB128, the integers of the binary index files (shards and their positions).
struct ByteWriter {
    var bytes: [UInt8] = []

    mutating func varint(_ value: Int) { bytes.appendVarint(value) }

    mutating func string(_ text: String) {
        varint(text.utf8.count)
        bytes.append(contentsOf: text.utf8)
    }

    mutating func append(_ other: [UInt8]) { bytes.append(contentsOf: other) }

    mutating func append(_ other: UnsafeBufferPointer<UInt8>) { bytes.append(contentsOf: other) }

    /// Bytes `varint(value)` writes.
    static func varintSize(_ value: Int) -> Int { max(1, (Int.bitWidth - value.leadingZeroBitCount + 6) / 7) }
}

/// Reads what `ByteWriter` wrote, from `offset` on.
struct ByteReader {
    let bytes: [UInt8]
    var offset = 0

    init(_ bytes: [UInt8]) { self.bytes = bytes }

    var atEnd: Bool { offset >= bytes.count }

    mutating func varint() -> Int { Self.varint(in: bytes, at: &offset) }

    /// The varint at `offset` in `bytes` (an array, or a packed chunk's bytes), moving `offset` past it.
    static func varint<Bytes: RandomAccessCollection>(in bytes: Bytes, at offset: inout Int) -> Int
    where Bytes.Element == UInt8, Bytes.Index == Int {
        var value = 0, shift = 0
        while offset < bytes.endIndex {
            let byte = bytes[offset]
            offset += 1
            value |= Int(byte & 0x7F) << shift
            if byte < 0x80 { break }
            shift += 7
        }
        return value
    }

    /// Of the next `count` bytes, those there are (a count past the end, or negative, from a
    /// damaged file, stops at the end).
    private func available(_ count: Int) -> Range<Int> {
        let start = min(max(offset, 0), bytes.count)
        return start..<start + min(max(count, 0), bytes.count - start)
    }

    mutating func string() -> String {
        let count = varint()  // read before `available` looks at the offset
        let range = available(count)
        offset = range.upperBound
        return String(decoding: bytes[range], as: UTF8.self)
    }

    /// The next `count` bytes, or as many as there are: the caller compares the count when it
    /// matters (`SearchIndex.shard`).
    mutating func slice(_ count: Int) -> ArraySlice<UInt8> {
        let range = available(count)
        offset = range.upperBound
        return bytes[range]
    }
}
