/// HTML normalisation for the GFM conformance test: a Swift port of the rules of cmark's
/// `test/normalize.py` (the spec runner's `normalize_html`), so that insignificant differences
/// in the output do not count:
///
/// - runs of whitespace in text collapse to one space (except inside `<pre>`), and whitespace
///   next to block-level tags is dropped; a newline right after `<br>` is dropped;
/// - tag and attribute names are lower-cased, attributes are sorted by name, and attribute
///   values are unescaped and re-escaped the way Python's `html.escape(quote=True)` does;
/// - character and entity references in text are decoded, except `<`, `>`, `&` and `"`, which
///   are written as `&lt;`, `&gt;`, `&amp;` and `&quot;`;
/// - `<x />` is written `<x>`; comments, declarations, processing instructions and CDATA
///   sections are kept as they are.
///
/// Like Python's `HTMLParser`, the content of `<script>` and `<style>` is raw text (dropped when
/// never closed), `<!…>` other than a doctype is a "bogus comment", and a `<` that starts no
/// tag is text; like normalize.py's chunking, a `<` with no `>` after it is dropped.
///
/// Not ported: Python's parser gives up decoding references after a malformed `&#;`, and
/// normalize.py splits a tag at a `>` inside a quoted attribute value. Both only matter for
/// malformed input, and both sides of a comparison go through the same rules here.
enum HTMLNormalizer {
    static func normalize(_ html: String) -> String {
        var scalars = Array(html.unicodeScalars)
        // normalize.py feeds the parser chunks matching `<[^>]*>|[^<]+`: a `<` after the last `>` is in none.
        let lastGreaterThan = scalars.lastIndex(of: ">") ?? -1
        scalars = scalars.enumerated().filter { $0.offset < lastGreaterThan || $0.element != "<" }.map(\.element)
        var parser = NormalizingParser(input: scalars)
        parser.run()
        return parser.output
    }
}

private struct NormalizingParser {
    private enum Event { case startTag, endTag, data, comment, declaration, processingInstruction, reference }

    let input: [Unicode.Scalar]
    private var position = 0
    private(set) var output = ""
    private var last = Event.startTag
    private var lastTag = ""
    private var inPre = false

    init(input: [Unicode.Scalar]) { self.input = input }

    mutating func run() {
        while position < input.count {
            let scalar = input[position]
            if scalar == "<" {
                if !parseMarkup() {
                    handleData("<")
                    position += 1
                }
            } else if scalar == "&" {
                parseReference()
            } else {
                let start = position
                while position < input.count, input[position] != "<", input[position] != "&" { position += 1 }
                handleData(string(start..<position))
            }
        }
    }

    // MARK: - Handlers (normalize.py's MyHTMLParser)

    private mutating func handleData(_ text: String) {
        var data = text
        let afterTag = last == .endTag || last == .startTag
        let afterBlockTag = afterTag && Self.isBlockTag(lastTag)
        if afterTag && lastTag == "br" { data = String(data.unicodeScalars.drop { $0 == "\n" }) }
        if !inPre { data = Self.collapsingWhitespace(data) }
        if afterBlockTag && !inPre {
            if last == .startTag {
                data = Self.trimmingLeadingWhitespace(data)
            } else if last == .endTag {
                data = Self.trimmingTrailingWhitespace(Self.trimmingLeadingWhitespace(data))
            }
        }
        output += data
        last = .data
    }

    private mutating func handleStartTag(_ tag: String, attributes: [(name: String, value: String?)]) {
        if tag == "pre" { inPre = true }
        if Self.isBlockTag(tag) { output = Self.trimmingTrailingWhitespace(output) }
        output += "<" + tag
        let sorted = attributes.sorted { lhs, rhs in
            if lhs.name != rhs.name {
                return lhs.name.unicodeScalars.lexicographicallyPrecedes(rhs.name.unicodeScalars)
            }
            guard let right = rhs.value else { return false }
            guard let left = lhs.value else { return true }
            return left.unicodeScalars.lexicographicallyPrecedes(right.unicodeScalars)
        }
        for attribute in sorted {
            output += " " + attribute.name
            if let value = attribute.value { output += "=\"" + Self.escapedAttribute(value) + "\"" }
        }
        output += ">"
        lastTag = tag
        last = .startTag
    }

