import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// For tests only: where a build stands, so that a kill test can show where its kills landed.
///
/// With `MINAOSHI_TEST_PHASE_LOG=<file>`, every phase boundary appends its name and a line
/// break to the file (one `write(2)` on an `O_APPEND` descriptor: a kill never leaves half a
/// line). With `MINAOSHI_TEST_PAUSE_AT=<name>` too, the build then sleeps at that boundary
/// (for a minute, time enough to be killed there). The names are the build steps' (`load
/// content`, `render pages`, `search index`, `open data`, `site files`, `publish`…) and
/// `swap` and `swapped`, just before and after the output is swapped in. Without the variables
/// a boundary costs one comparison.
public enum BuildPhaseProbe {
    private static let log = ProcessInfo.processInfo.environment["MINAOSHI_TEST_PHASE_LOG"]
    private static let pauseAt = ProcessInfo.processInfo.environment["MINAOSHI_TEST_PAUSE_AT"]

    public static func reached(_ phase: String) {
        guard let log else { return }
        let descriptor = open(log, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o644)
        if descriptor >= 0 {
            let line = Array((phase + "\n").utf8)
            _ = line.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
            close(descriptor)
        }
        if phase == pauseAt { sleep(60) }
    }
}
