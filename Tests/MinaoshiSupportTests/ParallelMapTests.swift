import MinaoshiSupport
import Testing

@Suite struct ParallelMapTests {
    /// Many small heap-allocated results stored from every core at once, many times over:
    /// the writers must never share state (an earlier version crashed about one build in ten).
    @Test func concurrentResultsEqualSerialOnesInOrder() {
        let inputs = Array(0..<2_000)
        let serial = inputs.map { "項目\($0)-" + String(repeating: "x", count: $0 % 17) }
        for _ in 0..<50 {
            let parallel = ParallelMap.map(inputs) { "項目\($0)-" + String(repeating: "x", count: $0 % 17) }
            #expect(parallel == serial)
        }
    }

    @Test func serialModeAndTinyInputsKeepOrder() {
        #expect(ParallelMap.map([3, 1, 2], parallel: false) { $0 * 10 } == [30, 10, 20])
        #expect(ParallelMap.map([7]) { $0 + 1 } == [8])
        #expect(ParallelMap.map([Int]()) { $0 } == [])
    }

    final class Box: Sendable {
        let value: Int
        init(_ value: Int) { self.value = value }
    }

    /// Each input goes as soon as its transform has run: by the time input `i` is transformed,
    /// input `i - 1` (given only to the map) is gone. In order, on every core, nothing lost.
    @Test func mapReleasingInputsLetsEachInputGoOnceTransformed() {
        let boxes = (0..<200).map(Box.init)
        let watched = boxes.map { WeakBox($0) }
        let results = ParallelMap.mapReleasingInputs(consume boxes, parallel: false) { box in
            (box.value, box.value == 0 || watched[box.value - 1].value == nil)
        }
        #expect(results.map(\.0) == Array(0..<200))
        #expect(results.allSatisfy { $0.1 }, "each earlier input was released before the next ran")
        #expect(watched.allSatisfy { $0.value == nil }, "no input outlives the map")

        let parallel = ParallelMap.mapReleasingInputs((0..<2_000).map(Box.init)) { $0.value * 3 }
        #expect(parallel == (0..<2_000).map { $0 * 3 })
    }

    /// Two pieces of work at once, each free to use `map` and to nest another `both`: the results
    /// come back whole and in place, and nothing waits on a pool that cannot grow.
    @Test func bothRunsTwoPiecesOfWorkAndTheyMayNest() {
        let inputs = Array(0..<5_000)
        let (sum, (words, squares)) = ParallelMap.both(
            { ParallelMap.map(inputs) { $0 * 2 }.reduce(0, +) },
            { ParallelMap.both({ ParallelMap.map(inputs) { "語\($0)" } }, { inputs.map { $0 * $0 } }) })
        #expect(sum == inputs.reduce(0, +) * 2)
        #expect(words.count == inputs.count && words[4_999] == "語4999")
        #expect(squares[70] == 4_900)
        // Inside a map's iterations too (the loader calls it from a pool thread).
        let nested = ParallelMap.map(Array(0..<8)) { index in ParallelMap.both({ index }, { index * 10 }) }
        #expect(nested.map(\.0) == Array(0..<8) && nested.map(\.1) == (0..<8).map { $0 * 10 })
    }
}

/// A weak reference the test can read from the transform.
// @unchecked: `value` is set in init and only read after (the runtime clears a weak reference safely from any thread).
final class WeakBox: @unchecked Sendable {
    weak var value: ParallelMapTests.Box?
    init(_ value: ParallelMapTests.Box) { self.value = value }
}
