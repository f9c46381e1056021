import Foundation
import MinaoshiContent
import MinaoshiSupport
import MinaoshiTestSupport
import Testing

@testable import MinaoshiSite

@Suite struct PipelineTests {
    static let today = CalendarDate(year: 2026, month: 11, day: 27)!

    /// What `check` reports (it never writes) and what `build` refuses with must be the same list.
    func checkAndBuild(_ site: FixtureSite) throws -> (check: [String], build: [String]) {
        let options = BuildOptions(root: site.root, output: site.url("site"), today: Self.today)
        let check = try BuildPipeline.standard.run(options, mode: .check).diagnostics.map(\.description)
        #expect(!site.exists("site"), "check must write nothing")
        let build: [String]
        do {
            build = try SiteBuilder.build(options).diagnostics.map(\.description)
        } catch {
            build = error.diagnostics.map(\.description)
        }
        return (check, build)
    }

    @Test func checkReportsWhatBuildRefusesOnEveryFixtureCorpus() throws {
        let collision = try FixtureSite(files: [
            "content/cases.md": documentText(id: "cases", title: "事例という名のページ"),
            "content/cases/a.md": caseText(id: "a", title: "事例")
        ])
        defer { collision.remove() }
        let errors = try FixtureSite(files: [:])
        defer { errors.remove() }
        try FileManager.default.removeItem(at: errors.url("content"))
        try FileManager.default.copyItem(
            at: FixtureSite.packageRoot.appendingPathComponent("Tests/Fixtures/sites/check-errors/content"),
            to: errors.url("content"))
        let shipped = try FixtureSite.shippedProject()
        defer { shipped.remove() }

        let (collisionCheck, collisionBuild) = try checkAndBuild(collision)
        #expect(collisionCheck == collisionBuild)
        #expect(
            collisionCheck.contains { $0.contains("writes cases/index.html, which content/cases/ also writes") },
            "\(collisionCheck)")

        let (errorsCheck, errorsBuild) = try checkAndBuild(errors)
        #expect(errorsCheck == errorsBuild)
        #expect(errorsCheck.filter { $0.contains(": error: ") }.count == 17, "\(errorsCheck)")

