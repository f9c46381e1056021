// Times one build step at a time, in one process, many times over: the noise of a shared machine
// only ever adds time, so the fastest of several rounds is a steadier figure for one step than
// whole builds are. Nothing is written: the search index's files go to a sink that counts them.
//
//   swift run -c release minaoshi-step-times ROOT [ROUNDS]
//
// ROOT is a project (a `content/` folder), e.g. a corpus of `Benchmarks/generate_corpus.py`.
import Foundation
import MinaoshiContent
import MinaoshiSearch
import MinaoshiSite
import MinaoshiSupport

let arguments = CommandLine.arguments
guard arguments.count >= 2 else {
    FileHandle.standardError.write(Data("usage: minaoshi-step-times ROOT [ROUNDS]\n".utf8))
    exit(2)
}
let root = URL(fileURLWithPath: arguments[1])
let rounds = arguments.count > 2 ? max(1, Int(arguments[2]) ?? 5) : 5
let options = LoadOptions(today: CalendarDate(year: 2026, month: 11, day: 29)!)

/// CPU seconds (every thread) and wall seconds of `work`.
func measure(_ work: () -> Void) -> (cpu: Double, wall: Double) {
    let clock = ContinuousClock(), start = clock.now, cpu = Stopwatch.processUsage().cpuSeconds
    work()
    let wall = clock.now - start
    return (Stopwatch.processUsage().cpuSeconds - cpu, Double(wall.components.seconds) + Double(wall.components.attoseconds) / 1e18)
}

var corpus: Corpus?
var times: [String: [(cpu: Double, wall: Double)]] = [:]
for _ in 0..<rounds {
    times["load content", default: []].append(measure { corpus = CorpusLoader.load(root: root, options: options).corpus })
    let loaded = corpus!
    var bytes = 0
    times["search index", default: []].append(measure {
        SearchIndexWriter.write(SiteSearch.documents(loaded), facetLabels: SiteSearch.facetLabels(loaded)) { _, file in bytes += file.count }
    })
}
print("\(corpus!.documents.count) documents, \(rounds) rounds; fastest and median, CPU (wall) seconds")
for (name, runs) in times.sorted(by: { $0.key < $1.key }) {
    let cpu = runs.map(\.cpu).sorted(), wall = runs.map(\.wall).sorted()
    print(String(format: "%-14@ fastest %6.3f (%6.3f)  median %6.3f (%6.3f)", name as NSString, cpu[0], wall[0], cpu[cpu.count / 2], wall[wall.count / 2]))
}
