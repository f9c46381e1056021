import Foundation
import Testing

/// A deliberate data race for `make tsan`, which runs this test alone first and requires
/// ThreadSanitizer to report it: the race detector's own check that the suite after it runs
/// instrumented. Skipped unless `MINAOSHI_TSAN_CANARY=1`.
///
/// Two POSIX threads, both started before either is joined, so that nothing orders one's writes
/// before the other's and ThreadSanitizer reports the race even when the two never run at the same
/// time. `DispatchQueue.concurrentPerform(iterations: 2)` did not always race: on a busy machine
/// the calling thread ran both iterations itself before a worker woke, and the canary passed in
/// silence under the race detector (a CI run of 2026-12-07).
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
        let context = Unmanaged.passRetained(counter).toOpaque()
        defer { Unmanaged<UnguardedCounter>.fromOpaque(context).release() }
        var threads: [pthread_t] = []
        for _ in 0..<2 {
            var thread = pthread_t()
            let status = pthread_create(
                &thread, nil,
                { context in
                    let counter = Unmanaged<UnguardedCounter>.fromOpaque(context!).takeUnretainedValue()
                    for _ in 0..<10_000 { counter.value += 1 }
                    return nil
                }, context)
            #expect(status == 0)
            if status == 0 { threads.append(thread) }
        }
        for thread in threads { pthread_join(thread, nil) }
        #expect(counter.value > 0)
    }
}
