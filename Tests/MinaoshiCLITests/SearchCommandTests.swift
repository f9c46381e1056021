import Foundation
import MinaoshiTestSupport
import Testing

/// `minaoshi search` over the shipped corpus: from a built site's index files and from --root.
@Suite struct SearchCommandTests {
    @Test func searchesTheBuiltIndexAndTheProjectAlike() throws {
        let site = try FixtureSite.shippedProject()
        defer { site.remove() }
        let build = try CommandRunner.run(["build", "--now", "2026-11-27"], in: site.root)
        #expect(build.status == 0)
        #expect(FileManager.default.fileExists(atPath: site.url("site/search/manifest.json").path))

        let fromSite = try CommandRunner.run(["search", "近接目視", "--json", "--limit", "3"], in: site.root)
        let fromRoot = try CommandRunner.run(["search", "近接目視", "--root", ".", "--json", "--limit", "3"], in: site.root)
        #expect(fromSite.status == 0)
        let results = try #require(try JSONSerialization.jsonObject(with: Data(fromSite.stdout.utf8)) as? [String: Any])
        let hits = try #require(results["hits"] as? [[String: Any]])
        #expect(hits.first?["path"] as? String == "/regulations/road-bridge-inspection/")
        let rootResults = try #require(
            try JSONSerialization.jsonObject(with: Data(fromRoot.stdout.utf8)) as? [String: Any])
        #expect(
            (rootResults["hits"] as? [[String: Any]])?.map { $0["path"] as? String }
                == hits.map { $0["path"] as? String })
        #expect(rootResults["total"] as? Int == results["total"] as? Int)

        let text = try CommandRunner.run(["search", "圃場", "--filter", "type=cases"], in: site.root)
        #expect(text.status == 0)
        #expect(text.stdout.contains("【圃場】"))
        #expect(text.stdout.contains("/cases/minamisoma-hojo-dx/"))
    }

    @Test func aBadFilterIsRefused() throws {
        let site = try FixtureSite(files: [:])
        defer { site.remove() }
        let result = try CommandRunner.run(["search", "x", "--filter", "colour=red"], in: site.root)
        #expect(result.status != 0)
        #expect(result.stderr.contains("--filter must be key=value"))
    }
}
