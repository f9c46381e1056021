import MinaoshiSupport

/// The check's problems as the editor shows them beside a field: in Japanese, naming the field by
/// its label. The common messages of the loader are said in Japanese; any other is introduced in
/// Japanese and given as the check wrote it, so that nothing it says is lost.
enum EditorMessages {
    static func japanese(_ diagnostic: Diagnostic, labels: [String: String]) -> String {
        let message = diagnostic.message
        func label(_ key: Substring) -> String {
            let top = key.split(separator: ".").first.map(String.init) ?? String(key)
            let base = top.split(separator: "[").first.map(String.init) ?? top
            return "「\(labels[base] ?? base)」"
        }
        if let match = message.wholeMatch(of: /missing required field '([^']+)'/) {
            return "\(label(match.1))を入力してください（必須の項目です）。"
        }
        if let match = message.wholeMatch(of: /'([^']+)' is empty/) {
            return "\(label(match.1))が空です。入力してください。"
        }
        if let match = message.wholeMatch(of: /'([^']+)' needs at least one .*/) {
            return "\(label(match.1))を1つ以上選んでください。"
        }
        if let match = message.wholeMatch(of: /'([^']+)' is not a date: .*/) {
            return "\(label(match.1))が日付になっていません。日付の欄から選んでください（例：2024-06-28）。"
        }
        if let match = message.wholeMatch(of: /'([^']+)' must be an absolute http\(s\) URL, found '(.*)'/) {
            return "\(label(match.1))の URL「\(match.2)」は、http:// か https:// で始まる完全な URL にしてください。"
        }
        if let match = message.wholeMatch(of: /unknown (\w+) '(.*)' in '([^']+)'/) {
            return "\(label(match.3))の「\(match.2)」は一覧にありません。一覧から選んでください。"
        }
        if let match = message.wholeMatch(of: /no regulation review with id '(.*)'/) {
            return "規制の見直し「\(match.1)」はありません。一覧から選んでください。"
        }
        if let match = message.wholeMatch(of: /'([^']+)' in '([^']+)' is not a regulation id/) {
            return "\(label(match.2))の「\(match.1)」は ID の形になっていません（小文字の英字・数字と - だけです）。一覧から選んでください。"
        }
        if let match = message.wholeMatch(of: /'phase\.after' \((.*)\) is lower than 'phase\.before' \((.*)\)/) {
            return "\(label("phase"))の見直し後（PHASE \(match.1)）が見直し前（PHASE \(match.2)）より低くなっています。"
        }
        if let match = message.wholeMatch(of: /id '(.*)' is already used by (.*)/) {
            return
                "ID「\(match.1)」は \(match.2) がすでに使っています。ID は種類ごとに1つずつ違うものにしてください（新しい文書の ID はタイトルか日付から決まります。どちらかを変えてください）。"
        }
        if let match = message.wholeMatch(of: /title is the same as that of (.*)/) {
            return "\(label("title"))が \(match.1) と同じです。ほかの文書と見分けられるタイトルにしてください。"
        }
        if let match = message.wholeMatch(
            of: /link to '(.*)' points to (.*), which does not exist or is not published/)
        {
            return
                "本文のリンク「\(match.1)」の先（\(match.2)）がないか、下書きなどでまだ公開されていません。ファイル名を確かめてください（文書どうしのリンクは ../cases/名前.md のように書きます）。"
        }
        if let match = message.wholeMatch(of: /no heading '#(.*)' in (.*)/) {
            let headings = diagnostic.hint?.wholeMatch(of: /headings there are: (.*)/).map { "（ある見出し：\($0.1)）" }
            return "本文のリンクの「#\(match.1)」は、\(match.2) の見出しにありません。見出しの名前を確かめてください"
                + (headings ?? "（その文書には見出しがありません）") + "。"
        }
        if let match = message.wholeMatch(of: /no '([^']+)' given/) {
            return "\(label(match.1))がまだありません。分かれば入れてください（このままでも保存できます）。"
        }
        if let match = message.wholeMatch(of: /'updated' \((.*)\) is before 'date' \((.*)\)/) {
            return "\(label("updated"))（\(match.1)）が\(label("date"))（\(match.2)）より前になっています。"
        }
        if message == "this '**' (or '__') is shown as literal characters, not as bold" {
            return "この「**」（または「__」）は太字にならず、記号のまま表示されます。かっこの外に出す（「**重要**」）か、空白を入れてください（このままでも保存できます）。"
        }
        if let match = message.wholeMatch(of: /'([^']+)' must be (.*), found (.*)/) {
            return "\(label(match.1))の書き方が違います（\(message)）。"
        }
        return "この項目を確かめてください：\(message)" + (diagnostic.hint.map { "（\($0)）" } ?? "")
    }
}
