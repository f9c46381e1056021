/// What people read about a declared front-matter field: its label on the document page, the note
/// `minaoshi new` writes beside it, and the spreadsheet column that fills it on import. Keyed by
/// the declaration's key, in the declaration's order (``DocumentKind/regulationFields``,
/// ``DocumentKind/caseFields``); a test holds the two lists to the same keys.
public struct FieldWording: Sendable {
    /// The front-matter key of the declared field.
    public let key: String
    /// The label of the field among a document page's key facts (所管府省庁); `nil` for a field
    /// the page shows elsewhere (before and after in their own block, outcomes and linked
    /// documents as lists).
    public let factLabel: String?
    /// The note `minaoshi new` writes beside the field when no value is given (`記入：` when
    /// `minaoshi check` reports it until it is filled in).
    public let note: String
    /// The column header of the government spreadsheets that fills the field on import (法令名);
    /// `nil` when no column gives it.
    public let importHeader: String?

    public init(_ key: String, fact factLabel: String?, note: String, importHeader: String? = nil) {
        self.key = key
        self.factLabel = factLabel
        self.note = note
        self.importHeader = importHeader
    }
}

extension DocumentKind {
    /// The wording of each field of ``regulationFields``, in its order.
    public static let regulationWording: [FieldWording] = [
        FieldWording(
            "laws", fact: "法令", note: "記入：法令の id（content/_data/laws.yml。例：[building-standards-act]）。要領・指針もそこに載せる",
            importHeader: "法令名"),
        FieldWording("article", fact: "条項", note: "任意：条項（例：12条）。出典の表記どおりに書き、不明なら書かない", importHeader: "条項"),
        FieldWording(
            "ministry", fact: "所管府省庁", note: "所管府省庁の id（content/_data/ministries.yml）。出典で分からなければ書かない",
            importHeader: "所管府省庁"),
        FieldWording("categories", fact: "類型", note: categoriesNote, importHeader: "類型"),
        FieldWording(
            "status", fact: "見直しの状況",
            note: "記入：not-started / in-review / reviewed / amended のいずれか（content/_data/statuses.yml）",
            importHeader: "見直し状況"),
        FieldWording("phase", fact: "フェーズ", note: "任意：出典が PHASE を示す場合だけ"),
        FieldWording("before", fact: nil, note: "記入：見直し前に求められていたこと（1、2文）", importHeader: "見直し前"),
        FieldWording("after", fact: nil, note: "記入：見直し後に認められたこと（1、2文）", importHeader: "見直し後"),
        FieldWording(
            "technologies", fact: "活用できる技術", note: "活用できる技術の id（content/_data/technologies.yml）", importHeader: "技術")
    ]

    /// The wording of each field of ``caseFields``, in its order.
    public static let caseWording: [FieldWording] = [
        FieldWording("organizations", fact: "実施主体", note: "関わった団体・企業（例：[\"南相馬市\"]）"),
        FieldWording("municipalities", fact: "市区町村", note: "市区町村名（日本語）。なければ []"),
        FieldWording("prefectures", fact: "都道府県", note: "都道府県の id（content/_data/prefectures.yml）。なければ []"),
        FieldWording("ministry", fact: "所管府省庁", note: "任意：関係府省庁の id（content/_data/ministries.yml）"),
        FieldWording("categories", fact: "類型", note: categoriesNote),
        FieldWording("regulations", fact: nil, note: "同じ規定・制度に基づく規制の id（content/regulations/）。なければ []"),
        FieldWording("technologies", fact: "技術", note: "使った技術の id（content/_data/technologies.yml）"),
        FieldWording("outcomes", fact: nil, note: "成果。例：[{label: \"人員\", value: \"約85%削減\", period: \"令和7年度\"}]")
    ]

    private static let categoriesNote = "記入：類型の id を1つ以上（content/_data/categories.yml、例：[\"periodic-inspection\"]）"

    /// The declared fields of a kind of document with their wording, in order; empty for pages and
    /// documents of unknown sections.
    public var declaredFields: [(field: DocumentField, wording: FieldWording)] {
        switch self {
        case .regulation: Self.declaredRegulationFields
        case .caseStudy: Self.declaredCaseFields
        case .page, .other: []
        }
    }

    /// The declared fields of the kind `minaoshi new` writes, with their wording, in order.
    public static func declared(_ kind: AuthoringKind) -> [(field: DocumentField, wording: FieldWording)] {
        switch kind {
        case .regulation: declaredRegulationFields
        case .caseStudy: declaredCaseFields
        }
    }

    private static let declaredRegulationFields = Array(zip(regulationFields, regulationWording))
    private static let declaredCaseFields = Array(zip(caseFields, caseWording))
}

extension AuthoringKind {
    /// The front-matter fields this kind declares after the common ones, in order.
    public var fields: [DocumentField] {
        switch self {
        case .regulation: DocumentKind.regulationFields
        case .caseStudy: DocumentKind.caseFields
        }
    }
}
