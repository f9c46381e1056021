/// What people read about a declared front-matter field: its label on the document page, its
/// label in the editor's form, the note `minaoshi new` writes beside it, and the spreadsheet column
/// that fills it on import. Keyed by the declaration's key, in the declaration's order
/// (``DocumentKind/commonFields``, ``DocumentKind/regulationFields``, ``DocumentKind/caseFields``);
/// a test holds the lists to the same keys. This is the one home of a field's words: the
/// declarations say what a field holds, not what it is called.
public struct FieldWording: Sendable {
    /// The front-matter key of the declared field.
    public let key: String
    /// The label of the field among a document page's key facts (所管府省庁); `nil` for a field
    /// the page shows elsewhere (before and after in their own block, outcomes and linked
    /// documents as lists) or not at all (the common fields).
    public let factLabel: String?
    /// The label of the field in the editor's form (`minaoshi serve`) and in its messages: the
    /// fact label unless the form asks for the field in other words (a case's organizations are
    /// 実施主体 on the page, 団体・企業 in the form).
    public let formLabel: String
    /// The note `minaoshi new` writes beside the field when no value is given (`記入：` when
    /// `minaoshi check` reports it until it is filled in); `nil` for the common fields, whose
    /// lines ``DocumentSkeleton`` writes itself (a date's note depends on the kind).
    public let note: String?
    /// The column header of the government spreadsheets that fills the field on import (法令名);
    /// `nil` when no column gives it.
    public let importHeader: String?

    /// A field the page shows among its facts, labelled `fact` there and `form` (else `fact`) in
    /// the editor's form.
    public init(_ key: String, fact: String, form: String? = nil, note: String?, importHeader: String? = nil) {
        self.init(key, factLabel: fact, formLabel: form ?? fact, note: note, importHeader: importHeader)
    }

    /// A field the page shows elsewhere than among its facts, or not at all.
    public init(_ key: String, form: String, note: String?, importHeader: String? = nil) {
        self.init(key, factLabel: nil, formLabel: form, note: note, importHeader: importHeader)
    }

    private init(_ key: String, factLabel: String?, formLabel: String, note: String?, importHeader: String?) {
        self.key = key
        self.factLabel = factLabel
        self.formLabel = formLabel
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
            "ministry", fact: "所管府省庁", form: "府省庁", note: "所管府省庁の id（content/_data/ministries.yml）。出典で分からなければ書かない",
            importHeader: "所管府省庁"),
        FieldWording("categories", fact: "類型", form: categoriesForm, note: categoriesNote, importHeader: "類型"),
        FieldWording(
            "status", fact: "見直しの状況",
            note: "記入：not-started / in-review / reviewed / amended のいずれか（content/_data/statuses.yml）",
            importHeader: "見直し状況"),
        FieldWording("phase", fact: "フェーズ", form: "PHASE（デジタル化の段階）", note: "任意：出典が PHASE を示す場合だけ"),
        FieldWording("before", form: "見直し前", note: "記入：見直し前に求められていたこと（1、2文）", importHeader: "見直し前"),
        FieldWording("after", form: "見直し後", note: "記入：見直し後に認められたこと（1、2文）", importHeader: "見直し後"),
        FieldWording(
            "technologies", fact: "活用できる技術", form: "技術", note: "活用できる技術の id（content/_data/technologies.yml）",
            importHeader: "技術")
    ]

    /// The wording of each field of ``caseFields``, in its order.
    public static let caseWording: [FieldWording] = [
        FieldWording("organizations", fact: "実施主体", form: "団体・企業", note: "関わった団体・企業（例：[\"南相馬市\"]）"),
        FieldWording("municipalities", fact: "市区町村", note: "市区町村名（日本語）。なければ []"),
        FieldWording("prefectures", fact: "都道府県", note: "都道府県の id（content/_data/prefectures.yml）。なければ []"),
        FieldWording("ministry", fact: "所管府省庁", form: "府省庁", note: "任意：関係府省庁の id（content/_data/ministries.yml）"),
        FieldWording("categories", fact: "類型", form: categoriesForm, note: categoriesNote),
        FieldWording("regulations", form: "実施した規制の見直し", note: "同じ規定・制度に基づく規制の id（content/regulations/）。なければ []"),
        FieldWording("technologies", fact: "技術", note: "使った技術の id（content/_data/technologies.yml）"),
        FieldWording("outcomes", form: "成果", note: "成果。例：[{label: \"人員\", value: \"約85%削減\", period: \"令和7年度\"}]")
    ]

    /// The wording of each field of ``commonFields``, in its order: labels for the editor's form.
    public static let commonWording: [FieldWording] = [
        FieldWording("id", form: "ID", note: nil), FieldWording("title", form: "タイトル", note: nil),
        FieldWording("date", form: "日付", note: nil), FieldWording("updated", form: "更新日", note: nil),
        FieldWording("draft", form: "下書き", note: nil), FieldWording("changes", form: "変更履歴", note: nil),
        FieldWording("sources", form: "出典", note: nil)
    ]

    private static let categoriesForm = "アナログ規制の類型"
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
