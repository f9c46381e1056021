import Foundation
import MinaoshiTestSupport
import Testing

/// The same content gives the same bytes: across runs, with the build's threads on one CPU or
/// on all, and whatever order the file system lists the files in.
///
/// How many threads a build uses: `ParallelMap` runs on `DispatchQueue.concurrentPerform`,
/// whose width libdispatch takes from the online CPUs (2 here, under `taskset` too), and steps
/// that run beside others get a thread each (`BuildOptions.stepsBesideUpTo`; `PipelineTests`
/// builds the same site with them and without). `taskset -c 0` keeps those threads but puts them
/// on one CPU, so they interleave otherwise.
@Suite struct DeterminismTests {
    /// 120 regulation reviews and 280 case studies, with dates shared by many (ties in every
    /// newest-first list), cases that implement several reviews, and related documents.
    static let corpus: [(path: String, text: String)] = {
        var files: [(String, String)] = [
            ("minaoshi.yml", "title: 決定性テスト\nbase_url: https://example.go.jp/\npage_size: 7\n")
        ]
        for n in 0..<120 {
            files.append(
                (
                    "content/regulations/r\(n).md",
                    regulationText(
                        id: "r\(n)", title: "規制\(n % 13)の見直し\(n)", date: "2024-0\(1 + n % 9)-1\(n % 3)",
                        body: "## 概要\n\n目視の規制\(n)。ドローンで点検する。\n\n## 経緯\n\n[事例](../cases/c\(n).md)")
                ))
        }
        for n in 0..<280 {
            files.append(
                (
                    "content/cases/c\(n).md",
                    caseText(
                        id: "c\(n)", title: "事例\(n % 17)（市\(n)）", date: "2025-0\(1 + n % 7)-0\(1 + n % 4)",
                        regulations: ["r\(n % 120)", "r\((n * 7) % 120)"], body: "衛星とAIで確認した。番号\(n)。")
                ))
        }
        return files
    }()

    private func project(order: [Int], parent: URL = FileManager.default.temporaryDirectory) throws -> FixtureSite {
        let site = try FixtureSite(files: [:], parent: parent)
        for index in order { try site.write(Self.corpus[index].path, Self.corpus[index].text) }
        return site
    }

    @Test func theSameContentBuildsTheSameBytesAcrossRunsCPUsAndFileOrder() throws {
        let inOrder = try project(order: Array(Self.corpus.indices))
        defer { inOrder.remove() }
        // The same files created in another order (folders too), on tmpfs, which lists a folder in
        // the reverse order of creation (ext4 lists by a hash of the name, whatever the order).
        var generator = SplitMix(seed: 25)
        var shuffledOrder = Array(Self.corpus.indices.reversed())
        for index in shuffledOrder.indices.dropLast() {
            shuffledOrder.swapAt(index, index + Int(generator.next() % UInt64(shuffledOrder.count - index)))
        }
        let shuffled = try project(order: shuffledOrder, parent: URL(fileURLWithPath: "/dev/shm"))
        defer { shuffled.remove() }
        for folder in ["content/cases", "content/regulations"] {
            let listed = { (site: FixtureSite) in
                try FileManager.default.contentsOfDirectory(atPath: site.url(folder).path)
            }
            #expect(
                try listed(inOrder) != listed(shuffled),
                "\(folder) is listed in the same order: the test proves nothing")
        }

        func build(_ site: FixtureSite, into output: String, launcher: [String] = []) throws -> [String: Data] {
            let result = try CommandRunner.run(
                ["build", "--now", "2026-11-27", "--output", output], in: site.root, launcher: launcher)
            #expect(result.status == 0, "\(result.stderr)")
            return try site.tree(output)
        }
        let first = try build(inOrder, into: "first")
        #expect(
            first.count > 500 && first.keys.contains("search/manifest.json") && first.keys.contains("api/cases.csv"))
        #expect(try build(inOrder, into: "second") == first, "a second run differs")
        #expect(
            try build(inOrder, into: "one-cpu", launcher: ["/usr/bin/taskset", "-c", "0"]) == first, "one CPU differs")
        #expect(try build(shuffled, into: "shuffled") == first, "another file order differs")
    }
}
