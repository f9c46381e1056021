import Foundation
import MinaoshiSupport

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The character encodings spreadsheets export CSV in.
public enum CSVEncoding: String, Sendable, CaseIterable {
    /// UTF-8, with or without a byte-order mark.
    case utf8 = "utf-8"
    /// Shift_JIS as Windows and Excel write it: code page 932, with the NEC and IBM extensions
    /// (①, Ⅻ, ㈱, 髙, 﨑) and its own mappings (`～` is U+FF5E, `－` U+FF0D).
    case shiftJIS = "shift_jis"
}

/// Turns the bytes of a CSV file into text, reporting the first undecodable byte at its line
/// and column.
///
/// Shift_JIS is decoded with iconv as CP932 rather than with Foundation's `.shiftJIS`: on Linux
/// both read CP932 today, but Foundation only returns `nil` for a bad file, while iconv says at
/// which byte it stopped, and names the Windows table (with ① and 髙) explicitly.
public enum CSVDecoding {
    /// The text of `data` in `encoding`; a leading UTF-8 byte-order mark is kept for the parser.
    public static func decode(_ data: Data, as encoding: CSVEncoding, file: String) throws(DiagnosticsError) -> String {
        switch encoding {
        case .utf8: try decodeUTF8(data, file: file)
        case .shiftJIS: try decodeCP932(data, file: file)
        }
    }

    static func decodeUTF8(_ data: Data, file: String) throws(DiagnosticsError) -> String {
        if let text = String(data: data, encoding: .utf8) { return text }
        var decoder = UTF8()
        var bytes = data.makeIterator()
        var valid = String.UnicodeScalarView()
        var offset = 0
        while case .scalarValue(let scalar) = decoder.decode(&bytes) {
            valid.append(scalar)
            offset += UTF8.width(scalar)
        }
        let (line, column) = endPosition(of: String(valid))
        let byte = offset < data.count ? data[data.startIndex + offset] : 0
        throw DiagnosticsError([
            .error(
                at: SourceLocation(file: file, line: line, column: column),
                String(format: "byte 0x%02X is not valid UTF-8", byte),
                hint: "files saved by Excel as 'CSV' are usually Shift_JIS: add --encoding shift_jis"
            )
        ])
    }

    static func decodeCP932(_ data: Data, file: String) throws(DiagnosticsError) -> String {
        if data.isEmpty { return "" }
        let converter = iconv_open("UTF-8", "CP932")
        guard converter != iconv_t(bitPattern: -1) else {
            throw DiagnosticsError([
                .error(
                    at: SourceLocation(file: file), "this system's iconv cannot convert from CP932 (Shift_JIS)",
                    hint: "convert the file with `iconv -f CP932 -t UTF-8` elsewhere and import it as UTF-8")
            ])
        }
        defer { iconv_close(converter) }
        var input = [UInt8](data)
        // One CP932 byte (half-width katakana) can become three UTF-8 bytes.
        var output = [UInt8](repeating: 0, count: input.count * 3 + 4)
        var failure: (consumed: Int, code: Int32)?
        var produced = 0
        input.withUnsafeMutableBytes { inBytes in
            output.withUnsafeMutableBytes { outBytes in
                var inPointer: UnsafeMutablePointer<CChar>? = inBytes.baseAddress!.assumingMemoryBound(to: CChar.self)
                var inLeft = inBytes.count
                var outPointer: UnsafeMutablePointer<CChar>? = outBytes.baseAddress!.assumingMemoryBound(to: CChar.self)
                var outLeft = outBytes.count
                if iconv(converter, &inPointer, &inLeft, &outPointer, &outLeft) == -1 {
                    failure = (inBytes.count - inLeft, errno)
                }
                produced = outBytes.count - outLeft
            }
        }
        let text = String(decoding: output[0..<produced], as: UTF8.self)
        guard let failure else { return text }
        let (line, column) = endPosition(of: text)
        let bad = input[failure.consumed..<min(failure.consumed + 2, input.count)].map { String(format: "0x%02X", $0) }
            .joined(separator: " ")
        let message =
            failure.code == EINVAL
            ? "the file ends in the middle of a Shift_JIS character (\(bad))"
            : "bytes \(bad) are not valid Shift_JIS (CP932)"
        throw DiagnosticsError([
            .error(
                at: SourceLocation(file: file, line: line, column: column), message,
                hint: "check --encoding: a file saved as UTF-8 needs --encoding utf-8")
        ])
    }

    /// The line and column just after `text`, counting line ends as the CSV parser does
    /// (CRLF, LF or CR) and columns in Unicode scalars.
    static func endPosition(of text: String) -> (line: Int, column: Int) {
        var line = 1, column = 1
        var afterCR = false
        for scalar in text.unicodeScalars {
            if scalar == "\n" && afterCR {
                afterCR = false
                continue
            }
            afterCR = scalar == "\r"
            if scalar == "\n" || scalar == "\r" {
                line += 1
                column = 1
            } else if !(line == 1 && column == 1 && scalar == "\u{FEFF}") {
                column += 1
            }
        }
        return (line, column)
    }
}
