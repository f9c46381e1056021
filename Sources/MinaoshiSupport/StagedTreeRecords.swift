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
struct StagedTreeRecords {
    struct Tree {
        var device: UInt64
        var inode: UInt64
        /// Every file of the tree, relative to it, as the record's lines hold it: the published
        /// tree's record is written again as it was read, never decoded.
        var files: [ArraySlice<UInt8>]
        /// The folders copied whole (``StagedOutput/copyItem(at:to:)``), whose files are not listed.
        var folders: [ArraySlice<UInt8>]
        /// The modification times in nanoseconds of the tree's folder (`.`) and of its top folders.
        var times: [(path: String, modified: Int64)]

        init(
            device: UInt64, inode: UInt64, files: some Sequence<String>, folders: [String],
            times: [(path: String, modified: Int64)]
        ) {
            (self.device, self.inode, self.times) = (device, inode, times)
            self.files = files.map { ArraySlice($0.utf8) }
            self.folders = folders.map { ArraySlice($0.utf8) }
        }

        fileprivate init(
            device: UInt64, inode: UInt64, files: [ArraySlice<UInt8>], folders: [ArraySlice<UInt8>],
            times: [(path: String, modified: Int64)]
        ) {
            (self.device, self.inode, self.files, self.folders, self.times) = (device, inode, files, folders, times)
        }

        /// The files and folders as text.
        var paths: (files: [String], folders: [String]) {
            (files.map { String(decoding: $0, as: UTF8.self) }, folders.map { String(decoding: $0, as: UTF8.self) })
        }

        /// Whether the record can be written and read back: no path is empty or breaks a line.
        fileprivate var isWritable: Bool {
            (files + folders).allSatisfy { !$0.isEmpty && !$0.contains(UInt8(ascii: "\n")) }
                && times.allSatisfy { !$0.path.isEmpty && !$0.path.contains("\n") }
        }
    }

    var trees: [Tree] = []

    static let header = "minaoshi-staged-trees 2"

    /// The tree whose folder is `device`/`inode`, if recorded.
    func tree(device: UInt64, inode: UInt64) -> Tree? {
        trees.first { $0.device == device && $0.inode == inode }
    }

    /// Takes out the tree whose folder is `device`/`inode`.
    mutating func remove(device: UInt64, inode: UInt64) {
        trees.removeAll { $0.device == device && $0.inode == inode }
    }

    /// The records in `path`; none when the file is missing or not exactly as ``write(to:)`` writes it.
    /// Each tree is a line `tree DEVICE INODE FILES FOLDERS TIMES`, then that many lines of files,
    /// of folders, and of times (`NANOSECONDS PATH`).
    static func read(_ path: String) -> StagedTreeRecords {
        guard let data = FileManager.default.contents(atPath: path) else { return StagedTreeRecords() }
        var lines = [UInt8](data).split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)[...]
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
            let files = Array(lines.prefix(fileCount))
            let folders = Array(lines.dropFirst(fileCount).prefix(folderCount))
            var times: [(path: String, modified: Int64)] = []
            for line in lines.dropFirst(fileCount + folderCount).prefix(timeCount) {
                guard let space = line.firstIndex(of: UInt8(ascii: " ")),
                    let modified = Int64(String(decoding: line[..<space], as: UTF8.self))
                else { return StagedTreeRecords() }
                times.append((String(decoding: line[(space + 1)...], as: UTF8.self), modified))
            }
            lines = lines.dropFirst(fileCount + folderCount + timeCount)
            let tree = Tree(device: device, inode: inode, files: files, folders: folders, times: times)
            guard tree.isWritable else { return StagedTreeRecords() }
            records.trees.append(tree)
        }
        return records
    }

    /// Writes the records to `path` by rename; a tree that cannot be read back is left out.
    func write(to path: String) throws {
        var bytes = Array((Self.header + "\n").utf8)
        for tree in trees where tree.isWritable {
            bytes +=
                "tree \(tree.device) \(tree.inode) \(tree.files.count) \(tree.folders.count) \(tree.times.count)\n".utf8
            for line in tree.files + tree.folders {
                bytes += line
                bytes.append(UInt8(ascii: "\n"))
            }
            for (path, modified) in tree.times { bytes += "\(modified) \(path)\n".utf8 }
        }
        let temporary = path + ".\(getpid())" + Self.temporarySuffix
        do {
            try Data(bytes).write(to: URL(fileURLWithPath: temporary))
            guard rename(temporary, path) == 0 else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
        } catch {
            try? FileManager.default.removeItem(atPath: temporary)
            throw error
        }
    }

    private static let temporarySuffix = ".tmp"

    /// Whether `entry`, a name in the record file's folder, is what ``write(to:)`` writes before
    /// its rename (`.NAME.trees.PID.tmp` for the record file `.NAME.trees`): a killed build's
    /// leftover whenever no build holds the output's lock.
    static func isTemporary(_ entry: String, ofRecordNamed name: String) -> Bool {
        entry.hasPrefix(name + ".") && entry.hasSuffix(temporarySuffix)
    }

    /// Removes the record file; a missing one is no error.
    static func remove(_ path: String) {
        unlink(path)
    }
}
