import Foundation
import ZIPFoundation

/// Where each entry's packed bytes lie in a ZIP file, read from its central directory and local
/// headers and checked against the file's size, so that an entry is inflated from exactly its own
/// bytes and never from past them.
///
/// Why not `Archive.extract`: on Linux, ZIPFoundation 0.9.20 inflates (`Data.decode`) by reading
/// the file chunk after chunk until zlib reports the end of the stream, whatever the entry's
/// compressed size; when the packed bytes run to the end of the file without ending the stream,
/// each further read returns nothing and the loop never ends (the fuzzer's hang,
/// `Tests/Fuzz/xlsx-import/corpus/hang-deflate-stream-never-ends.xlsx`). Here the provider hands
/// zlib the entry's bytes and then throws, so a stream that does not end within them is damaged.
struct ZIPEntryBytes {
    /// An entry's place in the file, from its central directory record.
    struct Location: Equatable {
        var localHeaderOffset: UInt64
        var compressedSize: UInt64
        var uncompressedSize: UInt64
    }

    struct Damaged: Error {}

    /// The entries' locations in central directory order: the order `Archive` iterates them in.
    let locations: [Location]
    private let bytes: Data

    init(_ bytes: Data) throws(Damaged) {
        self.bytes = bytes
        let count = bytes.count
        // The end of central directory record: 22 bytes and a comment of up to 65,535.
        var end = count - 22
        while end >= 0, end >= count - 22 - 0xFFFF {
            if Self.uint32(bytes, end) == 0x0605_4B50 { break }
            end -= 1
        }
        guard end >= 0, end >= count - 22 - 0xFFFF else { throw Damaged() }
        var entries = UInt64(Self.uint16(bytes, end + 10)!)
        var directory = UInt64(Self.uint32(bytes, end + 16)!)
        if entries == 0xFFFF || directory == 0xFFFF_FFFF {
            // ZIP64: the locator just before the record gives where the ZIP64 record is.
            guard end >= 20, Self.uint32(bytes, end - 20) == 0x0706_4B50, let record = Self.uint64(bytes, end - 12),
                record < UInt64(count), Self.uint32(bytes, Int(record)) == 0x0606_4B50,
                let zip64Entries = Self.uint64(bytes, Int(record) + 32),
                let zip64Directory = Self.uint64(bytes, Int(record) + 48)
            else { throw Damaged() }
            entries = zip64Entries
            directory = zip64Directory
        }
        // Each record is at least 46 bytes: a count the file cannot hold is a lie.
        guard directory < UInt64(count), entries <= UInt64(count) / 46 else { throw Damaged() }
        var locations: [Location] = []
        var offset = Int(directory)
        for _ in 0..<entries {
            guard Self.uint32(bytes, offset) == 0x0201_4B50, let packed = Self.uint32(bytes, offset + 20),
                let unpacked = Self.uint32(bytes, offset + 24),
                let nameLength = Self.uint16(bytes, offset + 28), let extraLength = Self.uint16(bytes, offset + 30),
                let commentLength = Self.uint16(bytes, offset + 32), let header = Self.uint32(bytes, offset + 42)
            else { throw Damaged() }
            var location = Location(
                localHeaderOffset: UInt64(header), compressedSize: UInt64(packed),
                uncompressedSize: UInt64(unpacked))
            let extra = offset + 46 + Int(nameLength)
            try Self.readZIP64Sizes(bytes, extra..<(extra + Int(extraLength)), into: &location)
            locations.append(location)
            offset = extra + Int(extraLength) + Int(commentLength)
        }
        self.locations = locations
    }

    /// The packed bytes of the entry at `location` (after its local header, and all within the
    /// file), and how they are packed, from the local header as `Archive.extract` read it.
    func packedBytes(_ location: Location) throws(Damaged) -> (method: UInt16, bytes: Data) {
        guard location.localHeaderOffset <= UInt64(bytes.count) else { throw Damaged() }
        let header = Int(location.localHeaderOffset)
        guard Self.uint32(bytes, header) == 0x0403_4B50, let method = Self.uint16(bytes, header + 8),
            let nameLength = Self.uint16(bytes, header + 26),
            let extraLength = Self.uint16(bytes, header + 28)
        else { throw Damaged() }
        let start = header + 30 + Int(nameLength) + Int(extraLength)
        guard start <= bytes.count, location.compressedSize <= UInt64(bytes.count - start) else { throw Damaged() }
        let from = bytes.startIndex + start
        return (method, bytes[from..<(from + Int(location.compressedSize))])
    }

