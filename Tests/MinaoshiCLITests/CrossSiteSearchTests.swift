import Foundation
import MinaoshiTestSupport
import Testing

/// `minaoshi search` across sites (issue 23): the municipal fixture site lists the national one,
/// served by a real `minaoshi serve` on loopback; the merged results must be those of one build of
/// both corpora: the same documents in the same order with the same scores, total and facet counts.
@Suite(.serialized) struct CrossSiteSearchTests {
    static let fixtures = FixtureSite.packageRoot.appendingPathComponent("Tests/Fixtures/sites/cross-site")

    /// A project of `parts` of the cross-site fixture (their `content/` folders merged) with the real templates.
    static func project(_ parts: [String], config: String = "title: 秋野市 見直し\n") throws -> FixtureSite {
        let site = try FixtureSite(files: ["minaoshi.yml": config], copyVocabularies: false)
        for part in parts {
            let content = fixtures.appendingPathComponent(part).appendingPathComponent("content")
            let files = FileManager.default.enumerator(at: content, includingPropertiesForKeys: [.isRegularFileKey])!
            for case let file as URL in files
            where (try file.resourceValues(forKeys: [.isRegularFileKey])).isRegularFile == true {
                let relative = String(
                    file.standardizedFileURL.path.dropFirst(content.standardizedFileURL.path.count + 1))
                try site.write("content/" + relative, try Data(contentsOf: file))
            }
        }
        return site
    }

    /// The municipal fixture site, listing `url` as the national site.
    static func municipal(listing url: String) throws -> FixtureSite {
        try project(
            ["municipal"], config: "title: 秋野市 見直し\nsearch:\n  sites:\n    - {url: \"\(url)\", label: 国の見直し事例集}\n")
    }

    static let queries = ["ドローン", "点検", "目視 点検", "下水道", "\"近接目視\"", "公告", "橋", "カメラ 市", "点検 ドローン 画像", "無人航空機"]

    struct Answer: Equatable, CustomStringConvertible {
        var total: Int
        /// Each hit's site path and score.
        var hits: [String]
        /// "key=value:count" for every value counted.
        var facets: [String]
        var description: String { "\(total) \(hits) \(facets)" }
    }

    /// The answer of `minaoshi search … --json`, each hit's path made a site path (`base` removed).
    static func answer(_ arguments: [String], in root: URL, base: String = "") throws -> Answer {
        let run = try CommandRunner.run(["search"] + arguments + ["--json", "--limit", "100"], in: root)
        #expect(run.status == 0, "\(arguments): \(run.stderr)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
        let hits = try #require(json["hits"] as? [[String: Any]]).map { hit in
            let path = hit["path"] as? String ?? ""
            return
                "\(path.hasPrefix(base) && !base.isEmpty ? "/" + path.dropFirst(base.count) : path) \(hit["score"] as? Double ?? -1)"
        }
        let facets = try #require(json["facets"] as? [[String: Any]]).flatMap { key in
            (key["values"] as? [[String: Any]] ?? []).map { "\(key["key"]!)=\($0["id"]!):\($0["count"]!)" }
        }
        return Answer(total: json["total"] as? Int ?? -1, hits: hits, facets: facets)
    }

    @Test func mergedResultsEqualOneBuildOfBothCorpora() throws {
        let national = try Self.project(["national"], config: "title: 見直し（国）\n")
        defer { national.remove() }
        let server = try ServeProcess(root: national.root)
        defer { _ = server.stop() }
        try #require(server.waitFor("Serving http://"), "\(server.printed)")
        let nationalURL = "http://127.0.0.1:\(server.port)/"
        let municipal = try Self.municipal(listing: nationalURL)
        defer { municipal.remove() }
        let both = try Self.project(["national", "municipal"])
        defer { both.remove() }
        #expect(try CommandRunner.run(["build", "--now", "2026-11-27"], in: both.root).status == 0)

        for query in Self.queries {
            let merged = try Self.answer([query, "--root", "."], in: municipal.root, base: nationalURL)
            let single = try Self.answer([query, "--site", "site"], in: both.root)
            #expect(merged == single, "\(query)")
            #expect(single.total > 0, "\(query) must find something in the fixtures")
        }
        // Filters, and a query both sites answer with tied scores (no query: every score is 0).
        for arguments in [
            ["点検", "--filter", "type=cases"], ["", "--filter", "category=periodic-inspection"],
            ["ドローン", "--filter", "prefecture=miyagi"]
        ] {
            let merged = try Self.answer(arguments + ["--root", "."], in: municipal.root, base: nationalURL)
            let single = try Self.answer(arguments + ["--site", "site"], in: both.root)
            #expect(merged == single, "\(arguments)")
        }
        // Both sites contribute: the merge is not one site's answer.
        let drone = try Self.answer(["ドローン", "--root", "."], in: municipal.root, base: nationalURL)
        #expect(
            drone.hits.contains { $0.hasPrefix("/cases/akino-") }
                && drone.hits.contains { $0.hasPrefix("/regulations/") })

        // The text output labels each result with its site and links the other site's pages.
        let text = try CommandRunner.run(["search", "ドローン", "--root", "."], in: municipal.root)
        #expect(text.stdout.contains("〔国の見直し事例集〕"))
        #expect(text.stdout.contains("〔秋野市 見直し〕"))
        #expect(text.stdout.contains(nationalURL + "regulations/"))
    }

    @Test func aSiteThatCannotBeReachedIsNamedAndTheRestAnswer() throws {
        let municipal = try Self.municipal(listing: "http://127.0.0.1:\(RawHTTP.freePort())/")
        defer { municipal.remove() }
        let alone = try Self.answer(["点検", "--root", ".", "--this-site-only"], in: municipal.root)
        let text = try CommandRunner.run(["search", "点検", "--root", "."], in: municipal.root)
        #expect(text.status == 0)
        #expect(text.stdout.hasPrefix("国の見直し事例集の索引に接続できませんでした（"))
        #expect(text.stdout.contains("\(alone.total) results"))
        #expect(alone.total > 0)
        let json = try CommandRunner.run(["search", "点検", "--root", ".", "--json"], in: municipal.root)
        let results = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        #expect((results["unreachable"] as? [[String: Any]])?.map { $0["site"] as? String } == ["国の見直し事例集"])
        #expect(results["total"] as? Int == alone.total)
        // A missing folder given with --also is named the same way.
        let missing = try CommandRunner.run(
            ["search", "点検", "--root", ".", "--this-site-only", "--also", "町=no-such-site"], in: municipal.root)
        #expect(missing.stdout.hasPrefix("町の索引に接続できませんでした"))
    }
}