    private mutating func handleEndTag(_ tag: String) {
        if tag == "pre" {
            inPre = false
        } else if Self.isBlockTag(tag) {
            output = Self.trimmingTrailingWhitespace(output)
        }
        output += "</" + tag + ">"
        lastTag = tag
        last = .endTag
    }

    /// `<br />` and friends: a start tag whose "last" is an end tag, as in normalize.py.
    private mutating func handleStartEndTag(_ tag: String, attributes: [(name: String, value: String?)]) {
        handleStartTag(tag, attributes: attributes)
        lastTag = tag
        last = .endTag
    }

    private mutating func outputCharacter(_ scalar: Unicode.Scalar?, fallback: String) {
        switch scalar {
        case "<": output += "&lt;"
        case ">": output += "&gt;"
        case "&": output += "&amp;"
        case "\"": output += "&quot;"
        case nil: output += fallback
        case let scalar?: output.unicodeScalars.append(scalar)
        }
        last = .reference
    }

    // MARK: - Tokenizing (Python's HTMLParser, the parts the spec's HTML needs)

    /// Parses the markup at `<`; false when it is not markup, so the `<` is text.
    private mutating func parseMarkup() -> Bool {
        if hasPrefix("<![CDATA[") {
            // normalize.py passes CDATA sections through untouched.
            let end = find("]]>", from: position + 9).map { $0 + 3 } ?? input.count
            output += string(position..<end)
            position = end
            return true
        }
        if hasPrefix("<!--") {
            guard let end = find("-->", from: position + 4) else { return false }
            output += "<!--" + string(position + 4..<end) + "-->"
            last = .comment
            position = end + 3
            return true
        }
        if hasPrefix("<!") || hasPrefix("<?") {
            guard let end = find(">", from: position + 2) else { return false }
            let content = string(position + 2..<end)
            if input[position + 1] == "?" {
                output += "<?" + content + ">"
                last = .processingInstruction
            } else if content.lowercased().hasPrefix("doctype") || content.hasPrefix("[") {
                output += "<!" + content + ">"
                last = .declaration
            } else {
                output += "<!--" + content + "-->"  // Python's "bogus comment"
                last = .comment
            }
            position = end + 1
            return true
        }
        if hasPrefix("</") {
            return parseEndTag()
        }
        if position + 1 < input.count, Self.isASCIILetter(input[position + 1]) {
            return parseStartTag()
        }
        return false
    }

    private mutating func parseStartTag() -> Bool {
        var cursor = position + 1
        let nameStart = cursor
        while cursor < input.count, !Self.endsTagName(input[cursor]) { cursor += 1 }
        let tag = string(nameStart..<cursor).lowercased()
        var attributes: [(name: String, value: String?)] = []
        var selfClosing = false
        while true {
            while cursor < input.count, Self.isSpace(input[cursor]) || (input[cursor] == "/" && !isAt(">", cursor + 1))
            {
                cursor += 1
            }
            guard cursor < input.count else { return false }
            if input[cursor] == ">" { cursor += 1; break }
            if input[cursor] == "/" { selfClosing = true; cursor += 2; break }  // "/>"
            let attributeStart = cursor
            cursor += 1  // the first character of a name may be anything but space, '/' and '>'
            while cursor < input.count, !Self.isSpace(input[cursor]), !"/=>".unicodeScalars.contains(input[cursor]) {
                cursor += 1
            }
            let name = string(attributeStart..<cursor).lowercased()
            var probe = cursor
            while probe < input.count, Self.isSpace(input[probe]) { probe += 1 }
            guard probe < input.count, input[probe] == "=" else {
                attributes.append((name, nil))
                continue
            }
            probe += 1
            while probe < input.count, input[probe] == "=" || Self.isSpace(input[probe]) { probe += 1 }
            guard probe < input.count else { return false }
            let value: String
            if input[probe] == "\"" || input[probe] == "'" {
                guard let close = find(String(input[probe]), from: probe + 1) else { return false }
                value = string(probe + 1..<close)
                cursor = close + 1
            } else {
                let valueStart = probe
                while probe < input.count, input[probe] != ">", !Self.isSpace(input[probe]) { probe += 1 }
                value = string(valueStart..<probe)
                cursor = probe
            }
            attributes.append((name, Self.unescape(value)))
        }
        position = cursor
        if selfClosing {
            handleStartEndTag(tag, attributes: attributes)
        } else {
            handleStartTag(tag, attributes: attributes)
            if tag == "script" || tag == "style" { parseRawText(until: tag) }
        }
        return true
    }

