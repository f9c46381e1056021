import Foundation
import MinaoshiSupport
import MinaoshiTestSupport
import Testing

/// `SharedBytes`: a mapped file reads as its bytes and stays so after the file is replaced by rename
/// or removed (the caches' only ways of changing a file); what cannot be mapped is nil.
@Suite struct SharedBytesTests {
    @Test func aMappedFileIsItsBytesUntilTheMappingIsLetGo() throws {
        try withTemporaryFolder { folder in
            let file = folder.appendingPathComponent("segment")
            let bytes = (0..<100_000).map { UInt8(truncatingIfNeeded: $0 &* 7 &+ 3) }
            try Data(bytes).write(to: file)
            let mapped = try #require(SharedBytes.mapping(path: file.path))
            defer { withExtendedLifetime(mapped) {} }
            #expect(Array(mapped.buffer) == bytes)
            #expect(mapped.count == bytes.count)
            // Replaced by rename, then removed: the mapping still holds the bytes it was made of.
            let other = folder.appendingPathComponent("other")
            try Data([1, 2, 3]).write(to: other)
            _ = rename(other.path, file.path)
            try FileManager.default.removeItem(at: file)
            #expect(Array(mapped.buffer) == bytes)
        }
    }

    @Test func emptyMissingOrNotAFileIsEmptyOrNil() throws {
        try withTemporaryFolder { folder in
            let empty = folder.appendingPathComponent("empty")
            try Data().write(to: empty)
            #expect(SharedBytes.mapping(path: empty.path)?.count == 0)
            #expect(SharedBytes.mapping(path: folder.appendingPathComponent("missing").path) == nil)
            #expect(SharedBytes.mapping(path: folder.path) == nil)
        }
    }

    @Test func aCopyIsTheBytesItWasGiven() {
        // The buffer lives as long as its holder: each is held while it is read.
        for given in [[9, 8, 7], []] as [[UInt8]] {
            let copy = SharedBytes(given)
            withExtendedLifetime(copy) { #expect(Array(copy.buffer) == given) }
        }
        let slice = SharedBytes([UInt8]([1, 2, 3, 4])[1...])
        withExtendedLifetime(slice) { #expect(Array(slice.buffer) == [2, 3, 4]) }
    }
}
