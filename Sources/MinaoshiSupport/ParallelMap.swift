import Dispatch
import Foundation

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

    /// Runs two independent pieces of work at once and returns both results: the serial
    /// stretches between the parallel parts of a build, side by side. The second runs on a thread
    /// of its own. Not as an iteration of `concurrentPerform`: a `map` nested in one runs its
    /// iterations one by one. Nor as a block on a global queue: waiting for it from a pool thread
    /// (a `both` inside a `both`) stalled a build for 0.4 s until the pool grew.
    public static func both<A: Sendable, B: Sendable>(_ first: () -> A, _ second: @escaping @Sendable () -> B) -> (A, B)
    {
        let b = ResultSlots<B>(count: 1)
        let done = DispatchSemaphore(value: 0)
        let thread = Thread {
            b.store(second(), at: 0)
            done.signal()
        }
        thread.stackSize = 8 << 20
        thread.start()
        let a = first()
        done.wait()
        return (a, b.values()[0])
    }

    /// `map` that lets each input go as soon as its transform has run, instead of holding every
    /// input until the end: the loader renders 100,000 Markdown bodies this way, and holding
    /// them beside their HTML was 300 MB of the build's peak.
    public static func mapReleasingInputs<Input: Sendable, Output: Sendable>(
        _ inputs: consuming [Input], parallel: Bool = true, _ transform: @Sendable (Input) -> Output
    ) -> [Output] {
        let count = inputs.count
        let pending = TakeOnceSlots(consume inputs)
        guard parallel, count > 1 else { return (0..<count).map { transform(pending.take(at: $0)) } }
        let results = ResultSlots<Output>(count: count)
        DispatchQueue.concurrentPerform(iterations: count) { index in
            results.store(transform(pending.take(at: index)), at: index)
        }
        return results.values()
    }
}

/// Values each taken once, from any thread (one thread per index), and let go when taken:
/// the inputs of `mapReleasingInputs`, the search step's bodies.
// @unchecked: each slot is taken once, by one thread; the buffer never moves, so takers touch disjoint memory.
public final class TakeOnceSlots<Value>: @unchecked Sendable {
    private let slots: UnsafeMutableBufferPointer<Value?>

    /// Holds `values`; given the only copy (`consume`), each is freed once taken.
    public init(_ values: consuming [Value]) {
        slots = .allocate(capacity: values.count)
        _ = slots.initialize(from: values.lazy.map { Optional($0) })
    }

    deinit {
        slots.deinitialize()
        slots.deallocate()
    }

    /// The value at `index`, which the slots no longer hold afterwards. Each index is taken once.
    public func take(at index: Int) -> Value {
        let value = slots[index]!
        slots[index] = nil
        return value
    }
}

/// Fixed slots, each written once from one thread, read after every writer finished.
///
/// The buffer is allocated once and never resized, so writers touch disjoint memory only.
/// (Writing through `Array.withUnsafeMutableBufferPointer` from several threads is not
/// that: each call is a mutating access of the whole array, and it crashed builds.)
// @unchecked: each slot is written once, by one thread, and read only after every writer finished.
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

    /// The values, moved out (the slots are left empty): copying them out and destroying the
    /// originals was a retain and a release per field of every result, on the calling thread
    /// after the parallel part (20 ms at 10k for the search documents alone).
    func values() -> [Value] {
        Array(unsafeUninitializedCapacity: slots.count) { buffer, initialized in
            for index in slots.indices { (buffer.baseAddress! + index).initialize(to: slots[index].take()!) }
            initialized = slots.count
        }
    }
}
