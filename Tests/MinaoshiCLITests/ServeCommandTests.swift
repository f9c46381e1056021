import Foundation
import MinaoshiTestSupport
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// The real `minaoshi serve` over a real loopback socket, asked as a client (or an attacker) would.
@Suite(.serialized) struct ServeCommandTests {
    static let files: [String: String] = [
        "minaoshi.yml": "title: 見直しテスト\n",
        "content/cases/a.md": caseText(id: "a", title: "事例A", regulations: ["b"], body: "最初の本文。"),
        "content/regulations/b.md": regulationText(id: "b", title: "規制B")
    ]

    /// A served project; the server is stopped and the folder removed after `body`.
    static func serving(arguments: [String] = [], _ body: (FixtureSite, ServeProcess) throws -> Void) throws {
        let site = try FixtureSite(files: files)
        defer { site.remove() }
        let server = try ServeProcess(root: site.root, arguments: arguments)
        defer { #expect(server.stop() != nil, "the server did not stop on SIGINT") }
        try #require(server.waitFor("Serving http://"), "\(server.printed)")
        try body(site, server)
    }

    @Test func pagesGetTheReloadTagAndEveryFileItsType() throws {
        try Self.serving { site, server in
            // Loopback unless asked otherwise, and no warning then.
            #expect(server.printed.contains("Serving http://127.0.0.1:\(server.port)/ (Ctrl-C stops)"))
            #expect(!server.printed.contains("warning: serving on"))
            let http = server.http
            let page = try #require(try http.get("/cases/a/"))
            #expect(page.status == 200)
            #expect(page.headers["content-type"] == "text/html; charset=utf-8")
            #expect(page.headers["x-content-type-options"] == "nosniff")
            #expect(page.text.contains("事例A"))
            #expect(page.text.contains(#"<script src="/_minaoshi/live.js" data-build=""#))
            #expect(page.headers["content-length"] == String(page.body.count))
            // Never in the built site.
            #expect(try !site.read("site/cases/a/index.html").contains("_minaoshi"))

            for (path, type) in [
                ("/feed.json", "application/feed+json"), ("/feed.xml", "application/atom+xml"),
                ("/api/cases.csv", "text/csv; charset=utf-8"),
                ("/api/schema/cases.schema.json", "application/schema+json"),
                ("/api/cases.json", "application/json"), ("/sitemap.xml", "application/xml"),
                ("/assets/style.css", "text/css; charset=utf-8"), ("/assets/icon.svg", "image/svg+xml"),
                ("/_minaoshi/live.js", "text/javascript; charset=utf-8"), ("/search/manifest.json", "application/json")
            ] {
                let response = try #require(try http.get(path), "\(path)")
                #expect(response.status == 200, "\(path)")
                #expect(response.headers["content-type"] == type, "\(path)")
            }
            let manifest = try #require(try http.get("/search/manifest.json")).text
            let hash = try #require(
                manifest.firstMatch(of: /"documentFacets":\{"hash":"([0-9a-f]+)"/)?.output.1, "\(manifest)")
            #expect(try http.get("/search/facet0.\(hash).bin")?.headers["content-type"] == "application/octet-stream")

            // HEAD: the same head, no body.
            let head = try #require(try http.request("HEAD", "/cases/a/"))
            #expect(head.status == 200 && head.body.isEmpty)
            #expect(head.headers["content-length"] == page.headers["content-length"])
        }
    }

    @Test func foldersRedirectToTheirSlashAndNeverList() throws {
        try Self.serving { site, server in
            let http = server.http
            let moved = try #require(try http.get("/cases/a?x=1"))
            #expect(moved.status == 301)
            #expect(moved.headers["location"] == "/cases/a/")
            try FileManager.default.createDirectory(
                at: site.url("site/empty-folder"), withIntermediateDirectories: true)
            let folder = try #require(try http.get("/empty-folder/"))
            #expect(folder.status == 404)
            #expect(folder.headers["content-type"] == "text/html; charset=utf-8")
            // The site's own 404 page, with only the reload tag added: no listing.
            #expect(
                folder.text.replacing(/<script src="\/_minaoshi\/live.js"[^>]*><\/script>/, with: "")
                    == (try site.read("site/404.html")))
            #expect(try http.get("/assets/")?.status == 404)
            #expect(try http.get("/_minaoshi/")?.status == 404)
        }
    }