    private mutating func parseEndTag() -> Bool {
        guard let close = find(">", from: position + 2) else { return false }
        var cursor = position + 2
        while cursor < close, Self.isSpace(input[cursor]) { cursor += 1 }
        let nameStart = cursor
        while cursor < close, !Self.endsTagName(input[cursor]) { cursor += 1 }
        let tag = string(nameStart..<cursor).lowercased()
        let content = string(position + 2..<close)
        position = close + 1
        if !tag.isEmpty, Self.isASCIILetter(tag.unicodeScalars.first!) {
            handleEndTag(tag)
        } else if !content.isEmpty {
            // Python reads `</ 3>` as a bogus comment; `</>` is dropped.
            output += "<!--" + content + "-->"
            last = .comment
        }
        return true
    }

    /// The content of `<script>` or `<style>`: text up to the matching end tag. Python's parser
    /// keeps the content of an element that is never closed waiting for more input, so it is lost.
    private mutating func parseRawText(until tag: String) {
        let start = position
        var cursor = position
        while cursor < input.count {
            if input[cursor] == "<", cursor + 1 < input.count, input[cursor + 1] == "/",
                string(cursor + 2..<min(cursor + 2 + tag.unicodeScalars.count, input.count)).lowercased() == tag
            {
                break
            }
            cursor += 1
        }
        if cursor < input.count, cursor > start { handleData(string(start..<cursor)) }
        position = cursor
    }

    private mutating func parseReference() {
        var cursor = position + 1
        if isAt("#", cursor) {
            cursor += 1
            let hex = isAt("x", cursor) || isAt("X", cursor)
            if hex { cursor += 1 }
            let digitsStart = cursor
            while cursor < input.count, hex ? Self.isHexDigit(input[cursor]) : Self.isDigit(input[cursor]) {
                cursor += 1
            }
            guard cursor > digitsStart, cursor < input.count, !Self.isHexDigit(input[cursor]) else {
                handleData("&")
                position += 1
                return
            }
            // Python's int() reads only a lower-case `x` as hexadecimal.
            let name = string(position + 2..<cursor)
            var scalar: Unicode.Scalar?
            if name.hasPrefix("x") {
                scalar = UInt32(name.dropFirst(), radix: 16).flatMap(Unicode.Scalar.init)
            } else if !hex {
                scalar = UInt32(name).flatMap(Unicode.Scalar.init)
            }
            outputCharacter(scalar, fallback: "&" + name + ";")
            position = input[cursor] == ";" ? cursor + 1 : cursor
            return
        }
        guard cursor < input.count, Self.isASCIILetter(input[cursor]) else {
            handleData("&")
            position += 1
            return
        }
        while cursor < input.count,
            Self.isASCIILetter(input[cursor]) || Self.isDigit(input[cursor])
                || input[cursor] == "-" || input[cursor] == "."
        {
            cursor += 1
        }
        guard cursor < input.count else {
            handleData(string(position..<cursor))
            position = cursor
            return
        }
        let name = string(position + 1..<cursor)
        outputCharacter(Self.namedEntities[name].flatMap(Unicode.Scalar.init), fallback: "&" + name + ";")
        position = input[cursor] == ";" ? cursor + 1 : cursor
    }

    // MARK: - Helpers

    private func string(_ range: Range<Int>) -> String {
        var text = ""
        text.unicodeScalars.append(contentsOf: input[range])
        return text
    }

    private func isAt(_ scalar: Unicode.Scalar, _ index: Int) -> Bool {
        index < input.count && input[index] == scalar
    }

    private func hasPrefix(_ prefix: String) -> Bool {
        let scalars = Array(prefix.unicodeScalars)
        return position + scalars.count <= input.count && Array(input[position..<position + scalars.count]) == scalars
    }

