import Foundation
import MinaoshiMarkdown
import MinaoshiSupport
import MinaoshiTestSupport
import Testing

@testable import MinaoshiContent

@Suite struct CorpusLoaderTests {
    let today = CalendarDate(year: 2026, month: 11, day: 27)!

    private func load(_ files: [String: String], drafts: Bool = false, future: Bool = false, basePath: String = "/")
        throws -> LoadResult
    {
        let site = try FixtureSite(files: files, copyTemplates: false)
        defer { site.remove() }
        return CorpusLoader.load(
            root: site.root,
            options: LoadOptions(includeDrafts: drafts, includeFuture: future, today: today, basePath: basePath))
    }

    @Test func sectionsComeFromFoldersAndIdsFromFrontMatterOrFileName() throws {
        let result = try load([
            "content/regulations/a.md": regulationText(id: "road-bridge", title: "橋"),
            "content/notes/no-id.md": "---\ntitle: メモ\n---\n本文\n",
            "content/about.md": "---\ntitle: 概要\n---\n",
            "content/_drafts/hidden.md": "not a document: folders starting with _ are skipped",
            "content/regulations/.draft.md.swp": "junk",
            "content/regulations/notes.txt": "not markdown"
        ])
        #expect(result.diagnostics.isEmpty, "\(result.diagnostics)")
        #expect(result.corpus.documents.map(\.id) == ["about", "notes/no-id", "regulations/road-bridge"])
        #expect(result.corpus.documents.map(\.path) == ["/about/", "/notes/no-id/", "/regulations/road-bridge/"])
        #expect(result.corpus.sections == ["", "notes", "regulations"])
    }

