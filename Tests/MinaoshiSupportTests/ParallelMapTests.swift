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
}
