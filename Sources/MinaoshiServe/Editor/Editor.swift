import Foundation
import Hummingbird
import MinaoshiContent
import MinaoshiSupport
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix

/// The editor of `minaoshi serve`: forms for new documents and for editing one, the server-side
/// check and preview they ask for as the official types, and saving. It exists only in `serve`
/// (nothing of it is in a built site) and answers only under ``LiveReload/reservedPrefix``,
/// behind ``EditorGuard``.
///
/// Saving writes the file and answers with the page's address. The saved document's page is
/// previewed first (``PagePreviews``: an edit of a document the last good build published, or a
/// new one), so the browser's next load finds the page as saved; the whole rebuild is the one the
/// watcher starts on that write (which previews the same bytes again: no page reloads twice). A
/// save the preview refuses waits for that rebuild instead (one already running when the file was
/// written is not waited for but the next), so only one build ever runs at a time.
final class Editor: Sendable {
    static let newPath = "/_minaoshi/new/"
    static let editPath = "/_minaoshi/edit/"
    static let checkPath = "/_minaoshi/check"
    static let previewPath = "/_minaoshi/preview"
    static let savePath = "/_minaoshi/save"
    static let scriptPath = "/_minaoshi/editor.js"
    static let stylePath = "/_minaoshi/editor.css"
    static let editLinkPath = "/_minaoshi/edit-link.js"
    /// `GET …?section=regulations&q=道路橋`: the documents of a section whose title or id holds
    /// every word of `q`, at most ``foundLimit`` of them, as JSON (the picker's search).
    static let documentsPath = "/_minaoshi/documents"
    static let foundLimit = 20
    /// The token as `editor.js` sends it.
    static let tokenHeader = "X-Minaoshi-Token"
    /// The token as a plain form POST carries it (a hidden input of the form).
    static let tokenField = "token"

    let root: URL
    /// The documents, vocabularies and corpus the forms and the live check use, kept between requests.
    let view: CorpusView
    let today: CalendarDate
    let guardrails: EditorGuard
    let state: BuildState
    /// Renders an edited document's page ahead of the rebuild; nil waits for the rebuild always.
    let previews: PagePreviews?
    /// How long a save waits for the rebuild of its change.
    let rebuildWait: Duration

    init(
        view: CorpusView, today: CalendarDate, guardrails: EditorGuard, state: BuildState,
        previews: PagePreviews? = nil, rebuildWait: Duration = .seconds(120)
    ) {
        self.previews = previews
        self.root = view.root
        self.view = view
        self.today = today
        self.guardrails = guardrails
        self.state = state
        self.rebuildWait = rebuildWait
    }

    /// Whether `path` is one of the editor's.
    static func handles(_ path: Substring) -> Bool {
        [scriptPath, stylePath, editLinkPath, documentsPath, checkPath, previewPath, savePath].contains(String(path))
            || path.hasPrefix(newPath) || path.hasPrefix(editPath)
    }

