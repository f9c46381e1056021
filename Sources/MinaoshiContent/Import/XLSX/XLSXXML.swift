import Foundation
import MinaoshiSupport

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// Runs Foundation's streaming `XMLParser` over one part of a workbook, safely: the parts of an
/// `.xlsx` file never have a document type declaration, so a part with one is refused before
/// parsing. That keeps out external entities (which could read local files) and nested internal
/// ones (the "billion laughs", which expand a kilobyte into gigabytes); external entities are
/// also switched off in the parser.
enum XLSXXML {
    static func parse(_ data: Data, part: String, file: String, with delegate: some XMLParserDelegate)
        throws(DiagnosticsError)
    {
        let here = SourceLocation(file: file)
        if data.starts(with: [0xFE, 0xFF]) || data.starts(with: [0xFF, 0xFE]) {
            throw DiagnosticsError([
                .error(
                    at: here, "the part '\(part)' is UTF-16 XML, which import does not read",
                    hint: "save the workbook again from Excel or LibreOffice, which write UTF-8")
            ])
        }
        // Foundation's XMLParser (Swift 6.3.1) traps on an element name that is not UTF-8, which
        // libxml2 passes on: found by the fuzzer (`Tests/Fuzz/xlsx-import`).
        if String(validating: data, as: UTF8.self) == nil {
            throw DiagnosticsError([
                .error(
                    at: here, "the part '\(part)' is not valid UTF-8",
                    hint: "open the file in Excel or LibreOffice and save it again as .xlsx")
            ])
        }
        if data.range(of: Data("<!DOCTYPE".utf8)) != nil || data.range(of: Data("<!ENTITY".utf8)) != nil {
            throw DiagnosticsError([
                .error(
                    at: here, "the part '\(part)' declares a DTD or entities, which workbooks never do",
                    hint:
                        "this file was not written by a spreadsheet program and is not read; save the sheet again from Excel or LibreOffice"
                )
            ])
        }
        let parser = XMLParser(data: data)
        parser.shouldResolveExternalEntities = false
        parser.shouldProcessNamespaces = false
        parser.delegate = delegate
        if !parser.parse() {
            throw DiagnosticsError([
                .error(
                    at: here, "the part '\(part)' is not well-formed XML (line \(parser.lineNumber))",
                    hint: "open the file in Excel or LibreOffice and save it again as .xlsx")
            ])
        }
    }

    /// An element or attribute name without its namespace prefix: `x:c` → `c`, `r:id` → `id`.
    static func local(_ name: String) -> Substring {
        name.lastIndex(of: ":").map { name[name.index(after: $0)...] } ?? name[...]
    }

    /// The attribute whose local name is `name`.
    static func attribute(_ name: String, in attributes: [String: String]) -> String? {
        attributes[name] ?? attributes.first { local($0.key) == name }?.value
    }

    /// Text as a cell shows it: the `_x000D_` escapes of OOXML strings undone and every line end as `\n`.
    static func cellText(_ raw: String) -> String {
        var text = raw
        if text.contains("_x") {
            text = text.replacing(/_x([0-9A-Fa-f]{4})_/) { match in
                UInt32(match.output.1, radix: 16).flatMap(Unicode.Scalar.init).map { String(Character($0)) }
                    ?? String(match.output.0)
            }
        }
        if text.contains("\r") {
            text = text.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n")
        }
        return text
    }
}

/// Collects the text of `<t>` elements, leaving out the furigana of `<rPh>` runs (Excel keeps the
/// reading of Japanese text beside it: 建築基準法 with けんちくきじゅんほう, which is not part of the value).
struct RichTextCollector {
    private var inText = false
    private var phoneticDepth = 0
    private(set) var text = ""

    mutating func start(_ name: Substring) {
        if name == "rPh" { phoneticDepth += 1 }
        if name == "t" && phoneticDepth == 0 { inText = true }
    }

    mutating func end(_ name: Substring) {
        if name == "rPh" { phoneticDepth -= 1 }
        if name == "t" { inText = false }
    }

    mutating func characters(_ string: String) {
        if inText { text += string }
    }

    mutating func reset() -> String {
        defer { text = "" }
        return XLSXXML.cellText(text)
    }
}

/// `xl/workbook.xml`: the sheets in order, with their names and relationship ids, and the date system.
final class WorkbookPartDelegate: NSObject, XMLParserDelegate {
    var sheets: [(name: String, relationship: String)] = []
    var uses1904 = false

    func parser(
        _ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?, qualifiedName: String?,
        attributes: [String: String] = [:]
    ) {
        switch XLSXXML.local(elementName) {
        case "sheet":
            sheets.append(
                (XLSXXML.attribute("name", in: attributes) ?? "", XLSXXML.attribute("id", in: attributes) ?? ""))
        case "workbookPr":
            let flag = XLSXXML.attribute("date1904", in: attributes)
            uses1904 = flag == "1" || flag == "true"
        default: break
        }
    }
}

/// A `.rels` part: relationship id → target and type.
final class RelationshipsPartDelegate: NSObject, XMLParserDelegate {
    var targets: [String: (target: String, type: String)] = [:]

    func parser(
        _ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?, qualifiedName: String?,
        attributes: [String: String] = [:]
    ) {
        guard XLSXXML.local(elementName) == "Relationship", let id = attributes["Id"], let target = attributes["Target"]
        else { return }
        targets[id] = (target, attributes["Type"] ?? "")
    }
}

/// `xl/sharedStrings.xml`: the strings cells of type `s` point at, rich-text runs joined.
final class SharedStringsPartDelegate: NSObject, XMLParserDelegate {
    var strings: [String] = []
    private var collector = RichTextCollector()

    func parser(
        _ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?, qualifiedName: String?,
        attributes: [String: String] = [:]
    ) {
        collector.start(XLSXXML.local(elementName))
    }

    func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName: String?) {
        let name = XLSXXML.local(elementName)
        collector.end(name)
        if name == "si" { strings.append(collector.reset()) }
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        collector.characters(string)
    }
}

/// `xl/styles.xml`: the number format of each cell style (`s` of a cell indexes `cellXfs`), and
/// the workbook's own format codes.
final class StylesPartDelegate: NSObject, XMLParserDelegate {
    var formatCodes: [Int: String] = [:]
    var styleFormats: [Int] = []
    private var inCellXfs = false

    func parser(
        _ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?, qualifiedName: String?,
        attributes: [String: String] = [:]
    ) {
        switch XLSXXML.local(elementName) {
        case "numFmt":
            if let id = attributes["numFmtId"].flatMap(Int.init), let code = attributes["formatCode"] {
                formatCodes[id] = code
            }
        case "cellXfs": inCellXfs = true
        case "xf" where inCellXfs: styleFormats.append(attributes["numFmtId"].flatMap(Int.init) ?? 0)
        default: break
        }
    }

    func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName: String?) {
        if XLSXXML.local(elementName) == "cellXfs" { inCellXfs = false }
    }
}
