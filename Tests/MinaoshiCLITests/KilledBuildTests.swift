import Foundation
import MinaoshiTestSupport
import Testing

/// SIGKILL lands in every phase of a build (load, render, index, write, swap), shown by the
/// build's own phase log (`MINAOSHI_TEST_PHASE_LOG`, `MINAOSHI_TEST_PAUSE_AT`: see
/// `BuildPhaseProbe`); whatever the moment, the output is the complete previous tree or the
/// complete next one, no staging folder piles up, and nothing outside the output changes but the
/// build cache; and the cache a kill leaves (old, new, or a writer's leftover) never makes a later
/// build write anything but what a build without the cache writes.
@Suite struct KilledBuildTests {
    /// The phases a kill must land in, by the boundaries (step names) that start them.
    static func phase(of boundary: String) -> String {
        switch boundary {
        case "render pages": "render"
        case "search index": "index"
        case "open data", "site files": "write"
        case "publish", "swap", "swapped": "swap"
        case "cache write", "cache rename": "cache"
        default: "load"  // output folder, configure, load content, relate, load templates, plan pages
        }
    }

    static let boundaries = [
        "load content", "render pages", "search index", "open data", "site files", "swap", "swapped",
        "cache write", "cache rename"
    ]
    /// Enough that each phase of a debug build lasts tens of milliseconds, so that the unpaused
    /// kills land inside phases; at 2,000 the test cost 170 s of CPU in `make test`, at 1,000 67 s.
    static let documents = 1_000
    static let now = "2026-11-27"

    /// Every file under the project except the output and what sits beside it for the build (its
    /// lock, staging folders and cache).
    private func outside(_ site: FixtureSite) throws -> [String: Data] {
        var files: [String: Data] = [:]
        for entry in site.list("") where entry != "site" && !entry.hasPrefix(".site.") && entry != ".minaoshi-cache" {
            var isFolder: ObjCBool = false
            _ = FileManager.default.fileExists(atPath: site.url(entry).path, isDirectory: &isFolder)
            if isFolder.boolValue {
                for (path, data) in try site.tree(entry) { files[entry + "/" + path] = data }
            } else {
                files[entry] = try Data(contentsOf: site.url(entry))
            }
        }
        return files
    }

    private func writeContent(_ site: FixtureSite, version: Int) throws {
        for n in 0..<Self.documents {
            try site.write(
                "content/cases/n\(n).md",
                caseText(id: "n\(n)", title: "版\(version)の事例\(n)", body: "版\(version)の本文\(n)。"))
        }
    }