    func respond(to request: Request) async throws -> Response {
        let path = (request.head.path ?? "").prefix { $0 != "?" && $0 != "#" }
        // HTTP/1's Host header, as HTTPTypes carries it.
        let host = request.head.authority
        if request.method == .get || request.method == .head {
            if let refusal = guardrails.checkRead(host: host) { return refuse(refusal) }
            switch path {
            case Self.scriptPath: return Self.bytes(.ok, EditorAssets.script, type: "text/javascript; charset=utf-8")
            case Self.stylePath: return Self.bytes(.ok, EditorAssets.style, type: "text/css; charset=utf-8")
            case Self.editLinkPath:
                return Self.bytes(.ok, EditorAssets.editLinkScript, type: "text/javascript; charset=utf-8")
            case Self.documentsPath: return try await found(query: request.uri.query ?? "")
            default: return try await formPage(path)
            }
        }
        guard request.method == .post, [Self.checkPath, Self.previewPath, Self.savePath].contains(String(path)) else {
            var response = Self.json(.methodNotAllowed, ["message": "この操作は受け付けていません。"])
            response.headers[.allow] = "GET, HEAD"
            return response
        }
        // A browser's own form submission (no script) asks for a page, and is answered with one.
        let plain = request.headers[.accept]?.contains("text/html") == true
        if let refusal = guardrails.checkSender(
            host: host, origin: request.headers[.origin], referer: request.headers[.referer],
            fetchSite: request.headers[.init("Sec-Fetch-Site")!],
            declaredLength: request.headers[.contentLength].flatMap { Int($0) })
        {
            return refuse(refusal, plain: plain)
        }
        let body: ByteBuffer
        do {
            body = try await request.body.collect(upTo: guardrails.maxBodyBytes)
        } catch {
            return refuse(.tooLarge, plain: plain)
        }
        guard let form = FormValues.urlEncoded(Array(buffer: body)) else {
            return Self.json(.badRequest, ["message": "送られた内容を読めませんでした（フォームの形式ではありません）。"])
        }
        let token = request.headers[.init(Self.tokenHeader)!] ?? form[Self.tokenField].first
        if let refusal = guardrails.checkToken(token) { return refuse(refusal, plain: plain) }
        switch path {
        case Self.previewPath: return preview(form)
        case Self.checkPath: return try await check(form)
        default:
            let outcome = try await save(form)
            return plain ? try await page(for: outcome, form: form) : Self.json(for: outcome)
        }
    }

    private func refuse(_ refusal: EditorGuard.Refusal, plain: Bool = false) -> Response {
        let status: HTTPResponse.Status = refusal == .tooLarge ? .contentTooLarge : .forbidden
        if plain { return Self.page(Self.message("保存できません", refusal.message), status: status) }
        return Self.json(status, ["message": refusal.message, "refused": "\(refusal)"])
    }

    // MARK: - Pages

    /// `/_minaoshi/new/<kind>` or `/_minaoshi/edit/<section>/<id>`.
    private func formPage(_ path: Substring) async throws -> Response {
        let parts = path.split(separator: "/").map(String.init)
        if path.hasPrefix(Self.newPath), parts.count == 3, let kind = AuthoringKind(rawValue: parts[2]) {
            return Self.page(try await formPage(kind, values: FormValues(), editing: nil).html)
        }
        if path.hasPrefix(Self.editPath), parts.count == 4, let kind = AuthoringKind.bySection(parts[2]),
            CorpusLoader.isValidID(parts[3])
        {
            let id = parts[3]
            guard let text = try await blocking({ [self] in readFile(kind, id) }) else {
                return Self.page(Self.message("見つかりません", "\(kind.relativePath(id: id)) がありません。"), status: .notFound)
            }
            guard let values = DocumentForm.values(of: text, kind: kind, displayPath: kind.relativePath(id: id)),
                FrontMatterLayout(text) != nil
            else {
                return Self.page(
                    Self.message(
                        "編集できません", "\(kind.relativePath(id: id)) のフロントマター（--- で囲んだ部分）を読めません。テキストエディタで直してください。"),
                    status: .unprocessableContent)
            }
            return Self.page(try await formPage(kind, values: values, editing: (id, Self.hash(text))).html)
        }
        return Self.page(Self.message("見つかりません", "この編集ページはありません。"), status: .notFound)
    }

    /// The form of `kind` holding `values`, with the titles of the documents they name.
    private func formPage(
        _ kind: AuthoringKind, values: FormValues, editing: (id: String, hash: String)?,
        problems: FieldProblems = FieldProblems(), notice: String? = nil
    ) async throws -> EditorPage {
        let (vocabularies, titles) = try await blocking { [self] in
            var titles: [String: [String: String]] = [:]
            for case .plain(_, .documents(let section)) in DocumentForm.fields(for: kind) {
                titles[section] = view.documents(section).titles
            }
            return (view.vocabularies, titles)
        }
        return EditorPage(
            kind: kind, values: values, vocabularies: vocabularies, titles: titles, token: guardrails.token,
            editing: editing, problems: problems, notice: notice)
    }

