// Byte-level text operations for the hot paths of loading and rendering. Foundation's
// `range(of:)`, `contains(_:)` and `replacingOccurrences` go through NSString and compare
// grapheme clusters, which on Japanese text made them the loader's biggest cost. These compare
// UTF-8 bytes: for finding ASCII markers (`**`, `\r`, an attribute) the answers are the same,
// because UTF-8 never puts an ASCII byte inside a multi-byte character.

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

extension String {
    /// The text after its leading `/`s, found on UTF-8 bytes: links and URLs are made from site
    /// paths for every page, and stepping over Characters cost more than the concatenation.
    public var withoutLeadingSlashes: Substring {
        let utf8 = self.utf8
        var index = utf8.startIndex
        while index < utf8.endIndex, utf8[index] == UInt8(ascii: "/") { index = utf8.index(after: index) }
        return self[index...]
    }

    /// Whether `needle` occurs in the string, comparing UTF-8 bytes.
    public func containsBytes(_ needle: String) -> Bool {
        firstByteOffset(of: needle) != nil
    }

    /// Every occurrence of `needle` replaced, comparing UTF-8 bytes; the string itself when there is none.
    public func replacingBytes(_ needle: String, with replacement: String) -> String {
        var haystack = self, pattern = needle, replacement = replacement
        let out = haystack.withUTF8 { text in
            pattern.withUTF8 { pattern in replacement.withUTF8 { bytesReplacing(in: text, pattern, with: $0) } }
        }
        guard let out else { return self }
        return String(decoding: out, as: UTF8.self)
    }

    /// The string without leading and trailing white space (the Unicode White_Space property:
    /// the same set as Foundation's `.whitespacesAndNewlines`, full-width spaces included).
    public var trimmingWhitespace: String { trimming { $0.isWhiteSpace } }

    /// The string without leading and trailing spaces and tabs: what Foundation's
    /// `trimmingCharacters(in: .whitespaces)` returns (see ``Unicode/Scalar/isSpaceOrTab``),
    /// without bridging to NSString.
    public var trimmingSpaces: String { trimming { $0.isSpaceOrTab } }

    /// The string without the scalars at either end for which `isTrimmed` holds; itself when there are none.
    private func trimming(_ isTrimmed: (Unicode.Scalar) -> Bool) -> String {
        let scalars = unicodeScalars
        guard let first = scalars.firstIndex(where: { !isTrimmed($0) }) else { return "" }
        let last = scalars.lastIndex(where: { !isTrimmed($0) })!
        if first == scalars.startIndex, scalars.index(after: last) == scalars.endIndex { return self }
        return String(scalars[first...last])
    }

    private func firstByteOffset(of needle: String) -> Int? {
        guard !needle.isEmpty else { return 0 }
        var haystack = self, pattern = needle
        return haystack.withUTF8 { text in pattern.withUTF8 { memmemOffset(text, from: 0, $0) } }
    }
}

extension Array where Element == UInt8 {
    /// Every occurrence of `needle` replaced; the bytes themselves when there is none (rendered
    /// HTML, kept as bytes, is searched this way).
    public func replacingBytes(_ needle: [UInt8], with replacement: [UInt8]) -> [UInt8] {
        withUnsafeBufferPointer { text in
            needle.withUnsafeBufferPointer { needle in
                replacement.withUnsafeBufferPointer { bytesReplacing(in: text, needle, with: $0) }
            }
        } ?? self
    }

    /// A copy with no spare capacity, for bytes kept long (one item per document) that were built
    /// in a buffer grown by doubling or reserved large: the slack, kept per document, was hundreds
    /// of megabytes at 100k.
    public var compacted: [UInt8] { withUnsafeBufferPointer { Array($0) } }
}

/// `text` with every `pattern` replaced, or nil when there is none.
private func bytesReplacing(
    in text: UnsafeBufferPointer<UInt8>, _ pattern: UnsafeBufferPointer<UInt8>,
    with replacement: UnsafeBufferPointer<UInt8>
) -> [UInt8]? {
    guard !pattern.isEmpty, var found = memmemOffset(text, from: 0, pattern) else { return nil }
    var out: [UInt8] = []
    out.reserveCapacity(text.count + replacement.count)
    var start = 0
    while true {
        out.append(contentsOf: text[start..<found])
        out.append(contentsOf: replacement)
        start = found + pattern.count
        guard let next = memmemOffset(text, from: start, pattern) else { break }
        found = next
    }
    out.append(contentsOf: text[start...])
    return out
}

/// The byte offset of the first `pattern` at or after `start` in `text`. Candidates are found
/// with memchr, which reads many bytes at a time: a byte-by-byte loop here was most of the
/// cost of looking for `**` in every text of every body.
private func memmemOffset(_ text: UnsafeBufferPointer<UInt8>, from start: Int, _ pattern: UnsafeBufferPointer<UInt8>)
    -> Int?
{
    guard let first = pattern.first, let base = text.baseAddress, text.count - start >= pattern.count else {
        return nil
    }
    var offset = start
    let last = text.count - pattern.count
    while offset <= last {
        guard let found = memchr(base + offset, Int32(first), last - offset + 1) else { return nil }
        offset = base.distance(to: found.assumingMemoryBound(to: UInt8.self))
        var matched = 1
        while matched < pattern.count, text[offset + matched] == pattern[matched] { matched += 1 }
        if matched == pattern.count { return offset }
        offset += 1
    }
    return nil
}

extension Unicode.Scalar {
    /// Foundation's `CharacterSet.whitespaces`: the space separators (general category Zs), tab,
    /// and, in Foundation's set, U+200B ZERO WIDTH SPACE. A test checks every scalar against the set.
    public var isSpaceOrTab: Bool {
        switch value {
        case 0x09, 0x20, 0xA0, 0x1680, 0x2000...0x200B, 0x202F, 0x205F, 0x3000: true
        default: false
        }
    }

    /// Unicode's White_Space property, from its list of 25 code points: `properties.isWhitespace`
    /// searched the property tables for every end of every trimmed text. A test checks every
    /// scalar against the property.
    public var isWhiteSpace: Bool {
        switch value {
        case 0x09...0x0D, 0x20, 0x85, 0xA0, 0x1680, 0x2000...0x200A, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000: true
        default: false
        }
    }
}

extension Array where Element == UInt8 {
    /// Byte offset where each line of these bytes starts: 0, then one past each line feed.
    /// `memchr` finds them, so a 50 MB Markdown body costs a scan, not a generic iterator's step
    /// per byte (about twelve seconds of a debug build's load of such a body).
    public func lineStarts() -> [Int] {
        var starts = [0]
        withUnsafeBytes { buffer in
            guard let base = buffer.baseAddress else { return }
            var offset = 0
            while offset < buffer.count, let found = memchr(base + offset, 0x0A, buffer.count - offset) {
                offset = base.distance(to: UnsafeRawPointer(found)) + 1
                starts.append(offset)
            }
        }
        return starts
    }
}
