import Foundation
import MinaoshiSupport
import MinaoshiTestSupport
import Testing

@testable import MinaoshiContent

/// The loader's front-matter cache (`serve` keeps one across rebuilds): a load through it after
/// any edit is the load that reads every file.
@Suite struct FrontMatterCacheTests {
    let today = CalendarDate(year: 2026, month: 11, day: 27)!

    /// A clock an hour ahead: every file the test writes is old to the cache, so that entries
    /// are trusted and used again, and what decides is the file's status alone.
    static let hourAhead: @Sendable () -> Int64 = { FrontMatterCache.wallClock() + 3_600_000_000_000 }

    /// Everything a load gives that a later step reads, as text: two loads that give the same
    /// text are the same load.
    private func summary(_ result: LoadResult) -> [String] {
        result.diagnostics.map(\.description) + ["skipped \(result.skipped)"]
            + result.corpus.documents.map { document in
                [
                    document.sourcePath, document.id, document.title, "\(document.date as Any)",
                    "\(document.updated as Any)", "\(document.draft)", "\(document.kind)", "\(document.sources)",
                    "\(document.changes)", "\(document.bodyLineOffset)", "\(document.sourceHash)",
                    "\(document.body)", document.bodyHTML, document.plainText
                ].joined(separator: "|")
            }
    }

    private func load(_ site: FixtureSite, cache: FrontMatterCache?) -> LoadResult {
        var options = LoadOptions(today: today)
        options.frontMatter = cache
        return CorpusLoader.load(root: site.root, options: options)
    }

    /// Writes `text` at `path` in place (the same inode), again if the file's status came out the
    /// same as before (a rewrite within one tick of the file clock): a change no status can show
    /// is what the racy-timestamp rule is for, tested on its own below.
    private func rewrite(_ site: FixtureSite, _ path: String, _ text: String) throws {
        let before = try? FileStatus(path: site.url(path).path)
        repeat {
            let handle = try FileHandle(forWritingTo: site.url(path))
            try handle.truncate(atOffset: 0)
            try handle.write(contentsOf: Data(text.utf8))
            try handle.close()
            if (try? FileStatus(path: site.url(path).path)) != before { return }
            usleep(2_000)
        } while true
    }