    /// The picker's search: `section` and `q` from the query string.
    private func found(query: String) async throws -> Response {
        guard let parameters = FormValues.urlEncoded(Array(query.utf8)),
            DocumentIndex.pickableSections.contains(parameters.text("section"))
        else { return Self.json(.badRequest, ["message": "section がないか、探せない種類です。"]) }
        let words = parameters.text("q").nfkc.lowercased().split(whereSeparator: \.isWhitespace).map(String.init)
        let answer = try await blocking { [self] in
            view.documents(parameters.text("section")).matching(words, limit: Self.foundLimit)
        }
        return Self.json(.ok, answer)
    }

    // MARK: - Check and preview

    private func check(_ form: FormValues) async throws -> Response {
        guard let kind = AuthoringKind(rawValue: form.text("kind")) else {
            return Self.json(.badRequest, ["message": "kind がありません。"])
        }
        guard let (id, text) = try await blocking({ [self] in composed(kind, form) }) else {
            return Self.unreadable(kind, form)
        }
        let found = try await blocking { [self] in problems(kind, id: id, text: text, form: form) }
        var readings: [String: String] = [:]
        for case .plain(let key, .date) in DocumentForm.fields(for: kind) {
            readings[key] = CalendarDate(iso8601: form.text(key)).flatMap(ImportDate.eraReading) ?? ""
        }
        return Self.json(.ok, CheckAnswer(id: id, problems: found, readings: readings))
    }

    /// The live check's answer: the errors (`fields`, which stop a save) and the warnings (which
    /// do not) by field, and the 令和 reading of each date.
    struct CheckAnswer: Encodable {
        var id: String
        var fields: [String: [String]]
        var warnings: [String: [String]]
        var readings: [String: String]

        init(id: String, problems: FieldProblems, readings: [String: String]) {
            self.id = id
            self.fields = problems.errors
            self.warnings = problems.warnings
            self.readings = readings
        }
    }

    /// The text that saving this form writes, and the id of the document: a new document as
    /// `minaoshi new` lays it out, an edit as the file with only the changed fields rewritten.
    /// Nil for an edit of a file that is gone or whose front matter cannot be read (never a new
    /// document in its place).
    private func composed(_ kind: AuthoringKind, _ form: FormValues) -> (id: String, text: String)? {
        let editedID = form.text("id")
        if !editedID.isEmpty {
            guard CorpusLoader.isValidID(editedID), let original = readFile(kind, editedID),
                let text = DocumentForm.edited(
                    original, kind: kind, form: form, displayPath: kind.relativePath(id: editedID))
            else { return nil }
            return (editedID, text)
        }
        let request = DocumentForm.request(kind, form)
        let corpus = view.corpus
        let id = DocumentForm.newID(request, root: root, today: today) { corpus.declares($0, in: kind.section) }
        return (id, DocumentSkeleton.text(for: request, id: id))
    }

    /// The check's problems by form field, in Japanese: the file's own errors and warnings (what
    /// `minaoshi check` prints of it), and what the corpus-wide checks say of it against the
    /// documents around it (``EditorCorpus``). Only errors block saving, as only they fail a build.
    private func problems(_ kind: AuthoringKind, id: String, text: String, form: FormValues) -> FieldProblems {
        let vocabularies = view.vocabularies
        let regulationIDs = Set(view.documents(DocumentKind.regulationSection).ids)
        let relativePath = kind.relativePath(id: id)
        let own = DocumentForm.check(
            text, relativePath: relativePath, vocabularies: vocabularies, regulationIDs: regulationIDs)
        let corpusWide = DocumentForm.corpusCheck(text, relativePath: relativePath, corpus: view.corpus)
        var found = own.merging(corpusWide, uniquingKeysWith: +).filter { !$0.value.isEmpty }
        // The id is not a field of the form: it comes from the title (and the date), so its
        // problems are shown on the title.
        if let id = found.removeValue(forKey: "id") { found["title", default: []] = id + found["title", default: []] }
        let labels = DocumentForm.labels(for: kind)
        let bodyStart = Self.bodyStart(of: form[DocumentForm.bodyName].first ?? "", in: text)
        func shown(_ severity: Severity) -> [String: [String]] {
            var shown: [String: [String]] = [:]
            for (key, problems) in found {
                // The body's problems name their line of the body as the textarea holds it.
                let line = { (problem: Diagnostic) in
                    key == DocumentForm.bodyName ? "\(problem.location.line - bodyStart)行目：" : ""
                }
                let messages = problems.filter { $0.severity == severity }
                    .map { line($0) + EditorMessages.japanese($0, labels: labels) }
                if !messages.isEmpty { shown[key] = Self.distinct(messages) }
            }
            return shown
        }
        return FieldProblems(errors: shown(.error), warnings: shown(.warning))
    }

