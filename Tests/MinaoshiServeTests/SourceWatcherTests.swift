import Foundation
import MinaoshiTestSupport
import NIOConcurrencyHelpers
import Testing

@testable import MinaoshiServe

/// inotify (the fast path) and polling (the general one) run the same edits and must tell of
/// the same settled changes.
@Suite struct SourceWatcherTests {
    /// Counts the notices of a watcher as they come.
    final class Counter: Sendable {
        let count = NIOLockedValueBox(0)
        let task: Task<Void, Never>

        init(_ watcher: SourceWatcher) {
            let count = count
            task = Task { for await _ in watcher.changes { count.withLockedValue { $0 += 1 } } }
        }

        var value: Int { count.withLockedValue { $0 } }

        /// Waits until `expected` notices came (at most 10 s), then long enough for a stray extra
        /// one (the quiet time plus a poll, with room for a loaded machine) to come too, and
        /// returns the count.
        func settle(at expected: Int) async throws -> Int {
            for _ in 0..<200 where value < expected { try await Task.sleep(for: .milliseconds(50)) }
            try await Task.sleep(for: .milliseconds(1_200))
            return value
        }
    }

    static func project() throws -> FixtureSite {
        try FixtureSite(
            files: [
                "minaoshi.yml": "title: t\n", "content/cases/a.md": "a", "templates/base.mustache": "b"
            ], copyTemplates: false, copyVocabularies: false)
    }

    @Test(arguments: [false, true])
    func oneNoticePerSave(polling: Bool) async throws {
        let site = try Self.project()
        defer { site.remove() }
        // A quiet time of 300 ms: the test's own writes of one save must fall within it, and on a
        // loaded machine (a parallel test run beside other builds) 100 ms between two of them was
        // seen to split one save into two notices.
        let watcher = SourceWatcher(
            root: site.root, polling: polling, quiet: .milliseconds(300), pollInterval: .milliseconds(100))
        defer { watcher.stop() }
        #expect(watcher.method == (polling ? .polling : .inotify))
        let counter = Counter(watcher)
        try await Task.sleep(for: .milliseconds(200))

        // A plain write.
        try site.write("content/cases/a.md", "a2")
        #expect(try await counter.settle(at: 1) == 1)

        // An editor's save: a backup, a swap file and a temporary file renamed over the original.
        try site.write("content/cases/a.md~", "a2")
        try site.write("content/cases/.a.md.swp", "swap")
        try site.write("content/cases/a.md.saving", "a3")
        #expect(rename(site.url("content/cases/a.md.saving").path, site.url("content/cases/a.md").path) == 0)
        #expect(try await counter.settle(at: 2) == 2)

        // Only an editor's own files: nothing to rebuild.
        try site.write("content/cases/.a.md.swp", "swap again")
        try site.write("content/cases/#a.md#", "autosave")
        #expect(try await counter.settle(at: 2) == 2)

        // A new folder and a file in it, then an edit of that file: the new folder is watched too.
        try site.write("content/regulations/new/b.md", "b")
        #expect(try await counter.settle(at: 3) == 3)
        try site.write("content/regulations/new/b.md", "b2 longer")
        #expect(try await counter.settle(at: 4) == 4)

        // The configuration, replaced by rename; a template; a file deleted.
        try site.write("minaoshi.yml.new", "title: u\n")
        #expect(rename(site.url("minaoshi.yml.new").path, site.url("minaoshi.yml").path) == 0)
        #expect(try await counter.settle(at: 5) == 5)
        try site.write("templates/base.mustache", "b2")
        #expect(try await counter.settle(at: 6) == 6)
        try FileManager.default.removeItem(at: site.url("content/cases/a.md"))
        #expect(try await counter.settle(at: 7) == 7)

        // Files beside the sources are not sources.
        try site.write("notes.txt", "n")
        try site.write("site/index.html", "built")
        #expect(try await counter.settle(at: 7) == 7)
    }

    @Test func stoppingEndsTheChanges() async throws {
        let site = try Self.project()
        defer { site.remove() }
        let watcher = SourceWatcher(root: site.root)
        watcher.stop()
        for await _ in watcher.changes { Issue.record("a notice after stop") }
    }
}
