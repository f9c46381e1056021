import Foundation

/// The files of the trees ``StagedOutput`` keeps beside an output (the published tree and the
/// standby), each recorded when its build published it, so that a build staging into the standby
/// deletes what it neither wrote nor kept from the standby's list instead of walking the tree (a
/// site of 10,000 documents has 12,000 folders: a walk cost more than the rest of publishing).
///
/// A tree is known by its folder's device and inode, which a rename keeps. A record is trusted
/// only while its tree is unchanged: a build removes the standby's record before it changes the
/// standby, so a build killed halfway leaves a tree with no record (which is walked). The file is
/// replaced by rename; anything unreadable in it is no record at all.
struct StagedTreeRecords: Equatable {
    struct Tree: Equatable {
        var device: UInt64
        var inode: UInt64
        /// Every file of the tree, relative to it, one a line; then the folders copied whole
        /// (``StagedOutput/copyItem(at:to:)``), whose files are not listed. Kept as read: the
        /// published tree's record is written again as it is.
        var fileCount: Int
        var folderCount: Int
        var lines: [UInt8]

        init(device: UInt64, inode: UInt64, files: some Sequence<String>, folders: [String]) {
            self.device = device
            self.inode = inode
            var lines: [UInt8] = [], count = 0
            for path in files {
                lines += path.utf8
                lines.append(UInt8(ascii: "\n"))
                count += 1
            }
            for path in folders {
                lines += path.utf8
                lines.append(UInt8(ascii: "\n"))
            }
            (self.fileCount, self.folderCount, self.lines) = (count, folders.count, lines)
        }

        fileprivate init(device: UInt64, inode: UInt64, fileCount: Int, folderCount: Int, lines: [UInt8]) {
            (self.device, self.inode, self.fileCount, self.folderCount, self.lines) =
                (device, inode, fileCount, folderCount, lines)
        }

        /// The files, then the folders.
        var paths: (files: [String], folders: [String]) {
            let all = lines.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).dropLast().map {
                String(decoding: $0, as: UTF8.self)
            }
            return (Array(all.prefix(fileCount)), Array(all.dropFirst(fileCount)))
        }

        /// Whether the record can be written and read back: no path is empty or breaks a line.
        var isWritable: Bool {
            let parts = lines.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
            return parts.count == fileCount + folderCount + 1 && parts.last!.isEmpty
                && parts.dropLast().allSatisfy { !$0.isEmpty }
        }
    }

    var trees: [Tree] = []

    static let header = "minaoshi-staged-trees 1"

    /// The tree whose folder is `device`/`inode`, if recorded.
    func tree(device: UInt64, inode: UInt64) -> Tree? {
        trees.first { $0.device == device && $0.inode == inode }
    }

    /// The records in `path`; none when the file is missing or not exactly as ``write(to:)`` writes it.
    static func read(_ path: String) -> StagedTreeRecords {
        guard let data = FileManager.default.contents(atPath: path) else { return StagedTreeRecords() }
        let bytes = [UInt8](data)
        var lines = bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)[...]
        guard lines.popFirst()?.elementsEqual(header.utf8) == true, lines.last?.isEmpty == true
        else { return StagedTreeRecords() }
        lines.removeLast()
        var records = StagedTreeRecords()
        while let line = lines.popFirst() {
            let fields = String(decoding: line, as: UTF8.self).split(separator: " ")
            guard fields.count == 5, fields[0] == "tree", let device = UInt64(fields[1]), let inode = UInt64(fields[2]),
                let fileCount = Int(fields[3]), let folderCount = Int(fields[4]), fileCount >= 0, folderCount >= 0,
                lines.count >= fileCount + folderCount
            else { return StagedTreeRecords() }
            let count = fileCount + folderCount
            var body: [UInt8] = []
            if count > 0 {
                let first = lines[lines.startIndex], last = lines[lines.startIndex + count - 1]
                body = Array(bytes[first.startIndex..<last.endIndex]) + [UInt8(ascii: "\n")]
            }
            lines = lines.dropFirst(count)
            records.trees.append(
                Tree(device: device, inode: inode, fileCount: fileCount, folderCount: folderCount, lines: body))
        }
        return records
    }

    /// Writes the records to `path` by rename; a tree that cannot be read back is left out.
    func write(to path: String) throws {
        var bytes = Array((Self.header + "\n").utf8)
        for tree in trees where tree.isWritable {
            bytes += "tree \(tree.device) \(tree.inode) \(tree.fileCount) \(tree.folderCount)\n".utf8
            bytes += tree.lines
        }
        let temporary = path + ".\(getpid()).tmp"
        do {
            try Data(bytes).write(to: URL(fileURLWithPath: temporary))
            guard rename(temporary, path) == 0 else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
        } catch {
            try? FileManager.default.removeItem(atPath: temporary)
            throw error
        }
    }

    /// Removes the record file; a missing one is no error.
    static func remove(_ path: String) {
        unlink(path)
    }
}
