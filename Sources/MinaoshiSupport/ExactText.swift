/// A `String` that hashes and compares by its UTF-8 bytes, without Unicode normalization.
///
/// `String` hashes and compares canonical equivalents as equal, so for any text beyond ASCII it
/// normalizes both sides to NFC first; in sets and dictionaries of Japanese text (heading ids,
/// titles) that was most of the cost. Use it for keys that are normalized already (NFKC titles,
/// slugs), where the two equalities agree, or where equivalent spellings must stay apart.
public struct ExactText: Hashable, Sendable {
    public let text: String

    public init(_ text: String) {
        var text = text
        text.makeContiguousUTF8()
        self.text = text
    }

    public static func == (lhs: ExactText, rhs: ExactText) -> Bool {
        var (a, b) = (lhs.text, rhs.text)
        return a.withUTF8 { a in b.withUTF8 { b in a.count == b.count && a.elementsEqual(b) } }
    }

    public func hash(into hasher: inout Hasher) {
        var text = text
        text.withUTF8 { hasher.combine(bytes: UnsafeRawBufferPointer($0)) }
    }
}
