import Foundation
import MinaoshiSupport
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// `FileStatus` against what Foundation's file manager says of the same real files, and against
/// a modification time set to the nanosecond.
@Suite struct FileStatusTests {
    private func withTemporaryFolder(_ body: (String) throws -> Void) throws {
        let folder = FileManager.default.temporaryDirectory
            .appendingPathComponent("minaoshi-status-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try body(folder.path)
    }

    @Test func aFileHasItsSizeInodeAndModificationTime() throws {
        try withTemporaryFolder { folder in
            let path = folder + "/a.md"
            try Data("見直し\n".utf8).write(to: URL(fileURLWithPath: path))
            let time = timespec(tv_sec: 1_700_000_000, tv_nsec: 123_456_789)
            #expect(utimensat(AT_FDCWD, path, [time, time], 0) == 0)
            let status = try FileStatus(path: path)
            let attributes = try FileManager.default.attributesOfItem(atPath: path)
            #expect(status.isRegularFile && !status.isDirectory && !status.isSymbolicLink)
            #expect(status.size == 10)
            #expect(status.modified == 1_700_000_000_123_456_789)
            #expect(status.inode == (attributes[.systemFileNumber] as? NSNumber)?.uint64Value)
        }
    }

    @Test func aFileHasTheDeviceAndAChangeTimeThatAModificationTimeCannotSetBack() throws {
        try withTemporaryFolder { folder in
            let path = folder + "/a.md"
            try Data("x".utf8).write(to: URL(fileURLWithPath: path))
            let attributes = try FileManager.default.attributesOfItem(atPath: path)
            let before = try FileStatus(path: path)
            #expect(before.device == (attributes[.systemNumber] as? NSNumber)?.uint64Value)
            #expect(before.changed >= before.modified)
            let past = timespec(tv_sec: 1_000_000_000, tv_nsec: 0)
            #expect(utimensat(AT_FDCWD, path, [past, past], 0) == 0)
            let after = try FileStatus(path: path)
            #expect(after.modified == 1_000_000_000_000_000_000)
            #expect(after.changed >= before.changed && after.changed > after.modified)
        }
    }

    @Test func anOpenFileHasTheStatusOfItsPath() throws {
        try withTemporaryFolder { folder in
            let path = folder + "/a.md"
            try Data("x".utf8).write(to: URL(fileURLWithPath: path))
            let descriptor = open(path, O_RDONLY)
            #expect(descriptor >= 0)
            defer { close(descriptor) }
            #expect(try FileStatus(descriptor: descriptor) == FileStatus(path: path))
        }
    }

    @Test func aLinkIsFollowedUnlessAskedNotTo() throws {
        try withTemporaryFolder { folder in
            try FileManager.default.createDirectory(atPath: folder + "/dir", withIntermediateDirectories: false)
            try FileManager.default.createSymbolicLink(atPath: folder + "/link", withDestinationPath: folder + "/dir")
            let followed = try FileStatus(path: folder + "/link")
            #expect(followed.isDirectory)
            #expect(followed == (try FileStatus(path: folder + "/dir")))
            let link = try FileStatus(path: folder + "/link", followingLinks: false)
            #expect(link.isSymbolicLink && !link.isDirectory)
            #expect(link.inode != followed.inode)
        }
    }

    @Test func aMissingFileIsItsErrno() throws {
        try withTemporaryFolder { folder in
            #expect(throws: FileStatus.Failure(code: ENOENT)) { try FileStatus(path: folder + "/none") }
            #expect(throws: FileStatus.Failure(code: ENOENT)) {
                try FileStatus(path: folder + "/none", followingLinks: false)
            }
            #expect(throws: FileStatus.Failure(code: EBADF)) { try FileStatus(descriptor: -1) }
        }
    }
}
