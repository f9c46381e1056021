import Foundation

/// Counts finished items from many threads and reports `(done, total)` about a hundred times
/// over the run, and for the last item.
public final class ProgressCounter: @unchecked Sendable {
    private let lock = NSLock()
    private var done = 0
    private let total: Int
    private let stride: Int
    private let report: @Sendable (Int, Int) -> Void

    public init(total: Int, report: @escaping @Sendable (Int, Int) -> Void) {
        self.total = total
        self.stride = max(1, total / 100)
        self.report = report
    }

    public func advance() {
        let now = lock.withLock { () -> Int in
            done += 1
            return done
        }
        if now % stride == 0 || now == total { report(now, total) }
    }
}