    /// The content walk: `.md` files at any depth in path order; hidden and `_` entries skipped
    /// with everything under them; a folder named like a document is a folder.
    @Test func markdownFilesAreEveryVisibleMarkdownFileInPathOrder() throws {
        let site = try FixtureSite(
            files: [
                "content/b.md": "", "content/a/z.md": "", "content/a/y.md": "", "content/a-b.md": "",
                "content/deep/er/still.md": "", "content/folder.md/inside.md": "",
                "content/_data/x.md": "", "content/a/_partial.md": "", "content/.git/x.md": "",
                "content/a/.hidden.md": "",
                "content/notes.txt": "", "content/upper.MD": "", "outside.md": ""
            ], copyTemplates: false)
        defer { site.remove() }
        #expect(
            CorpusLoader.markdownFiles(root: site.root) == [
                "content/a-b.md", "content/a/y.md", "content/a/z.md", "content/b.md", "content/deep/er/still.md",
                "content/folder.md/inside.md"
            ])
        let empty = try FixtureSite(files: ["README.md": ""], copyTemplates: false)
        defer { empty.remove() }
        #expect(CorpusLoader.markdownFiles(root: empty.root) == [])
    }

    @Test func everyBadFileIsReportedNotOnlyTheFirst() throws {
        let result = try load([
            "content/notes/a.md": "---\nid: a\ntitle: [\n---\n",
            "content/notes/b.md": "no front matter\n",
            "content/notes/c.md": "---\nid: C_1\ntitle: 題\n---\n",
            "content/notes/d.md": "---\nid: d\ndate: 2024-13-01\n---\n",
            "content/notes/ok.md": documentText(id: "ok", title: "正常")
        ])
        #expect(
            result.diagnostics.map(\.location.file) == [
                "content/notes/a.md", "content/notes/b.md", "content/notes/c.md", "content/notes/d.md",
                "content/notes/d.md"
            ])
        #expect(
            result.diagnostics.map(\.description)[2...] == [
                "content/notes/c.md:2:5: error: id 'C_1' may only contain lower-case letters a-z, digits and single '-'; for example 'road-bridge-inspection'",
                "content/notes/d.md:2:1: error: missing required field 'title'; add a line 'title: …' with a text",
                "content/notes/d.md:3:7: error: 'date' is not a date: '2024-13-01'; write it as YYYY-MM-DD, e.g. 2024-06-28"
            ])
        #expect(result.diagnostics.allSatisfy { $0.severity == .error })
        // Documents whose fields are wrong stay in the corpus for the later checks; the file whose YAML does not parse cannot.
        #expect(result.corpus.documents.map(\.id) == ["notes/C_1", "notes/d", "notes/ok"])
    }

    /// A regulation review's date is its decision's: required, except for a review not yet
    /// started, which has no decision to date (and a date is never invented).
    @Test func aRegulationReviewNeedsADateUnlessItIsNotStarted() throws {
        let undated = { (id: String, status: String) in
            regulationText(id: id, title: "題\(id)", date: "").replacingOccurrences(of: "date: \n", with: "")
                .replacingOccurrences(of: "status: reviewed", with: "status: \(status)")
        }
        let result = try load([
            "content/regulations/a.md": undated("a", "not-started"),
            "content/regulations/b.md": undated("b", "reviewed"),
            "content/regulations/c.md": undated("c", "in-review")
        ])
        #expect(
            result.diagnostics.map(\.description) == [
                "content/regulations/b.md:2:1: error: missing required field 'date'; add a line 'date: 2024-06-28'",
                "content/regulations/c.md:2:1: error: missing required field 'date'; add a line 'date: 2024-06-28'"
            ])
        #expect(result.corpus.documents.first { $0.id == "regulations/a" }?.date == nil)
        #expect(result.corpus.documents.first { $0.id == "regulations/a" }?.kind.regulation?.status == "not-started")
    }

    @Test func duplicateIdsInOneSectionAreErrors() throws {
        let result = try load([
            "content/cases/a.md": caseText(id: "same", title: "一"),
            "content/cases/b.md": caseText(id: "same", title: "二"),
            "content/regulations/c.md": regulationText(id: "same", title: "別の区分なら可")
        ])
        #expect(
            result.diagnostics.map(\.description) == [
                "content/cases/b.md:2:5: error: id 'same' is already used by content/cases/a.md; ids must be unique within 'cases'"
            ])
    }

    @Test func draftsAndFutureDocumentsAreLeftOutUnlessAsked() throws {
        let files = [
            "content/notes/draft.md": documentText(id: "draft", title: "下書き", extra: "draft: true\n"),
            "content/notes/future.md": documentText(id: "future", title: "予定", date: "2026-11-28"),
            "content/notes/today.md": documentText(id: "today", title: "今日", date: "2026-11-27")
        ]
        let plain = try load(files)
        #expect(plain.corpus.documents.map(\.slug) == ["today"])
        #expect(plain.skipped == 2)
        #expect(try load(files, drafts: true).corpus.documents.map(\.slug) == ["draft", "today"])
        #expect(try load(files, future: true).corpus.documents.map(\.slug) == ["future", "today"])
    }

    @Test func relativeMarkdownLinksBecomePageURLs() throws {
        let result = try load(
            [
                "content/notes/a.md": documentText(
                    id: "hojo-dx", title: "圃場",
                    body: "## 成果\n\n[規制](../guides/b.md#見直し後)と[自分](#成果)と[外部](https://example.jp/a.md)"),
                "content/guides/b.md": documentText(
                    id: "farm-check", title: "規制", body: "## 見直し後\n\n[事例](../notes/a.md)")
            ], basePath: "/minaoshi/")
        #expect(result.diagnostics.isEmpty, "\(result.diagnostics)")
        let a = try #require(result.corpus.document(id: "notes/hojo-dx"))
        #expect(
            a.bodyHTML.contains(#"<a href="/minaoshi/guides/farm-check/#%E8%A6%8B%E7%9B%B4%E3%81%97%E5%BE%8C">規制</a>"#),
            "\(a.bodyHTML)")
        #expect(a.bodyHTML.contains(#"<a href="https://example.jp/a.md">外部</a>"#))
        let b = try #require(result.corpus.document(id: "guides/farm-check"))
        #expect(b.bodyHTML.contains(#"<a href="/minaoshi/notes/hojo-dx/">事例</a>"#))
    }

    /// The body's HTML and plain text are held once, outside `body`, until the build lets them go;
    /// what else the body says (headings, summary) stays.
    @Test func bodyHTMLAndPlainTextAreHeldUntilReleased() throws {
        let result = try load(["content/notes/a.md": documentText(id: "a", title: "題", body: "## 成果\n\n見直しの結果です。")])
        let document = try #require(result.corpus.document(id: "notes/a"))
        #expect(document.body.html.isEmpty && document.body.plainText.isEmpty, "one copy only, outside `body`")
        #expect(document.plainText == "成果\n\n見直しの結果です。")
        #expect(document.bodyHTML.contains("見直しの結果です。"))
        document.releasePlainText()
        document.releaseBodyHTML()
        #expect(document.isPlainTextReleased && document.isBodyHTMLReleased)
        #expect(document.body.headings.map(\.text) == ["成果"] && document.body.summary == "見直しの結果です。")
    }

    /// A step that reads a body after the build let it go (a full-content feed made after the
    /// pages) stops the process instead of printing an empty body.
    @Test func readingAReleasedBodyStopsTheProcess() async throws {
        // Made and removed out here: the process that stops never gets to remove anything.
        let site = try FixtureSite(
            files: ["content/notes/a.md": "---\nid: a\ntitle: 題\n---\n本文\n"], copyTemplates: false)
        defer { site.remove() }
        let root = site.root
        await #expect(processExitsWith: .failure) { [root = root as URL] in
            let loaded = CorpusLoader.load(
                root: root, options: LoadOptions(today: CalendarDate(year: 2026, month: 1, day: 1)!))
            let document = try #require(loaded.corpus.document(id: "notes/a"))
            document.releaseBodyHTML()
            _ = document.bodyHTMLBytes
        }
    }

    @Test func brokenLinksAndAnchorsAreErrorsAtTheLink() throws {
        let result = try load([
            "content/notes/a.md": documentText(
                id: "a", title: "一",
                body: "## 概要\n\n本文の[壊れた](../guides/missing.md)リンク。\n[見出し違い](b.md#ない)と[同じページ](#概要)と[無い](#なし)"),
            "content/notes/b.md": documentText(id: "b", title: "二", body: "## ある\n"),
            "content/notes/draft.md": documentText(id: "draft", title: "下書き", extra: "draft: true\n"),
            "content/notes/c.md": documentText(id: "c", title: "三", body: "[下書きへ](draft.md)")
        ])
        #expect(
            result.diagnostics.map(\.description) == [
                "content/notes/a.md:8:4: error: link to '../guides/missing.md' points to content/guides/missing.md, which does not exist or is not published; check the file name; links between documents are relative, e.g. ../cases/minamisoma-hojo-dx.md",
                "content/notes/a.md:9:1: error: no heading '#ない' in content/notes/b.md; headings there are: #ある",
                "content/notes/a.md:9:31: error: no heading '#なし' in content/notes/a.md; headings there are: #概要",
                "content/notes/c.md:6:1: error: link to 'draft.md' points to content/notes/draft.md, which does not exist or is not published; check the file name; links between documents are relative, e.g. ../cases/minamisoma-hojo-dx.md"
            ])
    }

    @Test func updatedBeforeDateIsAWarning() throws {
        let result = try load([
            "content/notes/a.md": documentText(id: "a", title: "一", date: "2024-05-01", extra: "updated: 2024-04-01\n")
        ])
        #expect(
            result.diagnostics.map(\.description) == [
                "content/notes/a.md:5:10: warning: 'updated' (2024-04-01) is before 'date' (2024-05-01)"
            ])
        #expect(result.corpus.documents.count == 1)
    }
}

