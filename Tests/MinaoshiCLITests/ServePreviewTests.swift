import Foundation
import MinaoshiTestSupport
import Testing

/// `serve`'s preview of an edit, through the real server on loopback: the edited page reloads at
/// once from the last good build's model, the whole rebuild follows, and the page reloads again only
/// when the rebuild wrote other bytes for it.
@Suite(.serialized) struct ServePreviewTests {
    struct State {
        var build: String
        var diagnostics: [String]
        var pages: [String: String]

        init?(_ data: String) {
            guard let object = try? JSONSerialization.jsonObject(with: Data(data.utf8)) as? [String: Any],
                let build = object["build"] as? String, let diagnostics = object["diagnostics"] as? [String]
            else { return nil }
            self.build = build
            self.diagnostics = diagnostics
            pages = object["pages"] as? [String: String] ?? [:]
        }

        /// The name a page at `path` is served with: the one its reload tag must carry.
        func name(of path: String) -> String { pages[path] ?? build }
    }

    static func next(_ events: EventStream) throws -> State {
        let data = try #require(try events.next())
        return try #require(State(data), "\(data)")
    }

    static func tag(_ page: String) -> String? {
        page.firstMatch(of: /data-build="([^"]+)"/).map { String($0.output.1) }
    }

    @Test func aBodyEditReloadsItsPageOnceBeforeTheRebuild() throws {
        try ServeCommandTests.serving { site, server in
            let http = server.http
            let events = try EventStream(http)
            defer { events.close() }
            let first = try Self.next(events)
            #expect(first.pages.isEmpty)

            try site.write(
                "content/cases/a.md", caseText(id: "a", title: "事例A", regulations: ["b"], body: "速い本文。"))
            let preview = try Self.next(events)
            // Told before the rebuild: the same build, and the edited page under a preview's name.
            #expect(preview.build == first.build, "\(preview)")
            let name = try #require(preview.pages["/cases/a/"], "\(preview)")
            #expect(preview.pages.count == 1)
            let page = try #require(try http.get("/cases/a/")).text
            #expect(page.contains("速い本文。"))
            #expect(Self.tag(page) == name)
            // Another page is the published one, under the build's name.
            #expect(Self.tag(try #require(try http.get("/regulations/b/")).text) == first.build)

            let rebuilt = try Self.next(events)
            #expect(rebuilt.build != first.build && rebuilt.diagnostics.isEmpty, "\(rebuilt)")
            // The rebuild wrote the bytes the preview served: the page keeps its name, and does not reload.
            #expect(rebuilt.name(of: "/cases/a/") == name, "\(rebuilt)")
            #expect(rebuilt.name(of: "/regulations/b/") == rebuilt.build)
            let published = try site.read("site/cases/a/index.html")
            let served = try #require(try http.get("/cases/a/")).text
            #expect(served.replacing(/<script src="\/_minaoshi\/[^"]*"[^>]*><\/script>/, with: "") == published)
            #expect(Self.tag(served) == name)
        }
    }

    @Test func aPreviewTheRebuildChangesReloadsAgain() throws {
        try ServeCommandTests.serving { site, server in
            let events = try EventStream(server.http)
            defer { events.close() }
            _ = try Self.next(events)
            // The case no longer implements b: the preview's lists are the last build's, which still name b.
            try site.write("content/cases/a.md", caseText(id: "a", title: "事例A", body: "最初の本文。"))
            let preview = try Self.next(events)
            let name = try #require(preview.pages["/cases/a/"], "\(preview)")
            let rebuilt = try Self.next(events)
            #expect(rebuilt.pages["/cases/a/"] == nil && rebuilt.name(of: "/cases/a/") != name, "\(rebuilt)")
        }
    }

    /// The editor's save previews the page before it answers, and the one rebuild is the
    /// watcher's: the watcher's preview of the same write renders the same bytes, so the page is
    /// told to reload once, and the rebuild keeps its name.
    @Test func anEditorSaveIsPreviewedBeforeItsAnswerAndRebuiltOnce() throws {
        try ServeCommandTests.serving { site, server in
            let events = try EventStream(server.http)
            defer { events.close() }
            let first = try Self.next(events)
            let token = try EditorCommandTests.token(server)
            let edit = try #require(try server.http.get("/_minaoshi/edit/regulations/b"))
            let hash = String(try #require(edit.text.firstMatch(of: /name="hash" value="([0-9a-f]+)"/)).1)
            let saved = try EditorCommandTests.post(
                server, "/_minaoshi/save",
                EditorCommandTests.encoded([("kind", "regulation"), ("id", "b"), ("hash", hash), ("title", "規制B（速）")]),
                token: token)
            #expect(saved.status == 200, "\(saved.text)")
            #expect((try EditorCommandTests.json(saved)["built"] as? Bool) == true)
            let page = try #require(try server.http.get("/regulations/b/")).text
            #expect(page.contains("規制B（速）"))
            try Self.expectPreviewedThenRebuiltOnce(
                "/regulations/b/", served: page, events: events, first: first, server)
        }
    }

    /// After a save the editor answered from a preview: the next state names the page with the
    /// preview (the tag `served` carries) on the same build, the one after is a new build that
    /// keeps that name (the same bytes: no second reload), and no second rebuild comes for the write.
    static func expectPreviewedThenRebuiltOnce(
        _ path: String, served: String, events: EventStream, first: State, _ server: ServeProcess,
        sourceLocation: Testing.SourceLocation = #_sourceLocation
    ) throws {
        let preview = try next(events)
        let name = try #require(preview.pages[path], "\(preview)", sourceLocation: sourceLocation)
        #expect(preview.build == first.build && tag(served) == name, sourceLocation: sourceLocation)
        let rebuilt = try next(events)
        #expect(
            rebuilt.build != first.build && rebuilt.name(of: path) == name, "\(rebuilt)", sourceLocation: sourceLocation
        )
        #expect(server.waitFor("Rebuilt", count: 1), sourceLocation: sourceLocation)
        Thread.sleep(forTimeInterval: 1)
        #expect(
            server.printed.components(separatedBy: "Rebuilt").count - 1 == 1, "\(server.printed)",
            sourceLocation: sourceLocation)
    }

    /// A new case saved in the editor is previewed too: its page is served, from memory, before
    /// the answer says it is built and before the rebuild writes it; the rebuild keeps the
    /// preview's name (its bytes are the same) and runs once.
    @Test func aNewDocumentSavedInTheEditorIsServedBeforeTheRebuild() throws {
        try ServeCommandTests.serving { site, server in
            let events = try EventStream(server.http)
            defer { events.close() }
            let first = try Self.next(events)
            let token = try EditorCommandTests.token(server)
            let pairs = [
                ("kind", "case"), ("title", "すぐに見える事例"), ("date", "2024-07-01"), ("categories", "visual-inspection"),
                ("regulations", "b"), ("sources.title", ""), ("sources.url", "https://example.go.jp/quick"),
                ("body", "新しい事例の本文です。")
            ]
            let saved = try EditorCommandTests.post(
                server, "/_minaoshi/save", EditorCommandTests.encoded(pairs), token: token)
            #expect(saved.status == 200, "\(saved.text)")
            let answer = try EditorCommandTests.json(saved)
            #expect(answer["built"] as? Bool == true, "\(answer)")
            let location = try #require(answer["location"] as? String)
            let page = try #require(try server.http.get(location), "\(location) is not served")
            #expect(page.status == 200 && page.text.contains("すぐに見える事例") && page.text.contains("規制B"))
            // Asked for without its slash, the previewed folder answers as a published one does.
            let bare = try #require(try server.http.get(String(location.dropLast())))
            #expect(bare.status == 301)
            try Self.expectPreviewedThenRebuiltOnce(location, served: page.text, events: events, first: first, server)
            #expect(site.exists("site" + location + "index.html"))
        }
    }

    /// Whatever is more than an edit of a published document or an add goes to the rebuild alone,
    /// as before.
    @Test func otherChangesAreNotPreviewed() throws {
        try ServeCommandTests.serving { site, server in
            let events = try EventStream(server.http)
            defer { events.close() }
            var last = try Self.next(events)
            let changes: [(String, () throws -> Void)] = [
                (
                    "a template",
                    {
                        try site.write(
                            "templates/partials/footer.mustache",
                            try site.read("templates/partials/footer.mustache") + "<!-- x -->\n")
                    }
                ),
                ("the config", { try site.write("minaoshi.yml", "title: 見直しテスト2\n") }),
                (
                    "an added file in a new section",
                    { try site.write("content/notes/c.md", "---\ntitle: メモC\ndate: 2024-05-01\n---\n本文。\n") }
                ),
                (
                    "a file with an error",
                    { try site.write("content/cases/c.md", caseText(id: "c", title: "事例C", date: "2024-02-30")) }
                ),
                ("a deleted file", { try FileManager.default.removeItem(at: site.url("content/cases/c.md")) })
            ]
            for (change, make) in changes {
                try make()
                let next = try Self.next(events)
                #expect(next.pages.isEmpty, "\(change) was previewed: \(next)")
                #expect(next.build != last.build || !next.diagnostics.isEmpty, "\(change): \(next)")
                last = next
            }
        }
    }
}
