import Foundation
import MinaoshiContent
import MinaoshiSupport
import MinaoshiTestSupport
import NIOConcurrencyHelpers
import Testing

@testable import MinaoshiContent
@testable import MinaoshiServe

/// The editor's view of the corpus is kept between requests: what it answers is what working it
/// out afresh answers, it stays as it was until told of a change, and the real source watcher's
/// notice tells it.
@Suite struct CorpusViewTests {
    static func project() throws -> FixtureSite {
        let site = try FixtureSite(
            files: [
                "content/regulations/b.md": regulationText(id: "b", title: "規制B"),
                "content/regulations/c.md": regulationText(id: "c", title: "規制C"),
                "content/cases/a.md": caseText(id: "a", title: "事例A", regulations: ["b"]),
                "site/api/regulations.json":
                    #"{"items": [{"id": "b", "title": "規制B"}, {"id": "gone", "title": "消えた"}]}"#,
                "site/api/cases.json": #"{"items": [{"id": "a", "title": "事例A"}]}"#
            ], copyTemplates: false)
        return site
    }

    static let publishing = LoadOptions(today: CalendarDate(year: 2026, month: 11, day: 27)!)

    /// What the kept view answers, next to what the same questions answer worked out afresh.
    static func answers(_ view: CorpusView, fresh: Bool) -> [String] {
        let regulations =
            fresh
            ? CorpusView.documents(root: view.root, outputFolder: view.outputFolder, section: "regulations")
            : view.documents("regulations")
        let vocabularies = fresh ? Vocabularies.load(root: view.root).0 : view.vocabularies
        let corpus =
            fresh
            ? CorpusView.corpus(
                root: view.root,
                indexes: AuthoringKind.allCases.map {
                    ($0, CorpusView.documents(root: view.root, outputFolder: view.outputFolder, section: $0.section))
                }, publishing: view.publishing)
            : view.corpus
        let text = caseText(id: "x", title: "規制B", body: "[あ](../regulations/c.md)[い](../regulations/new.md)")
        return [
            "\(regulations.ids)", "\(regulations.titles.sorted { $0.key < $1.key })",
            "\(regulations.published.sorted { $0.key < $1.key })",
            "\(regulations.matching(["規制"], limit: 20))",
            "\(VocabularyKind.allCases.map { vocabularies[$0].terms.map(\.id) })",
            "\(DocumentForm.corpusCheck(text, relativePath: "content/cases/x.md", corpus: corpus).sorted { $0.key < $1.key })"
        ]
    }

    @Test func theKeptAnswerIsTheOneWorkedOutAfresh() throws {
        let site = try Self.project()
        defer { site.remove() }
        let state = BuildState()
        let view = CorpusView(
            root: site.root, outputFolder: site.url("site"), state: state, publishing: Self.publishing)
        #expect(Self.answers(view, fresh: false) == Self.answers(view, fresh: true))
        // Asked again, from what is kept.
        #expect(Self.answers(view, fresh: false) == Self.answers(view, fresh: true))
        // c is not published yet, and goes by its id.
        #expect(view.documents("regulations").matching(["規制"], limit: 20).items.map(\.id) == ["b"])

        // Until told, the view keeps what it worked out: a file added since is not in it yet.
        try site.write("content/regulations/new.md", regulationText(id: "new", title: "新しい規制"))
        try site.write("site/api/regulations.json", #"{"items": [{"id": "c", "title": "規制Cの新名"}]}"#)
        #expect(!view.documents("regulations").ids.contains("new"))
        #expect(Self.answers(view, fresh: false) != Self.answers(view, fresh: true))
        view.refresh()
        #expect(view.documents("regulations").ids == ["b", "c", "new"])
        #expect(Self.answers(view, fresh: false) == Self.answers(view, fresh: true))

        // A build that succeeds titles documents anew from its open data.
        try site.write("site/api/regulations.json", #"{"items": [{"id": "new", "title": "新しい規制"}]}"#)
        #expect(view.documents("regulations").titles["new"] == "new")
        state.succeeded()
        #expect(view.documents("regulations").titles["new"] == "新しい規制")
        #expect(Self.answers(view, fresh: false) == Self.answers(view, fresh: true))
    }

    /// With the builds' front-matter cache (as `serve` gives it), the ids of files no one changed
    /// since the last load come from the cache, and a file changed since is read: the answers are
    /// those worked out afresh either way.
    @Test func theViewTakesUnchangedFilesIdsFromTheBuildsLoad() throws {
        let site = try Self.project()
        defer { site.remove() }
        // An hour ahead: the files just written count as old, so the load's entries are trusted.
        let cache = FrontMatterCache(now: { FrontMatterCache.wallClock() + 3_600_000_000_000 })
        var options = Self.publishing
        options.frontMatter = cache
        _ = CorpusLoader.load(root: site.root, options: options)
        #expect(cache.loadedID(at: "content/cases/a.md", root: site.root) == "a")
        let view = CorpusView(
            root: site.root, outputFolder: site.url("site"), state: BuildState(), frontMatter: cache,
            publishing: Self.publishing)
        #expect(Self.answers(view, fresh: false) == Self.answers(view, fresh: true))

        // a.md now declares the id the checked text has (a duplicate); no load has read it since.
        try site.write("content/cases/a.md", caseText(id: "x", title: "事例A", regulations: ["b"]))
        view.refresh()
        #expect(cache.loadedID(at: "content/cases/a.md", root: site.root) == nil)
        let answers = Self.answers(view, fresh: false)
        #expect(answers == Self.answers(view, fresh: true))
        #expect(answers.last?.contains("already used by content/cases/a.md") == true, "\(answers)")
    }

    /// As `serve` wires them: the watcher's notice drops what the view kept, before any rebuild.
    @Test(arguments: [false, true])
    func aFileAddedOnDiskIsInThePickerAfterTheWatchersNotice(polling: Bool) async throws {
        let site = try Self.project()
        defer { site.remove() }
        let view = CorpusView(
            root: site.root, outputFolder: site.url("site"), state: BuildState(), publishing: Self.publishing)
        let notices = NIOLockedValueBox(0)
        let watcher = SourceWatcher(
            root: site.root, polling: polling, pollInterval: .milliseconds(100),
            noticed: { _ in
                view.refresh()
                notices.withLockedValue { $0 += 1 }
            })
        defer { watcher.stop() }
        // Not built yet: it goes by its id.
        let found = { view.documents("regulations").matching(["road"], limit: 20).items.map(\.id) }
        #expect(found() == [])
        try site.write("content/regulations/road.md", regulationText(id: "road", title: "道路の点検"))
        for _ in 0..<200 where notices.withLockedValue({ $0 }) == 0 { try await Task.sleep(for: .milliseconds(50)) }
        try #require(notices.withLockedValue { $0 } > 0, "no notice came")
        #expect(found() == ["road"])
    }
}