    private func find(_ needle: String, from start: Int) -> Int? {
        let scalars = Array(needle.unicodeScalars)
        var index = start
        while index + scalars.count <= input.count {
            if Array(input[index..<index + scalars.count]) == scalars { return index }
            index += 1
        }
        return nil
    }

    /// Python's `str.isspace()`, which `\s`, `strip()` and friends use.
    private static func isSpace(_ scalar: Unicode.Scalar) -> Bool {
        scalar.properties.isWhitespace || (0x1C...0x1F).contains(scalar.value)
    }

    private static func isASCIILetter(_ scalar: Unicode.Scalar) -> Bool {
        ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar)
    }

    private static func isDigit(_ scalar: Unicode.Scalar) -> Bool { ("0"..."9").contains(scalar) }

    private static func isHexDigit(_ scalar: Unicode.Scalar) -> Bool {
        isDigit(scalar) || ("a"..."f").contains(scalar) || ("A"..."F").contains(scalar)
    }

    private static func endsTagName(_ scalar: Unicode.Scalar) -> Bool {
        isSpace(scalar) || scalar == "/" || scalar == ">" || scalar == "\0"
    }

    private static func collapsingWhitespace(_ text: String) -> String {
        var result = ""
        var inSpace = false
        for scalar in text.unicodeScalars {
            if isSpace(scalar) {
                if !inSpace { result.unicodeScalars.append(" ") }
                inSpace = true
            } else {
                result.unicodeScalars.append(scalar)
                inSpace = false
            }
        }
        return result
    }

    private static func trimmingLeadingWhitespace(_ text: String) -> String {
        String(text.unicodeScalars.drop(while: isSpace))
    }

    private static func trimmingTrailingWhitespace(_ text: String) -> String {
        var scalars = text.unicodeScalars
        while let last = scalars.last, isSpace(last) { scalars.removeLast() }
        return String(scalars)
    }

    /// Python's `html.escape(value, quote=True)`.
    private static func escapedAttribute(_ value: String) -> String {
        var escaped = ""
        for scalar in value.unicodeScalars {
            switch scalar {
            case "&": escaped += "&amp;"
            case "<": escaped += "&lt;"
            case ">": escaped += "&gt;"
            case "\"": escaped += "&quot;"
            case "'": escaped += "&#x27;"
            default: escaped.unicodeScalars.append(scalar)
            }
        }
        return escaped
    }

    /// Attribute values are unescaped before they are re-escaped, as Python's `html.unescape`
    /// does: numeric references and known names; anything else stays as written.
    private static func unescape(_ value: String) -> String {
        guard value.contains("&") else { return value }
        let scalars = Array(value.unicodeScalars)
        var result = ""
        var index = 0
        while index < scalars.count {
            guard scalars[index] == "&" else {
                result.unicodeScalars.append(scalars[index])
                index += 1
                continue
            }
            var cursor = index + 1
            var decoded: Unicode.Scalar?
            if cursor < scalars.count, scalars[cursor] == "#" {
                cursor += 1
                let hex = cursor < scalars.count && (scalars[cursor] == "x" || scalars[cursor] == "X")
                if hex { cursor += 1 }
                let digitsStart = cursor
                while cursor < scalars.count, hex ? isHexDigit(scalars[cursor]) : isDigit(scalars[cursor]) {
                    cursor += 1
                }
                if cursor > digitsStart {
                    var digits = ""
                    digits.unicodeScalars.append(contentsOf: scalars[digitsStart..<cursor])
                    decoded = UInt32(digits, radix: hex ? 16 : 10).flatMap(Unicode.Scalar.init) ?? "\u{FFFD}"
                }
            } else {
                while cursor < scalars.count, isASCIILetter(scalars[cursor]) || isDigit(scalars[cursor]) { cursor += 1 }
                var name = ""
                name.unicodeScalars.append(contentsOf: scalars[index + 1..<cursor])
                // Without `;`, html.unescape knows only some names; requiring it is close enough here.
                if cursor < scalars.count, scalars[cursor] == ";" {
                    decoded = namedEntities[name].flatMap(Unicode.Scalar.init)
                }
            }
            guard let decoded else {
                result.unicodeScalars.append("&")
                index += 1
                continue
            }
            result.unicodeScalars.append(decoded)
            index = cursor < scalars.count && scalars[cursor] == ";" ? cursor + 1 : cursor
        }
        return result
    }

    private static func isBlockTag(_ tag: String) -> Bool { blockTags.contains(tag) }

    private static let blockTags: Set<String> = [
        "article", "header", "aside", "hgroup", "blockquote", "hr", "iframe", "body", "li", "map", "button",
        "object", "canvas", "ol", "caption", "output", "col", "p", "colgroup", "pre", "dd", "progress", "div",
        "section", "dl", "table", "td", "dt", "tbody", "embed", "textarea", "fieldset", "tfoot", "figcaption",
        "th", "figure", "thead", "footer", "tr", "form", "ul", "h1", "h2", "h3", "h4", "h5", "h6", "video",
        "script", "style"
    ]

    /// Python's `html.entities.name2codepoint` (the HTML 4 entities), which normalize.py decodes in text.
    private static let namedEntities: [String: UInt32] = [
        "AElig": 0xC6, "Aacute": 0xC1, "Acirc": 0xC2, "Agrave": 0xC0, "Alpha": 0x391, "Aring": 0xC5, "Atilde": 0xC3,
        "Auml": 0xC4, "Beta": 0x392, "Ccedil": 0xC7, "Chi": 0x3A7, "Dagger": 0x2021, "Delta": 0x394, "ETH": 0xD0,
        "Eacute": 0xC9, "Ecirc": 0xCA, "Egrave": 0xC8, "Epsilon": 0x395, "Eta": 0x397, "Euml": 0xCB, "Gamma": 0x393,
        "Iacute": 0xCD, "Icirc": 0xCE, "Igrave": 0xCC, "Iota": 0x399, "Iuml": 0xCF, "Kappa": 0x39A, "Lambda": 0x39B,
        "Mu": 0x39C, "Ntilde": 0xD1, "Nu": 0x39D, "OElig": 0x152, "Oacute": 0xD3, "Ocirc": 0xD4, "Ograve": 0xD2,
        "Omega": 0x3A9, "Omicron": 0x39F, "Oslash": 0xD8, "Otilde": 0xD5, "Ouml": 0xD6, "Phi": 0x3A6, "Pi": 0x3A0,
        "Prime": 0x2033, "Psi": 0x3A8, "Rho": 0x3A1, "Scaron": 0x160, "Sigma": 0x3A3, "THORN": 0xDE, "Tau": 0x3A4,
        "Theta": 0x398, "Uacute": 0xDA, "Ucirc": 0xDB, "Ugrave": 0xD9, "Upsilon": 0x3A5, "Uuml": 0xDC, "Xi": 0x39E,
        "Yacute": 0xDD, "Yuml": 0x178, "Zeta": 0x396, "aacute": 0xE1, "acirc": 0xE2, "acute": 0xB4, "aelig": 0xE6,
        "agrave": 0xE0, "alefsym": 0x2135, "alpha": 0x3B1, "amp": 0x26, "and": 0x2227, "ang": 0x2220, "aring": 0xE5,
        "asymp": 0x2248, "atilde": 0xE3, "auml": 0xE4, "bdquo": 0x201E, "beta": 0x3B2, "brvbar": 0xA6, "bull": 0x2022,
        "cap": 0x2229, "ccedil": 0xE7, "cedil": 0xB8, "cent": 0xA2, "chi": 0x3C7, "circ": 0x2C6, "clubs": 0x2663,
        "cong": 0x2245, "copy": 0xA9, "crarr": 0x21B5, "cup": 0x222A, "curren": 0xA4, "dArr": 0x21D3,
        "dagger": 0x2020, "darr": 0x2193, "deg": 0xB0, "delta": 0x3B4, "diams": 0x2666, "divide": 0xF7,
        "eacute": 0xE9, "ecirc": 0xEA, "egrave": 0xE8, "empty": 0x2205, "emsp": 0x2003, "ensp": 0x2002,
        "epsilon": 0x3B5, "equiv": 0x2261, "eta": 0x3B7, "eth": 0xF0, "euml": 0xEB, "euro": 0x20AC, "exist": 0x2203,
        "fnof": 0x192, "forall": 0x2200, "frac12": 0xBD, "frac14": 0xBC, "frac34": 0xBE, "frasl": 0x2044,
        "gamma": 0x3B3, "ge": 0x2265, "gt": 0x3E, "hArr": 0x21D4, "harr": 0x2194, "hearts": 0x2665, "hellip": 0x2026,
        "iacute": 0xED, "icirc": 0xEE, "iexcl": 0xA1, "igrave": 0xEC, "image": 0x2111, "infin": 0x221E, "int": 0x222B,
        "iota": 0x3B9, "iquest": 0xBF, "isin": 0x2208, "iuml": 0xEF, "kappa": 0x3BA, "lArr": 0x21D0, "lambda": 0x3BB,
        "lang": 0x2329, "laquo": 0xAB, "larr": 0x2190, "lceil": 0x2308, "ldquo": 0x201C, "le": 0x2264,
        "lfloor": 0x230A, "lowast": 0x2217, "loz": 0x25CA, "lrm": 0x200E, "lsaquo": 0x2039, "lsquo": 0x2018,
        "lt": 0x3C, "macr": 0xAF, "mdash": 0x2014, "micro": 0xB5, "middot": 0xB7, "minus": 0x2212, "mu": 0x3BC,
        "nabla": 0x2207, "nbsp": 0xA0, "ndash": 0x2013, "ne": 0x2260, "ni": 0x220B, "not": 0xAC, "notin": 0x2209,
        "nsub": 0x2284, "ntilde": 0xF1, "nu": 0x3BD, "oacute": 0xF3, "ocirc": 0xF4, "oelig": 0x153, "ograve": 0xF2,
        "oline": 0x203E, "omega": 0x3C9, "omicron": 0x3BF, "oplus": 0x2295, "or": 0x2228, "ordf": 0xAA, "ordm": 0xBA,
        "oslash": 0xF8, "otilde": 0xF5, "otimes": 0x2297, "ouml": 0xF6, "para": 0xB6, "part": 0x2202,
        "permil": 0x2030, "perp": 0x22A5, "phi": 0x3C6, "pi": 0x3C0, "piv": 0x3D6, "plusmn": 0xB1, "pound": 0xA3,
        "prime": 0x2032, "prod": 0x220F, "prop": 0x221D, "psi": 0x3C8, "quot": 0x22, "rArr": 0x21D2, "radic": 0x221A,
        "rang": 0x232A, "raquo": 0xBB, "rarr": 0x2192, "rceil": 0x2309, "rdquo": 0x201D, "real": 0x211C, "reg": 0xAE,
        "rfloor": 0x230B, "rho": 0x3C1, "rlm": 0x200F, "rsaquo": 0x203A, "rsquo": 0x2019, "sbquo": 0x201A,
        "scaron": 0x161, "sdot": 0x22C5, "sect": 0xA7, "shy": 0xAD, "sigma": 0x3C3, "sigmaf": 0x3C2, "sim": 0x223C,
        "spades": 0x2660, "sub": 0x2282, "sube": 0x2286, "sum": 0x2211, "sup": 0x2283, "sup1": 0xB9, "sup2": 0xB2,
        "sup3": 0xB3, "supe": 0x2287, "szlig": 0xDF, "tau": 0x3C4, "there4": 0x2234, "theta": 0x3B8,
        "thetasym": 0x3D1, "thinsp": 0x2009, "thorn": 0xFE, "tilde": 0x2DC, "times": 0xD7, "trade": 0x2122,
        "uArr": 0x21D1, "uacute": 0xFA, "uarr": 0x2191, "ucirc": 0xFB, "ugrave": 0xF9, "uml": 0xA8, "upsih": 0x3D2,
        "upsilon": 0x3C5, "uuml": 0xFC, "weierp": 0x2118, "xi": 0x3BE, "yacute": 0xFD, "yen": 0xA5, "yuml": 0xFF,
        "zeta": 0x3B6, "zwj": 0x200D, "zwnj": 0x200C
    ]
}
