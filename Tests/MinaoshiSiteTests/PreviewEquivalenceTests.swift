import Foundation
import MinaoshiContent
import MinaoshiSupport
import MinaoshiTestSupport
import Testing

@testable import MinaoshiSite

/// `serve`'s preview of an edit (``SiteModel/preview(_:)``) against the whole build that follows
/// it: random edits of the corpus `IncrementalEquivalenceTests` edits, and after each, the pages
/// the preview rendered from the last good build's model must be the bytes the build then
/// publishes, unless the page shows what other documents' changes decide (then `serve` reloads it
/// again, ``PagePreviewsTests``). A body edit and an add (a new file, or a draft made public)
/// always preview the published bytes; a delete, a rename, an id change, a document made a draft,
/// or a file with an error is refused.
@Suite struct PreviewEquivalenceTests {
    @Test func previewsAreThePagesTheWholeBuildPublishes() throws {
        let seed = ProcessInfo.processInfo.environment["MINAOSHI_PREVIEW_SEED"].flatMap { UInt64($0) } ?? 20_261_206
        var corpus = EditedCorpus(seed: seed)
        let (site, options) = try corpus.servedSite()
        defer { site.remove() }
        // The first corpus may have broken links (fixed by the next edit): then there is no model yet.
        var model = (try? IncrementalBuild.build(options))?.model
        var previewed = 0, bodyEdits = 0, adds = 0, differing = 0, refused = 0
        for step in 1...40 {
            let before = try FixtureSite.tree(of: site.url("content"))
            let edit = try corpus.randomEdit(in: site)
            let after = try FixtureSite.tree(of: site.url("content"))
            let changed = Set(before.keys).union(after.keys).filter { before[$0] != after[$0] }.sorted()
                .map { "content/" + $0 }
            let context = "seed \(seed), step \(step) (\(edit)), files \(changed)"
            // `serve` previews only changes to Markdown files (``PagePreviews/editedDocuments(_:)``).
            let documentsOnly = !changed.isEmpty && changed.allSatisfy { $0.hasSuffix(".md") }
            let preview = documentsOnly ? model?.preview(changed) : nil
            let built = Result { () throws(DiagnosticsError) in try IncrementalBuild.build(options) }
            // The document an edit of this kind names (`body of cases/doc-3`), as it is now.
            func named(_ kind: String) -> EditedCorpus.Document? {
                corpus.documents.first { edit == "\(kind) \($0.key)" || edit.hasPrefix("\(kind) \($0.key) ") }
            }
            // A draft made public is an add to the last build's model; one made a draft is a delete.
            let published = named("draft of").map { !$0.draft } ?? false
            let isAdd = edit.hasPrefix("added") || published
            let edited =
                isAdd
                || ["body of", "title of", "date of", "terms of", "links of", "the reviews"].contains {
                    edit.hasPrefix($0)
                }
            switch (preview, built) {
            case (.rendered(let files)?, .success):
                #expect(edited, "a preview of what is not an edit: \(context)")
                #expect(!files.isEmpty, "\(context)")
                previewed += 1
                let isBodyOnly = edit.hasPrefix("body of") && changed.count == 1
                if isBodyOnly { bodyEdits += 1 }
                // An add's preview works the relations out again: its pages are exact.
                if isAdd { adds += 1 }
                for (path, bytes) in files {
                    let published = try Data(contentsOf: site.url("site/" + path))
                    if Data(bytes) != published {
                        differing += 1
                        #expect(!isBodyOnly, "a body edit's preview of \(path) is not the published page: \(context)")
                        #expect(!isAdd, "an add's preview of \(path) is not the published page: \(context)")
                    }
                }
            case (.rendered?, .failure(let error)):
                Issue.record("previewed, but the build failed with \(error.diagnostics.prefix(2)): \(context)")
            case (.refused(let reason)?, _):
                refused += 1
                // A draft's body edit publishes nothing: it is the rebuild's (which leaves the site as it was).
                let ofADraft = named("body of")?.draft ?? false
                #expect(
                    !edit.hasPrefix("body of") || ofADraft || changed.count > 1 || (try? built.get()) == nil,
                    "a body edit of a good build refused (\(reason)): \(context)")
            case (nil, _):
                break
            }
            if edit.hasPrefix("deleted") || edit.hasPrefix("renamed") || (edit.hasPrefix("draft of") && !published)
                || edit.hasPrefix("the id of")
            {
                if case .rendered? = preview { Issue.record("previewed what is not an edit: \(context)") }
            }
            model = (try? built.get())?.model
        }
        // The run means something: it previewed body edits and others, and refused some. (Another
        // seed, for a soak, may draw mostly drafts or other edits.)
        if ProcessInfo.processInfo.environment["MINAOSHI_PREVIEW_SEED"] == nil {
            #expect(previewed >= 10 && bodyEdits >= 5 && refused >= 3, "\(previewed) \(bodyEdits) \(refused)")
        }
        print(
            "previews: \(previewed) (\(bodyEdits) body edits, \(adds) adds), \(differing) files the build changed, \(refused) refused"
        )
    }

    /// Documents added one at a time, and a review with a case implementing it in one save: each
    /// added page previewed is the page the whole build then publishes, byte for byte, with the
    /// related documents, the reviews it implements and the links worked out with it in the corpus.
    @Test func addedDocumentsArePreviewedAsTheWholeBuildPublishesThem() throws {
        let seed = ProcessInfo.processInfo.environment["MINAOSHI_PREVIEW_SEED"].flatMap { UInt64($0) } ?? 11
        var corpus = EditedCorpus(seed: seed)
        for index in corpus.documents.indices { corpus.documents[index].links = [] }
        let (site, options) = try corpus.servedSite()
        defer { site.remove() }
        var model = try #require(try IncrementalBuild.build(options).model)
        var previewed = 0, refused = 0
        for step in 1...14 {
            let sections = Set(corpus.documents.filter { !$0.draft }.map(\.section))
            var added: [EditedCorpus.Document] = []
            var document = corpus.newDocument()
            if step % 4 == 0 {
                // A review and a case implementing it, saved together.
                document.section = "regulations"
                var implementing = corpus.newDocument()
                implementing.section = "cases"
                implementing.implements = [document.id]
                implementing.links = [document.key + "#見直し後"]
                added = [document, implementing]
            } else {
                if document.section == "cases" {
                    let reviews = corpus.documents.filter { $0.section == "regulations" && !$0.draft }.map(\.id)
                    document.implements = Array(reviews.prefix(1 + corpus.pick(2)))
                }
                document.links = [corpus.element(corpus.documents).key + (corpus.pick(2) == 0 ? "#見直し後" : "")]
                added = [document]
            }
            for document in added {
                corpus.documents.append(document)
                try site.write(document.path, document.text)
            }
            let context = "seed \(seed), step \(step), \(added.map(\.path))"
            let preview = model.preview(added.map(\.path))
            let built = try IncrementalBuild.build(options)
            switch preview {
            case .rendered(let files):
                previewed += 1
                #expect(added.allSatisfy { sections.contains($0.section) }, "a new section previewed: \(context)")
                #expect(files.filter { $0.path.hasSuffix(".html") }.count == added.count, "\(context)")
                for (path, bytes) in files {
                    let published = try Data(contentsOf: site.url("site/" + path))
                    #expect(Data(bytes) == published, "the preview of \(path) is not the published page: \(context)")
                }
            case .refused(let reason):
                refused += 1
                #expect(!added.allSatisfy { sections.contains($0.section) }, "\(reason): \(context)")
            }
            model = try #require(built.model)
        }
        #expect(previewed >= 10, "\(previewed) previewed, \(refused) refused")
    }

    /// An add that would change more than its own page is refused: a file declaring an id another
    /// has, a new section, a draft.
    @Test func addsThatChangeMoreAreRefused() throws {
        var corpus = EditedCorpus(seed: 5)
        for index in corpus.documents.indices { corpus.documents[index].links = [] }
        let (site, options) = try corpus.servedSite()
        defer { site.remove() }
        let model = try #require(try IncrementalBuild.build(options).model)
        let existing = corpus.documents[0]
        var twin = existing
        twin.fileName = "twin"
        try site.write(twin.path, twin.text)
        var newSection = corpus.newDocument()
        newSection.section = "notes"
        try site.write(newSection.path, newSection.text)
        var draft = corpus.newDocument()
        draft.draft = true
        try site.write(draft.path, draft.text)
        for (document, why) in [(twin, "an id another file has"), (newSection, "a new section"), (draft, "a draft")] {
            guard case .refused = model.preview([document.path]) else {
                Issue.record("\(why) was previewed")
                continue
            }
        }
    }

    /// A file with an error is refused: the whole build says what it is.
    @Test func aFileWithAnErrorIsRefused() throws {
        var corpus = EditedCorpus(seed: 7)
        let (site, options) = try corpus.servedSite()
        defer { site.remove() }
        let model = try #require(try IncrementalBuild.build(options).model)
        let document = corpus.documents[0]
        try site.write(document.path, document.text.replacingOccurrences(of: "date: ", with: "date: 2024-02-30\nx: "))
        guard case .refused = model.preview([document.path]) else {
            Issue.record("a broken front matter was previewed")
            return
        }
        try site.write(document.path, document.text + "\n[どこにもない](../regulations/nowhere.md)\n")
        guard case .refused = model.preview([document.path]) else {
            Issue.record("a broken link was previewed")
            return
        }
        try site.write(document.path, document.text + "\n追記。\n")
        guard case .rendered(let files) = model.preview([document.path]) else {
            Issue.record("a good edit was refused")
            return
        }
        #expect(files.contains { $0.path == "\(document.section)/\(document.id)/index.html" })
        _ = corpus.random.next()
    }
}

extension EditedCorpus {
    /// A fixture site with these documents, and the options that build it into `site/` as `serve`
    /// does: the model kept, the front matter kept across builds, every step in line.
    func servedSite() throws -> (site: FixtureSite, options: BuildOptions) {
        let site = try FixtureSite(files: [:], copyVocabularies: true)
        do { try writeAll(to: site) } catch {
            site.remove()
            throw error
        }
        var options = BuildOptions(root: site.root, output: site.url("site"), today: IncrementalEquivalenceTests.today)
        options.stepsBesideUpTo = -1
        options.keepsModel = true
        options.frontMatterCache = FrontMatterCache()
        return (site, options)
    }
}
