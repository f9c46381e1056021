import Foundation
import MinaoshiSupport
import MinaoshiTestSupport
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// `StagedOutput(output:keepsStandby:)`: builds that stage into the tree the previous publish
/// replaced publish exactly what they wrote and kept, whatever that tree holds, and never write
/// through a file the published tree shares with it.
@Suite("StagedOutput's standby")
struct StagedStandbyTests {
    /// Every file under `folder` with its text, and every folder (as `path/`), so that a folder
    /// left empty shows.
    private func contents(_ folder: URL) throws -> [String: String] {
        var found: [String: String] = [:]
        let base = folder.path + "/"
        guard let walker = FileManager.default.enumerator(atPath: folder.path) else { return [:] }
        while let entry = walker.nextObject() as? String {
            var isFolder: ObjCBool = false
            _ = FileManager.default.fileExists(atPath: base + entry, isDirectory: &isFolder)
            found[isFolder.boolValue ? entry + "/" : entry] =
                isFolder.boolValue ? "" : try String(contentsOfFile: base + entry, encoding: .utf8)
        }
        return found
    }

    /// `files` with the folders that hold them, as ``contents(_:)`` lists a tree.
    private func expected(_ files: [String: String]) -> [String: String] {
        var all = files
        for path in files.keys {
            var parts = path.split(separator: "/").dropLast()
            while !parts.isEmpty {
                all[parts.joined(separator: "/") + "/"] = ""
                parts = parts.dropLast()
            }
        }
        return all
    }

    /// What `found` has that `wanted` has not, or has otherwise, and what it lacks.
    private func difference(_ found: [String: String], _ wanted: [String: String]) -> String {
        let extra = found.filter { wanted[$0.key] != $0.value }.keys.sorted()
        let missing = wanted.filter { found[$0.key] != $0.value }.keys.sorted()
        return "extra or different \(extra), missing or different \(missing)"
    }

    /// The site a first build published in `parent` (its folder `site`), with a standby kept: `files`,
    /// each a relative path and its text.
    private func publishedSite(in parent: URL, files: [(path: String, text: String)]) throws -> URL {
        let output = parent.appendingPathComponent("site")
        let first = try StagedOutput(output: output, keepsStandby: true)
        for file in files { try first.write(file.text, to: file.path) }
        try first.commit()
        return output
    }

    private func inode(_ path: String) -> UInt64? {
        var status = stat()
        return lstat(path, &status) == 0 ? UInt64(status.st_ino) : nil
    }

    /// The paths a tree draws from: some are folders of others (`a/b` the file, `a/b/index.html`),
    /// so that one tree's file stands where the next needs a folder.
    static let pool = [
        "index.html", "a/index.html", "a/b/index.html", "a/b", "s/1.bin", "s/2.bin", "s/3.bin", "deep/x/y/z.html",
        "deep/x", "deep/w/v.html", "feed.xml", "api/data.json", "api/schema/data.json", "api"
    ]

    /// A tree of the pool's paths where no file stands where another needs a folder.
    private func randomPaths(_ random: inout SplitMix) -> [String] {
        var order = Self.pool
        for index in order.indices.reversed() {
            order.swapAt(index, Int(random.next() % UInt64(index + 1)))
        }
        var chosen: [String] = []
        for path in order where random.next() % 3 != 0 {
            let conflicts = chosen.contains { path.hasPrefix($0 + "/") || $0.hasPrefix(path + "/") }
            if !conflicts { chosen.append(path) }
        }
        return chosen
    }

