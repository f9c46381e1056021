import Foundation
import MinaoshiSupport

/// What `minaoshi new` was asked for. Values not given become placeholders in the file.
public struct NewDocumentRequest: Sendable, Hashable {
    /// Regulation review or case study.
    public var kind: AuthoringKind
    /// The Japanese title, written as given.
    public var title: String
    /// The id asked for; derived from the title when `nil`.
    public var id: String?
    /// The document's date; a placeholder (regulations) or a commented line (cases) when `nil`.
    public var date: CalendarDate?
    /// A ministries id (or alias); left as a commented line when `nil`.
    public var ministry: String?
    /// Categories ids; `categories: []` (an error until filled) when empty.
    public var categories: [String] = []
    /// Technologies ids.
    public var technologies: [String] = []
    /// http(s) URLs; each becomes a source titled with its host unless `sourceTitles` names it.
    public var sources: [String] = []
    /// Titles of some of `sources`, by URL (the editor's form asks for both).
    public var sourceTitles: [String: String] = [:]
    /// The Markdown body; the corpus's headings with guidance when `nil`.
    public var body: String?
    // Regulation reviews.
    /// Laws ids; `laws: []` (an error until filled) when empty.
    public var laws: [String] = []
    /// 条項; a commented line when `nil`.
    public var article: String?
    /// PHASE before and after; a commented line when `nil`.
    public var phase: Phase?
    /// A statuses id; `status: ""` when `nil`.
    public var status: String?
    /// What the provision required (見直し前); `before: ""` when `nil`.
    public var before: String?
    /// What replaces it (見直し後); `after: ""` when `nil`.
    public var after: String?
    // Case studies.
    /// Organisations involved in the case.
    public var organizations: [String] = []
    /// Municipalities, in Japanese.
    public var municipalities: [String] = []
    /// Prefectures ids.
    public var prefectures: [String] = []
    /// Ids of the regulation reviews the case implements.
    public var regulations: [String] = []
    /// Measured results; `outcomes: []` with an example when empty.
    public var outcomes: [Outcome] = []
    // Both kinds, optional (the editor's form asks for them; `minaoshi new` leaves them commented).
    /// The page's last update; a commented line when `nil`.
    public var updated: CalendarDate?
    /// Kept off the site while true; a commented line when false.
    public var draft = false
    /// Later changes, each a date (`YYYY-MM-DD`) and a note; a commented line when empty.
    public var changes: [WrittenChange] = []

    /// A request with only the required kind and title.
    public init(kind: AuthoringKind, title: String) {
        self.kind = kind
        self.title = title
    }

    /// The values given for the vocabulary `kind` (ids or aliases); a single-valued field's value
    /// as a list of none or one.
    public func terms(of kind: VocabularyKind) -> [String] {
        switch kind {
        case .ministries: ministry.map { [$0] } ?? []
        case .categories: categories
        case .technologies: technologies
        case .prefectures: prefectures
        case .statuses: status.map { [$0] } ?? []
        case .laws: laws
        }
    }

    /// Sets the values of the vocabulary `kind`; a single-valued field takes the first.
    public mutating func setTerms(_ ids: [String], of kind: VocabularyKind) {
        switch kind {
        case .ministries: ministry = ids.first
        case .categories: categories = ids
        case .technologies: technologies = ids
        case .prefectures: prefectures = ids
        case .statuses: status = ids.first
        case .laws: laws = ids
        }
    }
}

/// The text of a new document: front matter with every field of its kind, given values filled
/// in, and the rest left as placeholders that `minaoshi check` reports (`status: ""` is "'status'
/// is empty") or as commented lines for optional fields; then a body with the corpus's headings.
public enum DocumentSkeleton {
    /// The whole file for `request` under `id`.
    public static func text(for request: NewDocumentRequest, id: String) -> String {
        var writer = FrontMatterWriter()
        writer.text("id", id)
        writer.text("title", AuthoringText.singleLine(request.title))
        declaredFields(request, &writer)
        commonFields(request, &writer)
        return writer.text + "\n" + body(for: request)
    }

    /// Section headings and one line of guidance each, in the order the corpus uses.
    public static func headings(for kind: AuthoringKind) -> [(heading: String, guidance: String)] {
        switch kind {
        case .regulation:
            [
                ("見直し前の規制", "（記入：見直し前に求められていた方法を、条文の要件に沿って具体的に書きます。）"),
                ("見直し後", "（記入：見直し後に認められた方法と、その根拠となる改正・通知・要領を書きます。）"),
                ("活用できる技術", "（記入：使える技術を箇条書きで書きます。例：ドローン、遠隔映像。）"),
                ("経緯", "（記入：出典で確かめられた日付と出来事を「| 日付 | 出来事 |」の表で書きます。）"),
                ("注記", "（記入：確度が中程度・低い情報や、確認できていない点を「※」で書きます。）")
            ]
        case .caseStudy:
            [
                ("課題", "（記入：取り組む前に何が負担だったか、どの規制・手続が関わったかを書きます。）"),
                ("取り組み", "（記入：誰が、どの技術で、何をしたかを書きます。）"),
                ("成果", "（記入：数値のある成果は期間とともに書きます。出典にない数値は書きません。）"),
                ("出典と注記", "（記入：出典の補足と、確認できていない点を書きます。）")
            ]
        }
    }

    // MARK: - Front matter

