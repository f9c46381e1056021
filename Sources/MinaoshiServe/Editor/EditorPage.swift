import MinaoshiContent
import MinaoshiSupport

/// The editor's form page, generated from the declarations of a kind's fields
/// (``DocumentForm/fields(for:)``), each labelled in the words of ``DocumentForm/labels(for:)``
/// (``FieldWording/formLabel``): a vocabulary field as a choice of its terms labelled in
/// Japanese, a list of documents as a picker that holds only the chosen ones, a date as a date
/// input with its 令和 reading beside it, rows (sources, outcomes, changes) as repeatable groups,
/// and the body as a Markdown textarea with its preview. Every input has a label, and its error
/// (filled by `editor.js`, or by the server when it answers a plain form POST) is tied to it with
/// `aria-describedby`. No inline script or style: the page
/// loads `editor.js` and `editor.css`, so that a `default-src 'self'` policy allows it.
struct EditorPage {
    /// A document a list of documents can name.
    struct Choice: Sendable {
        var id: String
        var title: String
    }

    var kind: AuthoringKind
    var values: FormValues
    var vocabularies: Vocabularies
    /// The title of each document a `.documents` field names, by section then id: only those chosen
    /// are in the page (the picker finds the others through ``Editor/documentsPath``).
    var titles: [String: [String: String]]
    var token: String
    /// For an edit: the document's id and the hash of its file as read.
    var editing: (id: String, hash: String)?
    /// Problems to show beside their fields (by form name; `""` for the form as a whole), when the
    /// page answers a plain form POST that could not be saved.
    var problems = FieldProblems()
    /// Said at the top of the form, as an alert, when the page answers such a POST.
    var notice: String?

    /// Lists with more choices than this get a box that filters them.
    static let searchableFrom = 13

    var html: String {
        let noun = kind == .regulation ? "規制の見直し" : "事例"
        let heading = editing == nil ? "新しい\(noun)を書く" : "\(noun)を編集する"
        var out = """
            <!DOCTYPE html>
            <html lang="ja">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <meta name="robots" content="noindex">
            <title>\(heading)（minaoshi serve）</title>
            <link rel="stylesheet" href="\(Editor.stylePath)">
            <script src="\(Editor.scriptPath)" defer></script>
            </head>
            <body>
            <main id="editor-main">
            <h1>\(heading)</h1>

            """
        if let editing {
            out += "<p>ファイル：<code>\(kind.relativePath(id: editing.id).escapedForMarkup)</code>。変えた項目だけが書き換わります。</p>\n"
        } else {
            out +=
                "<p>保存すると <code>content/\(kind.section)/</code> に新しいファイルができ、サイトが作り直されて新しいページが開きます。ID：<output id=\"new-id\">（タイトルから決まります）</output></p>\n"
        }
        out += """
            <div id="form-status" role="status" aria-live="polite"></div>
            <div id="form-errors" class="form-errors" role="alert" data-error-for="">\(([notice].compactMap { $0 } + (problems.errors[""] ?? [])).joined(separator: " ").escapedForMarkup)</div>
            <form id="editor" class="editor" method="post" action="\(Editor.savePath)" data-token="\(token.escapedForMarkup)" novalidate>
            <input type="hidden" name="kind" value="\(kind.rawValue)">
            <input type="hidden" name="\(Editor.tokenField)" value="\(token.escapedForMarkup)">

            """
        if let editing {
            out += "<input type=\"hidden\" name=\"id\" value=\"\(editing.id.escapedForMarkup)\">\n"
            out += "<input type=\"hidden\" name=\"hash\" value=\"\(editing.hash.escapedForMarkup)\">\n"
        }
        let labels = DocumentForm.labels(for: kind)
        for field in DocumentForm.fields(for: kind) { out += self.field(field, label: labels[field.key] ?? field.key) }
        out += body()
        out += """
            <div class="actions"><button type="submit" id="save">保存する</button></div>
            </form>
            </main>
            </body>
            </html>

            """
        return out
    }

    // MARK: - Fields

