import Foundation

/// The files of the trees ``StagedOutput`` keeps beside an output (the published tree and the
/// standby), each recorded when its build published it, so that a build staging into the standby
/// deletes what it neither wrote nor kept from the standby's list instead of walking the tree (a
/// site of 10,000 documents has 12,000 folders: a walk cost more than the rest of publishing).
///
/// A tree is known by its folder's device and inode, which a rename keeps. A record is trusted
/// only while its tree is unchanged: a build removes the standby's record before it changes the
/// standby, so a build killed halfway leaves a tree with no record (which is walked); and the
/// record holds the modification times of the tree's folder and of its top folders as published,
/// which a file or folder added, removed or renamed in them since (by hand, or by a program
/// writing its own folder into the site) changes, so such a tree is walked too. A file added
/// deeper by hand (`site/cases/x/extra.html`) is not noticed: checking every folder would cost two
/// stats for each of 12,000 folders at 10,000 documents, every build. The file is replaced by
/// rename; anything unreadable in it is no record at all.
struct StagedTreeRecords: Equatable {
    struct Tree: Equatable {
        var device: UInt64
        var inode: UInt64
        /// Every file of the tree, relative to it, one a line; then the folders copied whole
        /// (``StagedOutput/copyItem(at:to:)``), whose files are not listed; then the modification
        /// time in nanoseconds and the path of the tree's folder (`.`) and of its top folders. Kept as read:
        /// the published tree's record is written again as it is.
        var fileCount: Int
        var folderCount: Int
        var timeCount: Int
        var lines: [UInt8]

        init(
            device: UInt64, inode: UInt64, files: some Sequence<String>, folders: [String],
            times: [(path: String, modified: Int64)]
        ) {
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
            for (path, modified) in times {
                lines += "\(modified) \(path)\n".utf8
            }
            (self.fileCount, self.folderCount, self.timeCount, self.lines) = (count, folders.count, times.count, lines)
        }

        fileprivate init(device: UInt64, inode: UInt64, counts: (Int, Int, Int), lines: [UInt8]) {
            (self.device, self.inode, self.lines) = (device, inode, lines)
            (fileCount, folderCount, timeCount) = counts
        }

        private var parts: [ArraySlice<UInt8>] {
            lines.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
        }

        /// The files, then the folders.
        var paths: (files: [String], folders: [String]) {
            let all = parts.prefix(fileCount + folderCount).map { String(decoding: $0, as: UTF8.self) }
            return (Array(all.prefix(fileCount)), Array(all.dropFirst(fileCount)))
        }

        /// Each folder's modification time as recorded; nil if a line is not one.
        var times: [(path: String, modified: Int64)]? {
            var times: [(path: String, modified: Int64)] = []
            for line in parts.dropFirst(fileCount + folderCount).prefix(timeCount) {
                guard let space = line.firstIndex(of: UInt8(ascii: " ")),
                    let modified = Int64(String(decoding: line[..<space], as: UTF8.self))
                else { return nil }
                times.append((String(decoding: line[(space + 1)...], as: UTF8.self), modified))
            }
            return times
        }

        /// Whether the record can be written and read back: no path is empty or breaks a line.
        var isWritable: Bool {
            let parts = parts
            return parts.count == fileCount + folderCount + timeCount + 1 && parts.last!.isEmpty
                && parts.dropLast().allSatisfy { !$0.isEmpty }
        }
    }

    var trees: [Tree] = []

    static let header = "minaoshi-staged-trees 2"

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
            guard fields.count == 6, fields[0] == "tree", let device = UInt64(fields[1]), let inode = UInt64(fields[2]),
                let fileCount = Int(fields[3]), let folderCount = Int(fields[4]), let timeCount = Int(fields[5]),
                fileCount >= 0, folderCount >= 0, timeCount >= 0, lines.count >= fileCount + folderCount + timeCount
            else { return StagedTreeRecords() }
            let count = fileCount + folderCount + timeCount
            var body: [UInt8] = []
            if count > 0 {
                let first = lines[lines.startIndex], last = lines[lines.startIndex + count - 1]
                body = Array(bytes[first.startIndex..<last.endIndex]) + [UInt8(ascii: "\n")]
            }
            lines = lines.dropFirst(count)
            records.trees.append(
                Tree(device: device, inode: inode, counts: (fileCount, folderCount, timeCount), lines: body))
        }
        return records
    }

    /// Writes the records to `path` by rename; a tree that cannot be read back is left out.
    func write(to path: String) throws {
        var bytes = Array((Self.header + "\n").utf8)
        for tree in trees where tree.isWritable {
            bytes += "tree \(tree.device) \(tree.inode) \(tree.fileCount) \(tree.folderCount) \(tree.timeCount)\n".utf8
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
