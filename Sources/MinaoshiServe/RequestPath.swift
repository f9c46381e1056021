/// A request target turned into the path segments of a file under the output folder, or refused.
///
/// The target is split on `/` before it is percent-decoded, so an encoded slash (`%2f`) can never
/// make a new segment; a segment that decodes to `.`, `..`, or holds a slash, a backslash or a NUL
/// byte is refused, as is anything that is not an origin-form path (`/…`). What is left can only
/// name something inside the folder, short of symbolic links, which `SiteFiles` checks.
public enum RequestPath: Equatable, Sendable {
    /// The segments, decoded, without empty ones; `isFolder` when the path ended with `/`.
    case segments([String], isFolder: Bool)
    case refused(String)

    public static func parse(_ target: String) -> RequestPath {
        var path = Substring(target)
        if let query = path.firstIndex(where: { $0 == "?" || $0 == "#" }) { path = path[..<query] }
        guard path.hasPrefix("/") else { return .refused("the request target is not a path starting with '/'") }
        var segments: [String] = []
        for raw in path.split(separator: "/", omittingEmptySubsequences: true) {
            guard let segment = percentDecoded(raw) else {
                return .refused("the path is not well-formed percent-encoded UTF-8")
            }
            if segment == "." || segment == ".." { return .refused("the path leaves its folder ('\(segment)')") }
            if segment.utf8.contains(where: { $0 == UInt8(ascii: "/") || $0 == UInt8(ascii: "\\") || $0 == 0 }) {
                return .refused("a path segment holds a slash, a backslash or a NUL byte")
            }
            segments.append(segment)
        }
        return .segments(segments, isFolder: path.hasSuffix("/"))
    }

    /// `%XX` escapes decoded; nil when an escape is malformed or the bytes are not UTF-8.
    static func percentDecoded(_ text: Substring) -> String? {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.utf8.count)
        var iterator = text.utf8.makeIterator()
        while let byte = iterator.next() {
            guard byte == UInt8(ascii: "%") else { bytes.append(byte); continue }
            guard let high = iterator.next().flatMap(hexValue), let low = iterator.next().flatMap(hexValue) else {
                return nil
            }
            bytes.append(high << 4 | low)
        }
        return String(validating: bytes, as: UTF8.self)
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