    /// The messages without repeats (a `**` that opens and one that closes say the same), in order.
    private static func distinct(_ messages: [String]) -> [String] {
        var seen: Set<String> = []
        return messages.filter { seen.insert($0).inserted }
    }

    /// How many lines of `text` come before the body as typed (`minaoshi new` puts an empty line
    /// between the front matter and the body); the lines after the front matter when it is not found.
    static func bodyStart(of typed: String, in text: String) -> Int {
        let typed = DocumentForm.normalizedBody(typed)
        let body = typed.trimmingCharacters(in: .newlines)
        let found = body.isEmpty ? nil : text.range(of: body, options: .backwards)
        guard let found else { return FrontMatterLayout(text).map { $0.closingFence + 1 } ?? 0 }
        let emptyLinesFirst = typed.prefix { $0 == "\n" }.count
        return text[..<found.lowerBound].utf8.count { $0 == UInt8(ascii: "\n") } - emptyLinesFirst
    }

    private func preview(_ form: FormValues) -> Response {
        let markdown = form[DocumentForm.bodyName].first ?? ""
        return Self.bytes(.ok, DocumentForm.previewHTML(markdown), type: ContentTypes.html)
    }

    // MARK: - Saving

    /// What a save came to, answered as JSON to `editor.js` (``json(for:)``) and as a page to a
    /// plain form POST (``page(for:form:)``).
    enum SaveOutcome {
        /// The form names no kind, or an id that cannot be one (400).
        case badRequest(String)
        /// The edited file is gone (404).
        case gone(String)
        /// The file changed on disk since the form opened, or could not be written (409).
        case conflict(String)
        /// The edited file's front matter cannot be read (422).
        case unreadable(String)
        /// The check found problems, by field (422): nothing was written.
        case invalid(id: String, problems: FieldProblems)
        case saved(SaveAnswer)
    }

    static let conflictMessage =
        "このファイルは、編集画面を開いた後にほかの方法で変更されています。上書きしないよう保存をやめました。ページを再読み込みして最新の内容から編集し直してください。"