        let (shippedCheck, shippedBuild) = try checkAndBuild(shipped)
        #expect(shippedCheck == shippedBuild)
        #expect(!shippedCheck.contains { $0.contains(": error: ") })
    }

    /// On a small corpus the search index runs beside the pages; the site is the same, file for
    /// file, as when every step runs after the one before.
    @Test func theSearchIndexBesideThePagesWritesTheSameSite() throws {
        let site = try FixtureSite.shippedProject()
        defer { site.remove() }
        var options = BuildOptions(root: site.root, output: site.url("beside"), today: Self.today)
        let beside = try SiteBuilder.build(options)
        options.output = site.url("in-turn")
        options.stepsBesideUpTo = -1
        let inTurn = try SiteBuilder.build(options)
        #expect(beside.fileCount == inTurn.fileCount && beside.fileCount > 100)
        #expect(beside.laps.map(\.name) == inTurn.laps.map(\.name))
        let besideFiles = try site.tree("beside"), inTurnFiles = try site.tree("in-turn")
        #expect(besideFiles.keys.sorted() == inTurnFiles.keys.sorted())
        #expect(besideFiles.keys.contains { $0.hasPrefix("search/") })
        #expect(besideFiles == inTurnFiles)
    }

    /// A step beside another adds its files and diagnostics where it stands; when it fails, the
    /// build fails with its error once both have ended, and no site and no staging folder is left.
    @Test func aStepBesideAnotherJoinsWhereItStands() throws {
        let site = try FixtureSite(files: [:])
        defer { site.remove() }
        let options = BuildOptions(root: site.root, output: site.url("out/site"), today: Self.today)
        try FileManager.default.createDirectory(at: site.url("out"), withIntermediateDirectories: true)
        let slow = BuildStep("slow", writes: true) { context in
            Thread.sleep(forTimeInterval: 0.05)
            context.fileCount += 1
        }
        let beside = BuildStep("beside", writes: true, runsBeside: "slow") { context in
            context.fileCount += 2
            context.diagnostics.append(.warning(at: SourceLocation(file: "x"), "from beside"))
        }
        let result = try BuildPipeline(steps: [slow, beside, .publish]).run(options, mode: .build)
        #expect(result.fileCount == 3)
        #expect(result.diagnostics.map(\.message) == ["from beside"])
        #expect(result.laps.map(\.name) == ["slow", "beside", "publish"])
        #expect(site.exists("out/site"))

        let failing = BuildStep("failing", writes: true, runsBeside: "slow") { _ throws(DiagnosticsError) in
            throw DiagnosticsError([.error(at: SourceLocation(file: "y"), "cannot go on")])
        }
        try FileManager.default.removeItem(at: site.url("out/site"))
        #expect(throws: DiagnosticsError.self) {
            try BuildPipeline(steps: [slow, failing, .publish]).run(options, mode: .build)
        }
        do {
            _ = try BuildPipeline(steps: [slow, failing, .publish]).run(options, mode: .build)
        } catch {
            #expect(error.diagnostics.map(\.message) == ["cannot go on"])
        }
        // The lock file stays, as after every build; the staging folder must not.
        #expect(site.list("out") == [".site.lock"], "\(site.list("out"))")
    }

    /// Above `stepsBesideUpTo` documents only a step that runs beside at any size does; a negative
    /// limit runs every step in turn. A step beside "slow" signals as it starts, and "slow" waits
    /// a while for the signal: it comes only if the two run at once.
    @Test func aLightStepRunsBesideAtAnySizeAndANegativeLimitRunsAllInTurn() throws {
        let site = try FixtureSite(files: ["content/cases/a.md": caseText(id: "a", title: "事例")])
        defer { site.remove() }
        func overlapped(atAnySize: Bool, limit: Int) throws -> Bool {
            var options = BuildOptions(root: site.root, output: site.url("site"), today: Self.today)
            options.stepsBesideUpTo = limit
            let started = DispatchSemaphore(value: 0), overlap = Locked(false)
            let slow = BuildStep("slow", writes: true) { context throws(DiagnosticsError) in
                try context.stageOutput()
                let seen = started.wait(timeout: .now() + 1.5) == .success
                overlap.withLock { $0 = seen }
            }
            let beside = BuildStep("beside", writes: true, runsBeside: "slow", atAnySize: atAnySize) { _ in
                started.signal()
            }
            _ = try BuildPipeline(steps: [.configure, .load, slow, beside, .publish]).run(options, mode: .build)
            return overlap.withLock { $0 }
        }
        // One document, a limit of none: above it.
        #expect(try overlapped(atAnySize: true, limit: 0))
        #expect(try overlapped(atAnySize: false, limit: 1))
        #expect(try !overlapped(atAnySize: false, limit: 0))
        #expect(try !overlapped(atAnySize: true, limit: -1))
    }

    /// A writing step does not start beside another once an error has been found: in turn it
    /// would not run at all.
    @Test func aWritingStepDoesNotStartBesideAfterAnError() throws {
        let site = try FixtureSite(files: [:])
        defer { site.remove() }
        let options = BuildOptions(root: site.root, output: site.url("out/site"), today: Self.today)
        try FileManager.default.createDirectory(at: site.url("out"), withIntermediateDirectories: true)
        let ran = Locked(false)
        let broken = BuildStep("broken") { context in
            context.diagnostics.append(.error(at: SourceLocation(file: "z"), "broken content"))
        }
        let slow = BuildStep("slow") { _ in Thread.sleep(forTimeInterval: 0.05) }
        let beside = BuildStep("beside", writes: true, runsBeside: "slow") { _ in ran.withLock { $0 = true } }
        let result = try BuildPipeline(steps: [broken, slow, beside, .publish]).run(options, mode: .build)
        #expect(result.diagnostics.map(\.message) == ["broken content"])
        #expect(!ran.withLock { $0 })
        // Nothing was staged: no site, no staging folder.
        #expect(site.list("out").allSatisfy { $0 == ".site.lock" }, "\(site.list("out"))")
    }

    @Test func stepsRunInTheirNamedOrderAndCheckSkipsTheWritingOnes() throws {
        let site = try FixtureSite(files: ["content/cases/a.md": caseText(id: "a", title: "事例")])
        defer { site.remove() }
        let options = BuildOptions(root: site.root, output: site.url("site"), today: Self.today)
        let build = try SiteBuilder.build(options)
        #expect(
            build.laps.map(\.name) == [
                "output folder", "configure", "load content", "relate", "load templates", "plan pages",
                "render pages", "search index", "open data", "site files", "publish"
            ])
        let check = try BuildPipeline.standard.run(options, mode: .check)
        #expect(check.laps.map(\.name) == ["configure", "load content", "relate", "load templates", "plan pages"])
        #expect(check.pageCount == build.pageCount)
    }

    @Test func progressCountsEveryDocumentAndPage() throws {
        let site = try FixtureSite(files: [
            "content/cases/a.md": caseText(id: "a", title: "事例A"),
            "content/cases/b.md": caseText(id: "b", title: "事例B")
        ])
        defer { site.remove() }
        let events = Locked<[String: (Int, Int)]>([:])
        let result = try SiteBuilder.build(
            BuildOptions(root: site.root, output: site.url("site"), today: Self.today),
            progress: BuildProgress { event in
                if case .advanced(let step, let done, let total) = event {
                    events.withLock { $0[step] = (done, total) }
                }
            })
        let last = events.withLock { $0 }
        #expect(last["load content"].map { [$0.0, $0.1] } == [2, 2])
        let pages = try #require(last["render pages"])
        #expect(pages.0 == pages.1)
        #expect(pages.1 == result.pageCount)
    }
}

