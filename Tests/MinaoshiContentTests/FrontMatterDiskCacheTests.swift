import Foundation
import MinaoshiSupport
import MinaoshiTestSupport
import Testing

@testable import MinaoshiContent

/// The front-matter cache as bytes (``FrontMatterCache/encoded()`` and `init(decoding:)`), which
/// `minaoshi build` keeps on disk: what a load through it gives is what a fresh load gives.
@Suite struct FrontMatterDiskCacheTests {
    let today = CalendarDate(year: 2026, month: 11, day: 27)!
    /// Every file the tests write is old to the cache (``FrontMatterCacheTests/hourAhead``).
    static let hourAhead = FrontMatterCacheTests.hourAhead

    private func load(root: URL, cache: FrontMatterCache?) -> LoadResult {
        var options = LoadOptions(today: today)
        options.frontMatter = cache
        return CorpusLoader.load(root: root, options: options)
    }

    /// Every field of every document the load makes, as text.
    private func summary(_ result: LoadResult) -> [String] {
        result.diagnostics.map(\.description)
            + result.corpus.documents.map { document in
                [
                    document.sourcePath, document.id, document.title, "\(document.date as Any)",
                    "\(document.updated as Any)", "\(document.draft)", "\(document.kind)", "\(document.sources)",
                    "\(document.changes)", "\(document.bodyLineOffset)", "\(document.sourceHash)",
                    "\(document.body)", "\(document.frontMatter.diagnostics)",
                    document.frontMatter.location(ofValue: "title").description,
                    document.frontMatter.location(ofItem: 0, in: "technologies").description
                ].joined(separator: "|")
            }
    }

    /// The shipped corpus (every kind of document and field it uses), loaded through a cache
    /// decoded from the bytes of a first load, equals a fresh load, and reads no file's front matter again.
    @Test func theShippedCorpusThroughTheCacheOnDiskIsTheFreshLoad() throws {
        let root = FixtureSite.packageRoot
        let first = FrontMatterCache(now: Self.hourAhead)
        let fresh = load(root: root, cache: first)
        let bytes = try #require(first.encoded())
        let decoded = try #require(FrontMatterCache(decoding: bytes, now: Self.hourAhead))
        #expect(decoded.encoded() == nil, "no load has finished through it yet")
        let again = load(root: root, cache: decoded)
        #expect(decoded.lastLoadCounts.read == 0)
        #expect(decoded.lastLoadCounts.reused == fresh.corpus.documents.count + fresh.skipped)
        #expect(summary(again) == summary(fresh))
        // The same load gives the same bytes.
        #expect(decoded.encoded() == bytes)
    }

    /// A document that sets every field the shipped corpus leaves out (`updated`, `draft`, `phase`,
    /// a period), and one whose fields have problems, through the bytes: the same load.
    @Test func everyFieldSetComesBackFromTheBytes() throws {
        let site = try FixtureSite(
            files: [
                "content/regulations/a.md": regulationText(
                    id: "a", title: "甲", date: "2024-01-01",
                    extra: """
                        updated: 2024-03-05
                        draft: true
                        article: 第12条
                        phase: {before: 1, after: 3}
                        changes:
                          - {date: 2024-02-01, note: 告示の施行}

                        """, body: "[事例](../cases/c.md)を見よ。\n"),
                "content/regulations/b.md": regulationText(
                    id: "b", title: "乙", date: "2024-05-01",
                    extra: "updated: 2024-04-01\nphase: {before: 4, after: 1}\n",
                    technologies: "drones, no-such-technology"),
                "content/cases/c.md": caseText(
                    id: "c", title: "事例", regulations: ["a", "b"],
                    extra: "outcomes:\n  - {label: 人員, value: 約85%削減, period: 令和7年度}\n  - {label: 時間, value: 半減}\n")
            ], copyTemplates: false)
        defer { site.remove() }
        var options = LoadOptions(includeDrafts: true, today: today)
        let first = FrontMatterCache(now: Self.hourAhead)
        options.frontMatter = first
        let fresh = CorpusLoader.load(root: site.root, options: options)
        #expect(fresh.corpus.documents.contains { $0.updated != nil && $0.draft && $0.kind.regulation?.phase != nil })
        #expect(fresh.diagnostics.contains { $0.severity == .warning } && fresh.diagnostics.containsErrors)
        let bytes = try #require(first.encoded())
        let decoded = try #require(FrontMatterCache(decoding: bytes, now: Self.hourAhead))
        options.frontMatter = decoded
        let again = CorpusLoader.load(root: site.root, options: options)
        #expect(decoded.lastLoadCounts == (reused: 3, read: 0))
        #expect(summary(again) == summary(fresh))
    }