    private func save(_ form: FormValues) async throws -> SaveOutcome {
        guard let kind = AuthoringKind(rawValue: form.text("kind")) else { return .badRequest("kind がありません。") }
        let editedID = form.text("id")
        let isEdit = !editedID.isEmpty
        if isEdit {
            guard CorpusLoader.isValidID(editedID) else { return .badRequest("ID「\(editedID)」は使えません。") }
            guard let current = try await blocking({ [self] in readFile(kind, editedID) }) else {
                return .gone("\(kind.relativePath(id: editedID)) がありません（消されたか、名前が変わりました）。")
            }
            guard Self.hash(current) == form.text("hash") else { return .conflict(Self.conflictMessage) }
        }
        guard let (id, text) = try await blocking({ [self] in composed(kind, form) }) else {
            return .unreadable(Self.unreadableMessage(kind, form))
        }
        if isEdit, try await blocking({ [self] in readFile(kind, id) }) == text {
            // Nothing changed: the file is not touched, and no rebuild is needed.
            return .saved(
                SaveAnswer(
                    location: "/\(kind.section)/\(id)/", path: kind.relativePath(id: id), built: true,
                    message: "変更はありませんでした。"))
        }
        let found = try await blocking { [self] in problems(kind, id: id, text: text, form: form) }
        guard found.errors.isEmpty else { return .invalid(id: id, problems: found) }
        let relativePath = kind.relativePath(id: id)
        let updates = state.listen()
        let written: Result<ContinuousClock.Instant, DiagnosticsError> = try await blocking { [self] in
            do throws(DiagnosticsError) {
                try NewDocument.write(text, to: relativePath, root: root, replacing: isEdit)
                view.refresh()
                return .success(.now)
            } catch {
                return .failure(error)
            }
        }
        let writtenAt: ContinuousClock.Instant
        switch written {
        case .success(let instant): writtenAt = instant
        case .failure(let error):
            return .conflict("保存できませんでした：\(error.diagnostics.map(\.message).joined(separator: " "))")
        }
        let location = "/\(kind.section)/\(id)/"
        if let previews, try await blocking({ previews.preview(SourceChanges(paths: [relativePath])) }) {
            return .saved(SaveAnswer(location: location, path: relativePath, built: true, message: "保存しました。"))
        }
        let outcome = await ownBuild(after: writtenAt, in: updates)
        switch outcome {
        case .some(let diagnostics) where !diagnostics.isEmpty:
            return .saved(
                SaveAnswer(
                    location: location, path: relativePath, built: false,
                    message: "保存しましたが、サイトの作り直しに失敗しました：" + diagnostics.joined(separator: "\n")))
        case .some:
            return .saved(SaveAnswer(location: location, path: relativePath, built: true, message: "保存しました。"))
        case .none:
            return .saved(
                SaveAnswer(
                    location: location, path: relativePath, built: false, message: "保存しました。サイトの作り直しがまだ終わっていません。"))
        }
    }

    static func json(for outcome: SaveOutcome) -> Response {
        switch outcome {
        case .badRequest(let message): json(.badRequest, ["message": message])
        case .gone(let message): json(.notFound, ["message": message])
        case .conflict(let message): json(.conflict, ["message": message])
        case .unreadable(let message): json(.unprocessableContent, ["message": message])
        case .invalid(let id, let problems):
            json(.unprocessableContent, CheckAnswer(id: id, problems: problems, readings: [:]))
        case .saved(let answer): json(.ok, answer)
        }
    }

    /// A plain form POST's answer: a saved document's page by a redirect (303, so that reloading it
    /// does not post again), the form again with what was posted and its problems beside their
    /// fields, or a page that says why nothing could be done.
    private func page(for outcome: SaveOutcome, form: FormValues) async throws -> Response {
        let kind = AuthoringKind(rawValue: form.text("kind"))
        let editing = form.text("id").isEmpty ? nil : (id: form.text("id"), hash: form.text("hash"))
        switch outcome {
        case .saved(let answer):
            var response = Self.page(Self.message("保存しました", answer.message), status: .seeOther)
            response.headers[.location] = answer.location
            return response
        case .invalid(_, let problems):
            guard let kind else { break }
            let page = try await formPage(
                kind, values: form, editing: editing, problems: problems, notice: "保存できませんでした。赤い字の項目を直してください。")
            return Self.page(page.html, status: .unprocessableContent)
        case .conflict(let message):
            // The official's text is kept in the form, so that nothing typed is lost.
            guard let kind else { break }
            let page = try await formPage(kind, values: form, editing: editing, notice: message)
            return Self.page(page.html, status: .conflict)
        case .badRequest(let message):
            return Self.page(Self.message("保存できません", message), status: .badRequest)
        case .gone(let message):
            return Self.page(Self.message("保存できません", message), status: .notFound)
        case .unreadable(let message):
            return Self.page(Self.message("保存できません", message), status: .unprocessableContent)
        }
        return Self.page(Self.message("保存できません", "kind がありません。"), status: .badRequest)
    }

    static func unreadableMessage(_ kind: AuthoringKind, _ form: FormValues) -> String {
        "\(kind.relativePath(id: form.text("id"))) がないか、フロントマター（--- で囲んだ部分）を読めません。テキストエディタで直してから、編集し直してください。"
    }

