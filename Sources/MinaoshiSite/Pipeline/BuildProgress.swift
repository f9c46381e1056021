/// What a running build tells its caller: which step runs, and how far a long step has got.
/// Called from worker threads; implementations must be thread-safe.
public struct BuildProgress: Sendable {
    public enum Event: Sendable {
        /// Step `index` (from 1) of `count` starts.
        case started(step: String, index: Int, count: Int)
        /// `done` of `total` items (documents, pages) of the running step are finished.
        case advanced(step: String, done: Int, total: Int)
        /// The step took `seconds` of wall-clock time and `cpuSeconds` of the process's CPU time;
        /// the process's peak resident memory was `peakResidentBytes` when it ended.
        case finished(step: String, seconds: Double, cpuSeconds: Double, peakResidentBytes: Int)
    }

    let report: @Sendable (Event) -> Void

    public init(_ report: @escaping @Sendable (Event) -> Void) { self.report = report }

    public static let silent = BuildProgress { _ in }
}