@Suite struct SiteConfigTests {
    @Test func readsSettingsAndNormalisesTheBaseURL() throws {
        let site = try FixtureSite(
            files: ["minaoshi.yml": "title: 見直し\nbase_url: https://example.go.jp/minaoshi\ntime_zone: Asia/Tokyo\n"],
            copyTemplates: false)
        defer { site.remove() }
        let config = try SiteConfig.load(root: site.root)
        #expect(config.title == "見直し")
        #expect(config.baseURL == "https://example.go.jp/minaoshi/")
        #expect(config.basePath == "/minaoshi/")
        #expect(config.absoluteURL("/cases/a/") == "https://example.go.jp/minaoshi/cases/a/")
        #expect(config.language == "ja")
    }

    @Test func reportsEveryBadSetting() throws {
        let site = try FixtureSite(
            files: ["minaoshi.yml": "title: 見直し\nbase_url: example.jp\ntime_zone: Mars/Base\ncolour: blue\n"],
            copyTemplates: false)
        defer { site.remove() }
        #expect(throws: DiagnosticsError.self) { try SiteConfig.load(root: site.root) }
        do {
            _ = try SiteConfig.load(root: site.root)
        } catch {
            #expect(
                error.diagnostics.map(\.description) == [
                    "minaoshi.yml:2:11: error: 'base_url' must be an absolute http(s) URL, found 'example.jp'; for example https://example.go.jp/minaoshi/",
                    "minaoshi.yml:3:12: error: unknown time zone 'Mars/Base'; use an IANA name such as Asia/Tokyo",
                    "minaoshi.yml:4:1: error: unknown field 'colour'; expected one of title, description, base_url, language, time_zone, publisher, allow_raw_html, page_size, license, search"
                ])
        }
    }

    @Test func theContentLicenceDefaultsToPDLAndCanBeNamed() throws {
        #expect(SiteConfig().license.name == "公共データ利用規約 第1.0版 (PDL1.0)")
        #expect(SiteConfig().license.url == "https://www.digital.go.jp/resources/open_data/public_data_license_v1.0")
        let site = try FixtureSite(
            files: [
                "minaoshi.yml":
                    "title: 見直し\nlicense: {name: CC BY 4.0, url: \"https://creativecommons.org/licenses/by/4.0/\"}\n"
            ],
            copyTemplates: false)
        defer { site.remove() }
        let config = try SiteConfig.load(root: site.root)
        #expect(
            config.license == SiteConfig.License(name: "CC BY 4.0", url: "https://creativecommons.org/licenses/by/4.0/")
        )
    }

    @Test func searchSitesAreReadWithTheirIndexFolders() throws {
        let yaml =
            "title: 見直し\nsearch:\n  sites:\n    - url: https://kuni.example.go.jp/minaoshi\n      label: 国\n    - {url: \"http://127.0.0.1:9001/\", label: 市}\n"
        let site = try FixtureSite(files: ["minaoshi.yml": yaml], copyTemplates: false)
        defer { site.remove() }
        let config = try SiteConfig.load(root: site.root)
        #expect(
            config.searchSites == [
                SiteConfig.SearchSite(url: "https://kuni.example.go.jp/minaoshi/", label: "国"),
                SiteConfig.SearchSite(url: "http://127.0.0.1:9001/", label: "市")
            ])
        #expect(
            config.searchSites.map(\.indexURL) == [
                "https://kuni.example.go.jp/minaoshi/search/", "http://127.0.0.1:9001/search/"
            ])
        #expect(SiteConfig().searchSites.isEmpty)
    }

    @Test func everyBadSearchSiteIsReportedWhereItIsWritten() throws {
        let yaml = """
            title: 見直し
            search:
              sites:
                - {url: kuni.example.jp, label: 国}
                - {url: "https://a.example.jp", label: ""}
                - {url: "https://a.example.jp/", label: 市}
                - {url: "https://b.example.jp/", label: 市}
                - {url: "https://c.example.jp/", labl: 町}
                - {url: "https://d.example.jp/x;script-src", label: 村}
              site: []

            """
        let site = try FixtureSite(files: ["minaoshi.yml": yaml], copyTemplates: false)
        defer { site.remove() }
        do {
            _ = try SiteConfig.load(root: site.root)
            Issue.record("bad search sites must be an error")
        } catch {
            #expect(
                error.diagnostics.map(\.description) == [
                    "minaoshi.yml:4:13: error: 'search.sites[1].url' must be an absolute http(s) URL, found 'kuni.example.jp'; the other site's base URL, e.g. https://example.go.jp/minaoshi/; its index is read from its search/ folder",
                    "minaoshi.yml:5:44: error: 'search.sites[2].label' is empty",
                    "minaoshi.yml:6:13: error: 'search.sites[3].url' repeats 'search.sites[2].url': 'https://a.example.jp/'; list each site once",
                    "minaoshi.yml:7:45: error: 'search.sites[4].label' repeats 'search.sites[3].label': '市'; give each site its own label: results are marked with it",
                    "minaoshi.yml:8:7: error: missing required field 'search.sites[5].label'; add a line 'label: …' with a text",
                    "minaoshi.yml:8:38: error: unknown field 'search.sites[5].labl'; did you mean 'label'?",
                    "minaoshi.yml:9:13: error: 'search.sites[6].url' must be a site's base URL without ';', found 'https://d.example.jp/x;script-src'; give the folder the other site is served from, without a query, fragment, ';' or ','",
                    "minaoshi.yml:10:3: error: unknown field 'search.site'; did you mean 'sites'?"
                ])
        }
    }

    @Test func aSiteThatListsItselfIsTold() throws {
        let yaml =
            "title: 見直し\nbase_url: https://kuni.example.go.jp/minaoshi\nsearch:\n  sites:\n    - {url: \"https://kuni.example.go.jp/minaoshi/\", label: 国}\n"
        let site = try FixtureSite(files: ["minaoshi.yml": yaml], copyTemplates: false)
        defer { site.remove() }
        do {
            _ = try SiteConfig.load(root: site.root)
            Issue.record("a site listing itself must be an error")
        } catch {
            #expect(
                error.diagnostics.map(\.description) == [
                    "minaoshi.yml:5:13: error: 'search.sites[1].url' is this site's own base_url: 'https://kuni.example.go.jp/minaoshi/'; list other sites only; this site's index is always searched"
                ])
        }
    }

    @Test func aBadLicenceIsReportedWhereItIsWritten() throws {
        let site = try FixtureSite(
            files: ["minaoshi.yml": "title: 見直し\nlicense:\n  name: \"\"\n  url: pdl.html\n  version: 1\n"],
            copyTemplates: false)
        defer { site.remove() }
        do {
            _ = try SiteConfig.load(root: site.root)
            Issue.record("a bad licence must be an error")
        } catch {
            #expect(
                error.diagnostics.map(\.description) == [
                    "minaoshi.yml:3:9: error: 'license.name' is empty",
                    "minaoshi.yml:4:8: error: 'license.url' must be an absolute http(s) URL, found 'pdl.html'; the page with the licence text, e.g. https://www.digital.go.jp/resources/open_data/public_data_license_v1.0",
                    "minaoshi.yml:5:3: error: unknown field 'license.version'; expected one of name, url"
                ])
        }
    }
}
