import MinaoshiServe
import Testing

@Suite struct LiveReloadTests {
    @Test func theTagGoesBeforeTheHeadEnds() {
        let html = Array("<!DOCTYPE html><html lang=\"ja\"><head><title>t</title></HEAD><body>x</body></html>".utf8)
        let tag = LiveReload.tag(build: "abc-1")
        #expect(tag == "<script src=\"/_minaoshi/live.js\" data-build=\"abc-1\" defer></script>")
        let result = String(decoding: LiveReload.inject(tag, into: html), as: UTF8.self)
        #expect(result == "<!DOCTYPE html><html lang=\"ja\"><head><title>t</title>\(tag)</HEAD><body>x</body></html>")
    }

    @Test func aPageWithoutAHeadGetsTheTagAtItsEnd() {
        let result = String(decoding: LiveReload.inject("<s>", into: Array("<p>x</p>".utf8)), as: UTF8.self)
        #expect(result == "<p>x</p><s>")
    }

    /// The script is external (a `script-src 'self'` policy forbids inline script) and writes the
    /// problems as text: nothing from a source file reaches the page as markup.
    @Test func theScriptWritesTextNotMarkup() {
        #expect(!LiveReload.script.contains("innerHTML"))
        #expect(!LiveReload.script.contains("insertAdjacentHTML"))
        #expect(!LiveReload.script.contains("document.write"))
        #expect(LiveReload.script.contains("textContent = line"))
        #expect(LiveReload.script.contains(LiveReload.eventsPath))
    }
}