    private func field(_ field: DocumentField, label: String) -> String {
        let key = field.key
        switch field {
        case .vocabulary(let vocabulary):
            let terms = vocabularies[vocabulary.kind].terms.map { Choice(id: $0.id, title: $0.ja) }
            let required = vocabulary.presence == .required
            return vocabulary.isList
                ? checkboxes(key, label: label, choices: terms, required: required)
                : select(key, label: label, choices: terms, required: required)
        case .plain(_, let input):
            switch input {
            case .line, .identifier: return textInput(key, label: label, type: "text")
            case .paragraph: return textArea(key, label: label, rows: 3, note: nil)
            case .lines: return textArea(key, label: label, rows: 3, note: "1行に1つずつ書きます。")
            case .date: return dateInput(key, label: label)
            case .documents(let section): return picker(field, section: section, label: label)
            case .phase: return phase(key, label: label)
            case .outcomes:
                return rows(
                    key, label: label,
                    parts: [("label", "項目", "text"), ("value", "値", "text"), ("period", "期間（任意）", "text")], add: "成果を追加"
                )
            case .sources:
                return rows(key, label: label, parts: [("title", "出典の名前", "text"), ("url", "URL", "url")], add: "出典を追加")
            case .changes:
                return rows(
                    key, label: label, parts: [("date", "日付", "date"), ("note", "内容", "text")], add: "変更を追加")
            case .flag: return flag(key, label: label)
            }
        }
    }

    /// Where a field's errors and, below them in their own style, its warnings are shown; the
    /// field's inputs name both in `aria-describedby`.
    private func errorSlot(_ key: String) -> String {
        let errors = (problems.errors[key] ?? []).joined(separator: " ").escapedForMarkup
        let warnings = (problems.warnings[key] ?? []).joined(separator: " ").escapedForMarkup
        return """
            <p class="error" id="err-\(key)" data-error-for="\(key)">\(errors)</p>
            <p class="warning" id="warn-\(key)" data-warning-for="\(key)">\(warnings)</p>

            """
    }

    /// ` aria-invalid="true"` on the inputs of a field with an error shown (a warning alone does
    /// not make a field invalid: it does not stop the save).
    private func invalid(_ key: String) -> String {
        problems.errors[key]?.isEmpty == false ? " aria-invalid=\"true\"" : ""
    }

    private func textInput(_ key: String, label: String, type: String) -> String {
        let value = values[key].first ?? ""
        return """
            <div class="field" id="field-\(key)">
            <label for="in-\(key)">\(label.escapedForMarkup)</label>
            <input type="\(type)" id="in-\(key)" name="\(key)" value="\(value.escapedForMarkup)" aria-describedby="err-\(key) warn-\(key)"\(invalid(key))>
            \(errorSlot(key))</div>

            """
    }

    // A textarea's value is written after a line break: HTML drops one line break right after
    // `<textarea>`, so a value that starts with one (a body below a blank line) keeps it.

    private func textArea(_ key: String, label: String, rows: Int, note: String?) -> String {
        let value = values[key].first ?? ""
        let noteID = "note-\(key)"
        return """
            <div class="field" id="field-\(key)">
            <label for="in-\(key)">\(label.escapedForMarkup)</label>
            \(note.map { "<p class=\"note\" id=\"\(noteID)\">\($0)</p>" } ?? "")
            <textarea id="in-\(key)" name="\(key)" rows="\(rows)" aria-describedby="err-\(key) warn-\(key)\(note == nil ? "" : " " + noteID)"\(invalid(key))>\n\(value.escapedForMarkup)</textarea>
            \(errorSlot(key))</div>

            """
    }

    private func dateInput(_ key: String, label: String) -> String {
        let value = values[key].first ?? ""
        let reading = CalendarDate(iso8601: value).flatMap(ImportDate.eraReading) ?? ""
        return """
            <div class="field" id="field-\(key)">
            <label for="in-\(key)">\(label.escapedForMarkup)</label>
            <div class="date-row"><input type="date" id="in-\(key)" name="\(key)" value="\(value.escapedForMarkup)" aria-describedby="err-\(key) warn-\(key) reading-\(key)"\(invalid(key))>
            <output class="reading" id="reading-\(key)" for="in-\(key)" data-reading-for="\(key)">\(reading.escapedForMarkup)</output></div>
            \(errorSlot(key))</div>

            """
    }

