import Foundation

/// Something bytes are appended to: `[UInt8]`, or one stream of a slice pool (`SliceWriter`).
protocol ByteAppending {
    mutating func append(_ byte: UInt8)
}

extension Array: ByteAppending where Element == UInt8 {}

extension ByteAppending {
    /// Unsigned LEB128, as `ByteWriter.varint` writes it.
    @inline(__always)
    mutating func appendVarint(_ value: Int) {
        var value = UInt(value)
        while value >= 0x80 {
            append(UInt8(value & 0x7F) | 0x80)
            value >>= 7
        }
        append(UInt8(value))
    }
}

/// A growable byte buffer in memory the owner frees (`release()`): a plain value with no reference
/// count and no copy-on-write check per append. The index step appends tens of millions of small
/// writes; as `[UInt8]` each append checked the array's uniqueness, 6.5% of the 10k build's samples.
typealias ByteStream = RawBuffer<UInt8>

/// A growable buffer of plain values (a slice pool's bytes, a chunk's packed lists, a document's
/// tokens): millions of appends with no uniqueness check each, grown with `realloc` (which moves
/// large blocks by remapping their pages rather than copying them, as a growing `Array` did: 2% of
/// a build's samples).
struct RawBuffer<Element: BitwiseCopyable> {
    private(set) var base: UnsafeMutablePointer<Element>?
    private(set) var count = 0
    private var capacity = 0

    @inline(__always)
    mutating func append(_ element: Element) {
        if count == capacity { grow() }
        (base.unsafelyUnwrapped + count).initialize(to: element)
        count += 1
    }

    private mutating func grow() {
        capacity = max(1024, capacity * 2)
        base = realloc(base, capacity * MemoryLayout<Element>.stride)?.assumingMemoryBound(to: Element.self)
        precondition(base != nil, "out of memory")
    }

    var elements: UnsafeBufferPointer<Element> { UnsafeBufferPointer(start: base, count: count) }

    mutating func append(contentsOf elements: UnsafeBufferPointer<Element>) {
        guard let source = elements.baseAddress, !elements.isEmpty else { return }
        while capacity - count < elements.count { grow() }
        (base.unsafelyUnwrapped + count).initialize(from: source, count: elements.count)
        count += elements.count
    }

    /// Makes the buffer `count` elements longer, the new ones uninitialised, and returns where they start.
    mutating func appendUninitialized(_ count: Int) -> Int {
        while capacity - self.count < count { grow() }
        defer { self.count += count }
        return self.count
    }

    /// Sorts the elements in place.
    mutating func sort(by areInIncreasingOrder: (Element, Element) -> Bool) {
        guard let base else { return }
        var elements = UnsafeMutableBufferPointer(start: base, count: count)
        elements.sort(by: areInIncreasingOrder)
    }

    /// Empties the buffer, keeping its memory.
    mutating func removeAll() { count = 0 }

    /// Frees the memory; the buffer is empty afterwards.
    mutating func release() {
        free(base)
        base = nil
        count = 0
        capacity = 0
    }
}
