import Foundation
import MinaoshiContent
import MinaoshiSupport

/// The files of `/api/`: each dataset as JSON and CSV, the vocabularies, and the JSON Schemas,
/// all written from ``DataField``'s tables.
enum OpenData {
    struct Dataset {
        var id: String
        var title: String
        var description: String
        var fields: [DataField]
        var documents: [Document]
    }

    static func datasets(_ views: ViewFactory) -> [Dataset] {
        let documents = views.corpus.documents
        return [
            Dataset(
                id: "regulations", title: "規制の見直し", description: "アナログ規制の見直しの一覧。1行が1つの規制（条項）です。",
                fields: DataField.regulations, documents: documents.filter { $0.kind.regulation != nil }),
            Dataset(
                id: "cases", title: "実装事例", description: "自治体や企業がアナログな方法を置き換えた事例の一覧。",
                fields: DataField.cases, documents: documents.filter { $0.kind.caseStudy != nil })
        ]
    }

    /// Documents whose records are made at a time: the files are written block by block, so the
    /// step holds one block's rows, not every record twice over (at 100,000 documents, hundreds of
    /// megabytes; small enough now to run beside the pages at any size).
    static let blockDocuments = 4_096

    /// Writes every file of `/api/` into `staged`; returns how many. With `rows`, each record's
    /// JSON line and CSV row come from the last build's where their inputs did not change, and
    /// `rows` learns where each was written (``OpenDataPlaces``).
    static func write(_ views: ViewFactory, into staged: StagedOutput, rows: OpenDataRows.Session? = nil) throws
        -> Int
    {
        let config = views.config
        var count = 0
        let license: JSONValue = .object([("name", .string(config.license.name)), ("url", .string(config.license.url))])
        func head(_ title: String) -> [(String, JSONValue)] {
            [
                ("schema_version", .int(DataField.schemaVersion)), ("title", .string(title)),
                ("publisher", .string(config.publisher)),
                ("home_page_url", .string(config.baseURL)), ("documentation_url", .string(config.absoluteURL("/api/"))),
                ("license", license)
            ]
        }
        func write(_ text: String, to path: String) throws {
            try staged.write(text, to: path)
            count += 1
        }
        var places = OpenDataPlaces()
        for dataset in datasets(views) {
            let jsonPath = "api/\(dataset.id).json", csvPath = "api/\(dataset.id).csv"
            let json = try staged.openFile(jsonPath), csv = try staged.openFile(csvPath)
            // One record per line: the files diff well and stream.
            var jsonHead = Array(
                JSONValue.object(head(dataset.title) + [("count", .int(dataset.documents.count))]).text.utf8)
            jsonHead.removeLast()
            jsonHead.append(contentsOf: ",\"items\":[".utf8)
            try json.append(jsonHead)
            let header = Array(csvHeader(dataset).utf8)
            try csv.append(header)
            // Where the next row starts in each file.
            var jsonOffset = jsonHead.count, csvOffset = header.count
            var rowPlaces: [OpenDataPlaces.Row] = []
            for start in stride(from: 0, to: dataset.documents.count, by: blockDocuments) {
                let block = dataset.documents[start..<min(start + blockDocuments, dataset.documents.count)]
                // Each record's JSON line and CSV row are written on every core, then joined.
                let made = ParallelMap.map(Array(block)) { document -> (key: StableHash?, row: OpenDataRows.Row) in
                    func make() -> OpenDataRows.Row {
                        let record = DataField.record(document, fields: dataset.fields, views: views)
                        var json: [UInt8] = [0x0A]
                        record.write(to: &json)
                        var csv: [UInt8] = []
                        appendCSVRow(dataset, record, to: &csv)
                        return OpenDataRows.Row(json: json, csv: csv)
                    }
                    guard let rows else { return (nil, make()) }
                    let (key, row) = rows.row(document, dataset: dataset.id, views: views, make: make)
                    return (key, row)
                }
                var jsonBlock: [UInt8] = [], csvBlock: [UInt8] = []
                jsonBlock.reserveCapacity(made.reduce(0) { $0 + $1.row.json.count + 1 })
                csvBlock.reserveCapacity(made.reduce(0) { $0 + $1.row.csv.count })
                for (index, (key, row)) in made.enumerated() {
                    if start + index > 0 { jsonBlock.append(UInt8(ascii: ",")) }
                    let jsonStart = jsonOffset + jsonBlock.count, csvStart = csvOffset + csvBlock.count
                    jsonBlock.append(contentsOf: row.json)
                    csvBlock.append(contentsOf: row.csv)
                    if let key {
                        rowPlaces.append(
                            OpenDataPlaces.Row(
                                key: key, json: jsonStart..<jsonStart + row.json.count,
                                csv: csvStart..<csvStart + row.csv.count))
                    }
                }
                jsonOffset += jsonBlock.count
                csvOffset += csvBlock.count
                try json.append(jsonBlock)
                try csv.append(csvBlock)
            }
            try json.append(Array("\n]}\n".utf8))
            json.close()
            csv.close()
            places.datasets.append(
                OpenDataPlaces.Dataset(
                    jsonPath: jsonPath, csvPath: csvPath, jsonStatus: nil, csvStatus: nil, rows: rowPlaces))
            count += 2
            try write(datasetSchema(dataset, config: config), to: "api/schema/\(dataset.id).schema.json")
        }
        try write(vocabularies(views, head: head("語彙")), to: "api/vocabularies.json")
        try write(vocabularySchema(config), to: "api/schema/vocabularies.schema.json")
        try write(feedSchema(config), to: "api/schema/feed.schema.json")
        try write(OpenAPIDocument.text(views), to: OpenAPIDocument.path)
        rows?.finish(places: places)
        return count
    }

