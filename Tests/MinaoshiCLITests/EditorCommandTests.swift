import Foundation
import MinaoshiTestSupport
import Testing

/// The editor of the real `minaoshi serve`, over a real loopback socket: its forms exist only
/// there, saving writes what `minaoshi new` writes and rebuilds, an edit changes one field's
/// bytes, and every write that does not come from the editor's own page is refused.
@Suite(.serialized) struct EditorCommandTests {
    /// The project of ``ServeCommandTests``, served; stopped and removed after `body`.
    static func serving(arguments: [String] = [], _ body: (FixtureSite, ServeProcess) throws -> Void) throws {
        try ServeCommandTests.serving(arguments: arguments, body)
    }

    /// The token a form page hands out.
    static func token(_ server: ServeProcess) throws -> String {
        let page = try #require(try server.http.get("/_minaoshi/new/case"))
        let match = try #require(page.text.firstMatch(of: /data-token="([0-9a-f]{64})"/))
        return String(match.1)
    }

    /// A POST as the editor's page sends it, each header replaceable (nil leaves it out).
    static func post(
        _ server: ServeProcess, _ path: String, _ form: String, token: String?, host: String? = nil,
        origin: String?? = .some(nil), declaredLength: Int? = nil
    ) throws -> RawHTTPResponse {
        let host = host ?? "127.0.0.1:\(server.port)"
        var lines = [
            "POST \(path) HTTP/1.1", "Host: \(host)", "Connection: close",
            "Content-Type: application/x-www-form-urlencoded", "Content-Length: \(declaredLength ?? form.utf8.count)"
        ]
        switch origin {
        case .none: break
        case .some(.none): lines.append("Origin: http://\(host)")
        case .some(.some(let value)): lines.append("Origin: \(value)")
        }
        if let token { lines.append("X-Minaoshi-Token: \(token)") }
        return try #require(try server.http.send(Array((lines.joined(separator: "\r\n") + "\r\n\r\n" + form).utf8)))
    }

    static func encoded(_ pairs: [(String, String)]) -> String {
        var allowed = CharacterSet.alphanumerics.intersection(
            CharacterSet(charactersIn: Unicode.Scalar(0)..<Unicode.Scalar(128)))
        allowed.insert(charactersIn: "-._~")
        return pairs.map { "\($0.0)=\($0.1.addingPercentEncoding(withAllowedCharacters: allowed)!)" }.joined(
            separator: "&")
    }

