// Times each build step, many whole builds in one process: the noise of a shared machine only
// ever adds time, so the fastest of several rounds of a step is a steadier figure than whole
// builds are, and the steps are the ones `minaoshi build` runs (`BuildPipeline.standard`).
//
//   swift run -c release minaoshi-step-times [--serial] ROOT [ROUNDS] [OUTPUT]
//
// `--serial` runs every step in turn (no step beside another), so that each step's own time shows.
// ROOT is a project (a `content/` folder), e.g. a corpus of `Benchmarks/generate_corpus.py`;
// OUTPUT (default /dev/shm/minaoshi-step-times) is written and replaced each round.
import Foundation
import MinaoshiSite
import MinaoshiSupport

var arguments = CommandLine.arguments
let serial = arguments.contains("--serial")
arguments.removeAll { $0 == "--serial" }
guard arguments.count >= 2 else {
    FileHandle.standardError.write(Data("usage: minaoshi-step-times [--serial] ROOT [ROUNDS] [OUTPUT]\n".utf8))
    exit(2)
}
let rounds = arguments.count > 2 ? max(1, Int(arguments[2]) ?? 5) : 5
let output = URL(fileURLWithPath: arguments.count > 3 ? arguments[3] : "/dev/shm/minaoshi-step-times")
var options = BuildOptions(root: URL(fileURLWithPath: arguments[1]), output: output, today: CalendarDate(year: 2026, month: 11, day: 29)!)
if serial { options.stepsBesideUpTo = -1 }

var laps: [[Stopwatch.Lap]] = []
for _ in 0..<rounds {
    do {
        laps.append(try SiteBuilder.build(options).laps)
    } catch {
        FileHandle.standardError.write(Data("build failed:\n\(error.diagnostics.map(\.description).joined(separator: "\n"))\n".utf8))
        exit(1)
    }
}
try? FileManager.default.removeItem(at: output)
print("\(rounds) builds; per step, the fastest and the median round: CPU seconds (wall seconds)")
func line(_ name: String, _ cpu: [Double], _ wall: [Double]) -> String {
    let cpu = cpu.sorted(), wall = wall.sorted()
    return name.padding(toLength: 16, withPad: " ", startingAt: 0)
        + String(format: " fastest %6.3f (%6.3f)  median %6.3f (%6.3f)", cpu[0], wall[0], cpu[cpu.count / 2], wall[wall.count / 2])
}
for (index, lap) in laps[0].enumerated() where laps.allSatisfy({ $0.count == laps[0].count }) {
    print(line(lap.name, laps.map { $0[index].cpuSeconds }, laps.map { $0[index].seconds }))
}
print(line("whole build", laps.map { $0.reduce(0) { $0 + $1.cpuSeconds } }, laps.map { $0.reduce(0) { $0 + $1.seconds } }))