    @Test(
        "Random builds staged into the standby publish exactly their files, with or without its record, whatever was added to the site"
    )
    func randomBuildsPublishExactlyTheirFiles() throws {
        let seed = ProcessInfo.processInfo.environment["MINAOSHI_STANDBY_SEED"].flatMap { UInt64($0) } ?? 20_261_206
        var random = SplitMix(seed: seed)
        try withTemporaryFolder { parent in
            let output = parent.appendingPathComponent("site")
            let assets = parent.appendingPathComponent("assets-source")
            try FileManager.default.createDirectory(
                at: assets.appendingPathComponent("img"), withIntermediateDirectories: true)
            try "css".write(to: assets.appendingPathComponent("site.css"), atomically: true, encoding: .utf8)
            try "png".write(to: assets.appendingPathComponent("img/a.png"), atomically: true, encoding: .utf8)
            var published: [String: String] = [:]  // what `output` holds: the last build's files, and any added since
            var recycledWithRecord = 0, recycledWalked = 0
            for build in 0..<80 {
                let records = parent.appendingPathComponent(".site.trees").path
                let standby = parent.appendingPathComponent(".site.standby").path
                let hadStandby = FileManager.default.fileExists(atPath: standby)
                // A lost record (a build killed while changing the standby leaves none).
                if random.next() % 6 == 0 { unlink(records) }
                // Stray files in a standby without a record: what a killed build leaves.
                if hadStandby, !FileManager.default.fileExists(atPath: records) {
                    try FileManager.default.createDirectory(
                        atPath: standby + "/stray/deep", withIntermediateDirectories: true)
                    try "stray".write(toFile: standby + "/stray/deep/x.html", atomically: false, encoding: .utf8)
                }
                let hadRecord = hadStandby && FileManager.default.fileExists(atPath: records)
                let staged = try StagedOutput(output: output, keepsStandby: true)
                #expect(staged.recycled == hadStandby, "build \(build)")
                if staged.recycled { if hadRecord { recycledWithRecord += 1 } else { recycledWalked += 1 } }

                var next: [String: String] = [:]
                for path in randomPaths(&random) {
                    if let text = published[path], random.next() % 4 != 0 {
                        #expect(try staged.keepPublished(path), "build \(build): \(path)")
                        next[path] = text
                    } else {
                        let text = "build \(build) \(path)"
                        try staged.write(text, to: path)
                        next[path] = text
                    }
                }
                if random.next() % 2 == 0 {
                    try staged.copyItem(at: assets, to: "assets")
                    next["assets/site.css"] = "css"
                    next["assets/img/a.png"] = "png"
                }
                // Staging never writes through a file the published tree shares with the standby.
                #expect(
                    try contents(output) == (published.isEmpty ? [:] : expected(published)),
                    "build \(build): the published tree changed before the commit")
                if random.next() % 8 == 0 {
                    staged.discard()  // a failed build: the site stays as it was
                } else {
                    try staged.commit()
                    published = next
                }
                let publishedTree = try contents(output), wanted = published.isEmpty ? [:] : expected(published)
                #expect(
                    publishedTree == wanted,
                    "build \(build), seed \(seed): the published tree is not the build's: \(difference(publishedTree, wanted))"
                )
                // Added to the site by hand or by another program (a search index of its own): gone
                // from every later site, though its tree comes back as a standby.
                if !published.isEmpty, random.next() % 5 == 0 {
                    let path = random.next() % 2 == 0 ? "hand.html" : "pagefind/index.js"
                    try FileManager.default.createDirectory(
                        at: output.appendingPathComponent(path).deletingLastPathComponent(),
                        withIntermediateDirectories: true)
                    try "hand".write(to: output.appendingPathComponent(path), atomically: false, encoding: .utf8)
                    published[path] = "hand"
                }
            }
            // Both ways of clearing a standby ran.
            #expect(recycledWithRecord > 10 && recycledWalked >= 2, "\(recycledWithRecord), \(recycledWalked)")
        }
    }

    @Test("A file kept twice is kept once: the published file is neither copied nor written through")
    func aFileKeptTwiceIsThePublishedOne() throws {
        try withTemporaryFolder { parent in
            let output = try publishedSite(in: parent, files: [("a/index.html", "one")])
            let published = output.path + "/a/index.html"
            let before = try FileStatus(path: published)
            let second = try StagedOutput(output: output, keepsStandby: true)
            #expect(!second.recycled)
            #expect(try second.keepPublished("a/index.html"))
            #expect(try second.keepPublished("a/index.html"))
            #expect(try FileStatus(path: published).modified == before.modified)
            try second.commit()
            #expect(inode(output.path + "/a/index.html") == before.inode)
            #expect(try contents(output) == ["a/": "", "a/index.html": "one"])
        }
    }

    @Test("A kept file is the published file itself, and a written one replaces the standby's shared file")
    func keptFilesAreThePublishedOnes() throws {
        try withTemporaryFolder { parent in
            let output = try publishedSite(in: parent, files: [("a/index.html", "one"), ("b/index.html", "two")])
            let second = try StagedOutput(output: output, keepsStandby: true)
            #expect(!second.recycled)  // the first build replaced nothing
            #expect(try second.keepPublished("a/index.html"))
            #expect(try second.keepPublished("b/index.html"))
            try second.commit()
            // The standby (the first tree) and the site share both files.
            let standby = parent.appendingPathComponent(".site.standby").path
            #expect(inode(standby + "/a/index.html") == inode(output.path + "/a/index.html"))
            let third = try StagedOutput(output: output, keepsStandby: true)
            #expect(third.recycled)
            #expect(try third.keepPublished("a/index.html"))
            try third.write("changed", to: "b/index.html")
            // The shared file was replaced in the staging tree, not written through.
            #expect(try String(contentsOfFile: output.path + "/b/index.html", encoding: .utf8) == "two")
            try third.commit()
            #expect(try contents(output) == ["a/": "", "a/index.html": "one", "b/": "", "b/index.html": "changed"])
            #expect(inode(standby + "/a/index.html") == inode(output.path + "/a/index.html"))
        }
    }

    @Test("Without keepsStandby the standby and its record are deleted, and the replaced tree too")
    func withoutStandbyNothingIsKept() throws {
        try withTemporaryFolder { parent in
            let output = parent.appendingPathComponent("site")
            for _ in 0..<2 {
                let staged = try StagedOutput(output: output, keepsStandby: true)
                try staged.write("x", to: "index.html")
                try staged.commit()
            }
            #expect(
                try FileManager.default.contentsOfDirectory(atPath: parent.path).sorted() == [
                    ".site.lock", ".site.standby", ".site.trees", "site"
                ])
            let plain = try StagedOutput(output: output)
            #expect(!plain.recycled)
            try plain.write("y", to: "index.html")
            try plain.commit()
            #expect(try FileManager.default.contentsOfDirectory(atPath: parent.path).sorted() == [".site.lock", "site"])
        }
    }

    @Test("A staging folder a killed build left becomes the standby, cleared by walking it")
    func aKilledBuildsStagingBecomesTheStandby() throws {
        try withTemporaryFolder { parent in
            let output = try publishedSite(in: parent, files: [("index.html", "published")])
            // What a build killed while staging leaves: a staging folder of another process.
            let leftover = parent.appendingPathComponent(".site.staging-999999")
            try FileManager.default.createDirectory(
                at: leftover.appendingPathComponent("half/written"), withIntermediateDirectories: true)
            try "half".write(
                to: leftover.appendingPathComponent("half/written/x.html"), atomically: false, encoding: .utf8)
            try "old".write(to: leftover.appendingPathComponent("index.html"), atomically: false, encoding: .utf8)
            let staged = try StagedOutput(output: output, keepsStandby: true)
            #expect(staged.recycled)
            #expect(try staged.keepPublished("index.html"))
            try staged.write("new", to: "cases/a/index.html")
            try staged.commit()
            #expect(
                try contents(output) == [
                    "index.html": "published", "cases/": "", "cases/a/": "", "cases/a/index.html": "new"
                ])
            #expect(!FileManager.default.fileExists(atPath: leftover.path))
        }
    }
}
