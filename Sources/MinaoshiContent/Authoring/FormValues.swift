import Foundation

/// What an editor form holds: each input's name to its values, in order, as a browser posts
/// them (`application/x-www-form-urlencoded`, a name once per value).
///
/// Names follow the declarations (``DocumentKind/commonFields`` and the kind's fields): a field's
/// key (`title`, `categories`), or `key.part` for the parts of a row or pair (`sources.url`,
/// `outcomes.label`, `phase.before`); rows are the parts' values taken position by position.
public struct FormValues: Sendable, Equatable {
    public private(set) var values: [String: [String]] = [:]

    public init() {}

    /// The values of `name`; empty when absent.
    public subscript(name: String) -> [String] {
        get { values[name] ?? [] }
        set { values[name] = newValue }
    }

    /// The first value of `name`, trimmed; empty when absent.
    public func text(_ name: String) -> String {
        (values[name]?.first ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// `a=1&b=2&b=3` read as a browser writes it: `+` is a space, `%XX` a byte of UTF-8.
    /// Nil when an escape is malformed or the bytes are not UTF-8.
    public static func urlEncoded(_ body: [UInt8]) -> FormValues? {
        var form = FormValues()
        for pair in body.split(separator: UInt8(ascii: "&"), omittingEmptySubsequences: true) {
            let parts = pair.split(separator: UInt8(ascii: "="), maxSplits: 1, omittingEmptySubsequences: false)
            guard let name = decoded(parts[0]), let value = decoded(parts.count > 1 ? parts[1] : []) else { return nil }
            form.values[name, default: []].append(value)
        }
        return form
    }

    /// The form as `application/x-www-form-urlencoded`, names sorted (for tests and clients).
    public var urlEncoded: String {
        values.keys.sorted().flatMap { name in values[name]!.map { "\(Self.encoded(name))=\(Self.encoded($0))" } }
            .joined(separator: "&")
    }

    private static func decoded(_ bytes: ArraySlice<UInt8>) -> String? {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var index = bytes.startIndex
        while index < bytes.endIndex {
            let byte = bytes[index]
            if byte == UInt8(ascii: "+") {
                out.append(UInt8(ascii: " "))
            } else if byte == UInt8(ascii: "%") {
                guard index + 2 < bytes.endIndex,
                    let high = hex(bytes[index + 1]), let low = hex(bytes[index + 2])
                else { return nil }
                out.append(high << 4 | low)
                index += 2
            } else {
                out.append(byte)
            }
            index += 1
        }
        return String(validating: out, as: UTF8.self)
    }

    private static func hex(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }

    private static func encoded(_ text: String) -> String {
        var allowed = CharacterSet.alphanumerics.intersection(
            CharacterSet(charactersIn: Unicode.Scalar(0)..<Unicode.Scalar(128)))
        allowed.insert(charactersIn: "-._~")
        return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? ""
    }
}
