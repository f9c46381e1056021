import Foundation

/// Counts finished items from many threads and reports `(done, total)` about a hundred times
/// over the run, and for the last item.
public final class ProgressCounter: Sendable {
    private let done = Locked(0)
    private let total: Int
    private let stride: Int
    private let report: @Sendable (Int, Int) -> Void

    public init(total: Int, report: @escaping @Sendable (Int, Int) -> Void) {
        self.total = total
        self.stride = max(1, total / 100)
        self.report = report
    }

    /// Reports from inside the lock, so counts reach the display in order.
    public func advance() {
        done.withLock { done in
            done += 1
            if done % stride == 0 || done == total { report(done, total) }
        }
    }
}
