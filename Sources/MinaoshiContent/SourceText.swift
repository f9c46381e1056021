import Foundation
import MinaoshiSupport

#if canImport(Glibc)
    import Glibc
#endif

/// A text file as authors wrote it, decoded for parsing: UTF-8, byte-order mark removed,
/// CRLF and lone CR line ends turned into LF so that line numbers match what editors show.
public struct SourceText: Sendable {
    /// The path shown in diagnostics, relative to the project root (`content/cases/foo.md`).
    public var displayPath: String
    public var text: String

    public init(displayPath: String, text: String) {
        self.displayPath = displayPath
        self.text = Self.normalizeLineEnds(text.hasPrefix("\u{FEFF}") ? String(text.dropFirst()) : text)
    }

    /// Reads and decodes `url`; a file that is not UTF-8 is a diagnostic at the first bad byte.
    public static func read(_ url: URL, displayPath: String) throws(DiagnosticsError) -> SourceText {
        try read(path: url.path, displayPath: displayPath)
    }

    /// Reads and decodes the file at `path` with `open` and `read`: Foundation's `Data(contentsOf:)`
    /// and the URL it needs were a percent of a 10k build's loading.
    public static func read(path: String, displayPath: String) throws(DiagnosticsError) -> SourceText {
        let data: [UInt8]
        switch readBytes(path) {
        case .success(let bytes): data = bytes
        case .failure(let failure):
            let (problem, hint) = failure.explained
            throw DiagnosticsError([
                .error(at: SourceLocation(file: displayPath), "cannot read file: \(problem)", hint: hint)
            ])
        }
        guard let text = String(validating: data, as: UTF8.self) else {
            let (line, column) = firstInvalidUTF8Position(in: Data(data))
            throw DiagnosticsError([
                .error(
                    at: SourceLocation(file: displayPath, line: line, column: column),
                    "file is not valid UTF-8",
                    hint: "save it as UTF-8 (Shift_JIS files can be converted with `iconv -f CP932 -t UTF-8`)"
                )
            ])
        }
        return SourceText(displayPath: displayPath, text: text)
    }

    /// The same file without its text: what positions need, and all a document keeps for them
    /// (a corpus of 100,000 documents held every file's text twice otherwise).
    public var withoutText: SourceText { SourceText(displayPath: displayPath, text: "") }

    public func location(line: Int, column: Int = 1) -> SourceLocation {
        SourceLocation(file: displayPath, line: line, column: column)
    }

    private static func normalizeLineEnds(_ text: String) -> String {
        // Bytes, not the utf8 view's iterator, which was a tenth of reading a file.
        guard text.containsBytes("\r") else { return text }
        return text.replacingBytes("\r\n", with: "\n").replacingBytes("\r", with: "\n")
    }

    /// Why a file could not be read: the `errno` of the call that failed, or the kind of a file
    /// that is not a regular one (`S_IFIFO`, …).
    private struct ReadFailure: Error {
        var code: Int32
        var fileType: mode_t? = nil

        /// What went wrong and what to do, in the words of someone who saved a file.
        var explained: (problem: String, hint: String) {
            if let fileType {
                let kind =
                    switch fileType {
                    case S_IFDIR: "a folder"
                    case S_IFIFO: "a named pipe (FIFO)"
                    case S_IFSOCK: "a socket"
                    case S_IFCHR, S_IFBLK: "a device"
                    default: "not a regular file"
                    }
                return (
                    "it is \(kind), not a file",
                    "remove it or rename it without '.md'; only files (and links to files) are read"
                )
            }
            switch code {
            case EACCES, EPERM:
                return (
                    "permission denied", "make the file readable by the user who runs minaoshi, e.g. chmod a+r FILE"
                )
            case ELOOP:
                return (
                    "it is a symbolic link that leads round in a loop",
                    "point the link at a file, or put the file itself in its place"
                )
            case ENOENT:
                return (
                    "it does not exist, or is a symbolic link to nothing",
                    "if it is a link, point it at a file or remove it"
                )
            default:
                return (String(cString: strerror(code)), "check that the file exists and can be read")
            }
        }
    }

    /// The file's bytes, or the `errno` of the call that failed. `O_NONBLOCK`, so that a named
    /// pipe (which would wait for a writer for ever) is opened at once and refused as no file;
    /// it changes nothing for a regular file.
    private static func readBytes(_ path: String) -> Result<[UInt8], ReadFailure> {
        let file = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)
        guard file >= 0 else { return .failure(ReadFailure(code: errno)) }
        defer { close(file) }
        let status: FileStatus
        do { status = try FileStatus(descriptor: file) } catch { return .failure(ReadFailure(code: error.code)) }
        guard status.isRegularFile else { return .failure(ReadFailure(code: 0, fileType: status.type)) }
        var bytes = [UInt8](repeating: 0, count: max(Int(status.size), 0) + 1)
        var count = 0
        while true {
            if count == bytes.count { bytes += [UInt8](repeating: 0, count: bytes.count) }
            let read = bytes.withUnsafeMutableBytes { Glibc.read(file, $0.baseAddress! + count, $0.count - count) }
            if read < 0 {
                if errno == EINTR { continue }
                return .failure(ReadFailure(code: errno))
            }
            if read == 0 { break }
            count += read
        }
        bytes.removeLast(bytes.count - count)
        return .success(bytes)
    }

    private static func firstInvalidUTF8Position(in data: Data) -> (line: Int, column: Int) {
        var line = 1
        var lineStart = data.startIndex
        var index = data.startIndex
        while index < data.endIndex {
            let byte = data[index]
            let length: Int
            switch byte {
            case 0x00...0x7F: length = 1
            case 0xC2...0xDF: length = 2
            case 0xE0...0xEF: length = 3
            case 0xF0...0xF4: length = 4
            default: length = 0
            }
            let end = index + length
            if length == 0 || end > data.endIndex || String(data: data[index..<end], encoding: .utf8) == nil {
                let column = (String(data: data[lineStart..<index], encoding: .utf8)?.count ?? 0) + 1
                return (line, column)
            }
            if byte == UInt8(ascii: "\n") {
                line += 1
                lineStart = end
            }
            index = end
        }
        return (line, 1)
    }
}
