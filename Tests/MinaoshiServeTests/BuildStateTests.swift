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
}
