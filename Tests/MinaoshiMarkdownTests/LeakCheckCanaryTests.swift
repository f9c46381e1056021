import CCmarkGFM
import Foundation
import Testing

/// A deliberate leak for `scripts/leak-check.sh --self-test`, which must see it under valgrind
/// and fail. Skipped unless `MINAOSHI_LEAK_CANARY=1`.
@Suite("Leak-check canary")
struct LeakCheckCanaryTests {
    @Test(
        "Parses a document and never frees it",
        .enabled(if: ProcessInfo.processInfo.environment["MINAOSHI_LEAK_CANARY"] == "1"))
    func leaksOneDocument() throws {
        let markdown = "# canary\n\nleaked on purpose\n"
        let parser = try #require(cmark_parser_new(CMARK_OPT_DEFAULT))
        cmark_parser_feed(parser, markdown, markdown.utf8.count)
        let document = cmark_parser_finish(parser)
        cmark_parser_free(parser)
        #expect(document.map { cmark_node_get_type($0) == CMARK_NODE_DOCUMENT } == true)
        // `document` goes out of scope without cmark_node_free: definitely lost.
    }
}