    @Test func everyWayOutOfTheFolderIsRefused() throws {
        try Self.serving { site, server in
            let http = server.http
            try site.write("secret.txt", "秘密")
            try FileManager.default.createSymbolicLink(
                atPath: site.url("site/link-out.txt").path, withDestinationPath: site.url("secret.txt").path)
            try FileManager.default.createSymbolicLink(atPath: site.url("site/up").path, withDestinationPath: "..")
            for target in [
                "/../secret.txt", "/cases/../../secret.txt", "/%2e%2e/secret.txt", "/%2E%2E%2fsecret.txt",
                "/..%2fsecret.txt",
                "/..%5csecret.txt", "/cases%2f..%2f..%2fsecret.txt", "/index.html%00.txt",
                "http://127.0.0.1/../secret.txt",
                site.url("secret.txt").path, "//" + site.url("secret.txt").path, "/link-out.txt", "/up/secret.txt",
                "/up/minaoshi.yml"
            ] {
                let response = try #require(try http.get(target), "\(target)")
                #expect([400, 404].contains(response.status), "\(target): \(response.status)")
                #expect(!response.text.contains("秘密") && !response.text.contains("見直しテスト\n"), "\(target)")
            }
            // A raw NUL byte in the request line: the parser refuses it.
            let nul = try http.send(
                Array("GET /index.html\u{0}.txt HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".utf8))
            #expect(nul == nil || nul!.status == 400)
            #expect(try http.get("/")?.status == 200)
        }
    }

    @Test func onlyGetAndHeadAreServed() throws {
        try Self.serving { _, server in
            for method in ["POST", "PUT", "DELETE", "PATCH", "OPTIONS", "TRACE"] {
                let response = try #require(
                    try server.http.request(method, "/index.html", headers: ["Content-Length: 0"]), "\(method)")
                #expect(response.status == 405, "\(method)")
                #expect(response.headers["allow"] == "GET, HEAD", "\(method)")
            }
        }
    }

    @Test func requestLinesAndHeadersAreBounded() throws {
        try Self.serving { _, server in
            let http = server.http
            let longLine = try http.get("/" + String(repeating: "a", count: 9 * 1024))
            #expect(longLine == nil || longLine!.status == 400, "\(String(describing: longLine?.status))")
            let bigHeader = try http.request("GET", "/", headers: ["X-Big: " + String(repeating: "b", count: 9 * 1024)])
            #expect(bigHeader == nil || bigHeader!.status == 400)
            let manyHeaders = try http.request("GET", "/", headers: (0..<200).map { "X-H\($0): v" })
            #expect(manyHeaders == nil || manyHeaders!.status == 400)
            let allHeaders = try http.request(
                "GET", "/", headers: (0..<20).map { "X-H\($0): " + String(repeating: "c", count: 2000) })
            #expect(allHeaders == nil || allHeaders!.status == 400)
            // Just under the bounds is still served, and the server is still up after all that.
            #expect(try http.get("/" + String(repeating: "a", count: 7 * 1024))?.status == 404)
            #expect(try http.get("/")?.status == 200)
        }
    }

    /// The event stream tells of each rebuild; a broken file leaves the last good site served.
    @Test func aBrokenFileKeepsTheLastGoodSiteAndTellsThePages() throws {
        try Self.serving { site, server in
            let http = server.http
            let events = try EventStream(http)
            defer { events.close() }
            let first = try #require(try events.next())
            #expect(first.contains(#""diagnostics":[]"#))

            try site.write("content/cases/a.md", caseText(id: "a", title: "事例A", body: "二番目の本文。"))
            // A preview of the edit comes first (``ServePreviewTests``), then the rebuild.
            let second = try #require(try events.nextBuild(after: first))
            #expect(second.contains(#""diagnostics":[]"#) && second != first, "\(second)")
            #expect(try http.get("/cases/a/")?.text.contains("二番目の本文。") == true)

            try site.write("content/cases/a.md", caseText(id: "a", title: "事例A", date: "2024-02-30", body: "壊れた本文。"))
            let broken = try #require(try events.nextBuild(after: second))
            #expect(broken.contains(#"content/cases/a.md:"#) && broken.contains("2024-02-30"), "\(broken)")
            #expect(try http.get("/cases/a/")?.text.contains("二番目の本文。") == true)
            #expect(server.waitFor("Build failed; the last good site stays served"))

            try site.write("content/cases/a.md", caseText(id: "a", title: "事例A", body: "直した本文。"))
            let fixed = try #require(try events.nextBuild(after: broken))
            #expect(fixed.contains(#""diagnostics":[]"#), "\(fixed)")
            #expect(try http.get("/cases/a/")?.text.contains("直した本文。") == true)
        }
    }

    @Test func anotherHostIsWarnedAbout() throws {
        try Self.serving(arguments: ["--host", "0.0.0.0"]) { _, server in
            #expect(
                server.printed.contains("warning: serving on 0.0.0.0: other machines on the network can read this site")
            )
        }
    }

    @Test func aFirstBuildThatFailsStillServes() throws {
        let site = try FixtureSite(files: ["content/cases/a.md": caseText(id: "a", title: "事例A", date: "2024-13-01")])
        defer { site.remove() }
        let server = try ServeProcess(root: site.root)
        defer { #expect(server.stop() != nil, "the server did not stop on SIGINT") }
        try #require(server.waitFor("Serving http://"), "\(server.printed)")
        #expect(server.printed.contains("content/cases/a.md:"))
        let page = try #require(try server.http.get("/"))
        #expect(page.status == 404 && page.text.contains("/_minaoshi/live.js"))
    }

    @Test func ctrlCStopsTheServerWithOpenEventStreams() throws {
        let site = try FixtureSite(files: Self.files)
        defer { site.remove() }
        let server = try ServeProcess(root: site.root)
        try #require(server.waitFor("Serving http://"), "\(server.printed)")
        let events = try EventStream(server.http)
        defer { events.close() }
        _ = try events.next()
        #expect(server.stop() == 0)
    }
}

