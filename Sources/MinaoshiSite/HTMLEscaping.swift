import Mustache

/// The HTML escaping every template renders with: the same five characters as swift-mustache's
/// own (`< > & " '`), replaced on UTF-8 bytes. swift-mustache's escaper walks the text as
/// Characters (grapheme clusters) and looks each up in a dictionary, which made escaping a fifth
/// of a build's time on Japanese text. Text without any of the five is returned as it is.
///
/// Each template is parsed with `pragma` on a line of its own above its first line (a standalone
/// tag, so it prints nothing); partials and the base template get it too, since swift-mustache
/// starts every partial with its default escaper.
enum HTMLEscaping {
    static let name = "MINAOSHI_HTML"
    static let pragma = "{{%CONTENT_TYPE: \(name)}}\n"

    /// Registers the content type; registering again is harmless.
    static func register() {
        MustacheContentTypes.register(ContentType(), named: name)
    }

    struct ContentType: MustacheContentType {
        func escapeText(_ text: String) -> String { escape(text) }
    }

    static func escape(_ text: String) -> String {
        let utf8 = text.utf8
        guard utf8.contains(where: needsEscape) else { return text }
        var out: [UInt8] = []
        out.reserveCapacity(utf8.count + 16)
        for byte in utf8 {
            switch byte {
            case UInt8(ascii: "<"): out.append(contentsOf: "&lt;".utf8)
            case UInt8(ascii: ">"): out.append(contentsOf: "&gt;".utf8)
            case UInt8(ascii: "&"): out.append(contentsOf: "&amp;".utf8)
            case UInt8(ascii: "\""): out.append(contentsOf: "&quot;".utf8)
            case UInt8(ascii: "'"): out.append(contentsOf: "&#39;".utf8)
            default: out.append(byte)
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    private static func needsEscape(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: "<") || byte == UInt8(ascii: ">") || byte == UInt8(ascii: "&") || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "'")
    }
}