    // MARK: - CSV

    /// UTF-8 with a byte order mark (Excel then reads Japanese correctly), CRLF line ends and
    /// RFC 4180 quoting; lists joined with `;`.
    static func csvHeader(_ dataset: Dataset) -> String {
        "\u{FEFF}" + dataset.fields.map { quoted($0.name) }.joined(separator: ",") + "\r\n"
    }

    /// A record's CSV row, CRLF included, written into bytes: a string per cell, quoted and joined,
    /// was half of the open data step.
    static func appendCSVRow(_ dataset: Dataset, _ record: JSONValue, to row: inout [UInt8]) {
        guard case .object(let members) = record else { return }
        for (index, (field, member)) in zip(dataset.fields, members).enumerated() {
            if index > 0 { row.append(UInt8(ascii: ",")) }
            appendQuoted(field.csvCell(member.1), to: &row)
        }
        row.append(contentsOf: [0x0D, 0x0A])
    }

    static func quoted(_ cell: String) -> String {
        var bytes: [UInt8] = []
        appendQuoted(cell, to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// RFC 4180: a cell with a comma, a quote or a line break is quoted, its quotes doubled; and a
    /// cell a spreadsheet would run as a formula is neutralised first (``SpreadsheetCell``). Every
    /// cell of every CSV file, header included, is written here.
    static func appendQuoted(_ cell: String, to out: inout [UInt8]) {
        var cell = SpreadsheetCell.neutralised(cell)
        cell.withUTF8 { bytes in
            let needsQuotes = bytes.contains {
                $0 == UInt8(ascii: ",") || $0 == UInt8(ascii: "\"") || $0 == 0x0A || $0 == 0x0D
            }
            guard needsQuotes else { out.append(contentsOf: bytes); return }
            out.append(UInt8(ascii: "\""))
            for byte in bytes {
                out.append(byte)
                if byte == UInt8(ascii: "\"") { out.append(byte) }
            }
            out.append(UInt8(ascii: "\""))
        }
    }

    // MARK: - Vocabularies

    static func vocabularies(_ views: ViewFactory, head: [(String, JSONValue)]) -> String {
        let members: [(String, JSONValue)] = VocabularyKind.allCases.map { kind in
            (
                kind.rawValue,
                .array(
                    views.corpus.vocabularies[kind].terms.map { term in
                        .object([
                            ("id", .string(term.id)), ("ja", .string(term.ja)), ("en", .string(term.en)),
                            ("description", .optional(term.description)), ("aliases", .strings(term.aliases)),
                            (
                                "attributes",
                                .object(term.attributes.sorted { $0.key < $1.key }.map { ($0.key, .string($0.value)) })
                            ),
                            ("count", .int(views.lists.documents(filedUnder: kind, term: term.id).count))
                        ])
                    })
            )
        }
        var json = JSONValue.object(head).text
        json.removeLast()
        json +=
            ",\"vocabularies\":{"
            + members.map { name, terms in
                guard case .array(let list) = terms else { return "" }
                return "\n\"\(name)\":[" + list.map { "\n" + $0.text }.joined(separator: ",") + "\n]"
            }.joined(separator: ",") + "\n}}\n"
        return json
    }

    // MARK: - Schemas

    static let draft: JSONValue = .string("https://json-schema.org/draft/2020-12/schema")

    static func headSchema(_ config: SiteConfig) -> [(String, JSONValue)] {
        let string: JSONValue = .object([("type", .string("string"))])
        return [
            ("schema_version", .object([("const", .int(DataField.schemaVersion))])),
            ("title", string), ("publisher", string),
            ("home_page_url", .object([("type", .string("string")), ("format", .string("uri"))])),
            ("documentation_url", .object([("type", .string("string")), ("format", .string("uri"))])),
            ("license", licenseSchema)
        ]
    }

    static let licenseSchema: JSONValue = .object([
        ("type", .string("object")),
        (
            "properties",
            .object([
                ("name", .object([("type", .string("string")), ("minLength", .int(1))])),
                ("url", .object([("type", .string("string")), ("format", .string("uri"))]))
            ])
        ),
        ("required", .strings(["name", "url"])), ("additionalProperties", .bool(false))
    ])

    static func datasetSchema(_ dataset: Dataset, config: SiteConfig) -> String {
        let item: JSONValue = .object([
            ("type", .string("object")),
            ("properties", .object(dataset.fields.map { ($0.name, $0.schema) })),
            ("required", .strings(dataset.fields.map(\.name))),
            ("additionalProperties", .bool(false))
        ])
        let head = headSchema(config)
        return JSONValue.object([
            ("$schema", draft), ("$id", .string(config.absoluteURL("/api/schema/\(dataset.id).schema.json"))),
            ("title", .string("Minaoshi \(dataset.id).json")), ("type", .string("object")),
            (
                "properties",
                .object(
                    head + [
                        ("count", .object([("type", .string("integer")), ("minimum", .int(0))])),
                        ("items", .object([("type", .string("array")), ("items", item)]))
                    ])
            ),
            ("required", .strings(head.map(\.0) + ["count", "items"])), ("additionalProperties", .bool(false))
        ]).text + "\n"
    }

    static func vocabularySchema(_ config: SiteConfig) -> String {
        let string: JSONValue = .object([("type", .string("string"))])
        let term: JSONValue = .object([
            ("type", .string("object")),
            (
                "properties",
                .object([
                    ("id", .object([("type", .string("string")), ("pattern", .string("^[a-z0-9]+(-[a-z0-9]+)*$"))])),
                    ("ja", string), ("en", string), ("description", .object([("type", .strings(["string", "null"]))])),
                    ("aliases", .object([("type", .string("array")), ("items", string)])),
                    ("attributes", .object([("type", .string("object")), ("additionalProperties", string)])),
                    ("count", .object([("type", .string("integer")), ("minimum", .int(0))]))
                ])
            ),
            ("required", .strings(["id", "ja", "en", "description", "aliases", "attributes", "count"])),
            ("additionalProperties", .bool(false))
        ])
        let terms: JSONValue = .object([("type", .string("array")), ("items", term)])
        let head = headSchema(config)
        return JSONValue.object([
            ("$schema", draft), ("$id", .string(config.absoluteURL("/api/schema/vocabularies.schema.json"))),
            ("title", .string("Minaoshi vocabularies.json")), ("type", .string("object")),
            (
                "properties",
                .object(
                    head + [
                        (
                            "vocabularies",
                            .object([
                                ("type", .string("object")),
                                ("properties", .object(VocabularyKind.allCases.map { ($0.rawValue, terms) })),
                                ("required", .strings(VocabularyKind.allCases.map(\.rawValue))),
                                ("additionalProperties", .bool(false))
                            ])
                        )
                    ])
            ),
            ("required", .strings(head.map(\.0) + ["vocabularies"])), ("additionalProperties", .bool(false))
        ]).text + "\n"
    }

    /// JSON Feed 1.1's rules (required fields, `_` extensions only, RFC 3339 dates) and the
    /// `_minaoshi` objects of this site's feeds.
    static func feedSchema(_ config: SiteConfig) -> String {
        let string: JSONValue = .object([("type", .string("string"))])
        let url: JSONValue = .object([("type", .string("string")), ("format", .string("uri"))])
        let dateTime: JSONValue = .object([
            ("type", .string("string")), ("format", .string("date-time")),
            ("pattern", .string("^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(Z|[+-]\\d{2}:\\d{2})$"))
        ])
        let extensions: JSONValue = .object([("^_", .object([("type", .string("object"))]))])
        let author: JSONValue = .object([
            ("type", .string("object")), ("properties", .object([("name", string), ("url", url), ("avatar", url)])),
            ("minProperties", .int(1)), ("additionalProperties", .bool(false)), ("patternProperties", extensions)
        ])
        var itemExtension: [(String, JSONValue)] = [
            ("about", url),
            ("type", .object([("enum", .strings(["regulation", "case", "page", "other"]))])),
            ("document_id", string)
        ]
        var seen = Set<String>()
        for field in DataField.regulations + DataField.cases where field.inFeeds && seen.insert(field.name).inserted {
            itemExtension.append((field.name, field.schema))
        }
        let item: JSONValue = .object([
            ("type", .string("object")),
            (
                "properties",
                .object([
                    ("id", string), ("url", url), ("external_url", url), ("title", string), ("content_html", string),
                    ("content_text", string),
                    ("summary", string), ("image", url), ("banner_image", url), ("date_published", dateTime),
                    ("date_modified", dateTime),
                    ("authors", .object([("type", .string("array")), ("items", author)])),
                    ("tags", .object([("type", .string("array")), ("items", string)])), ("language", string),
                    ("attachments", .object([("type", .string("array"))])),
                    (
                        "_minaoshi",
                        .object([
                            ("type", .string("object")), ("properties", .object(itemExtension)),
                            ("required", .strings(["about", "type", "document_id", "sources", "changes"]))
                        ])
                    )
                ])
            ),
            ("required", .strings(["id"])),
            (
                "anyOf",
                .array([
                    .object([("required", .strings(["content_html"]))]),
                    .object([("required", .strings(["content_text"]))])
                ])
            ),
            ("patternProperties", extensions), ("additionalProperties", .bool(false))
        ])
        return JSONValue.object([
            ("$schema", draft), ("$id", .string(config.absoluteURL("/api/schema/feed.schema.json"))),
            ("title", .string("JSON Feed 1.1 with Minaoshi's _minaoshi extension")), ("type", .string("object")),
            (
                "properties",
                .object([
                    ("version", .object([("const", .string("https://jsonfeed.org/version/1.1"))])),
                    ("title", string), ("home_page_url", url), ("feed_url", url), ("description", string),
                    ("user_comment", string),
                    ("next_url", url), ("icon", url), ("favicon", url), ("language", string),
                    ("expired", .object([("type", .string("boolean"))])),
                    ("authors", .object([("type", .string("array")), ("items", author)])),
                    ("hubs", .object([("type", .string("array"))])),
                    (
                        "_minaoshi",
                        .object([
                            ("type", .string("object")),
                            (
                                "properties",
                                .object([
                                    ("about", url),
                                    ("schema_version", .object([("const", .int(DataField.schemaVersion))])),
                                    ("license", licenseSchema),
                                    ("first_url", url)
                                ])
                            ), ("required", .strings(["about", "schema_version", "license"]))
                        ])
                    ),
                    ("items", .object([("type", .string("array")), ("items", item)]))
                ])
            ),
            ("required", .strings(["version", "title", "items"])),
            ("patternProperties", extensions), ("additionalProperties", .bool(false))
        ]).text + "\n"
    }
}

extension ViewFactory {
    /// `/feeds/`: the site's channel, the sections', then every term with documents, by vocabulary.
    func feedIndex() -> PageView {
        let description = "規制の見直しと実装事例の更新を、フィードリーダーやプログラムで受け取れます。\(Self.browsableTitles)ごとのチャンネルがあります。"
        var view = page(title: "フィード一覧", description: description, path: "/feeds/", crumbs: [homeCrumb])
        func channelView(_ channel: FeedChannel, count: Int) -> FeedChannelView {
            FeedChannelView(
                title: channel.title, url: link(channel.path), count: count,
                jsonURL: link(OutputFormat.jsonFeed.linkPath(for: channel.path)),
                atomURL: link(OutputFormat.atom.linkPath(for: channel.path)))
        }
        var site = [channelView(siteChannel, count: lists.channelDocuments.count)]
        for folder in sections {
            if let channel = sectionChannel(folder) {
                site.append(channelView(channel, count: lists.documents(in: folder).count))
            }
        }
        var groups = [FeedGroupView(id: "site", heading: "サイト全体", channels: site)]
        for kind in Self.browsable {
            let channels = termsWithDocuments(kind).map { term in
                channelView(termChannel(term, of: kind), count: lists.documents(filedUnder: kind, term: term.id).count)
            }
            if !channels.isEmpty {
                groups.append(FeedGroupView(id: kind.rawValue, heading: kind.japaneseTitle, channels: channels))
            }
        }
        view.feedIndex = FeedIndexView(groups: groups, licenseName: config.license.name, licenseURL: config.license.url)
        return view
    }

    /// `/api/`: every open data file and every field, from the same tables that write them.
    func apiIndex() -> PageView {
        let description = "規制の見直しと実装事例を、JSON と CSV のオープンデータとして提供しています。各項目の意味と形式を説明します。"
        var view = page(title: "オープンデータ（API）", description: description, path: "/api/", crumbs: [homeCrumb])
        func fields(_ list: [DataField]) -> [FieldView] {
            list.map {
                FieldView(
                    name: $0.name, type: $0.type.label, meaning: $0.meaning, csv: $0.type.csvLabel, inFeeds: $0.inFeeds)
            }
        }
        var datasets = OpenData.datasets(self).map { dataset in
            DatasetView(
                id: dataset.id, title: dataset.title, description: dataset.description, count: dataset.documents.count,
                jsonURL: link("/api/\(dataset.id).json"), csvURL: link("/api/\(dataset.id).csv"),
                schemaURL: link("/api/schema/\(dataset.id).schema.json"), fields: fields(dataset.fields))
        }
        datasets.append(
            DatasetView(
                id: "vocabularies", title: "語彙",
                description: "\(Self.browsableTitles)の一覧。各データの id をここで日本語名に引けます。",
                count: VocabularyKind.allCases.reduce(0) { $0 + corpus.vocabularies[$1].terms.count },
                jsonURL: link("/api/vocabularies.json"), csvURL: nil,
                schemaURL: link("/api/schema/vocabularies.schema.json"),
                fields: [
                    FieldView(name: "id", type: "文字列", meaning: "語の id。各データの値に使われる", csv: "", inFeeds: false),
                    FieldView(name: "ja", type: "文字列", meaning: "日本語名", csv: "", inFeeds: false),
                    FieldView(name: "en", type: "文字列", meaning: "英語名", csv: "", inFeeds: false),
                    FieldView(name: "description", type: "文字列または null", meaning: "説明", csv: "", inFeeds: false),
                    FieldView(name: "aliases", type: "文字列の配列", meaning: "同じ語を指す別の id", csv: "", inFeeds: false),
                    FieldView(
                        name: "attributes", type: "オブジェクト", meaning: "語彙ごとの追加項目（都道府県の code と region など）", csv: "",
                        inFeeds: false),
                    FieldView(name: "count", type: "整数", meaning: "この語に分類された文書の数", csv: "", inFeeds: false)
                ]))
        func field(_ name: String, _ type: String, _ meaning: String) -> FieldView {
            FieldView(name: name, type: type, meaning: meaning, csv: "", inFeeds: false)
        }
        let envelope = [
            field("schema_version", "整数", "データの形式の版。項目の名前・型を変えたときに上がる"),
            field("title", "文字列", "データの名前"),
            field("publisher", "文字列", "公開者"),
            field("home_page_url", "文字列（URL）", "サイトの URL"),
            field("documentation_url", "文字列（URL）", "このページの URL"),
            field("license", "オブジェクト（name, url）", "利用条件の名前と URL"),
            field("count", "整数", "items の件数（regulations.json と cases.json）"),
            field("items", "配列", "1件ずつのデータ（regulations.json と cases.json）。項目は下の表のとおり"),
            field(
                "vocabularies", "オブジェクト",
                "語彙の名前（\(VocabularyKind.allCases.map(\.rawValue).joined(separator: ", "))）ごとの語の配列（vocabularies.json）")
        ]
        view.structuredData.append(
            datasetData(
                url: view.canonicalURL, description: description,
                files: datasets.flatMap { dataset in
                    [(dataset.jsonURL, "application/json")] + (dataset.csvURL.map { [($0, "text/csv")] } ?? [])
                }))
        view.api = APIIndexView(
            schemaVersion: DataField.schemaVersion, licenseName: config.license.name, licenseURL: config.license.url,
            datasets: datasets, envelope: envelope, feedSchemaURL: link("/api/schema/feed.schema.json"),
            openAPIURL: link("/" + OpenAPIDocument.path))
        return view
    }
}
