import Foundation
import MinaoshiTestSupport
import Testing

/// A template that names a missing partial, includes itself or does not parse is an error at its
/// file, line and column: `check` reports every one in one run, `build` refuses and leaves the
/// site it built before as it was (issue 25).
@Suite struct TemplateErrorCommandTests {
    static let files: [String: String] = [
        "minaoshi.yml": "title: 見直しテスト\n",
        "content/cases/a.md": caseText(id: "a", title: "事例A", body: "## 概要\n\n本文。")
    ]

    /// The shipped templates with a typo in a partial's name, a partial that includes itself and
    /// a template that does not parse.
    func breakTemplates(_ site: FixtureSite) throws {
        let section = try site.read("templates/section.mustache")
        #expect(section.contains("{{> partials/pagination}}"))
        try site.write(
            "templates/section.mustache",
            section.replacingOccurrences(of: "{{> partials/pagination}}", with: "{{> partials/paginaton}}"))
        try site.write("templates/partials/loop.mustache", "<ul>\n  {{> partials/loop}}\n</ul>\n")
        try site.write("templates/404.mustache", "{{<base}}\n{{$main}}\n<h1>{{#title}}</h1>\n{{/main}}\n{{/base}}\n")
    }

    static let expectedErrors = """
        templates/404.mustache:4:1: error: template does not parse: a section is closed with a different name than it was opened \
        with: '{{/main}}' closes 'title', opened at line 3; near: {{/main}}
        templates/partials/loop.mustache:2:3: error: 'partials/loop' includes itself whatever the data: partials/loop → partials/loop; \
        a partial or parent may include itself only inside a section that the data ends
        templates/section.mustache:9:1: error: partial 'partials/paginaton' does not exist; did you mean 'partials/pagination'?

        """

    @Test func checkReportsEveryTemplateErrorWithItsPositionAndExitsOne() throws {
        let site = try FixtureSite(files: Self.files)
        defer { site.remove() }
        try breakTemplates(site)
        let result = try CommandRunner.run(["check"], in: site.root)
        #expect(result.status == 1)
        #expect(result.stdout == "")
        #expect(result.stderr == Self.expectedErrors + "3 errors, 0 warnings\n")
    }

    @Test func buildRefusesAndLeavesThePreviousSiteIntact() throws {
        let site = try FixtureSite(files: Self.files)
        defer { site.remove() }
        let first = try CommandRunner.run(["build"], in: site.root)
        #expect(first.status == 0, "\(first.stderr)")
        let before = try site.tree("site")
        #expect(before["cases/index.html"] != nil)
        try breakTemplates(site)
        let result = try CommandRunner.run(["build"], in: site.root)
        #expect(result.status == 1)
        #expect(result.stdout == "")
        #expect(result.stderr == Self.expectedErrors + "3 errors, 0 warnings\nBuild failed; site was not changed.\n")
        #expect(try site.tree("site") == before)
    }

    @Test func aPartialThatDoesNotParseIsReportedOnceNotAtEveryTagNamingIt() throws {
        let site = try FixtureSite(files: Self.files)
        defer { site.remove() }
        try site.write("templates/partials/pagination.mustache", "<nav>\n{{#pagination}}\n</nav>\n")
        let result = try CommandRunner.run(["check"], in: site.root)
        #expect(result.status == 1)
        #expect(
            result.stderr == """
                templates/partials/pagination.mustache:2:1: error: template does not parse: a section is opened but never closed: \
                'pagination' needs '{{/pagination}}'; near: {{#pagination}}
                1 error, 0 warnings

                """)
    }

    /// A loop only the data can end passes `check`; when the data never ends it, the render
    /// stops at the depth limit with the template's position, and the site stays as it was.
    @Test func aRenderTheDataTakesTooDeepFailsTheBuildWithItsPosition() throws {
        let site = try FixtureSite(files: Self.files)
        defer { site.remove() }
        #expect(try CommandRunner.run(["build"], in: site.root).status == 0)
        let before = try site.tree("site")
        try site.write("templates/partials/footer.mustache", "{{#site}}\n  {{> partials/footer}}\n{{/site}}\n")
        #expect(try CommandRunner.run(["check"], in: site.root).status == 0)
        let result = try CommandRunner.run(["build"], in: site.root)
        #expect(result.status == 1)
        let lines = result.stderr.split(separator: "\n").map(String.init)
        #expect(lines.count == 3, "\(result.stderr)")
        #expect(lines.first?.hasPrefix("templates/partials/footer.mustache:") == true, "\(result.stderr)")
        #expect(
            lines.first?.contains(": error: templates render more than 200 levels deep") == true, "\(result.stderr)")
        #expect(lines.last == "Build failed; site was not changed.")
        #expect(try site.tree("site") == before)
    }
}