    @Test func aKilledBuildLeavesTheCompletePreviousOrNextSiteWhereverItLands() throws {
        let site = try FixtureSite(files: ["minaoshi.yml": "title: 見直しテスト\n"])
        defer { site.remove() }
        let elsewhere = FileManager.default.temporaryDirectory.appendingPathComponent(
            "minaoshi-killed-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: elsewhere) }
        // The build's lock file beside its output folder (`StagedOutput`), left there as every build leaves it.
        defer {
            try? FileManager.default.removeItem(
                at: elsewhere.deletingLastPathComponent().appendingPathComponent(".\(elsewhere.lastPathComponent).lock")
            )
        }
        // The two complete trees: version 1 built in place, version 0 beside.
        try writeContent(site, version: 0)
        #expect(
            try CommandRunner.run(["build", "--now", Self.now, "--no-cache", "--output", elsewhere.path], in: site.root)
                .status == 0)
        let version0 = try FixtureSite.tree(of: elsewhere)
        try writeContent(site, version: 1)
        #expect(try CommandRunner.run(["build", "--now", Self.now], in: site.root).status == 0)
        let trees = [version0, try site.tree("site")]
        #expect(trees[0].count == trees[1].count && trees[0] != trees[1])

        let log = elsewhere.path + ".phases.log"
        defer { try? FileManager.default.removeItem(atPath: log) }
        var landed: [String: Int] = [:]
        var outcomes: Set<String> = []
        var current = 1  // the version the site holds
        for trial in 0..<20 {
            // The first nine pause at each boundary and are killed there; the other eleven are
            // killed a few milliseconds after a boundary, wherever the build has got to.
            let boundary = Self.boundaries[trial % Self.boundaries.count]
            let pauses = trial < Self.boundaries.count
            let previous = current, next = 1 - current
            try writeContent(site, version: next)
            let before = try outside(site)
            try? FileManager.default.removeItem(atPath: log)

            let process = Process()
            process.executableURL = CommandRunner.minaoshiExecutable
            process.arguments = ["build", "--now", Self.now]
            process.currentDirectoryURL = site.root
            var environment = ProcessInfo.processInfo.environment
            environment["MINAOSHI_TEST_PHASE_LOG"] = log
            if pauses { environment["MINAOSHI_TEST_PAUSE_AT"] = boundary }
            process.environment = environment
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            func reported() -> [String] {
                ((try? String(contentsOfFile: log, encoding: .utf8)) ?? "").split(separator: "\n").map(String.init)
            }
            while process.isRunning, !reported().contains(boundary) { usleep(1_000) }
            if !pauses { usleep(useconds_t(1_000 * (trial % 5) * 3)) }
            let wasRunning = process.isRunning
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            let lines = reported()
            if wasRunning {
                // Where the kill landed: the boundary it paused at, else the last one it reached.
                let at = pauses ? boundary : (lines.last ?? "none")
                landed[Self.phase(of: at), default: 0] += 1
            }
            try FileManager.default.removeItem(atPath: log)

            let now = try site.tree("site")
            let outcome = now == trees[previous] ? "previous" : now == trees[next] ? "next" : "neither"
            #expect(
                outcome != "neither",
                "trial \(trial), killed after \(lines): the site is neither the previous nor the next tree")
            outcomes.insert(outcome)
            if outcome == "next" { current = next }
            #expect(
                site.list("").filter { $0.hasPrefix(".site.staging-") || $0.hasPrefix(".site.old-") }.count <= 1,
                "trial \(trial): staging folders pile up: \(site.list(""))")
            #expect(try outside(site) == before, "trial \(trial): a file outside the output changed")
            // Killed while writing the cache: the cache left builds what a build without it builds.
            if pauses, Self.phase(of: boundary) == "cache" {
                try expectCachedBuildEqualsUncached(site, elsewhere: elsewhere, trial: trial)
                // Back to the next version's tree, through the cache again.
                try writeContent(site, version: next)
                #expect(try CommandRunner.run(["build", "--now", Self.now], in: site.root).status == 0)
                #expect(
                    try site.tree("site") == trees[next], "trial \(trial): the rebuilt site is not the next version's")
                current = next
            }
        }
        #expect(
            Set(landed.keys).isSuperset(of: ["load", "render", "index", "write", "swap", "cache"]),
            "kills landed in \(landed)")
        #expect(outcomes == ["previous", "next"], "\(outcomes)")

        // The next build completes and clears whatever the kills left beside the site.
        let final = try CommandRunner.run(["build", "--now", Self.now], in: site.root)
        #expect(final.status == 0, "\(final.stderr)")
        // Beside it: the tree it replaced, kept for the next build to stage into, and the two trees' file lists.
        #expect(
            site.list("").filter { $0.hasPrefix(".site.") && $0 != ".site.lock" } == [".site.standby", ".site.trees"])
        try expectCachedBuildEqualsUncached(site, elsewhere: elsewhere, trial: 27)
        #expect(
            site.list(".minaoshi-cache") == [
                "site.bodies", "site.cache", "site.front-matter", "site.tokens", "site.tokens-index"
            ],
            "a writer's leftover was not cleared: \(site.list(".minaoshi-cache"))")
        // Only segments are left, each named by the hash of its bytes: no writer's leftover (of
        // the bodies, and of the search index's tokens).
        for folder in ["site.bodies", "site.tokens"] {
            let segments = site.list(".minaoshi-cache/" + folder)
            #expect(
                !segments.isEmpty && segments.allSatisfy { $0.count == 32 && $0.allSatisfy(\.isHexDigit) },
                "\(folder): \(segments)")
        }
    }

    /// Builds `site` with whatever cache the kills left (after a small edit, so that some bodies
    /// are reused and one is not), and again without any cache elsewhere: the two trees must match.
    private func expectCachedBuildEqualsUncached(_ site: FixtureSite, elsewhere: URL, trial: Int) throws {
        try site.write("content/cases/n0.md", caseText(id: "n0", title: "試行\(trial)の事例", body: "試行\(trial)の本文。"))
        let cached = try CommandRunner.run(["build", "--now", Self.now], in: site.root)
        #expect(cached.status == 0, "\(cached.stderr)")
        let uncached = try CommandRunner.run(
            ["build", "--now", Self.now, "--no-cache", "--output", elsewhere.path], in: site.root)
        #expect(uncached.status == 0, "\(uncached.stderr)")
        #expect(
            try site.tree("site") == FixtureSite.tree(of: elsewhere),
            "trial \(trial): the cache a kill left changed the site")
    }
}