    private func select(_ key: String, label: String, choices: [Choice], required: Bool) -> String {
        let chosen = values[key].first ?? ""
        var options = "<option value=\"\">（選んでください）</option>\n"
        for choice in choices {
            options +=
                "<option value=\"\(choice.id.escapedForMarkup)\"\(choice.id == chosen ? " selected" : "")>\(choice.title.escapedForMarkup)</option>\n"
        }
        if !chosen.isEmpty, !choices.contains(where: { $0.id == chosen }) {
            options +=
                "<option value=\"\(chosen.escapedForMarkup)\" selected>\(chosen.escapedForMarkup)（一覧にない値）</option>\n"
        }
        return """
            <div class="field" id="field-\(key)">
            <label for="in-\(key)">\(label.escapedForMarkup)\(required ? "（必須）" : "")</label>
            <select id="in-\(key)" name="\(key)" aria-describedby="err-\(key) warn-\(key)"\(invalid(key))>
            \(options)</select>
            \(errorSlot(key))</div>

            """
    }

    private func checkboxes(_ key: String, label: String, choices: [Choice], required: Bool) -> String {
        // A posted form holds an empty value besides the ticked ones (the hidden input below).
        let chosen = values[key].filter { !$0.isEmpty }
        var all = choices
        for id in chosen where !choices.contains(where: { $0.id == id }) {
            all.append(Choice(id: id, title: "\(id)（一覧にない値）"))
        }
        let searchable = all.count >= Self.searchableFrom
        var out = "<fieldset class=\"field choices\" id=\"field-\(key)\" aria-describedby=\"err-\(key) warn-\(key)\">\n"
        out += "<legend>\(label.escapedForMarkup)\(required ? "（1つ以上）" : "")</legend>\n"
        if searchable {
            out += "<label class=\"filter-label\" for=\"filter-\(key)\">一覧を絞り込む</label>\n"
            out +=
                "<input type=\"search\" class=\"filter\" id=\"filter-\(key)\" data-filter=\"list-\(key)\" autocomplete=\"off\">\n"
        }
        // Posted even when nothing is ticked, so that an edit can empty the list.
        out += "<input type=\"hidden\" name=\"\(key)\" value=\"\">\n"
        out += "<ul class=\"choice-list\(searchable ? " long" : "")\" id=\"list-\(key)\">\n"
        for (index, choice) in all.enumerated() {
            let id = "in-\(key)-\(index)"
            out +=
                "<li><input type=\"checkbox\" id=\"\(id)\" name=\"\(key)\" value=\"\(choice.id.escapedForMarkup)\"\(chosen.contains(choice.id) ? " checked" : "")\(invalid(key))>"
            out += "<label for=\"\(id)\">\(choice.title.escapedForMarkup)</label></li>\n"
        }
        out += "</ul>\n" + errorSlot(key) + "</fieldset>\n"
        return out
    }

    /// The documents a field names, however many the section holds: the chosen ones as a list
    /// (each with a button that takes it out), a box that finds others through
    /// ``Editor/documentsPath`` and adds them, and the ids themselves in a text field, one a line,
    /// which is what is posted. Without JavaScript the text field alone does the work (the box and
    /// the buttons stay hidden); with it, the list and the field are kept in step.
    private func picker(_ field: DocumentField, section: String, label: String) -> String {
        let key = field.key
        let chosen = DocumentForm.canonical(field, in: values)
        let known = titles[section] ?? [:]
        var out = "<fieldset class=\"field picker\" id=\"field-\(key)\" aria-describedby=\"err-\(key) warn-\(key)\">\n"
        out += "<legend>\(label.escapedForMarkup)</legend>\n"
        out += "<p class=\"note\" id=\"chosen-note-\(key)\">選んだもの（\(chosen.count)件）</p>\n"
        out += "<ul class=\"chosen-list\" id=\"chosen-\(key)\" aria-labelledby=\"chosen-note-\(key)\">\n"
        for id in chosen {
            let title = known[id] ?? "\(id)（一覧にない値）"
            out += "<li data-id=\"\(id.escapedForMarkup)\"><span>\("\(title)（\(id)）".escapedForMarkup)</span>"
            out +=
                " <button type=\"button\" class=\"remove-choice\" data-remove=\"\(id.escapedForMarkup)\" aria-label=\"外す：\(title.escapedForMarkup)\" hidden>外す</button></li>\n"
        }
        out += "</ul>\n"
        out += """
            <div class="picker-search" data-picker="\(key)" data-section="\(section.escapedForMarkup)" hidden>
            <label class="filter-label" for="find-\(key)">探して加える（タイトルか ID の一部）</label>
            <input type="search" class="filter" id="find-\(key)" autocomplete="off" aria-describedby="found-status-\(key)" aria-controls="found-\(key)">
            <p class="note" id="found-status-\(key)" role="status" aria-live="polite"></p>
            <ul class="found-list" id="found-\(key)"></ul>
            </div>
            <label class="filter-label" for="in-\(key)">ID（1行に1つ）</label>
            <textarea id="in-\(key)" name="\(key)" rows="3" aria-describedby="err-\(key) warn-\(key)"\(invalid(key))>\n\(chosen.joined(separator: "\n").escapedForMarkup)</textarea>

            """
        return out + errorSlot(key) + "</fieldset>\n"
    }