    /// Random edits of every kind; after each, a load through the cache (kept from step to step)
    /// equals a fresh one, and files that did not change were not read again. Through disk, the
    /// cache each load uses is the one the last load's bytes decode to, as `minaoshi build` has it
    /// (``FrontMatterCache/encoded()``): its passes have no body text, and a body rendered again
    /// is read from the file.
    @Test(arguments: [false, true]) func aLoadThroughTheCacheAfterRandomEditsEqualsAFreshLoad(throughDisk: Bool) throws
    {
        var files: [String: String] = [:]
        for number in 0..<24 {
            let body = number % 3 == 0 ? "[次](r\(number + 1).md)と[前](r\(max(0, number - 1)).md)。" : "本文\(number)です。"
            files["content/regulations/r\(number).md"] = regulationText(
                id: "r\(number)", title: "規制\(number)", body: body)
        }
        for number in 0..<6 {
            files["content/cases/c\(number).md"] = caseText(
                id: "c\(number)", title: "事例\(number)", regulations: ["r\(number)"])
        }
        files["content/regulations/broken.md"] = "---\ntitle: [壊れた\n---\n本文\n"
        let site = try FixtureSite(files: files, copyTemplates: false)
        defer { site.remove() }
        let vocabulary = "content/_data/technologies.yml"
        let shippedTechnologies = try site.read(vocabulary)
        let probeTerm = "- id: cache-probe\n  ja: 試験技術\n  en: Probe\n"

        var cache = FrontMatterCache(now: Self.hourAhead)
        var random = SplitMix(seed: 20)
        var reused = 0
        var nextNumber = 100
        // `MINAOSHI_FRONT_MATTER_STEPS` sets another number (`make tsan` takes 20).
        let steps = ProcessInfo.processInfo.environment["MINAOSHI_FRONT_MATTER_STEPS"].flatMap { Int($0) } ?? 60
        for step in 0..<steps {
            let paths =
                site.list("content/regulations").map { "content/regulations/\($0)" }
                + site.list("content/cases").map { "content/cases/\($0)" }
            let path = paths[Int(random.next() % UInt64(paths.count))]
            let text = try site.read(path)
            var what = ""
            switch random.next() % 10 {
            case 0:
                what = "body edit"
                try rewrite(site, path, text + "追記\(step)。\n")
            case 1:
                // The same number of bytes, in the same second as the last load: a swapped character.
                what = "same-size rewrite"
                try rewrite(
                    site, path,
                    text.contains("本")
                        ? text.replacingOccurrences(of: "本", with: "文") : text.replacingOccurrences(of: "文", with: "本"))
            case 2:
                what = "save by rename"
                try site.write(path + ".tmp", text.replacingOccurrences(of: "です", with: "でした"))
                try FileManager.default.removeItem(at: site.url(path))
                try FileManager.default.moveItem(at: site.url(path + ".tmp"), to: site.url(path))
            case 3:
                what = "title edit"
                try rewrite(site, path, text.replacingOccurrences(of: "title: ", with: "title: 改"))
            case 4:
                what = "front matter broken or mended"
                try rewrite(
                    site, path,
                    text.contains("date: 2024-01-01")
                        ? text.replacingOccurrences(of: "date: 2024-01-01", with: "date: 2024-13-01")
                        : text.replacingOccurrences(of: "date: 2024-13-01", with: "date: 2024-01-01"))
            case 5:
                what = "add"
                nextNumber += 1
                try site.write(
                    "content/regulations/r\(nextNumber).md",
                    regulationText(
                        id: "r\(nextNumber)", title: "新規\(nextNumber)", body: "[先](r\(nextNumber - 1).md)へ。",
                        technologies: "drones, cache-probe"))
            case 6:
                what = "delete"
                try FileManager.default.removeItem(at: site.url(path))
            case 7:
                what = "rename"
                nextNumber += 1
                try FileManager.default.moveItem(
                    at: site.url(path), to: site.url(path.replacingOccurrences(of: ".md", with: "-\(nextNumber).md")))
            case 8:
                // A term some documents use comes and goes: their unchanged files now have an error, or not.
                what = "vocabulary"
                let current = try site.read(vocabulary)
                try site.write(vocabulary, current.hasSuffix(probeTerm) ? shippedTechnologies : current + probeTerm)
            default:
                what = "touch"
                try FileManager.default.setAttributes([.modificationDate: Date()], ofItemAtPath: site.url(path).path)
            }
            if throughDisk, step > 0 {
                let bytes = try #require(cache.encoded())
                cache = try #require(FrontMatterCache(decoding: bytes, now: Self.hourAhead))
            }
            let cached = load(site, cache: cache)
            let counts = cache.lastLoadCounts
            let fresh = load(site, cache: nil)
            let got = summary(cached), wanted = summary(fresh)
            if got != wanted {
                let differing = Set(got).symmetricDifference(wanted).sorted().prefix(4)
                Issue.record("step \(step): \(what) of \(path): the loads differ in \(differing)")
                return
            }
            if what != "vocabulary" { reused += counts.reused }
            #expect(
                counts.reused + counts.read == site.list("content/regulations").count + site.list("content/cases").count
            )
        }
        // Most files are unchanged at each step: they came from the cache.
        #expect(reused > steps * 20)
    }

    /// A file whose times are not safely older than the load that read it is read again by the
    /// next load, even unchanged: its status could not show a change made within the same tick.
    @Test func aFileWrittenJustBeforeTheLoadIsReadAgain() throws {
        let site = try FixtureSite(
            files: [
                "content/regulations/a.md": regulationText(id: "a", title: "甲"),
                "content/regulations/b.md": regulationText(id: "b", title: "乙")
            ], copyTemplates: false)
        defer { site.remove() }
        let now = FrontMatterCache(now: FrontMatterCache.wallClock)
        _ = load(site, cache: now)
        _ = load(site, cache: now)
        #expect(now.lastLoadCounts == (reused: 0, read: 2))
        #expect(now.loadedID(at: "content/regulations/a.md", root: site.root) == nil)

        let later = FrontMatterCache(now: Self.hourAhead)
        _ = load(site, cache: later)
        _ = load(site, cache: later)
        #expect(later.lastLoadCounts == (reused: 2, read: 0))
        #expect(later.loadedID(at: "content/regulations/a.md", root: site.root) == "a")

        let status = try FileStatus(path: site.url("content/regulations/a.md").path)
        let newest = max(status.modified, status.changed)
        #expect(!FrontMatterCache.isTrusted(status, loadStarted: newest + FrontMatterCache.racyWindow))
        #expect(FrontMatterCache.isTrusted(status, loadStarted: newest + FrontMatterCache.racyWindow + 1))
    }

    /// The problems of a file that did not change are reported by every load, not only the one that read it.
    @Test func anUnchangedBrokenFileIsReportedByEveryLoad() throws {
        let site = try FixtureSite(
            files: ["content/regulations/a.md": "---\ntitle: [壊れた\n---\n本文\n"], copyTemplates: false)
        defer { site.remove() }
        let cache = FrontMatterCache(now: Self.hourAhead)
        let first = load(site, cache: cache)
        let second = load(site, cache: cache)
        #expect(cache.lastLoadCounts == (reused: 1, read: 0))
        #expect(!first.diagnostics.isEmpty)
        #expect(second.diagnostics == first.diagnostics)
    }
}
