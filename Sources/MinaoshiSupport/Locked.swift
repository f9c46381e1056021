import Foundation

/// A value that several threads share, read and written only while its lock is held: the one
/// lock box of the code base (progress counters, the search writer's file counts, a document's
/// releasable text, the slice pools' cache). A value taken out of it is a copy; the lock guards
/// only what happens inside `withLock`.
public final class Locked<Value> {
    private let lock = NSLock()
    private var value: Value

    public init(_ value: Value) { self.value = value }

    /// `body`'s result, run with the value while the lock is held: no other `withLock` on this box
    /// runs meanwhile. What `body` changed before it threw stays changed.
    public func withLock<Result, Failure: Error>(_ body: (inout Value) throws(Failure) -> Result) throws(Failure)
        -> Result
    {
        lock.lock()
        defer { lock.unlock() }
        return try body(&value)
    }
}

// @unchecked: `value` is read and written only inside `withLock`, under `lock`.
extension Locked: @unchecked Sendable where Value: Sendable {}
