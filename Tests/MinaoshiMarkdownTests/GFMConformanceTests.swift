import Foundation
import MinaoshiMarkdown
import MinaoshiTestSupport
import Testing

/// Runs the examples of the GitHub Flavored Markdown spec 0.29 (`test/spec.txt` of cmark-gfm) and of
/// its extension tests (`test/extensions.txt`) through ``MarkdownRenderer``, from the JSON copies in
/// `Tests/Fixtures/gfm`, and compares the HTML after ``HTMLNormalizer`` (cmark's `normalize.py` rules).
///
/// Options follow upstream's runner: each spec example with exactly the extensions it names; the
/// extension tests with every extension and footnotes; raw HTML allowed; no heading ids and
/// cmark-gfm's own footnote back-link label, so the output is the library's own.
@Suite("GFM 0.29 conformance")
struct GFMConformanceTests {
    @Test(
        "A known difference still differs from the spec, and renders exactly as recorded",
        arguments: GFMFile.knownDifferenceCases)
    func knownDifferenceStillDiffers(file: GFMFile, number: Int) throws {
        let example = try #require(try file.load().first { $0.example == number })
        let difference = try #require(file.knownDifferences[number])
        let actual = file.render(example)
        // If this fails, the library caught up with the spec: delete the entry.
        #expect(HTMLNormalizer.normalize(actual) != HTMLNormalizer.normalize(example.html), "\(difference.reason)")
        #expect(actual == difference.html)
    }

    /// Heading ids are put in by swapping each heading node for custom nodes; over every example
    /// of the spec, that must change nothing but the `id` attribute of `<h1>`…`<h6>`.
    @Test("Heading ids change nothing but the heading tags", arguments: GFMFile.allCases)
    func headingIDsOnlyAddAttributes(file: GFMFile) throws {
        let idAttribute = #/(<h[1-6]) id="([^"]*)">/#
        var headings = 0
        for example in try file.load() where !example.isDisabled {
            var options = file.options(for: example)
            let plain = MarkdownRenderer.render(example.markdown, options: options).html
            options.headingIDs = true
            let anchored = MarkdownRenderer.render(example.markdown, options: options)
            headings += anchored.headings.count
            #expect(anchored.html.replacing(idAttribute) { "\($0.output.1)>" } == plain, "example \(example.example)")
            #expect(
                anchored.html.matches(of: idAttribute).map { String($0.output.2) } == anchored.headings.map(\.id),
                "example \(example.example)")
        }
        // The spec's heading examples were all exercised (the extension tests have none).
        #expect(headings == (file == .spec ? 62 : 0))
    }

    @Test("Every enabled example renders as the spec says, except the known differences", arguments: GFMFile.allCases)
    func examplesMatchTheSpec(file: GFMFile) throws {
        let examples = try file.load()
        #expect(examples.count == file.exampleCount, "\(file.rawValue) should hold \(file.exampleCount) examples")

        var passed = 0, byteIdentical = 0, disabled = 0, known = 0
        for example in examples {
            if example.isDisabled { disabled += 1; continue }
            if file.knownDifferences[example.example] != nil { known += 1; continue }
            let actual = file.render(example)
            if actual == example.html { byteIdentical += 1 }
            let matches: Bool
            if example.isIgnored {
                // Upstream only checks that these render at all; pin what the library renders.
                let pinned = file.ignoredOutput[example.example]
                #expect(
                    pinned != nil,
                    "\(file.rawValue) example \(example.example) expects <IGNORE>: pin its output in ignoredOutput")
                matches = actual == pinned
            } else {
                matches = HTMLNormalizer.normalize(actual) == HTMLNormalizer.normalize(example.html)
            }
            if matches { passed += 1 }
            #expect(
                matches,
                """
                \(file.rawValue) example \(example.example) (\(example.section)) differs
                markdown: \(example.markdown.debugDescription)
                expected: \(example.html.debugDescription)
                actual:   \(actual.debugDescription)
                """)
        }
        let enabled = examples.count - disabled - known
        #expect(passed == enabled)
        var notes = ["\(disabled) disabled"]
        if known > 0 {
            notes.append(
                "\(known) known \(known == 1 ? "difference" : "differences") of Debian's libcmark-gfm, checked separately"
            )
        }
        #expect(file.knownDifferences.keys.allSatisfy { number in examples.contains { $0.example == number } })
        print(
            "GFM conformance (\(file.name)): \(passed) of \(enabled) enabled examples pass (\(notes.joined(separator: ", "))); \(byteIdentical) byte for byte"
        )
    }
}

/// One example of the spec JSON: `example`, `section`, `extensions`, `markdown`, `html`.
struct GFMExample: Decodable, Sendable {
    var example: Int
    var section: String
    var extensions: [String]
    var markdown: String
    var html: String

    var isDisabled: Bool { extensions.contains("disabled") }
    /// Upstream's runner checks only that such an example renders, not what.
    var isIgnored: Bool { html == "<IGNORE>\n" }
}

enum GFMFile: String, CaseIterable, Sendable, CustomTestStringConvertible {
    case spec = "spec-0.29.json"
    case extensions = "extensions-0.29.json"

