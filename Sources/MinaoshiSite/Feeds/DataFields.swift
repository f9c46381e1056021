import MinaoshiContent
import MinaoshiMarkdown
import MinaoshiSupport

/// The fields of the open data and of the feeds' `_minaoshi` objects, declared once: the JSON
/// files, the CSV columns, the JSON Schemas and the `/api/` page are all written from this table,
/// so the documentation cannot drift from the data. Names are stable; a renamed or removed field
/// raises ``schemaVersion``.
struct DataField: Sendable {
    enum FieldType: Sendable {
        case string, optionalString, date, optionalInt, strings, sources, outcomes, changes

        /// How the `/api/` page names the type.
        var label: String {
            switch self {
            case .string: "文字列"
            case .optionalString: "文字列または null"
            case .date: "日付（YYYY-MM-DD）または null（日付のない事例と、未着手の見直し）"
            case .optionalInt: "整数または null"
            case .strings: "文字列の配列"
            case .sources: "出典の配列（title, url）"
            case .outcomes: "成果の配列（label, value, period）"
            case .changes: "変更履歴の配列（date, note）"
            }
        }

        /// How a CSV cell shows a list: items joined with `;`.
        var csvLabel: String {
            switch self {
            case .strings: "「;」区切り"
            case .sources: "URL を「;」区切り"
            case .outcomes: "「項目: 値（時期）」を「;」区切り"
            case .changes: "「日付 内容」を「;」区切り"
            default: "そのまま（null は空欄）"
            }
        }
    }

    let name: String
    let type: FieldType
    /// What the field means, in Japanese, for the `/api/` page.
    let meaning: String
    /// Whether the feeds' `_minaoshi` object carries it (the rest is in JSON Feed's own fields).
    let inFeeds: Bool
    let value: @Sendable (Document, ViewFactory) -> JSONValue

    init(
        _ name: String, _ type: FieldType, _ meaning: String, inFeeds: Bool = true,
        _ value: @escaping @Sendable (Document, ViewFactory) -> JSONValue
    ) {
        self.name = name
        self.type = type
        self.meaning = meaning
        self.inFeeds = inFeeds
        self.value = value
    }

    /// Bumped when a field is renamed, removed or changes type; adding a field keeps it.
    static let schemaVersion = 1

    // MARK: - Datasets

    /// The data field of the vocabulary field `key` of `declared`, its type and value from the
    /// declaration: a list is an array of ids, a required single id a string, an optional one a
    /// string or null.
    static func vocabulary(_ key: String, of declared: [DocumentField], _ meaning: String) -> DataField {
        let field = declared.lazy.compactMap { declaration -> VocabularyField? in
            if case .vocabulary(let field) = declaration, field.key == key { return field }
            return nil
        }.first
        guard let field else { preconditionFailure("no vocabulary field '\(key)' is declared") }
        let kind = field.kind
        if field.isList {
            return DataField(key, .strings, meaning) { document, _ in .strings(document.kind.terms(of: kind)) }
        }
        if field.presence == .required {
            return DataField(key, .string, meaning) { document, _ in .string(document.kind.terms(of: kind).first ?? "")
            }
        }
        return DataField(key, .optionalString, meaning) { document, _ in .optional(document.kind.terms(of: kind).first)
        }
    }

    static let common: [DataField] = [
        DataField("id", .string, "文書の id。front matter の id（なければファイル名）。変わらない", inFeeds: false) { document, _ in
            .string(document.slug)
        },
        DataField("feed_id", .string, "フィードの項目 id（tag: URI）。タイトルや URL が変わっても変わらない", inFeeds: false) { document, _ in
            .string(FeedItem.id(of: document))
        },
        DataField("url", .string, "ページの URL", inFeeds: false) { .string($1.config.absoluteURL($0.path)) },
        DataField("title", .string, "タイトル", inFeeds: false) { document, _ in .string(document.title) },
        DataField("summary", .string, "要約（本文の最初の段落）", inFeeds: false) { document, _ in .string(document.body.summary) },
        DataField("date", .date, "見直し・事例の日付", inFeeds: false) { document, _ in .optional(document.date?.iso8601) },
        DataField("date_modified", .date, "最後の大きな変更の日付（変更履歴の最新の日付、なければ date）", inFeeds: false) { document, _ in
            .optional(document.lastMajorChange?.iso8601)
        }
    ]

    static let tail: [DataField] = [
        DataField("sources", .sources, "出典（タイトルと URL）") { document, _ in
            .array(document.sources.map { .object([("title", .string($0.title)), ("url", .string($0.url))]) })
        },
        DataField("changes", .changes, "変更履歴（大きな変更）。新しい順") { document, _ in
            .array(document.changes.map { .object([("date", .string($0.date.iso8601)), ("note", .string($0.note))]) })
        }
    ]