/// Reads `data:` lines of the live-reload event stream over a raw socket.
final class EventStream {
    private let socket: Int32
    private var pending = ""

    init(_ http: RawHTTP) throws {
        socket = try http.connect()
        let request = "GET /_minaoshi/events HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n\r\n"
        _ = Array(request.utf8).withUnsafeBytes { send(socket, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
    }

    /// The next event's data (the socket times out after 10 s of silence; a rebuild takes less).
    func next(seconds: Int = 60) throws -> String? {
        let deadline = Date().addingTimeInterval(Double(seconds))
        var buffer = [UInt8](repeating: 0, count: 65536)
        while Date() < deadline {
            if let range = pending.range(of: "\ndata: ")
                ?? (pending.hasPrefix("data: ") ? pending.range(of: "data: ") : nil),
                let end = pending.range(of: "\n\n", range: range.upperBound..<pending.endIndex)
            {
                let data = String(pending[range.upperBound..<end.lowerBound])
                pending = String(pending[end.upperBound...])
                return data
            }
            let count = recv(socket, &buffer, buffer.count, 0)
            if count == 0 { return nil }
            if count > 0 { pending += String(decoding: buffer[..<count], as: UTF8.self) }
        }
        return nil
    }

    /// The next event that tells of a build (another than `previous`'s, or one that failed),
    /// past the previews of edits that come before it.
    func nextBuild(after previous: String, seconds: Int = 60) throws -> String? {
        func build(_ data: String) -> String? { data.firstMatch(of: /"build":"([^"]*)"/).map { String($0.output.1) } }
        while let data = try next(seconds: seconds) {
            if build(data) != build(previous) || !data.contains(#""diagnostics":[]"#) { return data }
        }
        return nil
    }

    func close() {
        Glibc.close(socket)
    }
}
