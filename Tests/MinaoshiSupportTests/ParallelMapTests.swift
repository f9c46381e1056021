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
}

/// A weak reference the test can read from the transform.
final class WeakBox: @unchecked Sendable {
    weak var value: ParallelMapTests.Box?
    init(_ value: ParallelMapTests.Box) { self.value = value }
}
