import Dispatch
import MinaoshiSupport
import Testing

/// `Locked` from many threads at once: no update is lost and no two bodies overlap. The suite
/// also runs under ThreadSanitizer (`make tsan`), which reports any access outside the lock.
@Suite struct LockedTests {
    static let threads = 8, rounds = 5_000

    @Test func concurrentIncrementsAreAllCounted() {
        let counter = Locked(0)
        DispatchQueue.concurrentPerform(iterations: Self.threads) { _ in
            for _ in 0..<Self.rounds { counter.withLock { $0 += 1 } }
        }
        #expect(counter.withLock { $0 } == Self.threads * Self.rounds)
    }

    /// A read, a change and a write of a compound value stay one step: every append lands, once.
    @Test func concurrentAppendsKeepEveryElement() {
        let list = Locked<[Int]>([])
        DispatchQueue.concurrentPerform(iterations: Self.threads) { thread in
            for round in 0..<1_000 { list.withLock { $0.append(thread * 1_000 + round) } }
        }
        #expect(list.withLock { $0.sorted() } == Array(0..<(Self.threads * 1_000)))
    }

    /// Bodies never overlap: each marks itself inside, and finds nobody else there.
    @Test func bodiesRunOneAtATime() {
        struct Room: Sendable { var inside = 0, most = 0, visits = 0 }
        let room = Locked(Room())
        DispatchQueue.concurrentPerform(iterations: Self.threads) { _ in
            for _ in 0..<1_000 {
                room.withLock { room in
                    room.inside += 1
                    room.most = max(room.most, room.inside)
                    room.visits += 1
                    room.inside -= 1
                }
            }
        }
        let final = room.withLock { $0 }
        #expect(final.most == 1 && final.inside == 0 && final.visits == Self.threads * 1_000)
    }

    struct Refused: Error, Equatable {}

    /// A body's result comes back; its error is rethrown as its own type, the lock released and
    /// what it changed before throwing kept.
    @Test func resultsComeBackAndErrorsLeaveTheLockFree() {
        let box = Locked("a")
        #expect(
            box.withLock { value -> Int in
                value += "b"; return value.count
            } == 2)
        #expect(throws: Refused.self) {
            try box.withLock { (value: inout String) throws(Refused) -> Void in
                value += "c"
                throw Refused()
            }
        }
        #expect(box.withLock { $0 } == "abc")
    }
}
