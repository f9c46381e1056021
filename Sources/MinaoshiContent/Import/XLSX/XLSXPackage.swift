import Foundation
import MinaoshiSupport
import ZIPFoundation

/// How much of a workbook an import is willing to unpack. A real list of provisions is a few
/// megabytes of XML; a ZIP bomb declares (or hides) gigabytes. The counts are of the bytes
/// actually inflated, not of the sizes the archive declares, which a hostile file can fake.
public struct XLSXLimits: Sendable {
    /// The most bytes one part (a worksheet, the shared strings) may inflate to.
    public var partBytes = 64 << 20
    /// The most bytes all the parts read may inflate to together.
    public var totalBytes = 128 << 20
    /// The most entries the archive may hold.
    public var entries = 10_000
    /// The most cells the merged ranges of a sheet may copy their values into.
    public var mergedCells = 1_000_000

    /// The defaults above.
    public init() {}
}

/// The parts of an `.xlsx` file (an OPC package: a ZIP of XML parts), read one at a time into
/// memory, each within ``XLSXLimits``. Entry names are only looked up, never used as paths on
/// disk; names that would climb out of a folder are refused all the same, since no spreadsheet
/// program writes them.
struct XLSXPackage {
    private let zip: ZIPEntryBytes
    private var entries: [String: ZIPEntryBytes.Location] = [:]
    private let limits: XLSXLimits
    private var inflated = 0
    let file: String

    init(data: Data, file: String, limits: XLSXLimits) throws(DiagnosticsError) {
        self.file = file
        self.limits = limits
        let here = SourceLocation(file: file)
        if data.starts(with: [0xD0, 0xCF, 0x11, 0xE0]) {
            throw DiagnosticsError([
                .error(
                    at: here, "this is an Excel 97-2003 workbook (.xls), which import does not read",
                    hint: "open it in Excel or LibreOffice and save it as .xlsx (Excel Workbook)")
            ])
        }
        let damaged = DiagnosticsError([
            .error(
                at: here,
                "the file is not a readable .xlsx workbook (its ZIP container is damaged or it is not a ZIP file)",
                hint: "open it in Excel or LibreOffice and save it again as .xlsx")
        ])
        guard data.starts(with: [0x50, 0x4B]) else { throw damaged }
        let archive: Archive
        do {
            archive = try Self.openArchive(data)
            zip = try ZIPEntryBytes(data)
        } catch {
            throw damaged
        }
        var count = 0
        // `Archive` lists the entries and decodes their names; `ZIPEntryBytes`, reading the same
        // central directory in the same order, says where their bytes are.
        for entry in archive {
            guard count < zip.locations.count else { throw damaged }
            let location = zip.locations[count]
            count += 1
            guard count <= limits.entries else {
                throw DiagnosticsError([
                    .error(
                        at: here, "the workbook holds more than \(limits.entries) parts",
                        hint:
                            "this is not a file a spreadsheet program writes; save the sheet again from Excel or LibreOffice"
                    )
                ])
            }
            let name = entry.path
            guard Self.isSafe(name) else {
                throw DiagnosticsError([
                    .error(
                        at: here,
                        "the workbook holds a part with an unsafe name '\(name.debugDescription.dropFirst().dropLast())'",
                        hint:
                            "names that start with '/' or climb with '..' are not written by spreadsheet programs; save the sheet again from Excel or LibreOffice"
                    )
                ])
            }
            entries[name] = location
        }
    }

    /// The archive of `data`, read from a file: ZIPFoundation 0.9.20's in-memory archive
    /// (`Archive(data:)`) traps when an offset in the file points past its end (a range with its
    /// bounds reversed in `MemoryFile.readData`) and leaks the data when the file has no end
    /// record; its file-backed archive reads short there and reports the file as damaged. Both
    /// found by the fuzzer (`Tests/Fuzz/xlsx-import`). The file is removed as soon as it is open.
    static func openArchive(_ data: Data) throws -> Archive {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent(
            "minaoshi-import-\(UUID().uuidString).xlsx")
        try data.write(to: url, options: .withoutOverwriting)
        defer { try? FileManager.default.removeItem(at: url) }
        return try Archive(url: url, accessMode: .read, pathEncoding: nil)
    }

    /// True for a relative name of non-empty segments, none of them `.` or `..`, with no `\` or NUL.
    static func isSafe(_ name: String) -> Bool {
        guard !name.isEmpty, !name.hasPrefix("/"), !name.contains("\\"), !name.contains("\0") else { return false }
        let segments = name.split(separator: "/", omittingEmptySubsequences: false)
        return segments.dropLast().allSatisfy { !$0.isEmpty } && !segments.contains { $0 == ".." || $0 == "." }
    }

    /// True when the package has a part of that name.
    func has(_ name: String) -> Bool { entries[name] != nil }

    /// The bytes of the part `name`, or `nil` when there is none.
    mutating func part(_ name: String) throws(DiagnosticsError) -> Data? {
        guard let location = entries[name] else { return nil }
        let here = SourceLocation(file: file)
        let tooLarge = DiagnosticsError([
            .error(
                at: here,
                "the part '\(name)' unpacks to more than \(limits.partBytes >> 20) MiB (or all parts to more than \(limits.totalBytes >> 20) MiB)",
                hint:
                    "this looks like a ZIP bomb, not a list of provisions; import the sheet from a workbook saved by Excel or LibreOffice"
            )
        ])
        if location.uncompressedSize > UInt64(limits.partBytes) { throw tooLarge }
        struct TooLarge: Error {}
        var data = Data()
        let partLimit = limits.partBytes, left = limits.totalBytes - inflated
        do {
            try zip.unpack(location) { chunk in
                data.append(chunk)
                if data.count > partLimit || data.count > left { throw TooLarge() }
            }
        } catch is TooLarge {
            throw tooLarge
        } catch {
            throw DiagnosticsError([
                .error(
                    at: here, "the part '\(name)' of the workbook is damaged and cannot be unpacked",
                    hint: "open the file in Excel or LibreOffice and save it again as .xlsx")
            ])
        }
        inflated += data.count
        return data
    }
}