@Suite struct PaginationTests {
    static let today = CalendarDate(year: 2026, month: 11, day: 27)!

    func site(pageSize: Int, regulations: Int) throws -> FixtureSite {
        var files = ["minaoshi.yml": "title: テスト\nbase_url: https://example.jp/\npage_size: \(pageSize)\n"]
        for number in 1...regulations {
            files["content/regulations/r\(number).md"] = regulationText(
                id: "r\(number)", title: "規制\(number)",
                date: String(format: "2024-01-%02d", number))
        }
        return try FixtureSite(files: files)
    }

    @Test func listsSplitIntoNumberedPagesWithPreviousAndNext() throws {
        let site = try site(pageSize: 2, regulations: 5)
        defer { site.remove() }
        _ = try SiteBuilder.build(BuildOptions(root: site.root, output: site.url("site"), today: Self.today))
        let first = try site.read("site/regulations/index.html")
        let second = try site.read("site/regulations/page/2/index.html")
        let third = try site.read("site/regulations/page/3/index.html")
        #expect(!site.exists("site/regulations/page/1/index.html"))
        #expect(!site.exists("site/regulations/page/4/index.html"))

        // Newest first: r5 r4 | r3 r2 | r1.
        #expect(
            first.contains("/regulations/r5/") && first.contains("/regulations/r4/")
                && !first.contains("/regulations/r3/"))
        #expect(
            second.contains("/regulations/r3/") && second.contains("/regulations/r2/")
                && !second.contains("/regulations/r4/"))
        #expect(third.contains("/regulations/r1/") && !third.contains("/regulations/r2/\""))

        #expect(!first.contains(#"<link rel="prev""#))
        #expect(first.contains(#"<link rel="next" href="/regulations/page/2/">"#))
        #expect(second.contains(#"<link rel="prev" href="/regulations/">"#))
        #expect(second.contains(#"<link rel="next" href="/regulations/page/3/">"#))
        #expect(
            third.contains(#"<link rel="prev" href="/regulations/page/2/">"#) && !third.contains(#"<link rel="next""#))
        #expect(second.contains(#"<a href="/regulations/page/2/" aria-current="page">2</a>"#))
        #expect(second.contains("<title>規制の見直し（2ページ目） | テスト</title>"))
        #expect(second.contains(#"<link rel="canonical" href="https://example.jp/regulations/page/2/">"#))
        #expect(first.contains("<p>5件</p>"), "the count is the whole section's")

        // The term page of the category all five share paginates the same way.
        #expect(site.exists("site/categories/visual-inspection/page/3/index.html"))
        #expect(try site.read("site/categories/visual-inspection/index.html").contains("規制の見直し（5件）"))

        let sitemap = try site.read("site/sitemap.xml")
        #expect(sitemap.contains("<loc>https://example.jp/regulations/page/3/</loc>"))
        #expect(sitemap.contains("<loc>https://example.jp/categories/visual-inspection/page/2/</loc>"))
    }

    @Test func aReviewWithManyCasesListsAPageOfThemAndSaysHowMany() throws {
        let site = try site(pageSize: 2, regulations: 1)
        defer { site.remove() }
        for number in 1...3 {
            try site.write(
                "content/cases/c\(number).md", caseText(id: "c\(number)", title: "事例\(number)", regulations: ["r1"]))
        }
        _ = try SiteBuilder.build(BuildOptions(root: site.root, output: site.url("site"), today: Self.today))
        let html = try site.read("site/regulations/r1/index.html")
        #expect(html.contains("この規制の見直しを実装した事例（3件のうち2件）"))
        #expect(html.contains("/cases/c1/") && html.contains("/cases/c2/") && !html.contains("/cases/c3/\""))
    }

    @Test func aListThatFitsHasNoPaginationAtAll() throws {
        let site = try site(pageSize: 50, regulations: 3)
        defer { site.remove() }
        _ = try SiteBuilder.build(BuildOptions(root: site.root, output: site.url("site"), today: Self.today))
        let html = try site.read("site/regulations/index.html")
        #expect(!html.contains("pagination") && !html.contains(#"rel="next""#))
        #expect(!site.exists("site/regulations/page"))
    }

    @Test(arguments: [
        (1, 10, "[1] 2 3 … 10"), (5, 10, "1 … 3 4 [5] 6 7 … 10"), (10, 10, "1 … 8 9 [10]"), (2, 3, "1 [2] 3")
    ])
    func numberedLinksShowTheEndsAndTheNeighbours(page: Int, total: Int, expected: String) throws {
        let view = try #require(Paginator(pageSize: 1).view(page: page, count: total, base: "/x/", link: { $0 }))
        let shown = view.items.map { item in item.number.map { item.isCurrent ? "[\($0)]" : "\($0)" } ?? "…" }
        #expect(shown.joined(separator: " ") == expected)
    }

    @Test func aBadPageSizeIsAnErrorAtItsPosition() throws {
        let site = try FixtureSite(files: ["minaoshi.yml": "title: テスト\npage_size: 0\n"])
        defer { site.remove() }
        #expect(throws: DiagnosticsError.self) { try SiteConfig.load(root: site.root) }
        do {
            _ = try SiteConfig.load(root: site.root)
        } catch {
            #expect(
                error.diagnostics.map(\.description) == [
                    "minaoshi.yml:2:12: error: 'page_size' must be at least 1, found 0; the number of documents on one page of a list; the default is 50"
                ])
        }
    }

    @Test func theSitemapBecomesAnIndexPastItsLimit() {
        let config = SiteConfig(baseURL: "https://example.jp/")
        let pages =
            (1...7).map { PlannedPage(kind: .document, path: "/d\($0)/", content: .home, source: "x") }
            + [PlannedPage(kind: .notFound, path: "/", content: .notFound, source: "y")]
        let files = SiteMapWriter.files(for: pages, corpus: Corpus(documents: []), config: config, limit: 3)
        #expect(files.map(\.path) == ["sitemap-1.xml", "sitemap-2.xml", "sitemap-3.xml", "sitemap.xml", "robots.txt"])
        #expect(
            files[3].text.contains("<sitemapindex")
                && files[3].text.contains("<loc>https://example.jp/sitemap-3.xml</loc>"))
        #expect(files[2].text.contains("<loc>https://example.jp/d7/</loc>") && !files[2].text.contains("404"))
        let oneFile = SiteMapWriter.files(for: pages, corpus: Corpus(documents: []), config: config)
        #expect(oneFile.map(\.path) == ["sitemap.xml", "robots.txt"])
    }
}
