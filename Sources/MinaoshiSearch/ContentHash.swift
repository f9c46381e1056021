import MinaoshiSupport

/// A hash of the parts (`StableHasher`, each part's length mixed in after it, so `[[1, 2]]` and
/// `[[1], [2]]` differ), as 12 hex digits of its first 64 bits: file names that change when their
/// content does (``GroupHashes``).
func contentHash(_ parts: [[UInt8]]) -> String {
    var hasher = StableHasher()
    for part in parts { hasher.add(part) }
    let hex = String(hasher.value.high, radix: 16)
    return String((String(repeating: "0", count: 16 - hex.count) + hex).prefix(12))
}