    static func json(_ response: RawHTTPResponse) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(response.body)) as? [String: Any])
    }

    @Test func theFormsAreServeOnlyAndFollowTheModel() throws {
        try Self.serving { site, server in
            let newCase = try #require(try server.http.get("/_minaoshi/new/case"))
            #expect(newCase.status == 200)
            #expect(newCase.headers["content-security-policy"]?.contains("default-src 'self'") == true)
            for text in [
                "<html lang=\"ja\">", "<script src=\"/_minaoshi/editor.js\" defer>",
                "name=\"categories\" value=\"visual-inspection\"",
                "目視", "<textarea id=\"in-regulations\" name=\"regulations\"", "id=\"find-regulations\"",
                "type=\"date\"", "name=\"outcomes.label\"",
                "name=\"sources.url\"", "aria-describedby=\"err-title warn-title\"", "<textarea id=\"in-body\""
            ] {
                #expect(newCase.text.contains(text), "\(text)")
            }
            #expect(!newCase.text.contains("<script>") && !newCase.text.contains("style=\""))
            // The reviews a case may name are not in the page: the picker finds them.
            #expect(!newCase.text.contains("規制B"))
            let found = try Self.json(
                try #require(try server.http.get("/_minaoshi/documents?section=regulations&q=%E8%A6%8F%E5%88%B6")))
            #expect((found["items"] as? [[String: String]]) == [["id": "b", "title": "規制B"]])
            #expect(found["total"] as? Int == 1)
            let byID = try Self.json(try #require(try server.http.get("/_minaoshi/documents?section=regulations&q=B")))
            #expect(byID["total"] as? Int == 1)
            #expect(try server.http.get("/_minaoshi/documents?section=_data&q=a")?.status == 400)
            // An edit shows the chosen ones by title, and their ids in the field that is posted.
            let editCase = try #require(try server.http.get("/_minaoshi/edit/cases/a"))
            #expect(editCase.text.contains("<li data-id=\"b\"><span>規制B（b）</span>"))
            #expect(
                editCase.text.contains(
                    "name=\"regulations\" rows=\"3\" aria-describedby=\"err-regulations warn-regulations\">\nb</textarea>"
                ))
            let newRegulation = try #require(try server.http.get("/_minaoshi/new/regulation"))
            #expect(newRegulation.status == 200)
            #expect(
                newRegulation.text.contains("name=\"phase.before\"") && newRegulation.text.contains("name=\"laws\""))
            #expect(
                try server.http.get("/_minaoshi/editor.js")?.headers["content-type"]?.hasPrefix("text/javascript")
                    == true)
            #expect(
                try server.http.get("/_minaoshi/editor.css")?.headers["content-type"]?.hasPrefix("text/css") == true)
            // A document's page links to its editor; the built files on disk have none of it.
            let page = try #require(try server.http.get("/regulations/b/"))
            #expect(page.text.contains("data-edit=\"/_minaoshi/edit/regulations/b\""))
            let edit = try #require(try server.http.get("/_minaoshi/edit/regulations/b"))
            #expect(edit.status == 200)
            #expect(edit.text.contains("value=\"規制B\""))
            for (path, data) in try site.tree("site") {
                #expect(!String(decoding: data, as: UTF8.self).contains("/_minaoshi/"), "\(path)")
            }
            #expect(!site.exists("site/_minaoshi"))
        }
    }

    @Test func everyWriteNotFromTheEditorsPageIsRefused() throws {
        try Self.serving { site, server in
            let token = try Self.token(server)
            let form = Self.encoded([("kind", "case"), ("title", "攻撃"), ("categories", "visual-inspection")])
            let before = try site.tree("content")
            func refusal(_ response: RawHTTPResponse) -> String {
                ((try? JSONSerialization.jsonObject(with: Data(response.body))) as? [String: Any])?["refused"]
                    as? String ?? ""
            }

            let noToken = try Self.post(server, "/_minaoshi/save", form, token: nil)
            #expect(noToken.status == 403 && refusal(noToken) == "wrongToken")
            let wrongToken = try Self.post(server, "/_minaoshi/save", form, token: String(repeating: "0", count: 64))
            #expect(wrongToken.status == 403 && refusal(wrongToken) == "wrongToken")
            let noOrigin = try Self.post(server, "/_minaoshi/save", form, token: token, origin: .none)
            #expect(noOrigin.status == 403 && refusal(noOrigin) == "wrongOrigin")
            let crossSite = try Self.post(server, "/_minaoshi/save", form, token: token, origin: "http://evil.example")
            #expect(crossSite.status == 403 && refusal(crossSite) == "wrongOrigin")
            // DNS rebinding: another name resolved to 127.0.0.1 sends that name, for reads and writes.
            let rebound = try Self.post(
                server, "/_minaoshi/save", form, token: token, host: "evil.example:\(server.port)")
            #expect(rebound.status == 403 && refusal(rebound) == "wrongHost")
            let reboundRead = try #require(
                try server.http.send(
                    Array(
                        "GET /_minaoshi/new/case HTTP/1.1\r\nHost: evil.example:\(server.port)\r\nConnection: close\r\n\r\n"
                            .utf8)))
            #expect(reboundRead.status == 403 && !reboundRead.text.contains("data-token"))
            let big = String(repeating: "a", count: (1 << 20) + 1)
            let tooLarge = try Self.post(server, "/_minaoshi/save", "title=" + big, token: token)
            #expect(tooLarge.status == 413)
            let declaredLarge = try Self.post(
                server, "/_minaoshi/check", "kind=case", token: token, declaredLength: 2 << 20)
            #expect(declaredLarge.status == 413)
            // Paths come only from valid ids inside content/.
            let escape = try Self.post(
                server, "/_minaoshi/save", Self.encoded([("kind", "case"), ("id", "../../minaoshi"), ("hash", "0")]),
                token: token)
            #expect(escape.status == 400)
            #expect(try server.http.get("/_minaoshi/edit/regulations/..%2F..%2Fminaoshi")?.status == 404)
            #expect(try server.http.get("/_minaoshi/edit/_data/categories")?.status == 404)
            #expect(try server.http.request("PUT", "/_minaoshi/save")?.status == 405)
            #expect(try site.tree("content") == before, "a refused request wrote a file")
        }
    }

    @Test func offLoopbackTheEditorIsOff() throws {
        try Self.serving(arguments: ["--host", "0.0.0.0"]) { _, server in
            let form = try #require(try server.http.get("/_minaoshi/new/case"))
            #expect(form.status == 403)
            #expect(form.text.contains("127.0.0.1"))
            #expect(try server.http.get("/regulations/b/")?.text.contains("edit-link.js") == false)
        }
    }

    @Test func savingANewCaseWritesItsFileAndOpensItsPage() throws {
        try Self.serving { site, server in
            let token = try Self.token(server)
            var pairs = [
                ("kind", "case"), ("title", "ドローンによる橋の点検"), ("date", "2024-06-28"), ("categories", ""),
                ("regulations", ""), ("regulations", "b"), ("sources.title", "市の発表"),
                ("sources.url", "https://example.go.jp/drone"), ("outcomes.label", "人員"), ("outcomes.value", "約85%削減"),
                ("outcomes.period", ""), ("body", "## 課題\r\n\r\n本文です。")
            ]
            // The check names the missing category beside its field, in Japanese.
            let check = try Self.post(server, "/_minaoshi/check", Self.encoded(pairs), token: token)
            #expect(check.status == 200)
            let answer = try Self.json(check)
            let fields = try #require(answer["fields"] as? [String: [String]])
            #expect(fields["categories"] == ["「アナログ規制の類型」を1つ以上選んでください。"])
            #expect((answer["readings"] as? [String: String])?["date"] == "令和6年6月28日")
            #expect(answer["id"] as? String == "case-2024-06-28")
            let refused = try Self.post(server, "/_minaoshi/save", Self.encoded(pairs), token: token)
            #expect(refused.status == 422)
            #expect(!site.exists("content/cases/case-2024-06-28.md"))

            pairs.append(("categories", "visual-inspection"))
            let saved = try Self.post(server, "/_minaoshi/save", Self.encoded(pairs), token: token)
            #expect(saved.status == 200, "\(saved.text)")
            let result = try Self.json(saved)
            #expect(result["location"] as? String == "/cases/case-2024-06-28/")
            #expect(result["built"] as? Bool == true, "\(result)")
            #expect(
                try site.read("content/cases/case-2024-06-28.md") == """
                    ---
                    id: "case-2024-06-28"
                    title: "ドローンによる橋の点検"
                    organizations: []  # 関わった団体・企業（例：["南相馬市"]）
                    municipalities: []  # 市区町村名（日本語）。なければ []
                    prefectures: []  # 都道府県の id（content/_data/prefectures.yml）。なければ []
                    # ministry: ""  # 任意：関係府省庁の id（content/_data/ministries.yml）
                    categories: ["visual-inspection"]
                    regulations: ["b"]
                    technologies: []  # 使った技術の id（content/_data/technologies.yml）
                    outcomes:
                      - {label: "人員", value: "約85%削減"}
                    date: 2024-06-28
                    # updated: YYYY-MM-DD  # 任意：ページの更新日
                    # draft: true  # 任意：true の間はサイトに載りません
                    # changes: [{date: YYYY-MM-DD, note: "…"}]  # 任意：その後の施行・改正など（出典があるもののみ）
                    sources:
                      - {title: "市の発表", url: "https://example.go.jp/drone"}
                    ---

                    ## 課題

                    本文です。

                    """)
            let page = try #require(try server.http.get("/cases/case-2024-06-28/"))
            #expect(page.status == 200)
            #expect(page.text.contains("ドローンによる橋の点検"))
            // The same title again never overwrites: the next id.
            let again = try Self.post(server, "/_minaoshi/save", Self.encoded(pairs), token: token)
            #expect(try Self.json(again)["location"] as? String == "/cases/case-2024-06-28-2/")
        }
    }

    @Test func anEditChangesOnlyItsFieldAndAChangeOnDiskIsNeverOverwritten() throws {
        try Self.serving { site, server in
            let token = try Self.token(server)
            let original = try site.read("content/regulations/b.md")
            let edit = try #require(try server.http.get("/_minaoshi/edit/regulations/b"))
            let hash = String(try #require(edit.text.firstMatch(of: /name="hash" value="([0-9a-f]+)"/)).1)
            let saved = try Self.post(
                server, "/_minaoshi/save",
                Self.encoded([("kind", "regulation"), ("id", "b"), ("hash", hash), ("title", "規制B（改）")]), token: token)
            #expect(saved.status == 200, "\(saved.text)")
            let edited = try site.read("content/regulations/b.md")
            #expect(edited == original.replacingOccurrences(of: "title: 規制B\n", with: "title: \"規制B（改）\"\n"))
            #expect(try server.http.get("/regulations/b/")?.text.contains("規制B（改）") == true)

            // The form still holds the old hash: the file changed since, and the save is refused.
            try site.write("content/regulations/b.md", edited + "\n追記。\n")
            let stale = try Self.post(
                server, "/_minaoshi/save",
                Self.encoded([("kind", "regulation"), ("id", "b"), ("hash", hash), ("title", "上書き")]), token: token)
            #expect(stale.status == 409)
            #expect((try Self.json(stale)["message"] as? String)?.contains("上書きしない") == true)
            #expect(try site.read("content/regulations/b.md") == edited + "\n追記。\n")

            // A file whose front matter cannot be read is not edited, and no new file takes its place.
            try site.write("content/regulations/broken.md", "no front matter\n")
            let listed = site.list("content/regulations")
            let broken = try Self.post(
                server, "/_minaoshi/save",
                Self.encoded([("kind", "regulation"), ("id", "broken"), ("hash", "0"), ("title", "x")]), token: token)
            #expect(broken.status == 409 || broken.status == 422)
            #expect(site.list("content/regulations") == listed)
            #expect(try site.read("content/regulations/broken.md") == "no front matter\n")
        }
    }

    /// The live check runs the corpus-wide checks against the documents the server has: a title
    /// the same as a published one's is said (a warning, which does not stop the save, as it does
    /// not fail a build), a link to a file that is not there is an error, each beside its field.
    @Test func theLiveCheckRunsTheCorpusWideChecks() throws {
        try Self.serving { site, server in
            let token = try Self.token(server)
            var pairs = [
                ("kind", "case"), ("title", "事例A"), ("date", "2024-06-28"), ("categories", "visual-inspection"),
                ("regulations", "b"), ("sources.title", ""), ("sources.url", "https://example.go.jp/same"),
                ("body", "[規制B](../regulations/b.md)と[ない文書](../regulations/none.md)。")
            ]
            let check = try Self.json(try Self.post(server, "/_minaoshi/check", Self.encoded(pairs), token: token))
            let fields = try #require(check["fields"] as? [String: [String]])
            let warnings = try #require(check["warnings"] as? [String: [String]])
            #expect(warnings["title"] == ["「タイトル」が content/cases/a.md と同じです。ほかの文書と見分けられるタイトルにしてください。"])
            #expect(fields["title"] == nil, "a warning is not an error: \(fields)")
            #expect(fields["body"]?.count == 1)
            #expect(fields["body"]?.first?.contains("../regulations/none.md") == true)
            let refused = try Self.post(server, "/_minaoshi/save", Self.encoded(pairs), token: token)
            #expect(refused.status == 422)
            pairs[pairs.count - 1] = ("body", "[規制B](../regulations/b.md)。")
            let saved = try Self.post(server, "/_minaoshi/save", Self.encoded(pairs), token: token)
            #expect(saved.status == 200, "\(saved.text)")
            let path = try #require(try Self.json(saved)["path"] as? String)
            #expect(path != "content/cases/a.md" && site.exists(path), "\(path)")
        }
    }

    /// A new document whose id, derived from its title and date, another file already declares
    /// (its file has another name) gets the next free id, as `minaoshi new` gives it: the form
    /// cannot make a duplicate id.
    @Test func anIDAnotherFileDeclaresIsAvoided() throws {
        try Self.serving { site, server in
            let token = try Self.token(server)
            try site.write(
                "content/cases/other-name.md", caseText(id: "case-2024-06-28", title: "別の事例", date: "2024-06-28"))
            try #require(server.waitFor("Rebuilt"), "\(server.printed)")
            let pairs = [
                ("kind", "case"), ("title", "同じ日の事例"), ("date", "2024-06-28"), ("categories", "visual-inspection"),
                ("regulations", "b"), ("sources.title", ""), ("sources.url", "https://example.go.jp/same-day"),
                ("body", "")
            ]
            let check = try Self.json(try Self.post(server, "/_minaoshi/check", Self.encoded(pairs), token: token))
            #expect(check["id"] as? String == "case-2024-06-28-2")
            let fields = try #require(check["fields"] as? [String: [String]])
            #expect(fields["title"] == nil && fields["id"] == nil, "\(fields)")
            let saved = try Self.post(server, "/_minaoshi/save", Self.encoded(pairs), token: token)
            #expect(saved.status == 200, "\(saved.text)")
            #expect(try Self.json(saved)["path"] as? String == "content/cases/case-2024-06-28-2.md")
            #expect(!site.exists("content/cases/case-2024-06-28.md"))
        }
    }

    /// What the build warns of a document is shown beside its field as the official types, a
    /// problem of the body with its line there; a warning does not stop the save, as it does not
    /// fail a build.
    @Test func theBuildsWarningsAreShownAndDoNotStopTheSave() throws {
        try Self.serving { site, server in
            let token = try Self.token(server)
            let pairs = [
                ("kind", "case"), ("title", "警告だけの事例"), ("date", "2024-06-28"), ("categories", "visual-inspection"),
                ("regulations", "b"), ("updated", "2024-01-01"), ("sources.title", ""),
                ("sources.url", "https://example.go.jp/warned"),
                ("body", "\r\n前置き。\r\n\r\n**「重要」**です。[規制B](../regulations/b.md#none)")
            ]
            let check = try Self.json(try Self.post(server, "/_minaoshi/check", Self.encoded(pairs), token: token))
            let fields = try #require(check["fields"] as? [String: [String]])
            let warnings = try #require(check["warnings"] as? [String: [String]])
            #expect(warnings["updated"] == ["「更新日」（2024-01-01）が「日付」（2024-06-28）より前になっています。"], "\(warnings)")
            #expect(fields["updated"] == nil, "\(fields)")
            // The opening and the closing `**` are one warning; the body's first line is empty.
            let bodyWarnings = try #require(warnings["body"])
            #expect(bodyWarnings.count == 1 && bodyWarnings[0].hasPrefix("4行目："), "\(bodyWarnings)")
            let bodyErrors = try #require(fields["body"])
            #expect(bodyErrors.count == 1 && bodyErrors[0].hasPrefix("4行目："), "\(bodyErrors)")
            #expect(bodyErrors[0].contains("「#none」は、content/regulations/b.md の見出しにありません"), "\(bodyErrors)")
            // The anchor is an error: fixed, the warnings alone let it save.
            let fixed = pairs.dropLast() + [("body", "\r\n前置き。\r\n\r\n**「重要」**です。")]
            let saved = try Self.post(server, "/_minaoshi/save", Self.encoded(Array(fixed)), token: token)
            #expect(saved.status == 200, "\(saved.text)")
            #expect(site.exists("content/cases/case-2024-06-28.md"))
        }
    }

    /// A form posted by the browser itself, without script: it asks for a page, carries the
    /// token in its body, and sends whichever of `Origin`, `Sec-Fetch-Site` and `Referer` given.
    static func plainPost(_ server: ServeProcess, _ form: String, headers: [String]) throws -> RawHTTPResponse {
        let lines =
            [
                "POST /_minaoshi/save HTTP/1.1", "Host: 127.0.0.1:\(server.port)", "Connection: close",
                "Accept: text/html,application/xhtml+xml", "Content-Type: application/x-www-form-urlencoded",
                "Content-Length: \(form.utf8.count)"
            ] + headers
        return try #require(try server.http.send(Array((lines.joined(separator: "\r\n") + "\r\n\r\n" + form).utf8)))
    }

    @Test func aPlainFormSavesWithoutScriptAndIsRefusedFromElsewhere() throws {
        try Self.serving { site, server in
            let token = try Self.token(server)
            let own = "http://127.0.0.1:\(server.port)"
            var pairs = [
                ("token", token), ("kind", "case"), ("title", "紙の台帳をやめた事例"), ("date", "2024-06-28"),
                ("categories", ""), ("regulations", "b"), ("sources.title", ""),
                ("sources.url", "https://example.go.jp/ledger"), ("body", "")
            ]
            let before = try site.tree("content")
            let refusals: [(String, [String])] = [
                ("no token", ["Origin: \(own)"]),
                ("another origin", ["Origin: http://evil.example"]),
                ("nothing that says where from", []),
                (
                    "another site, by Sec-Fetch-Site",
                    ["Sec-Fetch-Site: cross-site", "Referer: \(own)/_minaoshi/new/case"]
                ),
                ("another site, by Referer", ["Referer: http://evil.example/page"]),
                ("a Referer that only starts like this server's", ["Referer: \(own)0/_minaoshi/new/case"])
            ]
            for (why, headers) in refusals {
                let form = why == "no token" ? Self.encoded(Array(pairs.dropFirst())) : Self.encoded(pairs)
                let refused = try Self.plainPost(server, form, headers: headers)
                #expect(refused.status == 403, "\(why)")
                #expect(refused.headers["content-type"]?.hasPrefix("text/html") == true, "\(why)")
                #expect(refused.headers["location"] == nil, "\(why)")
                #expect(refused.text.contains(why == "no token" ? "再読み込み" : "ほかのサイト"), "\(why): \(refused.text)")
            }
            let wrongToken = try Self.plainPost(
                server, Self.encoded([("token", String(repeating: "0", count: 64))] + pairs.dropFirst()),
                headers: ["Origin: \(own)"])
            #expect(wrongToken.status == 403)
            #expect(try site.tree("content") == before, "a refused form wrote a file")

            // Its problems come back in the form, beside their fields, with everything posted kept.
            let invalid = try Self.plainPost(server, Self.encoded(pairs), headers: ["Origin: \(own)"])
            #expect(invalid.status == 422)
            #expect(
                invalid.text.contains(
                    "id=\"err-categories\" data-error-for=\"categories\">「アナログ規制の類型」を1つ以上選んでください。</p>"))
            #expect(invalid.text.contains("value=\"紙の台帳をやめた事例\""))
            #expect(invalid.text.contains("保存できませんでした。"))
            #expect(invalid.text.contains("<li data-id=\"b\"><span>規制B（b）</span>"))
            #expect(invalid.text.contains("name=\"categories\" value=\"visual-inspection\" aria-invalid=\"true\""))
            #expect(try site.tree("content") == before)

            // Fixed, it saves and sends the browser to the new page (303: a reload does not post again).
            pairs.append(("categories", "visual-inspection"))
            for (n, headers) in [
                ["Origin: \(own)"], ["Sec-Fetch-Site: same-origin"], ["Referer: \(own)/_minaoshi/new/case"]
            ].enumerated() {
                let saved = try Self.plainPost(server, Self.encoded(pairs), headers: headers)
                let id = n == 0 ? "case-2024-06-28" : "case-2024-06-28-\(n + 1)"
                #expect(saved.status == 303, "\(headers): \(saved.text)")
                #expect(saved.headers["location"] == "/cases/\(id)/", "\(headers)")
                #expect(try site.read("content/cases/\(id).md").contains("title: \"紙の台帳をやめた事例\"\n"))
                #expect(try server.http.get("/cases/\(id)/")?.status == 200)
            }

            // An edit whose file changed on disk: refused, and the form comes back with the text typed.
            let edit = try #require(try server.http.get("/_minaoshi/edit/regulations/b"))
            let hash = String(try #require(edit.text.firstMatch(of: /name="hash" value="([0-9a-f]+)"/)).1)
            let changed = try site.read("content/regulations/b.md") + "\n追記。\n"
            try site.write("content/regulations/b.md", changed)
            let stale = try Self.plainPost(
                server,
                Self.encoded([
                    ("token", token), ("kind", "regulation"), ("id", "b"), ("hash", hash), ("title", "打ち込んだ題名")
                ]), headers: ["Origin: \(own)"])
            #expect(stale.status == 409)
            #expect(stale.text.contains("上書きしない") && stale.text.contains("value=\"打ち込んだ題名\""))
            #expect(try site.read("content/regulations/b.md") == changed)
        }
    }
}

typealias RawHTTPResponse = RawHTTP.Response
