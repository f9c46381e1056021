import MinaoshiTestSupport
import Testing

@testable import MinaoshiSearch

/// The posting builder's hash table against `Dictionary`: the same numbers for the same keys,
/// through growth and collisions, for 64- and 128-bit keys.
@Suite struct KeyTableTests {
    /// Numbers `keys` as the posting builder does (a new key gets the next number) in a `KeyTable`
    /// and in a `Dictionary`, and expects the same answers.
    static func agree<Key: FixedWidthInteger & UnsignedInteger>(
        _ keys: [Key], sourceLocation: Testing.SourceLocation = #_sourceLocation
    ) {
        var table = KeyTable<Key>(), model: [Key: Int] = [:]
        for key in keys {
            let (id, inserted) = table.id(key, next: model.count)
            if let known = model[key] {
                #expect(id == known && !inserted, "\(key)", sourceLocation: sourceLocation)
            } else {
                #expect(id == model.count && inserted, "\(key)", sourceLocation: sourceLocation)
                model[key] = model.count
            }
        }
        #expect(table.count == model.count, sourceLocation: sourceLocation)
        // Every key still finds its number once the table has grown.
        for (key, id) in model {
            let found = table.id(key, next: -1)
            #expect(found.0 == id && !found.inserted, "\(key)", sourceLocation: sourceLocation)
        }
    }

    @Test func randomKeysGetTheNumbersADictionaryGives() {
        var random = SplitMix(seed: 6)
        // 30,000 draws from 12,000 keys: the table (4,096 slots at first) grows three times.
        let pool = (0..<12_000).map { _ in random.next() | 1 }
        Self.agree((0..<30_000).map { _ in pool[Int(random.next() % UInt64(pool.count))] })
        // The posting builder's keys: bigrams of kana and kanji, unigrams with their tag.
        let kana = (0..<8_000).map { _ in
            UInt64(0x3041 + random.next() % 0x60) << 21 | UInt64(0x4E00 + random.next() % 0x200)
        }
        Self.agree(kana + kana.map { $0 | IndexTokenizer.unigramTag } + kana)
    }

    /// A 128-bit key is hashed on both halves: keys equal in their low 64 bits stay apart.
    @Test func wideKeysDifferingOnlyInTheirHighBitsStayApart() {
        var random = SplitMix(seed: 7)
        let low = (0..<3_000).map { _ in UInt128(random.next() | 1) }
        Self.agree(
            low + low.map { $0 | IndexTokenizer.tag3 } + low.map { $0 | IndexTokenizer.tag4 } + low.map { $0 | 1 << 64 }
                + low)
    }

    /// Keys that fall in the same slot take the next free ones, and are all found again.
    @Test func collidingKeysProbeOnward() {
        let mask = KeyTable<UInt64>().entries.count - 1
        let target = KeyTable<UInt64>.slot(1, mask)
        let colliding = Array((UInt64(1)...).lazy.filter { KeyTable<UInt64>.slot($0, mask) == target }.prefix(40))
        #expect(Set(colliding).count == 40)
        Self.agree(colliding + colliding.reversed())
        // Slots wrap around the end of the table.
        let last = Array((UInt64(1)...).lazy.filter { KeyTable<UInt64>.slot($0, mask) == mask }.prefix(5))
        Self.agree(last + last)
    }
}
