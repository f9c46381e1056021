import MinaoshiContent
import MinaoshiSupport

/// `/api/openapi.json`: an OpenAPI 3.1 description of the static API (every file under `/api/`
/// and every feed), for the RegTech channel's tools. The data files' bodies are described by the
/// JSON Schemas the site already publishes, referred to relatively (`schema/…`), so the
/// description and the schemas cannot disagree.
enum OpenAPIDocument {
    static let path = "api/openapi.json"

    static func text(_ views: ViewFactory) -> String {
        let config = views.config
        func schemaRef(_ name: String) -> JSONValue { .object([("$ref", .string("schema/\(name).schema.json"))]) }
        let text: JSONValue = .object([("type", .string("string"))])
        func response(_ description: String, _ media: String, _ schema: JSONValue) -> JSONValue {
            .object([
                (
                    "200",
                    .object([
                        ("description", .string(description)),
                        ("content", .object([(media, .object([("schema", schema)]))]))
                    ])
                )
            ])
        }
        func get(_ id: String, _ summary: String, _ responses: JSONValue, parameters: [JSONValue] = []) -> JSONValue {
            var operation: [(String, JSONValue)] = [("operationId", .string(id)), ("summary", .string(summary))]
            if !parameters.isEmpty { operation.append(("parameters", .array(parameters))) }
            operation.append(("responses", responses))
            return .object([("get", .object(operation))])
        }
        func parameter(_ name: String, _ description: String, _ schema: JSONValue) -> JSONValue {
            .object([
                ("name", .string(name)), ("in", .string("path")), ("required", .bool(true)),
                ("description", .string(description)),
                ("schema", schema)
            ])
        }
        let page = parameter(
            "page", "2 から始まるページ番号（1ページ目はページ番号のないファイル）",
            .object([("type", .string("integer")), ("minimum", .int(2))]))
        let vocabulary = parameter(
            "vocabulary", "語彙の名前",
            .object([
                ("type", .string("string")),
                ("enum", .strings(ViewFactory.browsable.map(\.rawValue)))
            ]))
        let term = parameter(
            "term", "語の id（/api/vocabularies.json の id）",
            .object([("type", .string("string")), ("pattern", .string("^[a-z0-9]+(-[a-z0-9]+)*$"))]))
        let jsonFeed = response("JSON Feed 1.1（_minaoshi 拡張つき）", "application/feed+json", schemaRef("feed"))
        let atom = response("Atom 1.0", "application/atom+xml", text)

        var paths: [(String, JSONValue)] = []
        for dataset in OpenData.datasets(views) {
            paths.append(
                (
                    "/api/\(dataset.id).json",
                    get(
                        "\(dataset.id)JSON", "\(dataset.title)（JSON）",
                        response(dataset.title, "application/json", schemaRef(dataset.id)))
                ))
            paths.append(
                (
                    "/api/\(dataset.id).csv",
                    get(
                        "\(dataset.id)CSV", "\(dataset.title)（CSV、BOM 付き UTF-8）",
                        response(dataset.title, "text/csv", text))
                ))
        }
        paths.append(
            (
                "/api/vocabularies.json",
                get(
                    "vocabulariesJSON", "語彙（\(ViewFactory.browsableTitles)）",
                    response("語彙", "application/json", schemaRef("vocabularies")))
            ))
        paths.append(
            (
                "/api/schema/{name}.schema.json",
                get(
                    "schema", "データの JSON Schema（draft 2020-12）",
                    response("JSON Schema", "application/schema+json", .object([("type", .string("object"))])),
                    parameters: [
                        parameter(
                            "name", "データの名前",
                            .object([
                                ("type", .string("string")),
                                ("enum", .strings(OpenData.datasets(views).map(\.id) + ["vocabularies", "feed"]))
                            ]))
                    ])
            ))
        paths.append(("/feed.json", get("siteFeedJSON", "すべての規制の見直しと実装事例（新しい順）", jsonFeed)))
        paths.append(("/feed.xml", get("siteFeedAtom", "すべての規制の見直しと実装事例（Atom）", atom)))
        paths.append(("/feed/page/{page}.json", get("siteFeedPageJSON", "サイト全体のフィードの続き", jsonFeed, parameters: [page])))
        paths.append(
            ("/feed/page/{page}.xml", get("siteFeedPageAtom", "サイト全体のフィードの続き（Atom）", atom, parameters: [page])))
        for folder in views.sections where views.sectionChannel(folder) != nil {
            let title = SectionCatalog.info(for: folder).title
            paths.append(("/feeds/\(folder).json", get("\(folder)FeedJSON", title, jsonFeed)))
            paths.append(("/feeds/\(folder).xml", get("\(folder)FeedAtom", "\(title)（Atom）", atom)))
            paths.append(
                (
                    "/feeds/\(folder)/page/{page}.json",
                    get("\(folder)FeedPageJSON", "\(title)の続き", jsonFeed, parameters: [page])
                ))
            paths.append(
                (
                    "/feeds/\(folder)/page/{page}.xml",
                    get("\(folder)FeedPageAtom", "\(title)の続き（Atom）", atom, parameters: [page])
                ))
        }
        paths.append(
            (
                "/feeds/{vocabulary}/{term}.json",
                get("termFeedJSON", "語に分類された文書", jsonFeed, parameters: [vocabulary, term])
            ))
        paths.append(
            (
                "/feeds/{vocabulary}/{term}.xml",
                get("termFeedAtom", "語に分類された文書（Atom）", atom, parameters: [vocabulary, term])
            ))
        paths.append(
            (
                "/feeds/{vocabulary}/{term}/page/{page}.json",
                get("termFeedPageJSON", "語のフィードの続き", jsonFeed, parameters: [vocabulary, term, page])
            ))
        paths.append(
            (
                "/feeds/{vocabulary}/{term}/page/{page}.xml",
                get("termFeedPageAtom", "語のフィードの続き（Atom）", atom, parameters: [vocabulary, term, page])
            ))

        let document: JSONValue = .object([
            ("openapi", .string("3.1.0")),
            (
                "info",
                .object([
                    ("title", .string("\(config.title)の静的 API")),
                    ("version", .string(String(DataField.schemaVersion))),
                    ("summary", .string("規制の見直しと実装事例のオープンデータとフィード。すべて静的なファイルで、GET で取得します。")),
                    ("description", .string("項目の意味は \(config.absoluteURL("/api/")) にあります。")),
                    ("license", .object([("name", .string(config.license.name)), ("url", .string(config.license.url))]))
                ])
            ),
            ("servers", .array([.object([("url", .string(config.baseURL))])])),
            ("paths", .object(paths))
        ])
        return document.text + "\n"
    }
}
