import Foundation
import MinaoshiMarkdown
import MinaoshiSupport
import Testing

/// Renders the same corpus serially and from many threads at once: the output must be the same
/// byte for byte. Half the corpus uses strikethrough and autolink, whose parses cmark-gfm 0.29
/// cannot run beside any other (github/cmark-gfm#221) and ``MarkdownRenderer`` serialises.
@Suite("Parallel rendering")
struct ParallelRenderTests {
    static let workerCount = 8

    @Test("Serial and concurrent renders are byte-identical")
    func concurrentRendersMatchSerial() throws {
        let corpus = Self.corpus()
        #expect(corpus.count == 200)
        #expect(corpus.filter { !$0.options.isThreadSafe }.count == 100)

        let serial = corpus.map { MarkdownRenderer.render($0.source, options: $0.options, lineOffset: $0.lineOffset) }

        // Every worker renders the whole corpus, each starting at a different document, so that
        // thread-safe and exclusive parses keep overlapping. Threads, not the cooperative pool or
        // concurrentPerform, because those use one thread per core and this machine may have two.
        let results = ResultTable(workers: Self.workerCount, documents: corpus.count)
        let start = DispatchSemaphore(value: 0)
        let done = DispatchGroup()
        for worker in 0..<Self.workerCount {
            done.enter()
            let thread = Thread {
                start.wait()
                for step in 0..<corpus.count {
                    let index = (step + worker * corpus.count / Self.workerCount) % corpus.count
                    let document = corpus[index]
                    results.begin()
                    let rendered = MarkdownRenderer.render(
                        document.source, options: document.options, lineOffset: document.lineOffset)
                    results.end()
                    results.store(rendered, worker: worker, document: index)
                }
                done.leave()
            }
            thread.stackSize = 1 << 20
            thread.start()
        }
        for _ in 0..<Self.workerCount { start.signal() }
        done.wait()

        // valgrind (scripts/leak-check.sh) runs one thread at a time: there an overlap is luck, not a property.
        if ProcessInfo.processInfo.environment["MINAOSHI_UNDER_VALGRIND"] == nil {
            #expect(results.peakConcurrency > 1, "the workers never overlapped")
        }
        var mismatches: [(worker: Int, document: Int)] = []
        for worker in 0..<Self.workerCount {
            for index in corpus.indices where results.value(worker: worker, document: index) != serial[index] {
                mismatches.append((worker, index))
            }
        }
        if let first = mismatches.first {
            let concurrent = results.value(worker: first.worker, document: first.document)?.html ?? "nil"
            Issue.record(
                """
                \(mismatches.count) concurrent renders differ from the serial ones; the first is document \(first.document) on worker \(first.worker)
                serial:     \(serial[first.document].html.debugDescription)
                concurrent: \(concurrent.debugDescription)
                """)
        }
        #expect(mismatches.isEmpty)

        for (document, rendered) in zip(corpus, serial) {
            #expect(rendered.html.contains("<table>"))
            #expect(rendered.html.contains(#"<input type="checkbox" checked="" disabled="" />"#))
            #expect(rendered.html.contains(#"<section class="footnotes" data-footnotes>"#))
            #expect(rendered.headings.count == 3)
            if document.options.extensions.contains(.strikethrough) {
                #expect(rendered.html.contains("<del>廃止\(document.number)</del>"))
                #expect(
                    rendered.html.contains(
                        "<a href=\"https://example.com/\(document.number)\">https://example.com/\(document.number)</a>")
                )
            } else {
                #expect(rendered.html.contains("~~廃止\(document.number)~~"))
                #expect(!rendered.html.contains("<del>"))
            }
        }
        // The exact output of the first document of each half.
        #expect(serial[0].html == Self.expectedHTML(number: 0, extended: false))
        #expect(serial[1].html == Self.expectedHTML(number: 1, extended: true))
    }

    struct Document: Sendable {
        var number: Int
        var source: String
        var options: MarkdownOptions
        var lineOffset: Int
    }

    /// 200 documents with every construct; the odd ones with strikethrough and autolink.
    static func corpus() -> [Document] {
        (0..<200).map { number in
            let extended = number % 2 == 1
            var options = MarkdownOptions.site
            if extended { options.extensions.formUnion([.strikethrough, .autolink]) }
            return Document(number: number, source: source(number: number), options: options, lineOffset: number % 7)
        }
    }

    static func source(number n: Int) -> String {
        let words = ["目視", "常駐", "書面", "実地監査", "定期検査"]
        let word = words[n % words.count]
        return """
            # \(word)規制 \(n)

            \(word)の規制を*見直す*。**第\(n)項**は`code_\(n)`を使い、
            [関連ページ](/cases/\(n)/)と![図](img/\(n).png)を参照する[^\(n)]。

            ~~廃止\(n)~~ https://example.com/\(n)

            ## 対象 \(n % 3)

            | 項目 | 数 |
            |:---|---:|
            | \(word) | \(n * 3) |
            | Drone | \(n + 1) |

            - [x] 調査 \(n)
            - [ ] 改正
              - [ ] 施行

            ## 対象 \(n % 3)

            > 引用の中の[リンク](https://example.org/\(n))。

            ```swift
            let value\(n) = \(n) < \(n + 1)
            ```

            [^\(n)]: 注記 \(n)。English note.

            """
    }

    static func expectedHTML(number n: Int, extended: Bool) -> String {
        let word = ["目視", "常駐", "書面", "実地監査", "定期検査"][n % 5]
        let struck =
            extended
            ? "<p><del>廃止\(n)</del> <a href=\"https://example.com/\(n)\">https://example.com/\(n)</a></p>"
            : "<p>~~廃止\(n)~~ https://example.com/\(n)</p>"
        return """
            <h1 id="\(word)規制-\(n)">\(word)規制 \(n)</h1>
            <p>\(word)の規制を<em>見直す</em>。<strong>第\(n)項</strong>は<code>code_\(n)</code>を使い、
            <a href="/cases/\(n)/">関連ページ</a>と<img src="img/\(n).png" alt="図" />を参照する<sup class="footnote-ref"><a href="#fn-\(n)" id="fnref-\(n)" data-footnote-ref>1</a></sup>。</p>
            \(struck)
            <h2 id="対象-\(n % 3)">対象 \(n % 3)</h2>
            <table>
            <thead>
            <tr>
            <th align="left">項目</th>
            <th align="right">数</th>
            </tr>
            </thead>
            <tbody>
            <tr>
            <td align="left">\(word)</td>
            <td align="right">\(n * 3)</td>
            </tr>
            <tr>
            <td align="left">Drone</td>
            <td align="right">\(n + 1)</td>
            </tr>
            </tbody>
            </table>
            <ul>
            <li><input type="checkbox" checked="" disabled="" /> 調査 \(n)</li>
            <li><input type="checkbox" disabled="" /> 改正
            <ul>
            <li><input type="checkbox" disabled="" /> 施行</li>
            </ul>
            </li>
            </ul>
            <h2 id="対象-\(n % 3)-1">対象 \(n % 3)</h2>
            <blockquote>
            <p>引用の中の<a href="https://example.org/\(n)">リンク</a>。</p>
            </blockquote>
            <pre><code class="language-swift">let value\(n) = \(n) &lt; \(n + 1)
            </code></pre>
            <section class="footnotes" data-footnotes>
            <ol>
            <li id="fn-\(n)">
            <p>注記 \(n)。English note. <a href="#fnref-\(n)" class="footnote-backref" data-footnote-backref aria-label="本文に戻る">↩</a></p>
            </li>
            </ol>
            </section>

            """
    }
}

/// Results written from many threads, and how many renders ran at once at most.
private final class ResultTable: Sendable {
    private struct State: Sendable {
        var values: [[RenderedMarkdown?]]
        var inFlight = 0
        var peakConcurrency = 0
    }
    private let state: Locked<State>

    init(workers: Int, documents: Int) {
        state = Locked(State(values: Array(repeating: Array(repeating: nil, count: documents), count: workers)))
    }

    var peakConcurrency: Int { state.withLock { $0.peakConcurrency } }

    func begin() {
        state.withLock {
            $0.inFlight += 1
            $0.peakConcurrency = max($0.peakConcurrency, $0.inFlight)
        }
    }

    func end() { state.withLock { $0.inFlight -= 1 } }

    func store(_ value: RenderedMarkdown, worker: Int, document: Int) {
        state.withLock { $0.values[worker][document] = value }
    }

    func value(worker: Int, document: Int) -> RenderedMarkdown? {
        state.withLock { $0.values[worker][document] }
    }
}
