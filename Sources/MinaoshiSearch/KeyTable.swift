/// Token key → term number: open addressing with a multiplicative hash, much cheaper than
/// `Dictionary`'s seeded SipHash for the millions of probes of a build. Keys are never 0 (bigrams
/// are two non-zero scalars, every other key has a tag bit), so 0 marks an empty slot. The
/// posting builder numbers each chunk's terms with it (`PostingBuilder.ChunkTerms`), and the
/// chunks' terms again when it merges them.
struct KeyTable<Key: FixedWidthInteger & UnsignedInteger> {
    /// A key and its number side by side: a probe reads one cache line, not one in each of two arrays.
    struct Entry {
        var key: Key
        var value: Int32
    }
    var entries = [Entry](repeating: Entry(key: 0, value: 0), count: 1 << 12)
    var count = 0

    static func slot(_ key: Key, _ mask: Int) -> Int {
        var hash = UInt64(truncatingIfNeeded: key) &* 0x9E37_79B9_7F4A_7C15
        if Key.bitWidth > 64 { hash ^= UInt64(truncatingIfNeeded: key >> 64) &* 0xC2B2_AE3D_27D4_EB4F }
        hash ^= hash >> 29
        return Int(truncatingIfNeeded: hash) & mask
    }

    /// The number of `key`, or `next` (inserted) if it had none.
    @inline(__always)
    mutating func id(_ key: Key, next: Int) -> (Int, inserted: Bool) {
        let mask = entries.count - 1
        var index = Self.slot(key, mask)
        while entries[index].key != 0 {
            if entries[index].key == key { return (Int(entries[index].value), false) }
            index = (index + 1) & mask
        }
        return (insert(key, at: index, next: next), true)
    }

    /// Adds `key` as number `next` at the empty slot `index` (or, when the table grows, its new
    /// slot). Out of line: most lookups find their key.
    @inline(never)
    private mutating func insert(_ key: Key, at index: Int, next: Int) -> Int {
        var index = index
        if (count + 1) * 2 > entries.count {
            grow()
            let mask = entries.count - 1
            index = Self.slot(key, mask)
            while entries[index].key != 0 { index = (index + 1) & mask }
        }
        entries[index] = Entry(key: key, value: Int32(next))
        count += 1
        return next
    }

    mutating func grow() {
        let old = entries
        entries = [Entry](repeating: Entry(key: 0, value: 0), count: old.count * 2)
        let mask = entries.count - 1
        for entry in old where entry.key != 0 {
            var index = Self.slot(entry.key, mask)
            while entries[index].key != 0 { index = (index + 1) & mask }
            entries[index] = entry
        }
    }
}
