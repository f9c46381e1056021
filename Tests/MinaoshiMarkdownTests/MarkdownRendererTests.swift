import MinaoshiMarkdown
import Testing

/// Literal Markdown in, exact values out: HTML, headings, links, plain text and summary.
@Suite("MarkdownRenderer")
struct MarkdownRendererTests {
    /// The site's options without heading ids, to keep the HTML of non-heading tests short.
    private static let noIDs = MarkdownOptions(headingIDs: false)

    // MARK: - HTML

    @Test("Japanese paragraphs keep their soft line breaks in HTML")
    func japaneseParagraphs() {
        let rendered = MarkdownRenderer.render("アナログ規制の\n見直しが進んでいる。\n\n次の段落です。\n")
        #expect(rendered.html == "<p>アナログ規制の\n見直しが進んでいる。</p>\n<p>次の段落です。</p>\n")
    }

    @Test("Emphasis, code spans and fenced code")
    func inlineAndCode() {
        let rendered = MarkdownRenderer.render("*強調*と**重要**と`code`。\n\n```swift\nlet 値 = 1 < 2\n```\n")
        #expect(
            rendered.html == """
                <p><em>強調</em>と<strong>重要</strong>と<code>code</code>。</p>
                <pre><code class="language-swift">let 値 = 1 &lt; 2
                </code></pre>

                """)
    }

    @Test("Tables with left, center and right alignment")
    func tableAlignment() {
        let rendered = MarkdownRenderer.render("| 左 | 中央 | 右 |\n|:---|:---:|---:|\n| 目視 | 常駐 | 1,234 |\n")
        #expect(
            rendered.html == """
                <table>
                <thead>
                <tr>
                <th align="left">左</th>
                <th align="center">中央</th>
                <th align="right">右</th>
                </tr>
                </thead>
                <tbody>
                <tr>
                <td align="left">目視</td>
                <td align="center">常駐</td>
                <td align="right">1,234</td>
                </tr>
                </tbody>
                </table>

                """)
    }

    @Test("Task lists render disabled checkboxes")
    func taskLists() {
        let rendered = MarkdownRenderer.render("- [ ] 未着手\n- [x] 完了\n")
        #expect(
            rendered.html == """
                <ul>
                <li><input type="checkbox" disabled="" /> 未着手</li>
                <li><input type="checkbox" checked="" disabled="" /> 完了</li>
                </ul>

                """)
        #expect(rendered.plainText == "未着手\n\n完了")
    }

    @Test("Without the tasklist extension, [ ] stays text")
    func taskListsNeedTheExtension() {
        let rendered = MarkdownRenderer.render("- [ ] 未着手\n", options: MarkdownOptions(extensions: [.table]))
        #expect(rendered.html == "<ul>\n<li>[ ] 未着手</li>\n</ul>\n")
    }

    @Test("Footnotes get the Japanese back-link label")
    func footnotesWithJapaneseLabel() {
        let rendered = MarkdownRenderer.render("目視規制[^1]の例。\n\n[^1]: 2021年の調査による。\n")
        #expect(
            rendered.html == """
                <p>目視規制<sup class="footnote-ref"><a href="#fn-1" id="fnref-1" data-footnote-ref>1</a></sup>の例。</p>
                <section class="footnotes" data-footnotes>
                <ol>
                <li id="fn-1">
                <p>2021年の調査による。 <a href="#fnref-1" class="footnote-backref" data-footnote-backref aria-label="本文に戻る">↩</a></p>
                </li>
                </ol>
                </section>

                """)
    }

    @Test("A nil back-link label keeps cmark-gfm's English one")
    func footnotesWithDefaultLabel() {
        let rendered = MarkdownRenderer.render("a[^n]\n\n[^n]: b\n", options: MarkdownOptions(footnoteBackLabel: nil))
        #expect(
            rendered.html.contains(
                ##"<a href="#fnref-n" class="footnote-backref" data-footnote-backref aria-label="Back to content">↩</a>"##
            ))
    }

    @Test("The back-link label is escaped for the attribute")
    func footnoteLabelIsEscaped() {
        let options = MarkdownOptions(footnoteBackLabel: #""戻る" & <back>"#)
        let rendered = MarkdownRenderer.render("a[^n]\n\n[^n]: b\n", options: options)
        #expect(rendered.html.contains(#"aria-label="&quot;戻る&quot; &amp; &lt;back&gt;">↩</a>"#))
    }

    @Test("Footnotes off: [^1] stays text")
    func footnotesOff() {
        let rendered = MarkdownRenderer.render("a[^1]\n\n[^1]: b\n", options: MarkdownOptions(footnotes: false))
        #expect(rendered.html == "<p>a<a href=\"b\">^1</a></p>\n")
    }

    // MARK: - Heading ids

    @Test("A Japanese heading gets its words as id")
    func japaneseHeadingID() {
        let rendered = MarkdownRenderer.render("## 見直し後の規制（2023年）\n")
        #expect(rendered.html == "<h2 id=\"見直し後の規制-2023年\">見直し後の規制（2023年）</h2>\n")
        #expect(rendered.headings == [Heading(level: 2, text: "見直し後の規制（2023年）", id: "見直し後の規制-2023年", line: 1)])
    }

    @Test("Duplicate headings get -1, -2; punctuation only gets section")
    func duplicateAndEmptyHeadingIDs() {
        let rendered = MarkdownRenderer.render("## 概要\n\n### 概要\n\n## 概要\n\n## ！？\n\n## ……\n")
        #expect(
            rendered.html == """
                <h2 id="概要">概要</h2>
                <h3 id="概要-1">概要</h3>
                <h2 id="概要-2">概要</h2>
                <h2 id="section">！？</h2>
                <h2 id="section-1">……</h2>

                """)
    }

    @Test("A heading named like a footnote does not take the footnote's id")
    func headingDoesNotCollideWithFootnoteIDs() {
        let rendered = MarkdownRenderer.render("## fn-1\n\n## fnref-1\n\n本文[^1]\n\n[^1]: 注\n")
        #expect(rendered.headings.map(\.id) == ["h-fn-1", "h-fnref-1"])
        #expect(rendered.html.hasPrefix("<h2 id=\"h-fn-1\">fn-1</h2>\n<h2 id=\"h-fnref-1\">fnref-1</h2>\n"))
        #expect(rendered.html.contains("<li id=\"fn-1\">"))
        #expect(rendered.html.contains("id=\"fnref-1\" data-footnote-ref"))
    }

    @Test("Ids are the same on every render")
    func headingIDsAreStable() {
        let source = "# 概要\n\n## 概要\n\n## Drone Inspection!\n\n## ＡＢＣ１２３\n\n## ｶﾀｶﾅ\n"
        let first = MarkdownRenderer.render(source)
        let second = MarkdownRenderer.render(source)
        #expect(first.headings.map(\.id) == ["概要", "概要-1", "drone-inspection", "abc123", "カタカナ"])
        #expect(first == second)
    }

    @Test("Inline markup inside a heading renders inside the anchored tag")
    func headingWithInlineMarkup() {
        let rendered = MarkdownRenderer.render("# 規制の *見直し* と [法令](/law/)\n")
        #expect(rendered.html == "<h1 id=\"規制の-見直し-と-法令\">規制の <em>見直し</em> と <a href=\"/law/\">法令</a></h1>\n")
        #expect(rendered.headings.first?.text == "規制の 見直し と 法令")
    }

    @Test("headingIDs off renders cmark's plain headings")
    func headingIDsOff() {
        let rendered = MarkdownRenderer.render("## 概要\n", options: Self.noIDs)
        #expect(rendered.html == "<h2>概要</h2>\n")
        #expect(rendered.headings.map(\.id) == ["概要"])
    }

    @Test("Headings carry levels, text and lines (with the line offset)")
    func headingLevelsAndLines() {
        let source = "# 題\n\n本文\n\n## 節\n\n### 小節\n\n見出し\n---\n"
        let rendered = MarkdownRenderer.render(source, lineOffset: 4)
        #expect(
            rendered.headings == [
                Heading(level: 1, text: "題", id: "題", line: 5),
                Heading(level: 2, text: "節", id: "節", line: 9),
                Heading(level: 3, text: "小節", id: "小節", line: 11),
                Heading(level: 2, text: "見出し", id: "見出し", line: 13)
            ])
    }

    // MARK: - Raw HTML

    @Test("Safe mode omits raw HTML and empties javascript: links")
    func safeMode() {
        let rendered = MarkdownRenderer.render("<script>alert(1)</script>\n\n[押す](javascript:alert(1)) と <b>太字</b>\n")
        #expect(
            rendered.html == """
                <!-- raw HTML omitted -->
                <p><a href="">押す</a> と <!-- raw HTML omitted -->太字<!-- raw HTML omitted --></p>

                """)
        // The link is still reported as written, so a check can flag it.
        #expect(rendered.links == [Link(kind: .link, destination: "javascript:alert(1)", line: 3, column: 1)])
    }

    @Test("allowRawHTML passes raw HTML through, but never a javascript: link")
    func rawHTMLAllowed() {
        let options = MarkdownOptions(allowRawHTML: true)
        let rendered = MarkdownRenderer.render(
            "<script>alert(1)</script>\n\n[押す](javascript:alert(1)) と <b>太字</b>\n", options: options)
        #expect(
            rendered.html == """
                <script>alert(1)</script>
                <p><a href="">押す</a> と <b>太字</b></p>

                """)
    }

    /// cmark's safe mode keeps `data:image/png` and friends; a browser opens any `data:` URL as
    /// a document of its own. Case, tabs, control characters and character references hide
    /// nothing: the URL is read as a browser reads it.
    @Test(
        "Dangerous link and image URLs are emptied with raw HTML allowed or not",
        arguments: [
            "[x](javascript:alert(1))", "[x](JaVaScRiPt:alert(1))", "[x](vbscript:msgbox(1))",
            "[x](data:text/html,<script>alert(1)</script>)",
            "![x](data:image/png;base64,iVBORw0KGgo=)", "![x](data:image/svg+xml;base64,PHN2Zz4=)",
            "[x](&#x6A;avascript:alert(1))",
            "[x](java&#9;script:alert(1))", "[x](<java\tscript:alert(1)>)", "[x](javascript&colon;alert(1))",
            "[x](<\u{1}javascript:alert(1)>)",
            "[x][r]\n\n[r]: DATA:text/html,x", "[x](javascript:alert(1) \"t\")"
        ])
    func dangerousURLsAreEmptied(markdown: String) {
        for options in [MarkdownOptions(), MarkdownOptions(extensions: [.tagfilter], allowRawHTML: true)] {
            let html = MarkdownRenderer.render(markdown + "\n", options: options).html
            #expect(html.contains(#"href="""#) || html.contains(#"src="""#), "\(html)")
            #expect(!html.lowercased().contains("script:") && !html.lowercased().contains("data:"), "\(html)")
        }
    }

    @Test("Ordinary links keep their URLs")
    func ordinaryURLsStay() {
        let html = MarkdownRenderer.render(
            "[a](https://example.go.jp/a?b=1) [b](/cases/) [c](mailto:x@example.go.jp) [d](#data:x) [e](datasets/)\n"
        ).html
        #expect(
            html
                == ##"<p><a href="https://example.go.jp/a?b=1">a</a> <a href="/cases/">b</a> <a href="mailto:x@example.go.jp">c</a> <a href="#data:x">d</a> <a href="datasets/">e</a></p>"##
                + "\n")
    }

    /// GitHub's tag filter lets `<img onerror>` through: with raw HTML allowed, event handlers,
    /// `style`, `srcdoc` and dangerous URL attributes go, and the rest of the HTML stays as written.
    @Test(
        "Raw HTML keeps its tags but loses handlers, style and dangerous URLs",
        arguments: [
            ("<img src=\"x.png\" onerror=\"alert(1)\" alt=\"図\">", "<img src=\"x.png\" alt=\"図\">"),
            ("<img src=x ONERROR=alert(1)>", "<img src=x>"),
            ("<a href=\"JAVA&#x09;SCRIPT&colon;alert(1)\" title='t'>x</a>", "<a title='t'>x</a>"),
            ("<a href=' &#106;avascript:alert(1)'>x</a>", "<a>x</a>"),
            ("<p style=\"color:red\" class=\"k\">段落</p>", "<p class=\"k\">段落</p>"),
            ("<div>\n<p/onmouseover=alert(1)>x</p>", "<div>\n<p>x</p>"),
            ("<svg><a xlink:href=\"javascript:alert(1)\">x</a></svg>", "<svg><a>x</a></svg>"),
            ("<img srcset=\"a.png 1x, data:image/png;base64,AA 2x\">", "<img>"),
            (
                "<form action=vbscript:x><button formaction=\"data:text/html,x\">b</button></form>",
                "<form><button>b</button></form>"
            ),
            (
                "<!-- <img onerror=alert(1)> --><b data-x=\"on\">太字</b>",
                "<!-- <img onerror=alert(1)> --><b data-x=\"on\">太字</b>"
            ),
            (
                "<a href=\"https://example.go.jp/\" target=\"_blank\">外部</a>",
                "<a href=\"https://example.go.jp/\" target=\"_blank\">外部</a>"
            )
        ])
    func rawHTMLIsSanitized(input: String, expected: String) {
        #expect(RawHTMLSanitizer.sanitize(input) == expected)
        let options = MarkdownOptions(extensions: [.tagfilter], allowRawHTML: true)
        let html = MarkdownRenderer.render(input + "\n", options: options).html
        #expect(html.contains(expected), "\(html)")
    }

    @Test("The tagfilter extension disarms <script> even with raw HTML allowed")
    func tagFilter() {
        let options = MarkdownOptions(extensions: [.tagfilter], allowRawHTML: true)
        let rendered = MarkdownRenderer.render("<script>alert(1)</script>\n", options: options)
        #expect(rendered.html == "&lt;script>alert(1)&lt;/script>\n")
    }

    /// Found by the fuzzer (`Tests/Fuzz/markdown`): a heading's raw HTML was rendered from its
    /// heading's text buffer after the heading had been freed. Under valgrind
    /// (`scripts/leak-check.sh --quick`, run by `make test`) the old code read freed memory here.
    @Test("Raw HTML in a setext heading renders after the heading is replaced")
    func rawHTMLInAHeading() {
        let options = MarkdownOptions(allowRawHTML: true)
        let rendered = MarkdownRenderer.render("[l\u{FFFD}<im>-\n  =\n\n## a <b>太字</b> `x`\n", options: options)
        #expect(
            rendered.html == """
                <h1 id="l">[l\u{FFFD}<im>-</h1>
                <h2 id="a-太字-x">a <b>太字</b> <code>x</code></h2>

                """)
        #expect(rendered.headings.map(\.text) == ["[l\u{FFFD}-", "a 太字 x"])
    }

    // MARK: - Plain text and summary

    @Test("Plain text joins Japanese soft breaks without a space, English ones with one")
    func plainTextSoftBreaks() {
        let rendered = MarkdownRenderer.render("見直しの\n結果です。\n\nThe first line\nand the second.\n")
        #expect(rendered.plainText == "見直しの結果です。\n\nThe first line and the second.")
    }

    @Test("Plain text drops markup and separates blocks with blank lines")
    func plainTextBlocks() {
        let source = "# 題\n\n*強調*と[リンク](/a)と`code`。\\\n改行\n\n- 項目一\n- 項目二\n\n```\nlet x = 1\n```\n"
        let rendered = MarkdownRenderer.render(source)
        #expect(rendered.plainText == "題\n\n強調とリンクとcode。\n改行\n\n項目一\n\n項目二\n\nlet x = 1")
    }

    @Test("The summary is the whole first paragraph when it fits")
    func summaryFits() {
        let rendered = MarkdownRenderer.render("# 題\n\n最初の\n段落。\n\n二つ目の段落。\n")
        #expect(rendered.summary == "最初の段落。")
    }

    @Test("A long summary is cut at the last sentence end that fits")
    func summaryCutAtSentenceEnd() {
        let options = MarkdownOptions(summaryLength: 20)
        let rendered = MarkdownRenderer.render("目視の規制を見直す。常駐の規制も見直す。書面の規制は後で。\n", options: options)
        #expect(rendered.summary == "目視の規制を見直す。常駐の規制も見直す。")
    }

    @Test("A summary with no sentence end in reach ends in an ellipsis")
    func summaryEllipsis() {
        let options = MarkdownOptions(summaryLength: 10)
        let rendered = MarkdownRenderer.render("デジタル原則に照らした規制の一括見直しプラン\n", options: options)
        #expect(rendered.summary == "デジタル原則に照ら…")
        #expect(rendered.summary.count == 10)
    }

    @Test("A sentence end in the first half is too early to cut at")
    func summaryIgnoresEarlySentenceEnd() {
        let options = MarkdownOptions(summaryLength: 10)
        let rendered = MarkdownRenderer.render("概要。デジタル原則に照らした規制の見直し\n", options: options)
        #expect(rendered.summary == "概要。デジタル原則…")
    }

    @Test("A decimal point is no sentence end; a period before a space is")
    func summaryDecimalPoint() {
        let japanese = MarkdownRenderer.render("価格は2.5億円で前年より増えた。\n", options: MarkdownOptions(summaryLength: 8))
        #expect(japanese.summary == "価格は2.5億…")
        let english = MarkdownRenderer.render(
            "It costs 2.5 yen. Then more text.\n", options: MarkdownOptions(summaryLength: 20))
        #expect(english.summary == "It costs 2.5 yen.")
    }

    @Test("A summary length of zero gives no summary")
    func summaryLengthZero() {
        let rendered = MarkdownRenderer.render("本文。\n", options: MarkdownOptions(summaryLength: 0))
        #expect(rendered.summary == "")
    }

    @Test("Footnote text is never the summary")
    func summarySkipsFootnotes() {
        let rendered = MarkdownRenderer.render("## 見出し[^1]\n\n| 表 |\n|---|\n| 値 |\n\n[^1]: 脚注の文。\n")
        #expect(rendered.summary == "")
        #expect(rendered.plainText == "見出し\n\n表\n\n値\n\n脚注の文。")
    }

    // MARK: - Links

    @Test("Links carry destination, line with the offset, and a character column")
    func linkPositions() {
        let source = "日本語の文章です。\n[リンク](https://example.com/a)と![画像](img/a.png)\n\n> 引用\n> [b](/b)\n"
        let rendered = MarkdownRenderer.render(source, lineOffset: 10)
        #expect(
            rendered.links == [
                Link(kind: .link, destination: "https://example.com/a", line: 12, column: 1),
                Link(kind: .image, destination: "img/a.png", line: 12, column: 30),
                Link(kind: .link, destination: "/b", line: 15, column: 3)
            ])
        #expect(rendered.html.contains(#"<img src="img/a.png" alt="画像" />"#))
    }

    @Test("Columns count characters after Japanese text, tabs and list markers")
    func linkColumnsAreCharacters() {
        let source =
            "- 項目\n  [a](/a)\n- 日本\t[b](/b)\n\n| 表 | 列 |\n|---|---|\n| 日本 [c](/c) | x |\n\n参照は[こちら][r]。\n\n[r]: /r\n"
        let rendered = MarkdownRenderer.render(source)
        #expect(
            rendered.links == [
                Link(kind: .link, destination: "/a", line: 2, column: 3),
                Link(kind: .link, destination: "/b", line: 3, column: 6),
                Link(kind: .link, destination: "/c", line: 7, column: 6),
                Link(kind: .link, destination: "/r", line: 9, column: 4)
            ])
    }

    @Test("A link whose text wraps is reported where it opens")
    func wrappedLinkLine() {
        let source = "前文 [リンク\nを跨ぐ](/h) 日本 [i](/i)\n\nx\n[*強調*\nの](/k) ![画\n像](/l)\n"
        let rendered = MarkdownRenderer.render(source, lineOffset: 2)
        #expect(
            rendered.links == [
                Link(kind: .link, destination: "/h", line: 3, column: 4),
                Link(kind: .link, destination: "/i", line: 4, column: 13),
                Link(kind: .link, destination: "/k", line: 7, column: 1),
                Link(kind: .image, destination: "/l", line: 8, column: 8)
            ])
    }

    @Test("Links work with CRLF line ends")
    func crlfLinks() {
        let rendered = MarkdownRenderer.render("a\r\n日本 [f](/f)\r\n")
        #expect(rendered.html == "<p>a\n日本 <a href=\"/f\">f</a></p>\n")
        #expect(rendered.links == [Link(kind: .link, destination: "/f", line: 2, column: 4)])
    }

    @Test("rewriteLink changes the rendered destination, not the reported one")
    func rewriteLink() {
        let rendered = MarkdownRenderer.render(
            "[前](../a.md) と ![図](b.png)\n",
            rewriteLink: { destination in
                destination.hasSuffix(".md") ? "/cases/a/" : nil
            })
        #expect(rendered.html == "<p><a href=\"/cases/a/\">前</a> と <img src=\"b.png\" alt=\"図\" /></p>\n")
        #expect(rendered.links.map(\.destination) == ["../a.md", "b.png"])
    }

    // MARK: - Literal emphasis markers

    @Test("** left as text by the flanking rules is reported where it is written")
    func literalEmphasisMarkers() {
        let rendered = MarkdownRenderer.render("前文\n**「重要」**です\n\n- 日本 __「a」__だ\n", lineOffset: 3)
        #expect(rendered.html == "<p>前文\n**「重要」**です</p>\n<ul>\n<li>日本 __「a」__だ</li>\n</ul>\n")
        #expect(
            rendered.literalEmphasisMarkers == [
                SourcePosition(line: 5, column: 1), SourcePosition(line: 5, column: 7),
                SourcePosition(line: 7, column: 6), SourcePosition(line: 7, column: 11)
            ])
    }

    @Test("Emphasis that parses is not reported")
    func emphasisThatParses() {
        let rendered = MarkdownRenderer.render("**強調**です。「**重要**」\n")
        #expect(rendered.html == "<p><strong>強調</strong>です。「<strong>重要</strong>」</p>\n")
        #expect(rendered.literalEmphasisMarkers == [])
    }

    @Test("Escapes and references before a marker do not shift its column")
    func literalMarkersAfterEscapes() {
        let escaped = MarkdownRenderer.render(#"a\_b \*\*a\*\* &amp; **「重要」**です"#)
        #expect(escaped.html == "<p>a_b **a** &amp; **「重要」**です</p>\n")
        #expect(
            escaped.literalEmphasisMarkers == [SourcePosition(line: 1, column: 22), SourcePosition(line: 1, column: 28)]
        )
        // Stars written escaped or as references are no markers.
        let written = MarkdownRenderer.render(#"\*\*a \** &#42;&#42;b"#)
        #expect(written.html == "<p>**a ** **b</p>\n")
        #expect(written.literalEmphasisMarkers == [])
    }

    @Test("A run of three is one marker")
    func literalMarkerRuns() {
        let rendered = MarkdownRenderer.render("***「x」***です\n")
        #expect(
            rendered.literalEmphasisMarkers == [SourcePosition(line: 1, column: 1), SourcePosition(line: 1, column: 7)])
    }

    // MARK: - Extensions

    @Test("Strikethrough and autolink when enabled")
    func strikethroughAndAutolink() {
        let options = MarkdownOptions(extensions: [.strikethrough, .autolink], headingIDs: false)
        #expect(!options.isThreadSafe)
        let rendered = MarkdownRenderer.render("~~廃止~~ https://example.com を参照\n", options: options)
        #expect(rendered.html == "<p><del>廃止</del> <a href=\"https://example.com\">https://example.com</a> を参照</p>\n")
        #expect(rendered.links.map(\.destination) == ["https://example.com"])
    }

    @Test("The site's defaults leave strikethrough and autolink off")
    func siteDefaults() {
        #expect(MarkdownOptions.site.extensions == [.table, .tasklist])
        #expect(MarkdownOptions.site.isThreadSafe)
        let rendered = MarkdownRenderer.render("~~a~~ https://example.comの説明\n")
        #expect(rendered.html == "<p>~~a~~ https://example.comの説明</p>\n")
    }

    @Test("Empty input renders nothing")
    func emptyInput() {
        let rendered = MarkdownRenderer.render("")
        #expect(rendered == RenderedMarkdown(html: "", plainText: "", headings: [], links: [], summary: ""))
    }
}
