import Foundation
import MinaoshiSupport
import MinaoshiTestSupport
import Testing

/// `StableHash` keys every cache: the same bytes must hash the same in every process, and an
/// edit anywhere (in the four lanes of a long part, in its last words or its last bytes) must
/// change the hash.
@Suite struct StableHashTests {
    /// Recorded values: a change to the function is a change to every cache's keys, made on purpose.
    @Test func theHashIsTheSameInEveryProcess() {
        #expect(StableHash([UInt8]()).description == StableHash([UInt8]()).description)
        let bytes = (0..<1_000).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) }
        #expect(StableHash(bytes).description == "90d4dc227699004e8d1506dda7abc599")
        #expect(StableHash("見直し").description == StableHash(Array("見直し".utf8)).description)
    }

    /// Every bit of parts of 0 to 200 bytes, flipped in turn, gives a hash of its own: parts shorter
    /// than the four lanes' threshold, parts read by them with tails of every length.
    @Test func everyFlippedBitChangesTheHash() {
        var random = SplitMix(seed: 11)
        for length in 0...200 {
            let bytes = (0..<length).map { _ in UInt8(truncatingIfNeeded: random.next()) }
            var seen: Set<StableHash> = [StableHash(bytes)]
            for bit in 0..<(8 * length) {
                var flipped = bytes
                flipped[bit / 8] ^= 1 << UInt8(bit % 8)
                seen.insert(StableHash(flipped))
            }
            #expect(seen.count == 8 * length + 1, "length \(length)")
        }
    }

    /// Two words swapped (within one 32-byte round, or across rounds), a word appended, a part
    /// split in two: each hashes apart.
    @Test func orderAndPartsCount() {
        let bytes = (0..<256).map { UInt8(truncatingIfNeeded: $0 &* 13 &+ 1) }
        func swapped(_ a: Int, _ b: Int) -> [UInt8] {
            var copy = bytes
            for k in 0..<8 { copy.swapAt(8 * a + k, 8 * b + k) }
            return copy
        }
        let original = StableHash(bytes)
        for (a, b) in [(0, 1), (0, 2), (1, 3), (0, 4), (3, 7), (5, 30)] {
            #expect(StableHash(swapped(a, b)) != original, "words \(a) and \(b)")
        }
        #expect(StableHash(bytes + [0]) != original)
        #expect(StableHash(bytes + [UInt8](repeating: 0, count: 32)) != original)
        var split = StableHasher()
        split.add(bytes[..<100])
        split.add(bytes[100...])
        #expect(split.value != original)
    }

    /// A collection without contiguous storage hashes as the array of its bytes.
    @Test func anyCollectionHashesAsItsBytes() {
        let bytes = (0..<300).map { UInt8(truncatingIfNeeded: $0 &* 7) }
        var lazy = StableHasher(), array = StableHasher()
        lazy.add(bytes.lazy.map { $0 })
        array.add(bytes)
        #expect(lazy.value == array.value)
    }
}