    var name: String {
        switch self {
        case .spec: "spec"
        case .extensions: "extensions"
        }
    }

    var testDescription: String { rawValue }

    /// Guards against a truncated or swapped file passing vacuously.
    var exampleCount: Int {
        switch self {
        case .spec: 673
        case .extensions: 28
        }
    }

    /// `Tests/Fixtures/gfm` in the package (its README says where the files come from).
    static let testdata: URL = FixtureSite.packageRoot.appendingPathComponent("Tests/Fixtures/gfm")

    func load() throws -> [GFMExample] {
        let url = Self.testdata.appendingPathComponent(rawValue)
        return try JSONDecoder().decode([GFMExample].self, from: Data(contentsOf: url))
    }

    /// The options upstream's runner uses for an example of this file.
    func options(for example: GFMExample) -> MarkdownOptions {
        switch self {
        case .spec:
            return MarkdownOptions(
                extensions: Set(example.extensions.compactMap(MarkdownOptions.Extension.init(rawValue:))),
                footnotes: example.extensions.contains("footnotes"),
                allowRawHTML: true, headingIDs: false, footnoteBackLabel: nil
            )
        case .extensions:
            // Upstream: --extensions "table strikethrough autolink tagfilter footnotes tasklist".
            return MarkdownOptions(
                extensions: Set(MarkdownOptions.Extension.allCases), footnotes: true,
                allowRawHTML: true, headingIDs: false, footnoteBackLabel: nil
            )
        }
    }

    func render(_ example: GFMExample) -> String {
        MarkdownRenderer.render(example.markdown, options: options(for: example)).html
    }

    /// Examples where Debian's libcmark-gfm 0.29.0.gfm.6 renders differently from the spec text
    /// it ships with, keyed by example number, with the reason and the HTML it renders instead.
    ///
    /// Debian ships 0.29.0.gfm.6, whose footnotes follow github.com's later markup (ids
    /// `fn-LABEL` and `fnref-LABEL`, `data-footnotes`, `data-footnote-ref`, `data-footnote-backref`
    /// and an `aria-label` on the back link), while the 0.29 `extensions.txt` still has the first
    /// footnote markup (`fn1`, `fnref1`). The site relies on the newer markup, so it is pinned here.
    var knownDifferences: [Int: KnownDifference] {
        switch self {
        case .spec: [:]
        case .extensions:
            [
                23: KnownDifference(
                    reason:
                        "gfm.6 footnote markup: fn-LABEL ids, data-footnote* attributes, aria-label on the back link",
                    html: """
                        <p>This is some text!<sup class="footnote-ref"><a href="#fn-1" id="fnref-1" data-footnote-ref>1</a></sup>. Other text.<sup class="footnote-ref"><a href="#fn-footnote" id="fnref-footnote" data-footnote-ref>2</a></sup>.</p>
                        <p>Here's a thing<sup class="footnote-ref"><a href="#fn-other-note" id="fnref-other-note" data-footnote-ref>3</a></sup>.</p>
                        <p>And another thing<sup class="footnote-ref"><a href="#fn-codeblock-note" id="fnref-codeblock-note" data-footnote-ref>4</a></sup>.</p>
                        <p>This doesn't have a referent[^nope].</p>
                        <p>Hi!</p>
                        <section class="footnotes" data-footnotes>
                        <ol>
                        <li id="fn-1">
                        <p>Some <em>bolded</em> footnote definition. <a href="#fnref-1" class="footnote-backref" data-footnote-backref aria-label="Back to content">↩</a></p>
                        </li>
                        <li id="fn-footnote">
                        <blockquote>
                        <p>Blockquotes can be in a footnote.</p>
                        </blockquote>
                        <pre><code>as well as code blocks
                        </code></pre>
                        <p>or, naturally, simple paragraphs. <a href="#fnref-footnote" class="footnote-backref" data-footnote-backref aria-label="Back to content">↩</a></p>
                        </li>
                        <li id="fn-other-note">
                        <p>no code block here (spaces are stripped away) <a href="#fnref-other-note" class="footnote-backref" data-footnote-backref aria-label="Back to content">↩</a></p>
                        </li>
                        <li id="fn-codeblock-note">
                        <pre><code>this is now a code block (8 spaces indentation)
                        </code></pre>
                        <a href="#fnref-codeblock-note" class="footnote-backref" data-footnote-backref aria-label="Back to content">↩</a>
                        </li>
                        </ol>
                        </section>

                        """
                )
            ]
        }
    }

    /// What the library renders for the `<IGNORE>` examples (see ``GFMExample/isIgnored``).
    var ignoredOutput: [Int: String] {
        switch self {
        case .spec: [:]
        case .extensions:
            [
                20: "<p>This shouldn't crash everything: (<em>A</em>@_.A</p>\n"
            ]
        }
    }

    static var knownDifferenceCases: [(GFMFile, Int)] {
        allCases.flatMap { file in file.knownDifferences.keys.sorted().map { (file, $0) } }
    }
}

struct KnownDifference: Sendable {
    var reason: String
    var html: String
}
