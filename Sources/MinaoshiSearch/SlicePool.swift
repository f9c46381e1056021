import Foundation
import MinaoshiSupport

/// Many growing byte streams in one buffer, as Lucene's in-memory postings keep them: each stream
/// is a chain of slices that double in size (8 bytes, 16, … up to 4 KB), and the last 4 bytes of a
/// full slice hold where the next one starts. The posting builder appends each term's gaps,
/// payloads and positions to its own streams as the documents are read, in order, so nothing is
/// logged and sorted by term afterwards: the pool is a few megabytes a chunk where the logs and
/// their sorted copies were tens, and an append touches only its stream's slice.
///
/// Offsets are 32-bit (a chunk's bytes stay far below 4 GB); the owner frees the buffer (`release()`).
/// The slices are a `ByteStream`'s bytes, written in place.
// @unchecked: a pool has one owner at a time; a chunk's task takes it from the cache and gives it back whole.
struct SlicePool: @unchecked Sendable {
    /// Where one stream stands: its first slice, the next byte to write and the end of the current
    /// slice's bytes (its forward pointer). An empty stream has no slice yet (`level` -1).
    struct Stream {
        var start: UInt32 = 0
        var cursor: UInt32 = 0
        var end: UInt32 = 0
        var level: Int32 = -1

        var isEmpty: Bool { level < 0 }
    }

    private var bytes = ByteStream()

    static let pointerSize = 4
    static let maxLevel: Int32 = 9

    /// Bytes of a slice at `level`, its forward pointer included.
    @inline(__always)
    static func size(_ level: Int32) -> Int { 8 << Int(min(level, maxLevel)) }

    /// Empties the pool, keeping its memory for the next chunk.
    mutating func removeAll() { bytes.removeAll() }

    mutating func release() { bytes.release() }

    @inline(__always)
    mutating func append(_ byte: UInt8, to stream: inout Stream) {
        if stream.cursor == stream.end { newSlice(for: &stream) }
        bytes.base.unsafelyUnwrapped[Int(stream.cursor)] = byte
        stream.cursor &+= 1
    }

    /// Unsigned LEB128, as `ByteWriter.varint` writes it.
    @inline(__always)
    mutating func appendVarint(_ value: Int, to stream: inout Stream) {
        var value = UInt(value)
        while value >= 0x80 {
            append(UInt8(value & 0x7F) | 0x80, to: &stream)
            value >>= 7
        }
        append(UInt8(value), to: &stream)
    }

    /// Starts the stream's next slice (its first, for an empty one) at the end of the pool.
    private mutating func newSlice(for stream: inout Stream) {
        let level = stream.level + 1, size = Self.size(level)
        let start = UInt32(bytes.appendUninitialized(size))
        precondition(bytes.count <= Int(UInt32.max), "a search index chunk over 4 GB")
        if stream.isEmpty {
            stream.start = start
        } else {
            UnsafeMutableRawPointer(bytes.base.unsafelyUnwrapped + Int(stream.end)).storeBytes(
                of: start.littleEndian, as: UInt32.self)
        }
        stream.level = level
        stream.cursor = start
        stream.end = start + UInt32(size - Self.pointerSize)
    }

    /// Calls `body` with each run of the stream's bytes, in order.
    @inline(__always)
    func forEachRun(of stream: Stream, _ body: (UnsafeBufferPointer<UInt8>) -> Void) {
        guard !stream.isEmpty, let base = bytes.base else { return }
        var position = Int(stream.start), level: Int32 = 0
        var sliceEnd = position + Self.size(0) - Self.pointerSize
        while sliceEnd != Int(stream.end) {
            body(UnsafeBufferPointer(start: base + position, count: sliceEnd - position))
            position = Int(UInt32(littleEndian: UnsafeRawPointer(base + sliceEnd).loadUnaligned(as: UInt32.self)))
            level += 1
            sliceEnd = position + Self.size(level) - Self.pointerSize
        }
        body(UnsafeBufferPointer(start: base + position, count: Int(stream.cursor) - position))
    }
}

extension PostingBuilder {
    /// Slice pools no chunk is using: a chunk's pool grows to megabytes, and fresh memory cost a
    /// page fault per 4 KB each time.
    final class SlicePoolCache: Sendable {
        private let idle = Locked<[SlicePool]>([])

        func take() -> SlicePool {
            idle.withLock { $0.popLast() } ?? SlicePool()
        }

        func give(_ pool: SlicePool) {
            idle.withLock { $0.append(pool) }
        }

        deinit { idle.withLock { idle in for index in idle.indices { idle[index].release() } } }
    }

    /// Appends to one stream of a pool through `ByteAppending`, so that `SearchIndexLayout`'s
    /// encoders write into a slice as into any byte buffer.
    struct SliceWriter: ByteAppending {
        var pool: SlicePool
        var stream: SlicePool.Stream

        mutating func append(_ byte: UInt8) { pool.append(byte, to: &stream) }
    }
}
