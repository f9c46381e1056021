import Foundation
import MinaoshiSupport
import MinaoshiTestSupport
import Testing

@testable import MinaoshiContent

/// The fast path (the last build's related documents taken whole when their inputs hash the same)
/// against the general one (the table worked out again), over the random edits of the incremental
/// test: bodies, titles, dates, terms, links, adds, deletes, renames and drafts.
@Suite struct RelatedDocumentsReuseTests {
    static let today = CalendarDate(year: 2026, month: 11, day: 27)!

    @Test func aTableIsTakenWholeOnlyWhenItsInputsAreTheSame() throws {
        var corpus = EditedCorpus(seed: 20_261_207)
        let site = try FixtureSite(files: [:], copyVocabularies: true)
        defer { site.remove() }
        try corpus.writeAll(to: site)
        func load() -> Corpus {
            CorpusLoader.load(root: site.root, options: LoadOptions(today: Self.today)).corpus
        }
        var previous = RelatedDocuments(corpus: load())
        var taken = 0, workedOut = 0, relatedSteps = 0
        for step in 1...80 {
            let edit = try corpus.randomEdit(in: site)
            let loaded = load()
            let fresh = RelatedDocuments(corpus: loaded)
            let reused = RelatedDocuments(corpus: loaded, reusing: previous)
            #expect(reused == fresh, "step \(step) (\(edit))")
            if fresh.inputs == previous.inputs {
                // The hash holds everything the table reads: the same hash, the same table.
                #expect(fresh == previous, "step \(step) (\(edit)): same inputs, another table")
                taken += 1
            } else {
                workedOut += 1
            }
            if loaded.documents.contains(where: { !fresh.relatedIndices(to: $0, in: loaded).isEmpty }) {
                relatedSteps += 1
            }
            previous = fresh
        }
        // Both paths ran, on corpora with related documents to get wrong.
        #expect(taken >= 20 && workedOut >= 20, "taken \(taken), worked out \(workedOut)")
        #expect(relatedSteps >= 40, "\(relatedSteps) steps with related documents")
    }

    /// Each input the table reads moves the hash; a body or a title does not.
    @Test func theInputsHashSeesWhatRelatesDocumentsAndNothingElse() throws {
        func hash(_ files: [String: String]) throws -> StableHash {
            let site = try FixtureSite(files: files, copyTemplates: false)
            defer { site.remove() }
            let loaded = CorpusLoader.load(root: site.root, options: LoadOptions(today: Self.today))
            #expect(!loaded.diagnostics.containsErrors, "\(loaded.diagnostics)")
            return RelatedDocuments.inputsHash(of: loaded.corpus)
        }
        func files(
            caseDate: String = "2024-01-01", regulations: [String] = ["bridge"], technology: String = "drones",
            category: String = "visual-inspection", title: String = "事例A", body: String = "本文です。",
            caseID: String = "a"
        ) -> [String: String] {
            [
                "content/regulations/bridge.md": regulationText(id: "bridge", title: "橋の点検"),
                "content/regulations/river.md": regulationText(id: "river", title: "河川の巡視", date: "2024-02-01"),
                "content/cases/a.md": caseText(
                    id: caseID, title: title, date: caseDate, regulations: regulations, body: body
                )
                .replacingOccurrences(of: "technologies: [drones]", with: "technologies: [\(technology)]")
                .replacingOccurrences(of: "categories: [visual-inspection]", with: "categories: [\(category)]")
            ]
        }
        let base = try hash(files())
        #expect(try hash(files(title: "別の題名", body: "別の本文です。")) == base)
        for (what, edited) in [
            ("date", files(caseDate: "2024-03-01")), ("regulations", files(regulations: ["river"])),
            ("technology", files(technology: "satellite-data")), ("category", files(category: "on-site-audit")),
            ("id", files(caseID: "b"))
        ] {
            #expect(try hash(edited) != base, "\(what)")
        }
    }
}