    static let regulations: [DataField] =
        common + [
            vocabulary(
                "ministry", of: DocumentKind.regulationFields, "所管府省庁の id（vocabularies.json の ministries）。不明なら null"),
            vocabulary("categories", of: DocumentKind.regulationFields, "アナログ規制の類型の id（categories）"),
            vocabulary("status", of: DocumentKind.regulationFields, "見直しの状況の id（statuses）"),
            vocabulary(
                "laws", of: DocumentKind.regulationFields,
                "見直しの対象となる法令・要領などの id（laws）。e-Gov 法令ID は vocabularies.json の egov_id"),
            DataField("article", .optionalString, "条項。不明なら null") { document, _ in
                .optional(document.kind.regulation?.article)
            },
            DataField("phase_before", .optionalInt, "見直し前のフェーズ（1〜3）。不明なら null") { document, _ in
                document.kind.regulation?.phase.map { .int($0.before) } ?? .null
            },
            DataField("phase_after", .optionalInt, "見直し後のフェーズ（1〜3）。不明なら null") { document, _ in
                document.kind.regulation?.phase.map { .int($0.after) } ?? .null
            },
            DataField("before", .string, "見直し前に求められていた方法") { document, _ in
                .string(document.kind.regulation?.before ?? "")
            },
            DataField("after", .string, "見直し後に認められる方法") { document, _ in .string(document.kind.regulation?.after ?? "")
            },
            vocabulary("technologies", of: DocumentKind.regulationFields, "活用できる技術の id（technologies）"),
            DataField("cases", .strings, "この見直しを実装した事例の id（cases.json の id）") { document, views in
                .strings(views.corpus.cases(implementing: document).map(\.slug))
            }
        ] + tail

    static let cases: [DataField] =
        common + [
            DataField("organizations", .strings, "実施した組織") { document, _ in
                .strings(document.kind.caseStudy?.organizations ?? [])
            },
            DataField("municipalities", .strings, "市区町村名") { document, _ in
                .strings(document.kind.caseStudy?.municipalities ?? [])
            },
            vocabulary("prefectures", of: DocumentKind.caseFields, "都道府県の id（prefectures）"),
            vocabulary("ministry", of: DocumentKind.caseFields, "関係する府省庁の id（ministries）。なければ null"),
            vocabulary("categories", of: DocumentKind.caseFields, "アナログ規制の類型の id（categories）"),
            DataField("regulations", .strings, "この事例が実装した規制の見直しの id（regulations.json の id）") { document, _ in
                .strings(document.kind.caseStudy?.regulations ?? [])
            },
            vocabulary("technologies", of: DocumentKind.caseFields, "使った技術の id（technologies）"),
            DataField("outcomes", .outcomes, "成果（項目、値、時期）") { document, _ in
                .array(
                    (document.kind.caseStudy?.outcomes ?? []).map {
                        .object([
                            ("label", .string($0.label)), ("value", .string($0.value)), ("period", .optional($0.period))
                        ])
                    })
            }
        ] + tail

    static func fields(for document: Document) -> [DataField] {
        switch document.kind {
        case .regulation: regulations
        case .caseStudy: cases
        case .page, .other: common
        }
    }

    /// The record of a document in its dataset.
    static func record(_ document: Document, fields: [DataField], views: ViewFactory) -> JSONValue {
        .object(fields.map { ($0.name, $0.value(document, views)) })
    }

    // MARK: - CSV and JSON Schema

    /// The cell of a value in a CSV file.
    func csvCell(_ value: JSONValue) -> String {
        func text(_ value: JSONValue) -> String {
            switch value {
            case .string(let text): text
            case .int(let number): String(number)
            case .bool(let flag): flag ? "true" : "false"
            case .null: ""
            case .array(let values): values.map(text).joined(separator: ";")
            case .object(let members):
                switch type {
                case .sources: members.first { $0.0 == "url" }.map { text($0.1) } ?? ""
                case .outcomes:
                    members.count == 3
                        ? "\(text(members[0].1)): \(text(members[1].1))"
                            + (members[2].1.isNull ? "" : "（\(text(members[2].1))）") : ""
                case .changes: members.map { text($0.1) }.joined(separator: " ")
                default: members.map { text($0.1) }.joined(separator: " ")
                }
            }
        }
        return text(value)
    }

    /// The JSON Schema of the field's value.
    var schema: JSONValue {
        func object(_ properties: [(String, JSONValue)], required: [String]) -> JSONValue {
            .object([
                ("type", .string("object")), ("properties", .object(properties)), ("required", .strings(required)),
                ("additionalProperties", .bool(false))
            ])
        }
        let string: JSONValue = .object([("type", .string("string"))])
        let url: JSONValue = .object([("type", .string("string")), ("format", .string("uri"))])
        let date: JSONValue = .object([("type", .string("string")), ("format", .string("date"))])
        switch type {
        case .string: return name == "url" ? url : string
        case .optionalString: return .object([("type", .strings(["string", "null"]))])
        case .date: return .object([("type", .strings(["string", "null"])), ("format", .string("date"))])
        case .optionalInt:
            return .object([("type", .strings(["integer", "null"])), ("minimum", .int(1)), ("maximum", .int(3))])
        case .strings: return .object([("type", .string("array")), ("items", string)])
        case .sources:
            return .object([
                ("type", .string("array")),
                ("items", object([("title", string), ("url", url)], required: ["title", "url"]))
            ])
        case .outcomes:
            return .object([
                ("type", .string("array")),
                (
                    "items",
                    object(
                        [
                            ("label", string), ("value", string),
                            ("period", .object([("type", .strings(["string", "null"]))]))
                        ],
                        required: ["label", "value", "period"])
                )
            ])
        case .changes:
            return .object([
                ("type", .string("array")),
                ("items", object([("date", date), ("note", string)], required: ["date", "note"]))
            ])
        }
    }
}