    /// A box to tick: posted as `true` when ticked, and as empty (a hidden input before it) when
    /// not, so that an edit can untick it.
    private func flag(_ key: String, label: String) -> String {
        let ticked = values[key].contains { !$0.isEmpty }
        return """
            <div class="field flag" id="field-\(key)">
            <input type="hidden" name="\(key)" value="">
            <input type="checkbox" id="in-\(key)" name="\(key)" value="true"\(ticked ? " checked" : "") aria-describedby="err-\(key) warn-\(key)"\(invalid(key))>
            <label for="in-\(key)">\(label.escapedForMarkup)（チェックするとサイトに載りません）</label>
            \(errorSlot(key))</div>

            """
    }

    private func phase(_ key: String, label: String) -> String {
        var out =
            "<fieldset class=\"field\" id=\"field-\(key)\" aria-describedby=\"err-\(key) warn-\(key)\">\n<legend>\(label.escapedForMarkup)（任意）</legend>\n"
        for (part, name) in [("before", "見直し前"), ("after", "見直し後")] {
            let chosen = values["\(key).\(part)"].first ?? ""
            out +=
                "<label for=\"in-\(key)-\(part)\">\(name)</label>\n<select id=\"in-\(key)-\(part)\" name=\"\(key).\(part)\">\n"
            out += "<option value=\"\">（なし）</option>\n"
            for level in 1...3 {
                out +=
                    "<option value=\"\(level)\"\(chosen == String(level) ? " selected" : "")>PHASE \(level)</option>\n"
            }
            out += "</select>\n"
        }
        return out + errorSlot(key) + "</fieldset>\n"
    }

    /// A group of rows, each with its parts; at least one (empty) row, and a button that adds one.
    private func rows(_ key: String, label: String, parts: [(name: String, label: String, type: String)], add: String)
        -> String
    {
        let columns = parts.map { values["\(key).\($0.name)"] }
        let count = max(1, columns.map(\.count).max() ?? 0)
        var out =
            "<fieldset class=\"field rows\" id=\"field-\(key)\" aria-describedby=\"err-\(key) warn-\(key)\">\n<legend>\(label.escapedForMarkup)</legend>\n"
        out += "<div class=\"row-list\" id=\"rows-\(key)\" data-rows=\"\(key)\">\n"
        for row in 0..<count {
            out += "<div class=\"row\">\n"
            for (part, column) in zip(parts, columns) {
                let value = row < column.count ? column[row] : ""
                let id = "in-\(key)-\(part.name)-\(row)"
                out += "<label for=\"\(id)\">\(part.label)（\(row + 1)）</label>"
                out +=
                    "<input type=\"\(part.type)\" id=\"\(id)\" name=\"\(key).\(part.name)\" value=\"\(value.escapedForMarkup)\"\(invalid(key))>\n"
            }
            out += "<button type=\"button\" class=\"remove-row\">この行を消す（\(row + 1)）</button>\n</div>\n"
        }
        out += "</div>\n<button type=\"button\" class=\"add-row\" data-add-row=\"\(key)\">\(add)</button>\n"
        return out + errorSlot(key) + "</fieldset>\n"
    }

    private func body() -> String {
        let value = values[DocumentForm.bodyName].first ?? ""
        let key = DocumentForm.bodyName
        return """
            <div class="field body-field" id="field-\(key)">
            <label for="in-\(key)">本文（Markdown）</label>
            <p class="note" id="note-\(key)">空のまま保存すると、見出しと書き方の案内が入ります。</p>
            <textarea id="in-\(key)" name="\(key)" rows="16" aria-describedby="err-\(key) warn-\(key) note-\(key)"\(invalid(key))>\n\(value.escapedForMarkup)</textarea>
            \(errorSlot(key))</div>
            <section class="preview-section" aria-labelledby="preview-heading">
            <h2 id="preview-heading">本文のプレビュー</h2>
            <div id="preview" class="preview"></div>
            </section>

            """
    }
}