    /// Bytes cut anywhere, or with a byte changed in the header, decode to no cache (the file's
    /// own checksum refuses the rest: ``BuildCacheFile``).
    @Test func bytesCutAnywhereDecodeToNothing() throws {
        let site = try FixtureSite(
            files: [
                "content/regulations/a.md": regulationText(id: "a", title: "甲", body: "本文。\n"),
                "content/cases/c.md": caseText(id: "c", title: "事例", regulations: ["a"])
            ], copyTemplates: false)
        defer { site.remove() }
        let cache = FrontMatterCache(now: Self.hourAhead)
        _ = load(root: site.root, cache: cache)
        let bytes = try #require(cache.encoded())
        #expect(FrontMatterCache(decoding: bytes) != nil)
        for length in 0..<bytes.count {
            #expect(FrontMatterCache(decoding: Array(bytes.prefix(length))) == nil, "cut to \(length) bytes")
        }
        #expect(FrontMatterCache(decoding: bytes + [0]) == nil)
    }

    /// A file changed after the load took its pass from the cache, before its body was read
    /// again: the load reports it instead of rendering another text under the old front matter.
    @Test func aBodyChangedSinceThePassWasTakenIsAnError() throws {
        let site = try FixtureSite(
            files: ["content/regulations/a.md": regulationText(id: "a", title: "甲", body: "元の本文。\n")],
            copyTemplates: false)
        defer { site.remove() }
        let cache = FrontMatterCache(now: Self.hourAhead)
        _ = load(root: site.root, cache: cache)
        let bytes = try #require(cache.encoded())
        let decoded = try #require(FrontMatterCache(decoding: bytes))
        let pass = try #require(decoded.pass(at: "content/regulations/a.md", root: site.root))
        #expect(pass.bodyText == nil)
        #expect(pass.body(rootPath: site.root.path)?.hasPrefix("元の本文。\n") == true)
        try site.write("content/regulations/a.md", regulationText(id: "a", title: "甲", body: "新しい本文。\n"))
        #expect(pass.body(rootPath: site.root.path) == nil)
        let links = ContentLinks(pagePaths: [pass.sourcePath: "/\(pass.id)/"], basePath: "/")
        let document = CorpusLoader.document(
            from: pass, links: links, options: LoadOptions(today: today), rootPath: site.root.path)
        #expect(
            document.frontMatter.diagnostics.map(\.description) == [
                "content/regulations/a.md:1:1: error: the file changed while the build was reading it; build again once it is saved"
            ])
    }

    /// The codec writes every stored field by name: a field added to one of these types fails
    /// here until ``FrontMatterPassCodec`` writes it (or the cache would hand back passes without it).
    @Test func theCodecKnowsEveryField() throws {
        let site = try FixtureSite(
            files: [
                "content/regulations/a.md": regulationText(
                    id: "a", title: "甲", extra: "article: 第1条\nphase: {before: 1, after: 3}\n"),
                "content/cases/c.md": caseText(id: "c", title: "事例", regulations: ["a"])
            ], copyTemplates: false)
        defer { site.remove() }
        let reader = MetadataReader(vocabularies: Vocabularies.load(root: site.root).0)
        let pass = try CorpusLoader.readFrontMatter(
            rootPath: site.root.path, relativePath: "content/regulations/a.md", reader: reader
        ).get()
        func labels(_ value: Any) -> [String] { Mirror(reflecting: value).children.compactMap(\.label) }
        #expect(
            labels(pass) == [
                "sourcePath", "bodyText", "bodyHash", "bodyLineOffset", "fields", "section", "slug", "title", "date",
                "updated", "draft", "kind", "sources", "changes", "sourceHash"
            ])
        #expect(labels(pass.fields) == ["file", "mapping", "fields", "diagnostics"])
        let field = try #require(pass.fields.fields["title"])
        #expect(labels(field) == ["value", "items"])
        #expect(labels(field.value) == ["line", "column"])
        let diagnostic = Diagnostic.error(at: SourceLocation(file: "a"), "m")
        #expect(labels(diagnostic) == ["severity", "location", "message", "hint"])
        #expect(labels(diagnostic.location) == ["file", "line", "column", "sheet"])
        #expect(labels(Source(title: "t", url: "u")) == ["title", "url"])
        #expect(labels(Change(date: today, note: "n")) == ["date", "note"])
        let review = try #require(pass.kind.regulation)
        #expect(labels(review.fields) == ["article", "terms", "phase", "before", "after"])
        #expect(labels(try #require(review.phase)) == ["before", "after"])
        #expect(labels(review.terms) == ["lists"])
        let study = CaseStudy(
            organizations: [], municipalities: [], terms: FiledTerms(), regulations: [],
            outcomes: [Outcome(label: "l", value: "v", period: nil)])
        #expect(labels(study.fields) == ["organizations", "municipalities", "terms", "regulations", "outcomes"])
        #expect(labels(study.outcomes[0]) == ["label", "value", "period"])
        #expect(
            labels(try FileStatus(path: site.url("content/regulations/a.md").path)) == [
                "type", "size", "modified", "changed", "inode", "device"
            ])
    }

    /// The vocabularies' fingerprint changes with every field of every term and synonym group;
    /// a field added to them fails the label check until ``Vocabularies/fingerprint`` hashes it.
    @Test func theVocabularyFingerprintSeesEveryField() {
        func term(
            id: String = "drones", ja: String = "ドローン", en: String = "Drones", description: String? = nil,
            aliases: [String] = [], attributes: [String: String] = [:]
        ) -> Vocabularies {
            Vocabularies([
                Vocabulary(
                    kind: .technologies,
                    terms: [
                        VocabularyTerm(
                            id: id, ja: ja, en: en, description: description, aliases: aliases, attributes: attributes)
                    ])
            ])
        }
        let base = term()
        let variants = [
            term(id: "drone"), term(ja: "無人機"), term(en: "UAV"), term(description: "説明"), term(aliases: ["uav"]),
            term(attributes: ["code": "1"])
        ]
        for variant in variants { #expect(variant.fingerprint != base.fingerprint) }
        #expect(Set(variants.map(\.fingerprint)).count == variants.count)
        #expect(
            term(attributes: ["a": "1", "b": "2"]).fingerprint == term(attributes: ["b": "2", "a": "1"]).fingerprint)
        // Texts are told apart by their lengths, not only their bytes joined.
        #expect(term(ja: "ab", en: "c").fingerprint != term(ja: "a", en: "bc").fingerprint)
        #expect(
            Mirror(reflecting: VocabularyTerm(id: "", ja: "", en: "", description: nil, aliases: [], attributes: [:]))
                .children.compactMap(\.label) == ["id", "ja", "en", "description", "aliases", "attributes"])

        func synonyms(_ group: SynonymGroup) -> Vocabularies {
            var vocabularies = base
            vocabularies.synonyms = [group]
            return vocabularies
        }
        let group = SynonymGroup(terms: ["ドローン", "無人航空機"], reason: "r")
        let groups = [
            SynonymGroup(terms: ["ドローン"], reason: "r"), SynonymGroup(terms: group.terms, reason: "s"),
            SynonymGroup(terms: group.terms, reason: "r", law: "航空法"),
            SynonymGroup(terms: group.terms, reason: "r", article: "第2条"),
            SynonymGroup(terms: group.terms, reason: "r", oneWay: ["ドローン"]),
            SynonymGroup(terms: group.terms, reason: "r", oneWayReason: "o")
        ]
        let fingerprints = [synonyms(group)] + groups.map(synonyms)
        #expect(Set(fingerprints.map(\.fingerprint)).count == fingerprints.count)
        #expect(synonyms(group).fingerprint != base.fingerprint)
        #expect(
            Mirror(reflecting: group).children.compactMap(\.label) == [
                "terms", "reason", "law", "article", "oneWay", "oneWayReason"
            ])
        #expect(Mirror(reflecting: base).children.compactMap(\.label) == ["vocabularies", "synonyms"])
    }

    /// Entries read with other vocabularies are not used: a vocabulary change reads every file again.
    @Test func otherVocabulariesReadEveryFileAgain() throws {
        let site = try FixtureSite(
            files: [
                "content/regulations/a.md": regulationText(id: "a", title: "甲"),
                "content/regulations/b.md": regulationText(id: "b", title: "乙")
            ], copyTemplates: false)
        defer { site.remove() }
        let later = Self.hourAhead
        let cache = FrontMatterCache(now: later)
        _ = load(root: site.root, cache: cache)
        let bytes = try #require(cache.encoded())
        let same = try #require(FrontMatterCache(decoding: bytes, now: later))
        _ = load(root: site.root, cache: same)
        #expect(same.lastLoadCounts == (reused: 2, read: 0))
        let vocabulary = "content/_data/technologies.yml"
        try site.write(vocabulary, try site.read(vocabulary) + "- id: probe\n  ja: 試験\n  en: Probe\n")
        let again = try #require(same.encoded())
        let other = try #require(FrontMatterCache(decoding: again, now: later))
        _ = load(root: site.root, cache: other)
        #expect(other.lastLoadCounts == (reused: 0, read: 2))
    }
}
