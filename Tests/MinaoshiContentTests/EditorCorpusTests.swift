import Foundation
import MinaoshiSupport
import MinaoshiTestSupport
import Testing

@testable import MinaoshiContent

/// The editor reads the id every file of a section declares by a look at its lines
/// (``EditorCorpus/declaredID(in:fileSlug:)``); the loader parses the front matter. Both must
/// read the same id from every shipped file and from the ways an id is written.
@Suite struct EditorCorpusTests {
    static func loaderID(_ text: String, relativePath: String) -> String? {
        let pass = CorpusLoader.readFrontMatter(
            SourceText(displayPath: relativePath, text: text), relativePath: relativePath,
            reader: MetadataReader(vocabularies: .empty))
        return try? pass.get().slug
    }

    @Test func everyShippedFileDeclaresTheIDTheLoaderReads() throws {
        let root = FixtureSite.packageRoot
        let files = CorpusLoader.markdownFiles(root: root)
        #expect(files.count > 50)
        var compared = 0
        for path in files {
            let text = try String(contentsOf: root.appendingPathComponent(path), encoding: .utf8)
            let fileSlug = String(path.split(separator: "/").last!.dropLast(3))
            guard let loaded = Self.loaderID(text, relativePath: path) else { continue }
            #expect(EditorCorpus.declaredID(in: text, fileSlug: fileSlug) == loaded, "\(path)")
            compared += 1
        }
        #expect(compared == files.count)
    }

    @Test(arguments: [
        "---\nid: plain\ntitle: t\n---\n", "---\nid: \"quoted\"\ntitle: t\n---\n", "---\nid: 'single'\n---\n",
        "---\nid:   spaced   # a comment\n---\n", "---\nid: \"commented\"  # 任意\n---\n",
        "---\ntitle: t\n---\nid: in-the-body\n", "---\ntitle: t\nnested:\n  id: inner\n---\n",
        "---\nids: not-it\ntitle: t\n---\n", "---\ntitle: t\n...\nid: after-the-end\n",
        "---\r\nid: crlf\r\ntitle: t\r\n---\r\n"
    ])
    func theLookReadsWhatTheLoaderReads(text: String) throws {
        let loaded = try #require(Self.loaderID(text, relativePath: "content/cases/file-name.md"), "\(text)")
        #expect(EditorCorpus.declaredID(in: text, fileSlug: "file-name") == loaded, "\(text)")
    }
}
