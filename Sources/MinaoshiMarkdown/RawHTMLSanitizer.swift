/// What raw HTML keeps when a trusted corpus allows it (`allow_raw_html: true`): its tags, less
/// the attributes that run script or style. GitHub's tag filter disarms `<script>`, `<style>`,
/// `<iframe>` and a few more, but lets `<img src=x onerror=alert(1)>` through.
///
/// Removed from every start tag: event handlers (`on…`), `style` (the pages' Content-Security-
/// Policy allows no inline style, so it would only log a violation), `srcdoc` (a document of its
/// own), and a URL attribute whose value is a ``DangerousURL``. Everything else, text, comments
/// and end tags included, is kept byte for byte.
public enum RawHTMLSanitizer {
    static let urlAttributes: Set<String> = [
        "href", "src", "action", "formaction", "xlink:href", "poster", "background", "cite", "data", "lowsrc", "dynsrc",
        "ping", "longdesc", "usemap", "manifest", "codebase", "archive", "profile", "icon", "srcset", "imagesrcset"
    ]

    public static func sanitize(_ html: String) -> String {
        let bytes = Array(html.utf8)
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var index = 0
        while index < bytes.count {
            guard bytes[index] == UInt8(ascii: "<"), index + 1 < bytes.count else {
                out.append(bytes[index])
                index += 1
                continue
            }
            let next = bytes[index + 1]
            if DangerousURL.isASCIILetter(next) {
                index = startTag(bytes, at: index, into: &out)
            } else if next == UInt8(ascii: "!"), bytes[(index + 2)...].starts(with: Array("--".utf8)) {
                index = copy(bytes, from: index, through: Array("-->".utf8), into: &out)
            } else {
                out.append(bytes[index])
                index += 1
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Copies up to and including `end` (or to the end of the text).
    private static func copy(_ bytes: [UInt8], from start: Int, through end: [UInt8], into out: inout [UInt8]) -> Int {
        var index = start
        while index < bytes.count, !bytes[index...].starts(with: end) { index += 1 }
        let stop = min(index + end.count, bytes.count)
        out.append(contentsOf: bytes[start..<stop])
        return stop
    }

    private static func isSpace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0C || byte == 0x0D
    }

    /// A start tag from its `<`, as HTML's tokenizer reads it: the name, then attributes (a name,
    /// and an optional `=` with a quoted or unquoted value) up to `>`. Returns the index after it.
    private static func startTag(_ bytes: [UInt8], at start: Int, into out: inout [UInt8]) -> Int {
        var index = start + 1
        while index < bytes.count, !isSpace(bytes[index]), bytes[index] != UInt8(ascii: "/"),
            bytes[index] != UInt8(ascii: ">")
        { index += 1 }
        out.append(contentsOf: bytes[start..<index])
        while index < bytes.count {
            let attributeStart = index
            while index < bytes.count, isSpace(bytes[index]) || bytes[index] == UInt8(ascii: "/") { index += 1 }
            if index >= bytes.count || bytes[index] == UInt8(ascii: ">") {
                out.append(contentsOf: bytes[attributeStart..<min(index + 1, bytes.count)])
                return min(index + 1, bytes.count)
            }
            let nameStart = index
            index += 1  // a first `=` belongs to the name
            while index < bytes.count, !isSpace(bytes[index]), bytes[index] != UInt8(ascii: "/"),
                bytes[index] != UInt8(ascii: ">"),
                bytes[index] != UInt8(ascii: "=")
            { index += 1 }
            let name = String(decoding: bytes[nameStart..<index], as: UTF8.self).lowercased()
            var value: ArraySlice<UInt8> = []
            var afterName = index
            while afterName < bytes.count, isSpace(bytes[afterName]) { afterName += 1 }
            if afterName < bytes.count, bytes[afterName] == UInt8(ascii: "=") {
                index = afterName + 1
                while index < bytes.count, isSpace(bytes[index]) { index += 1 }
                if index < bytes.count, bytes[index] == UInt8(ascii: "\"") || bytes[index] == UInt8(ascii: "'") {
                    let quote = bytes[index]
                    let valueStart = index + 1
                    index = valueStart
                    while index < bytes.count, bytes[index] != quote { index += 1 }
                    value = bytes[valueStart..<min(index, bytes.count)]
                    index = min(index + 1, bytes.count)
                } else {
                    let valueStart = index
                    while index < bytes.count, !isSpace(bytes[index]), bytes[index] != UInt8(ascii: ">") { index += 1 }
                    value = bytes[valueStart..<index]
                }
            }
            if !isRemoved(name, value: String(decoding: value, as: UTF8.self)) {
                out.append(contentsOf: bytes[attributeStart..<index])
            }
        }
        return index
    }

    static func isRemoved(_ name: String, value: String) -> Bool {
        if name.hasPrefix("on") || name == "style" || name == "srcdoc" { return true }
        guard urlAttributes.contains(name) else { return false }
        if name.hasSuffix("srcset") {
            return value.split(separator: ",").contains { DangerousURL.isDangerous(String($0)) }
        }
        return DangerousURL.isDangerous(value)
    }
}
