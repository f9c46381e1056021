/// Little-endian numbers and length-prefixed text, appended to a buffer: the records of the build
/// cache's files (the site's index and bodies, the loader's front matter).
public struct RecordWriter {
    public var buffer: [UInt8] = []

    public init() {}

    public mutating func byte(_ byte: UInt8) { buffer.append(byte) }

    public mutating func bytes(_ bytes: [UInt8]) { buffer += bytes }

    public mutating func uint32(_ value: UInt32) { withUnsafeBytes(of: value.littleEndian) { buffer += $0 } }

    public mutating func uint64(_ value: UInt64) { withUnsafeBytes(of: value.littleEndian) { buffer += $0 } }

    public mutating func int(_ value: Int) { uint64(UInt64(bitPattern: Int64(value))) }

    public mutating func text(_ text: String) {
        uint64(UInt64(text.utf8.count))
        buffer += text.utf8
    }

    public mutating func data(_ bytes: [UInt8]) {
        uint64(UInt64(bytes.count))
        buffer += bytes
    }

    public mutating func optionalText(_ text: String?) {
        buffer.append(text == nil ? 0 : 1)
        if let text { self.text(text) }
    }
}

/// Reads what ``RecordWriter`` wrote; throws, never traps, on bytes that end early or make no sense.
public struct RecordReader {
    public struct Malformed: Error {
        public init() {}
    }

    /// The bytes read: an array, or ``SharedBytes`` (a cache file mapped in place).
    private enum Storage {
        case array([UInt8])
        case shared(SharedBytes)
    }

    private let storage: Storage
    private var offset: Int
    private let end: Int

    public init(_ buffer: [UInt8]) {
        storage = .array(buffer)
        offset = 0
        end = buffer.count
    }

    /// Reads `range` of `buffer` only, without copying it; an empty reader when the range is not inside it.
    public init(_ buffer: [UInt8], range: Range<Int>) {
        self.init(.array(buffer), count: buffer.count, range: range)
    }

    /// Reads `range` of `bytes` only, in place; an empty reader when the range is not inside it.
    public init(_ bytes: SharedBytes, range: Range<Int>) {
        self.init(.shared(bytes), count: bytes.count, range: range)
    }

    private init(_ storage: Storage, count: Int, range: Range<Int>) {
        self.storage = storage
        let inside = range.lowerBound >= 0 && range.upperBound <= count
        offset = inside ? range.lowerBound : 0
        end = inside ? range.upperBound : 0
    }

    /// `body` of the whole buffer.
    private func withBytes<Result>(_ body: (UnsafeRawBufferPointer) -> Result) -> Result {
        switch storage {
        case .array(let array): array.withUnsafeBytes(body)
        case .shared(let shared): withExtendedLifetime(shared) { body(shared.buffer) }
        }
    }

    public var remaining: Int { end - offset }

    public mutating func bytes(_ count: Int) throws(Malformed) -> [UInt8] {
        guard count >= 0, count <= remaining else { throw Malformed() }
        let start = offset
        offset += count
        return withBytes { Array($0[start..<start + count]) }
    }

    public mutating func byte() throws(Malformed) -> UInt8 {
        guard remaining >= 1 else { throw Malformed() }
        let start = offset
        offset += 1
        return withBytes { $0[start] }
    }

    public mutating func uint32() throws(Malformed) -> UInt32 {
        guard remaining >= 4 else { throw Malformed() }
        let start = offset
        offset += 4
        return UInt32(littleEndian: withBytes { $0.loadUnaligned(fromByteOffset: start, as: UInt32.self) })
    }

    public mutating func uint64() throws(Malformed) -> UInt64 {
        guard remaining >= 8 else { throw Malformed() }
        let start = offset
        offset += 8
        return UInt64(littleEndian: withBytes { $0.loadUnaligned(fromByteOffset: start, as: UInt64.self) })
    }

    public mutating func int() throws(Malformed) -> Int {
        let value = Int64(bitPattern: try uint64())
        guard let int = Int(exactly: value) else { throw Malformed() }
        return int
    }

    /// A count of things each taking at least one byte: never more than the bytes left, so a
    /// corrupt count cannot make a reader reserve gigabytes.
    public mutating func count() throws(Malformed) -> Int {
        let value = try uint64()
        guard value <= UInt64(remaining) else { throw Malformed() }
        return Int(value)
    }

    public mutating func data() throws(Malformed) -> [UInt8] {
        try bytes(try count())
    }

    /// Steps over what ``RecordWriter/data(_:)`` wrote, and gives where it lies in the buffer.
    public mutating func skipData() throws(Malformed) -> Range<Int> {
        let count = try count()
        defer { offset += count }
        return offset..<offset + count
    }

    /// Validated straight from the buffer (``Swift/String/init(validUTF8:)``): through an array of
    /// its own, each of the caches' hundreds of thousands of texts cost an allocation and a copy
    /// more (`RecordCodingTests` holds it to the general decoder).
    public mutating func text() throws(Malformed) -> String {
        let range = try skipData()
        let text = withBytes { String(validUTF8: UnsafeRawBufferPointer(rebasing: $0[range])) }
        guard let text else { throw Malformed() }
        return text
    }

    public mutating func optionalText() throws(Malformed) -> String? {
        switch try byte() {
        case 0: nil
        case 1: try text()
        default: throw Malformed()
        }
    }
}
