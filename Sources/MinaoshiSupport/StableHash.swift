/// A 128-bit hash of bytes that is the same in every process and on every run (Swift's `Hasher`
/// is seeded per process, so its values cannot be stored): what a cache keys a file's bytes by.
/// Not cryptographic: it tells edits apart, it does not resist someone forging a collision.
///
/// Two 64-bit lanes with different multipliers, each fed eight bytes at a time and ended with the
/// length, so that a prefix of the bytes hashes differently from the whole; a long part is first
/// read 32 bytes at a time into four lanes of its own (``StableHasher/add(_:)-(UnsafeRawBufferPointer)``).
public struct StableHash: Hashable, Sendable, CustomStringConvertible {
    public var high: UInt64
    public var low: UInt64

    public init(high: UInt64, low: UInt64) {
        self.high = high
        self.low = low
    }

    /// The hash of `bytes`.
    public init(_ bytes: some Collection<UInt8>) {
        var hasher = StableHasher()
        hasher.add(bytes)
        self = hasher.value
    }

    /// The hash of `text`'s UTF-8 bytes.
    public init(_ text: String) {
        var hasher = StableHasher()
        hasher.add(text)
        self = hasher.value
    }

    /// 32 hexadecimal digits.
    public var description: String {
        func hex(_ value: UInt64) -> String {
            let digits = String(value, radix: 16)
            return String(repeating: "0", count: 16 - digits.count) + digits
        }
        return hex(high) + hex(low)
    }
}

/// A ``StableHash`` fed part by part; each part's length is mixed in after it, so `["ab", "c"]`
/// and `["a", "bc"]` differ.
public struct StableHasher: Sendable {
    private var a: UInt64 = 0xcbf2_9ce4_8422_2325
    private var b: UInt64 = 0x8422_2325_cbf2_9ce4

    public init() {}

    public mutating func add(_ bytes: some Collection<UInt8>) {
        let done: Void? = bytes.withContiguousStorageIfAvailable { add(UnsafeRawBufferPointer($0)) }
        if done == nil { Array(bytes).withUnsafeBytes { add($0) } }
    }

    public mutating func add(_ text: String) {
        var text = text
        text.withUTF8 { add(UnsafeRawBufferPointer($0)) }
    }

    public mutating func add(_ number: Int) {
        withUnsafeBytes(of: Int64(number).littleEndian) { add($0) }
    }

    /// Another hash, as its two words.
    public mutating func add(_ hash: StableHash) {
        add(Int(bitPattern: UInt(hash.high)))
        add(Int(bitPattern: UInt(hash.low)))
    }

    public mutating func add(_ buffer: UnsafeRawBufferPointer) {
        var offset = 0
        // A long part (the caches' segments, the documents' texts: about 200 MB a build at 10,000
        // documents) is read four words at a time, each into a lane of its own: four chains of
        // multiplies the processor overlaps, where the two lanes below wait on each word in turn.
        // The four then go into the two lanes as words; the rest of the part follows.
        if buffer.count >= 64 {
            var lanes: (UInt64, UInt64, UInt64, UInt64) = (a, b, ~a, ~b)
            while offset + 32 <= buffer.count {
                func word(_ k: Int) -> UInt64 {
                    UInt64(littleEndian: buffer.loadUnaligned(fromByteOffset: offset + 8 * k, as: UInt64.self))
                }
                lanes.0 = Self.round(lanes.0, word(0), 0x9E37_79B9_7F4A_7C15)
                lanes.1 = Self.round(lanes.1, word(1), 0xC2B2_AE3D_27D4_EB4F)
                lanes.2 = Self.round(lanes.2, word(2), 0x1656_67B1_9E37_79F9)
                lanes.3 = Self.round(lanes.3, word(3), 0xFF51_AFD7_ED55_8CCD)
                offset += 32
            }
            mix(lanes.0)
            mix(lanes.1)
            mix(lanes.2)
            mix(lanes.3)
        }
        while offset + 8 <= buffer.count {
            mix(UInt64(littleEndian: buffer.loadUnaligned(fromByteOffset: offset, as: UInt64.self)))
            offset += 8
        }
        var tail: UInt64 = 0
        var shift: UInt64 = 0
        while offset < buffer.count {
            tail |= UInt64(buffer[offset]) << shift
            shift += 8
            offset += 1
        }
        mix(tail)
        // The part's end: its length.
        mix(UInt64(buffer.count) &+ 0xFF)
    }

    /// One word into one of the long parts' four lanes.
    @inline(__always)
    private static func round(_ lane: UInt64, _ word: UInt64, _ multiplier: UInt64) -> UInt64 {
        let mixed = (lane ^ word) &* multiplier
        return mixed ^ (mixed >> 29)
    }

    private mutating func mix(_ word: UInt64) {
        a = (a ^ word) &* 0x9E37_79B9_7F4A_7C15
        a ^= a >> 29
        b = (b ^ word) &* 0xC2B2_AE3D_27D4_EB4F
        b ^= b >> 31
        b = b &* 0x1656_67B1_9E37_79F9
    }

    public var value: StableHash {
        // A last round so that the lanes' final words spread over every bit.
        var a = self.a, b = self.b
        a ^= a >> 33; a = a &* 0xFF51_AFD7_ED55_8CCD; a ^= a >> 33
        b ^= b >> 33; b = b &* 0xC4CE_B9FE_1A85_EC53; b ^= b >> 33
        return StableHash(high: a, low: b)
    }
}
