import Dispatch

/// Maps over an array on every core, keeping the input order in the output.
public enum ParallelMap {
    public static func map<Input: Sendable, Output: Sendable>(
        _ inputs: [Input], parallel: Bool = true, _ transform: @Sendable (Input) -> Output
    ) -> [Output] {
        guard parallel, inputs.count > 1 else { return inputs.map(transform) }
        let results = ResultSlots<Output>(count: inputs.count)
        DispatchQueue.concurrentPerform(iterations: inputs.count) { index in
            results.store(transform(inputs[index]), at: index)
        }
        return results.values()
    }
}

/// Fixed slots, each written once from one thread, read after every writer finished.
///
/// The buffer is allocated once and never resized, so writers touch disjoint memory only.
/// (Writing through `Array.withUnsafeMutableBufferPointer` from several threads is not
/// that: each call is a mutating access of the whole array, and it crashed builds.)
private final class ResultSlots<Value>: @unchecked Sendable {
    private let slots: UnsafeMutableBufferPointer<Value?>

    init(count: Int) {
        slots = .allocate(capacity: count)
        slots.initialize(repeating: nil)
    }

    deinit {
        slots.deinitialize()
        slots.deallocate()
    }

    func store(_ value: Value, at index: Int) {
        slots[index] = value
    }

    func values() -> [Value] { slots.map { $0! } }
}