    /// Every field its kind declares, in order: a value given is written, else a placeholder that
    /// `minaoshi check` reports or, for an optional field, a commented line, each with its note
    /// (``FieldWording``).
    private static func declaredFields(_ request: NewDocumentRequest, _ writer: inout FrontMatterWriter) {
        for (field, wording) in DocumentKind.declared(request.kind) {
            // Every declared field has its note (a test holds it); a common field has none.
            let key = field.key, note = wording.note ?? ""
            switch field {
            case .vocabulary(let vocabulary):
                let ids = request.terms(of: vocabulary.kind)
                if vocabulary.isList {
                    list(key, ids, note, &writer)
                } else if vocabulary.presence == .required {
                    requiredText(key, ids.first, note, &writer)
                } else if let id = ids.first {
                    writer.text(key, id)
                } else {
                    writer.comment("\(key): \"\"  # \(note)")
                }
            case .plain("before", _): requiredText(key, request.before, note, &writer)
            case .plain("after", _): requiredText(key, request.after, note, &writer)
            case .plain("organizations", _): list(key, request.organizations, note, &writer)
            case .plain("municipalities", _): list(key, request.municipalities, note, &writer)
            case .plain("regulations", _): list(key, request.regulations, note, &writer)
            case .plain("phase", _):
                if let phase = request.phase {
                    writer.raw("phase: {before: \(phase.before), after: \(phase.after)}")
                } else {
                    writer.comment("phase: {before: 1, after: 3}  # \(note)")
                }
            case .plain("outcomes", _):
                if request.outcomes.isEmpty {
                    writer.raw("outcomes: []", comment: note)
                } else {
                    writer.outcomes(request.outcomes)
                }
            case .plain("article", _):
                if let article = request.article {
                    writer.text(key, article)
                } else {
                    writer.comment("\(key): \"\"  # \(note)")
                }
            case .plain:
                // A field the request has no value for: shown, commented, with its note.
                writer.comment("\(key): \"\"  # \(note)")
            }
        }
    }

    private static func commonFields(_ request: NewDocumentRequest, _ writer: inout FrontMatterWriter) {
        switch request.kind {
        case .regulation:
            if let date = request.date {
                writer.date("date", date)
            } else {
                writer.raw("date: \"\"", comment: "記入：決定・公表の日付（YYYY-MM-DD）。月までなら1日とし、本文の注記で説明")
            }
        case .caseStudy:
            if let date = request.date {
                writer.date("date", date)
            } else {
                writer.comment("date: YYYY-MM-DD  # 開始・発表の日付。出典で分からなければ書かない（推測で作らない）")
            }
        }
        if let updated = request.updated {
            writer.date("updated", updated)
        } else {
            writer.comment("updated: YYYY-MM-DD  # 任意：ページの更新日")
        }
        if request.draft {
            writer.raw("draft: true")
        } else {
            writer.comment("draft: true  # 任意：true の間はサイトに載りません")
        }
        if request.changes.isEmpty {
            writer.comment("changes: [{date: YYYY-MM-DD, note: \"…\"}]  # 任意：その後の施行・改正など（出典があるもののみ）")
        } else {
            writer.changes(request.changes)
        }
        let sources = request.sources.map {
            Source(title: request.sourceTitles[$0] ?? AuthoringText.host(of: $0) ?? $0, url: $0)
        }
        if sources.isEmpty {
            writer.raw("sources:", comment: "記入：出典。title は短い説明（サイト名など）、url は http(s) の URL")
            writer.raw("  - {title: \"\", url: \"\"}")
        } else {
            writer.sources(sources)
        }
    }

    private static func requiredText(
        _ key: String, _ value: String?, _ placeholder: String, _ writer: inout FrontMatterWriter
    ) {
        if let value {
            writer.text(key, AuthoringText.singleLine(value))
        } else {
            writer.text(key, "", comment: placeholder)
        }
    }

    private static func list(_ key: String, _ values: [String], _ note: String, _ writer: inout FrontMatterWriter) {
        writer.texts(key, values, comment: values.isEmpty ? note : nil)
    }

    // MARK: - Body

    private static func body(for request: NewDocumentRequest) -> String {
        if let body = request.body { return body.hasSuffix("\n") || body.isEmpty ? body : body + "\n" }
        var given: [String: String] = [:]
        if request.kind == .regulation {
            given["見直し前の規制"] = request.before.map { AuthoringText.markdownEscaped(AuthoringText.singleLine($0)) }
            given["見直し後"] = request.after.map { AuthoringText.markdownEscaped(AuthoringText.singleLine($0)) }
        }
        let lead = request.kind == .regulation ? leadParagraph(before: request.before, after: request.after) : nil
        var parts = [lead ?? "（記入：1、2文の要約。最初の段落が一覧と検索の要約になります。）"]
        for (heading, guidance) in headings(for: request.kind) {
            parts.append("## \(heading)")
            parts.append(given[heading] ?? guidance)
        }
        return parts.joined(separator: "\n\n") + "\n"
    }

    /// The lead paragraph of a regulation review from what it required and what replaces it,
    /// escaped for Markdown; `nil` when neither is known.
    public static func leadParagraph(before: String?, after: String?) -> String? {
        let parts = [before, after].compactMap { $0.map(AuthoringText.singleLine) }.filter { !$0.isEmpty }
        guard !parts.isEmpty else { return nil }
        // Sentences run on after a Japanese full stop; otherwise lines join as soft breaks do.
        let joined = parts.dropFirst().reduce(parts[0]) { $0.hasSuffix("。") ? $0 + $1 : joinSoftLines($0, $1) }
        return AuthoringText.markdownEscaped(joined)
    }
}
