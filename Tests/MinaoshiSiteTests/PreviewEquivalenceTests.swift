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
/// again, ``PagePreviewsTests``). A body edit always previews the published bytes; an add, a
/// delete, a rename, an id or draft change, or a file with an error is refused.
@Suite struct PreviewEquivalenceTests {
    @Test func previewsAreThePagesTheWholeBuildPublishes() throws {
        let seed = ProcessInfo.processInfo.environment["MINAOSHI_PREVIEW_SEED"].flatMap { UInt64($0) } ?? 20_261_206
        var corpus = EditedCorpus(seed: seed)
        let site = try FixtureSite(files: [:], copyVocabularies: true)
        defer { site.remove() }
        try corpus.writeAll(to: site)
        var options = BuildOptions(root: site.root, output: site.url("site"), today: IncrementalEquivalenceTests.today)
        options.stepsBesideUpTo = -1
        options.keepsModel = true
        options.frontMatterCache = FrontMatterCache()
        // The first corpus may have broken links (fixed by the next edit): then there is no model yet.
        var model = (try? IncrementalBuild.build(options))?.model
        var previewed = 0, bodyEdits = 0, differing = 0, refused = 0
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
            let edited = ["body of", "title of", "date of", "terms of", "links of", "the reviews"].contains {
                edit.hasPrefix($0)
            }
            switch (preview, built) {
            case (.rendered(let files)?, .success):
                #expect(edited, "a preview of what is not an edit: \(context)")
                #expect(!files.isEmpty, "\(context)")
                previewed += 1
                let isBodyOnly = edit.hasPrefix("body of") && changed.count == 1
                if isBodyOnly { bodyEdits += 1 }
                for (path, bytes) in files {
                    let published = try Data(contentsOf: site.url("site/" + path))
                    if Data(bytes) != published {
                        differing += 1
                        #expect(!isBodyOnly, "a body edit's preview of \(path) is not the published page: \(context)")
                    }
                }
            case (.rendered?, .failure(let error)):
                Issue.record("previewed, but the build failed with \(error.diagnostics.prefix(2)): \(context)")
            case (.refused?, _):
                refused += 1
                #expect(
                    !edit.hasPrefix("body of") || changed.count > 1 || (try? built.get()) == nil,
                    "a body edit of a good build refused: \(context)")
            case (nil, _):
                break
            }
            if edit.hasPrefix("added") || edit.hasPrefix("deleted") || edit.hasPrefix("renamed")
                || edit.hasPrefix("draft of") || edit.hasPrefix("the id of")
            {
                if case .rendered? = preview { Issue.record("previewed what is not an edit: \(context)") }
            }
            model = (try? built.get())?.model
        }
        // The run means something: it previewed body edits and others, and refused some.
        #expect(previewed >= 10 && bodyEdits >= 5 && refused >= 3, "\(previewed) \(bodyEdits) \(refused)")
        print(
            "previews: \(previewed) (\(bodyEdits) body edits), \(differing) files the build changed, \(refused) refused"
        )
    }

    /// A file with an error is refused: the whole build says what it is.
    @Test func aFileWithAnErrorIsRefused() throws {
        var corpus = EditedCorpus(seed: 7)
        let site = try FixtureSite(files: [:], copyVocabularies: true)
        defer { site.remove() }
        try corpus.writeAll(to: site)
        var options = BuildOptions(root: site.root, output: site.url("site"), today: IncrementalEquivalenceTests.today)
        options.keepsModel = true
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
