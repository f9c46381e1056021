import Foundation
import MinaoshiTestSupport
import Testing

@testable import MinaoshiServe

@Suite struct SiteFilesTests {
    /// A site folder beside a secret, with links in and out of it.
    static func fixture() throws -> (FixtureSite, SiteFiles) {
        let site = try FixtureSite(
            files: [
                "site/index.html": "<p>home</p>", "site/404.html": "<p>missing</p>",
                "site/cases/a/index.html": "<p>a</p>",
                "site/empty/.keep": "", "secret.txt": "secret"
            ], copyTemplates: false, copyVocabularies: false)
        let manager = FileManager.default
        try manager.createSymbolicLink(
            atPath: site.url("site/out.txt").path, withDestinationPath: site.url("secret.txt").path)
        try manager.createSymbolicLink(atPath: site.url("site/up").path, withDestinationPath: "..")
        try manager.createSymbolicLink(
            atPath: site.url("site/inside.html").path, withDestinationPath: "cases/a/index.html")
        return (site, SiteFiles(folder: site.url("site").path))
    }

    @Test func foldersServeTheirIndexAndNeverAListing() throws {
        let (site, files) = try Self.fixture()
        defer { site.remove() }
        let root = try #require(SiteFiles.realPath(site.url("site").path))
        #expect(files.lookup([], isFolder: true) == .file(path: root + "/index.html", segments: ["index.html"]))
        #expect(
            files.lookup(["cases", "a"], isFolder: true)
                == .file(path: root + "/cases/a/index.html", segments: ["cases", "a", "index.html"]))
        #expect(files.lookup(["cases", "a"], isFolder: false) == .addSlash)
        #expect(files.lookup(["empty"], isFolder: true) == .notFound)
        #expect(files.lookup(["index.html"], isFolder: true) == .notFound)
        #expect(files.lookup(["nothing"], isFolder: false) == .notFound)
        #expect(files.notFoundPage == root + "/404.html")
    }

    @Test func symbolicLinksOutOfTheFolderAreMissing() throws {
        let (site, files) = try Self.fixture()
        defer { site.remove() }
        #expect(files.lookup(["out.txt"], isFolder: false) == .notFound)
        #expect(files.lookup(["up", "secret.txt"], isFolder: false) == .notFound)
        #expect(files.lookup(["up"], isFolder: true) == .notFound)
        // A link that stays inside is followed.
        guard case .file(_, let segments) = files.lookup(["inside.html"], isFolder: false) else {
            Issue.record("a link inside the folder was refused")
            return
        }
        #expect(segments == ["inside.html"])
    }
}
