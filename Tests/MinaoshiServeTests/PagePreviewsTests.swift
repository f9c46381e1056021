import Testing

@testable import MinaoshiServe

/// Which changes `serve` previews before its rebuild: edits of Markdown documents only.
@Suite struct PagePreviewsTests {
    @Test func onlyChangesToDocumentsArePreviewed() {
        func edited(_ paths: Set<String>, beyondPaths: Bool = false) -> [String]? {
            PagePreviews.editedDocuments(SourceChanges(paths: paths, beyondPaths: beyondPaths))
        }
        #expect(edited(["content/cases/a.md"]) == ["content/cases/a.md"])
        // An editor's temporary file, renamed over the document, is not read by the build.
        #expect(edited(["content/cases/a.md", "content/cases/a.md.saving"]) == ["content/cases/a.md"])
        #expect(
            edited(["content/cases/a.md", "content/regulations/b.md"]) == [
                "content/cases/a.md", "content/regulations/b.md"
            ])
        for refused: Set<String> in [
            ["minaoshi.yml"], ["templates/document.mustache", "content/cases/a.md"], ["content/_data/technologies.yml"],
            ["content/_data/progress.yml"], ["content/_data/accessibility-report.json"], ["content/cases/_draft/a.md"]
        ] {
            #expect(edited(refused) == nil, "\(refused)")
        }
        // A folder made, moved or removed, or events lost.
        #expect(edited(["content/cases/a.md"], beyondPaths: true) == nil)
    }

    @Test func outputsAreNamedByThePagesTheyAre() {
        #expect(PagePreviews.page(ofOutput: "cases/a/index.html") == "/cases/a/")
        #expect(PagePreviews.page(ofOutput: "404.html") == "/404.html")
        #expect(PagePreviews.page(ofOutput: "cases/a/data.json") == nil)
    }
}
