import Dispatch
import Foundation
import Testing

/// A deliberate data race for `make tsan`, which runs this test alone first and requires
/// ThreadSanitizer to report it: the race detector's own check that the suite after it runs
/// instrumented. Skipped unless `MINAOSHI_TSAN_CANARY=1`.
@Suite("ThreadSanitizer canary")
struct ThreadSanitizerCanaryTests {
    /// A counter with no lock, declared safe to share so that the compiler lets the race through.
    final class UnguardedCounter: @unchecked Sendable {
        var value = 0
    }

    @Test(
        "Two threads add to one counter without a lock",
        .enabled(if: ProcessInfo.processInfo.environment["MINAOSHI_TSAN_CANARY"] == "1"))
    func twoThreadsRaceOnOneCounter() {
        let counter = UnguardedCounter()
        DispatchQueue.concurrentPerform(iterations: 2) { _ in
            for _ in 0..<10_000 { counter.value += 1 }
        }
        #expect(counter.value > 0)
    }
}
