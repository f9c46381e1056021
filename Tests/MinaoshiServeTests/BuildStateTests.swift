import MinaoshiServe
import MinaoshiSupport
import Testing

@Suite struct BuildStateTests {
    @Test func listenersHearTheCurrentStateThenEachChange() async {
        let state = BuildState(session: "s")
        var states = state.listen().makeAsyncIterator()
        #expect(await states.next() == BuildState.Snapshot(build: "s-0", diagnostics: []))
        state.succeeded()
        #expect(await states.next() == BuildState.Snapshot(build: "s-1", diagnostics: []))
        let problem = Diagnostic.error(
            at: SourceLocation(file: "content/cases/a.md", line: 2, column: 7), "'date' is not a date",
            hint: "write it as YYYY-MM-DD")
        state.failed([problem])
        // A failed build keeps the last good build's name: pages stay as they are, under the overlay.
        #expect(
            await states.next()
                == BuildState.Snapshot(
                    build: "s-1",
                    diagnostics: ["content/cases/a.md:2:7: error: 'date' is not a date; write it as YYYY-MM-DD"]))
        state.succeeded()
        #expect(await states.next() == BuildState.Snapshot(build: "s-2", diagnostics: []))
        state.close()
        #expect(await states.next() == nil)
        #expect(state.listenerCount == 0)
    }

    /// A save waits for a build that began after its file was written: one running then does not count.
    @Test func aBuildCountsForAWriteOnlyWhenItBeganAfterIt() {
        let state = BuildState(session: "s")
        let start = ContinuousClock.now
        #expect(state.ended(beganAfter: start) == nil)
        state.began()
        let written = ContinuousClock.now
        state.succeeded()
        #expect(state.ended(beganAfter: start) == BuildState.Snapshot(build: "s-1", diagnostics: []))
        #expect(state.ended(beganAfter: written) == nil, "the build was running when the file was written")
        state.began()
        #expect(state.ended(beganAfter: written) == nil, "the next build has not ended")
        state.failed([Diagnostic.error(at: SourceLocation(file: "x"), "broken")])
        #expect(state.ended(beganAfter: written)?.diagnostics == ["x:1:1: error: broken"])
    }
}
