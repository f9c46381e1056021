import MinaoshiContent
import MinaoshiMarkdown
import MinaoshiSupport

/// Schema.org JSON-LD for every page: a `BreadcrumbList` everywhere, `Legislation` for a
/// regulation review, `Article` for a case study, `Dataset` for `/api/`. Each block is data in
/// `<script type="application/ld+json">` (allowed by a policy that forbids inline script), and
/// nothing in it can close the element: `<`, `>` and `&` are written as `\u003c` … escapes.
extension ViewFactory {
    static let schemaContext = JSONValue.string("https://schema.org")
    /// The picture a link to any page shows in a chat or a search result (OpenGraph, Twitter):
    /// shipped in `templates/assets/`, made by `scripts/make-card-image.sh`, served by the site itself.
    static let cardImagePath = "/assets/card.png"

    /// An absolute URL for a link inside pages (`/minaoshi/cases/` → `https://…/minaoshi/cases/`).
    func absolute(link url: String) -> String {
        url.hasPrefix(basePath) ? config.absoluteURL("/" + url.dropFirst(basePath.count)) : url
    }

    /// The trail of a page: its breadcrumbs, then the page itself.
    func breadcrumbList(_ crumbs: [LinkView], title: String, url: String) -> JSONValue {
        let trail = crumbs.map { ($0.label, absolute(link: $0.url)) } + [(title, url)]
        return .object([
            ("@context", Self.schemaContext), ("@type", .string("BreadcrumbList")),
            (
                "itemListElement",
                .array(
                    trail.enumerated().map { index, step in
                        .object([
                            ("@type", .string("ListItem")), ("position", .int(index + 1)), ("name", .string(step.0)),
                            ("item", .string(step.1))
                        ])
                    })
            )
        ])
    }

    var publisherData: JSONValue {
        .object([
            ("@type", .string("Organization")),
            ("name", .string(config.publisher.isEmpty ? config.title : config.publisher)),
            ("url", .string(config.absoluteURL("/")))
        ])
    }

    /// What a document's page is about: the provision a review covers, or the case itself.
    func documentData(_ document: Document, url: String) -> JSONValue? {
        let vocabularies = corpus.vocabularies
        var dates: [(String, JSONValue)] = []
        if let date = document.date { dates.append(("datePublished", .string(date.iso8601))) }
        if let modified = [document.updated, document.lastMajorChange].compactMap({ $0 }).max() {
            dates.append(("dateModified", .string(modified.iso8601)))
        }
        switch document.kind {
        case .regulation(let review):
            var fields: [(String, JSONValue)] = [
                ("@context", Self.schemaContext), ("@type", .string("Legislation")),
                ("name", .string(lawNames(review))),
                (
                    "legislationIdentifier",
                    .string([lawNames(review), review.article].compactMap { $0 }.joined(separator: " "))
                ),
                ("legislationJurisdiction", .object([("@type", .string("Country")), ("name", .string("日本"))]))
            ]
            if let ministry = vocabularies[.ministries].term(review.ministry) {
                fields.append(
                    (
                        "legislationResponsible",
                        .object([("@type", .string("GovernmentOrganization")), ("name", .string(ministry.ja))])
                    ))
            }
            fields.append(("inLanguage", .string(config.language)))
            fields.append(
                (
                    "subjectOf",
                    .object(
                        [
                            ("@type", .string("WebPage")), ("name", .string(document.title)), ("url", .string(url)),
                            ("description", .string(document.body.summary))
                        ] + dates)
                ))
            return .object(fields)
        case .caseStudy(let study):
            let places = study.prefectures.compactMap { vocabularies[.prefectures].term($0)?.ja } + study.municipalities
            var fields: [(String, JSONValue)] =
                [
                    ("@context", Self.schemaContext), ("@type", .string("Article")),
                    ("headline", .string(document.title)), ("description", .string(document.body.summary)),
                    ("url", .string(url)),
                    ("inLanguage", .string(config.language))
                ] + dates
            if !places.isEmpty {
                fields.append(
                    (
                        "spatialCoverage",
                        .array(places.map { .object([("@type", .string("Place")), ("name", .string($0))]) })
                    ))
            }
            let keywords =
                study.technologies.compactMap { vocabularies[.technologies].term($0)?.ja }
                + study.categories.compactMap { vocabularies[.categories].term($0)?.ja }
            if !keywords.isEmpty { fields.append(("keywords", .string(keywords.joined(separator: ", ")))) }
            fields.append(("publisher", publisherData))
            return .object(fields)
        case .page, .other:
            return nil
        }
    }

    /// `/api/`: the open data as a schema.org `Dataset` with a `DataDownload` per file.
    func datasetData(url: String, description: String, files: [(url: String, format: String)]) -> JSONValue {
        .object([
            ("@context", Self.schemaContext), ("@type", .string("Dataset")),
            ("name", .string("\(config.title)のオープンデータ")), ("description", .string(description)), ("url", .string(url)),
            ("inLanguage", .string(config.language)), ("license", .string(config.license.url)),
            ("isAccessibleForFree", .bool(true)), ("creator", publisherData),
            (
                "distribution",
                .array(
                    files.map { file in
                        .object([
                            ("@type", .string("DataDownload")), ("contentUrl", .string(absolute(link: file.url))),
                            ("encodingFormat", .string(file.format))
                        ])
                    })
            )
        ])
    }
}

extension PageView {
    /// Each block of ``structuredData`` in its `<script type="application/ld+json">` element, as
    /// UTF-8 bytes for the page's buffer: every page has at least one block, and a `String` made
    /// of each cost a copy per scalar.
    var jsonLDScripts: [UInt8] {
        var out: [UInt8] = [], json: [UInt8] = []
        for data in structuredData {
            json.removeAll(keepingCapacity: true)
            data.write(to: &json)
            out.append(contentsOf: #"<script type="application/ld+json">"#.utf8)
            json.withUnsafeBufferPointer { Self.appendScriptSafe($0, to: &out) }
            out.append(contentsOf: "</script>\n".utf8)
        }
        return out
    }

    /// Appends JSON (UTF-8) with its `<`, `>` and `&` as `\u003c`, `\u003e`, `\u0026`: the same
    /// data to a JSON parser, and no `</script>` or `<!--` for the HTML parser to find. One pass
    /// over the bytes: the three are ASCII, which UTF-8 never puts inside another character, so
    /// runs without them are copied whole.
    static func appendScriptSafe(_ json: UnsafeBufferPointer<UInt8>, to out: inout [UInt8]) {
        var last = 0
        for index in json.indices {
            let escape: StaticString
            switch json[index] {
            case UInt8(ascii: "<"): escape = "\\u003c"
            case UInt8(ascii: ">"): escape = "\\u003e"
            case UInt8(ascii: "&"): escape = "\\u0026"
            default: continue
            }
            out.append(contentsOf: UnsafeBufferPointer(rebasing: json[last..<index]))
            out.append(contentsOf: UnsafeBufferPointer(start: escape.utf8Start, count: escape.utf8CodeUnitCount))
            last = index + 1
        }
        out.append(contentsOf: UnsafeBufferPointer(rebasing: json[last...]))
    }
}
