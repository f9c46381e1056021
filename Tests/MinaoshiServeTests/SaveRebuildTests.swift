import Foundation
import MinaoshiContent
import MinaoshiSite
import MinaoshiSupport
import MinaoshiTestSupport
import NIOConcurrencyHelpers
import Testing

@testable import MinaoshiServe

/// A save is answered by its own rebuild: when a build is running as the official saves, the
/// answer (and so the browser's move to the page) waits for the build the watcher starts after
/// the file was written, not for the one in flight, which may have read the folder before it.
@Suite struct SaveRebuildTests {
    /// `serve`'s own rebuilder, told to hold one build at its start until released, and keeping
    /// of every build whether the saved file was there when it began and whether it ended.
    final class HeldRebuilder: SiteRebuilder {
        struct Build: Sendable {
            var sawFile: Bool
            var ended = false
        }

        let real: IncrementalRebuilder
        let savedFile: URL
        let builds = NIOLockedValueBox<[Build]>([])
        let holdNext = NIOLockedValueBox(false)
        let release = DispatchSemaphore(value: 0)

        init(options: BuildOptions, savedFile: URL) {
            real = IncrementalRebuilder(options: options)
            self.savedFile = savedFile
        }

        func rebuild() -> RebuildOutcome {
            let sawFile = FileManager.default.fileExists(atPath: savedFile.path)
            let index = builds.withLockedValue {
                $0.append(Build(sawFile: sawFile))
                return $0.count - 1
            }
            if holdNext.withLockedValue({ hold in
                defer { hold = false }; return hold
            }) {
                release.wait()
            }
            let outcome = real.rebuild()
            builds.withLockedValue { $0[index].ended = true }
            return outcome
        }

        var count: Int { builds.withLockedValue { $0.count } }
    }

    /// Waits up to two minutes. This server runs inside the test process, and its handlers share
    /// Swift's cooperative pool (one thread per core, two here) with every other suite running in
    /// parallel, some of which build sites synchronously: in the full suite, and more so under
    /// ThreadSanitizer, a request can wait well over ten seconds for a thread. For the same reason
    /// the test's own blocking socket calls run on threads of their own (`OwnThread`), never on
    /// the pool the server needs.
    static func waitUntil(_ condition: () -> Bool) async throws {
        for _ in 0..<4_800 where !condition() { try await Task.sleep(for: .milliseconds(25)) }
    }

    @Test func aSaveDuringARebuildWaitsForTheRebuildThatReadItsFile() async throws {
        let site = try FixtureSite(files: [
            "minaoshi.yml": "title: 見直しテスト\n",
            "content/cases/a.md": caseText(id: "a", title: "事例A", regulations: ["b"]),
            "content/regulations/b.md": regulationText(id: "b", title: "規制B")
        ])
        defer { site.remove() }
        let port = RawHTTP.freePort()
        let build = BuildOptions(
            root: site.root, output: site.url("site"), today: CalendarDate(year: 2026, month: 11, day: 27))
        let rebuilder = HeldRebuilder(options: build, savedFile: site.url("content/cases/case-2024-06-28.md"))
        let serving = NIOLockedValueBox(false)
        let server = Task {
            try await ServeSession.run(ServeOptions(build: build, port: port), rebuilder: rebuilder) { event in
                if case .serving = event { serving.withLockedValue { $0 = true } }
            }
        }
        defer { server.cancel() }
        try await Self.waitUntil { serving.withLockedValue { $0 } }
        try #require(serving.withLockedValue { $0 }, "the server did not start")
        let http = RawHTTP(port: port, timeout: 120)
        let form = try #require(await OwnThread.run { try? http.get("/_minaoshi/new/case") })
        let token = String(try #require(form.text.firstMatch(of: /data-token="([0-9a-f]{64})"/)).1)

        // A change of another file starts a build, held at its start.
        rebuilder.holdNext.withLockedValue { $0 = true }
        try site.write("content/regulations/b.md", regulationText(id: "b", title: "規制B", body: "本文を直した。"))
        try await Self.waitUntil { rebuilder.count == 2 }
        try #require(rebuilder.count == 2, "the change started no build")

        // The save comes while that build runs.
        let body = [
            "kind=case", "title=%E4%BF%9D%E5%AD%98%E4%B8%AD", "date=2024-06-28", "categories=visual-inspection",
            "regulations=b", "sources.title=", "sources.url=https%3A%2F%2Fexample.go.jp%2Fsaved", "body="
        ].joined(separator: "&")
        let request =
            [
                "POST /_minaoshi/save HTTP/1.1", "Host: 127.0.0.1:\(port)", "Origin: http://127.0.0.1:\(port)",
                "Connection: close", "Content-Type: application/x-www-form-urlencoded",
                "X-Minaoshi-Token: \(token)", "Content-Length: \(body.utf8.count)"
            ].joined(separator: "\r\n") + "\r\n\r\n" + body
        let answered = NIOLockedValueBox<(response: RawHTTP.Response?, builds: [HeldRebuilder.Build])?>(nil)
        let save = Task {
            let response = await OwnThread.run { try? http.send(Array(request.utf8)) }
            answered.withLockedValue { $0 = (response, rebuilder.builds.withLockedValue { $0 }) }
        }
        try await Self.waitUntil { site.exists("content/cases/case-2024-06-28.md") }
        try #require(site.exists("content/cases/case-2024-06-28.md"), "the save wrote nothing")
        #expect(answered.withLockedValue { $0 } == nil, "answered while its rebuild was held")
        rebuilder.release.signal()
        await save.value

        let (response, builds) = try #require(answered.withLockedValue { $0 })
        let saved = try #require(response)
        #expect(saved.status == 200, "\(saved.text)")
        #expect(saved.text.contains(#""built":true"#), "\(saved.text)")
        // The held build began before the file was there; the answer came after one that began with it had ended.
        #expect(builds.first { !$0.ended } == nil, "answered before a build ended: \(builds)")
        #expect(builds.count >= 3 && !builds[1].sawFile && builds[2].sawFile, "\(builds)")
        let page = await OwnThread.run { try? http.get("/cases/case-2024-06-28/") }
        #expect(page?.status == 200)
    }
}