    /// Hands the entry's unpacked bytes to `consumer` a chunk at a time. Stored entries are their
    /// packed bytes; deflated ones are inflated from exactly those. The CRC-32 is not checked, as
    /// `Archive.extract` did not check it for a consumer either: a damaged part fails as XML.
    func unpack(_ location: Location, consumer: (Data) throws -> Void) throws {
        let (method, packed) = try packedBytes(location)
        switch method {
        case 0:
            try consumer(packed)
        case 8:
            _ = try Data.decompress(
                size: Int64(packed.count), bufferSize: Self.chunkSize, skipCRC32: true,
                provider: { position, size in
                    guard position >= 0, position < Int64(packed.count) else { throw Damaged() }
                    return Self.chunk(of: packed, from: Int(position), size: size)
                }, consumer: consumer)
        default:
            throw Damaged()
        }
    }

    static let chunkSize = 64 << 10

    /// Up to `size` bytes of `packed` from `position`, padded with zeros to `size`: ZIPFoundation's
    /// inflate tells zlib every chunk is `size` bytes long whatever its count, and a shorter
    /// buffer is read past (its own reads allocate `size` bytes; a `Data` made short here was
    /// copied to its count when inflate took its bytes, and read past). The zeros are read only
    /// by a stream that has not ended within the entry's bytes, which then fails on the next read.
    private static func chunk(of packed: Data, from position: Int, size: Int) -> Data {
        let count = min(size, packed.count - position)
        var chunk = Data(count: size)
        chunk.replaceSubrange(
            0..<count, with: packed[(packed.startIndex + position)..<(packed.startIndex + position + count)])
        return chunk
    }

    /// The sizes and offset a central directory record leaves at 0xFFFFFFFF, from its ZIP64
    /// extra field (tag 1), in the order the format gives them.
    private static func readZIP64Sizes(_ bytes: Data, _ range: Range<Int>, into location: inout Location)
        throws(Damaged)
    {
        let needed = [location.uncompressedSize, location.compressedSize, location.localHeaderOffset].map {
            $0 == 0xFFFF_FFFF
        }
        guard needed.contains(true) else { return }
        var field = range.lowerBound
        while field + 4 <= range.upperBound {
            guard let tag = uint16(bytes, field), let size = uint16(bytes, field + 2) else { throw Damaged() }
            if tag == 1 {
                var value = field + 4
                func next() throws(Damaged) -> UInt64 {
                    guard value + 8 <= field + 4 + Int(size), let read = uint64(bytes, value) else { throw Damaged() }
                    value += 8
                    return read
                }
                if needed[0] { location.uncompressedSize = try next() }
                if needed[1] { location.compressedSize = try next() }
                if needed[2] { location.localHeaderOffset = try next() }
                return
            }
            field += 4 + Int(size)
        }
        throw Damaged()
    }

    private static func uint16(_ bytes: Data, _ offset: Int) -> UInt16? { uint(bytes, offset, 2).map { UInt16($0) } }
    private static func uint32(_ bytes: Data, _ offset: Int) -> UInt32? { uint(bytes, offset, 4).map { UInt32($0) } }
    private static func uint64(_ bytes: Data, _ offset: Int) -> UInt64? { uint(bytes, offset, 8) }

    /// A little-endian number of `width` bytes at `offset`, or nil past the end.
    private static func uint(_ bytes: Data, _ offset: Int, _ width: Int) -> UInt64? {
        guard offset >= 0, offset <= bytes.count - width else { return nil }
        var value: UInt64 = 0
        for index in (0..<width).reversed() { value = value << 8 | UInt64(bytes[bytes.startIndex + offset + index]) }
        return value
    }
}