    static func unreadable(_ kind: AuthoringKind, _ form: FormValues) -> Response {
        json(.unprocessableContent, ["message": unreadableMessage(kind, form)])
    }

    struct SaveAnswer: Encodable {
        var location: String
        var path: String
        var built: Bool
        var message: String
    }

    /// The problems of the first build to end that began after the file was written at `written`
    /// (empty when it succeeded), or nil when none ended within `rebuildWait`. A build already
    /// running then may have read the file before it was written: its end is not the answer, the
    /// one the watcher starts after it is.
    private func ownBuild(after written: ContinuousClock.Instant, in updates: AsyncStream<BuildState.Snapshot>)
        async -> [String]?
    {
        let wait = rebuildWait
        let state = state
        return await withTaskGroup(of: [String]?.self) { group in
            group.addTask {
                for await _ in updates {
                    if let ended = state.ended(beganAfter: written) { return ended.diagnostics }
                }
                return nil
            }
            group.addTask {
                try? await Task.sleep(for: wait)
                return nil
            }
            let first = await group.next() ?? nil
            group.cancelAll()
            return first
        }
    }

    // MARK: - Files

    /// The text of `content/<section>/<id>.md`; nil when there is none. `id` must be valid.
    func readFile(_ kind: AuthoringKind, _ id: String) -> String? {
        precondition(CorpusLoader.isValidID(id))
        let url = root.appendingPathComponent(kind.relativePath(id: id))
        return FileManager.default.contents(atPath: url.path).flatMap { String(data: $0, encoding: .utf8) }
    }

    /// Whether a page at `segments` (`regulations/<id>/index.html`) has a source the editor can open.
    func editablePage(_ segments: [String]) -> String? {
        guard guardrails.isEnabled, segments.count == 3, segments[2] == "index.html",
            let kind = AuthoringKind.bySection(segments[0]), CorpusLoader.isValidID(segments[1])
        else { return nil }
        let url = root.appendingPathComponent(kind.relativePath(id: segments[1]))
        return FileManager.default.fileExists(atPath: url.path) ? "\(Self.editPath)\(kind.section)/\(segments[1])" : nil
    }

    /// FNV-1a (64 bits) of the file's bytes, as hex: tells a file changed since a form opened.
    static func hash(_ text: String) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 { hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01b3 }
        return String(hash, radix: 16)
    }

    private func blocking<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
        try await NIOThreadPool.singleton.runIfActive(work)
    }

    // MARK: - Responses

    static func bytes(_ status: HTTPResponse.Status, _ content: String, type: String) -> Response {
        bytes(status, Array(content.utf8), type: type)
    }

    static func bytes(_ status: HTTPResponse.Status, _ content: [UInt8], type: String) -> Response {
        Response(
            status: status, headers: [.contentType: type, .cacheControl: "no-store"],
            body: .init(byteBuffer: ByteBuffer(bytes: content)))
    }

    static func page(_ html: String, status: HTTPResponse.Status = .ok) -> Response {
        var response = bytes(status, html, type: ContentTypes.html)
        response.headers[.contentSecurityPolicy] = "default-src 'self'; frame-ancestors 'none'"
        return response
    }

    static func json<T: Encodable>(_ status: HTTPResponse.Status, _ value: T) -> Response {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let data = (try? encoder.encode(value)) ?? Data("{}".utf8)
        return bytes(status, [UInt8](data), type: "application/json")
    }

    static func message(_ title: String, _ text: String) -> String {
        """
        <!DOCTYPE html>
        <html lang="ja"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
        <title>\(title.escapedForMarkup)</title><link rel="stylesheet" href="\(stylePath)"></head>
        <body><main><h1>\(title.escapedForMarkup)</h1><p>\(text.escapedForMarkup)</p></main></body></html>

        """
    }
}

extension AuthoringKind {
    /// The kind whose documents live in `section` (`regulations`, `cases`).
    static func bySection(_ section: String) -> AuthoringKind? {
        allCases.first { $0.section == section }
    }
}
