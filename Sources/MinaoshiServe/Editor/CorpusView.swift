import Foundation
import MinaoshiContent
import MinaoshiSupport
import NIOConcurrencyHelpers

/// The editor's view of the project: the documents of each section (for the picker and the live
/// check), the vocabularies and the rest of the corpus the live check runs against. Worked out
/// once and kept in memory, not per request: listing and sorting a section of 10,000 files and
/// reading every vocabulary on each keystroke's check was most of the check's time.
///
/// What is kept is dropped, to be worked out again when next asked, when the source watcher
/// reports a change (``refresh()``, called from the watcher's thread), when the editor writes a
/// file itself (so that a review saved a moment ago is in the picker before any notice), and when
/// a build succeeds (its open data titles the documents). A failed build leaves the output, and
/// so the titles, as they were.
final class CorpusView: Sendable {
    let root: URL
    /// The output folder, whose open data (`api/<section>.json`) titles the published documents.
    let outputFolder: URL
    let state: BuildState
    /// Which documents the builds of this `serve` publish.
    let publishing: LoadOptions
    /// The builds' front matter of each file: the id of a file that did not change since the last
    /// build is taken from it instead of reading the file.
    let frontMatter: FrontMatterCache?

    private struct Kept {
        /// Counts the refreshes: a value worked out under an older one is not kept.
        var generation = 0
        /// The build whose output the kept values were read from.
        var build = ""
        var documents: [String: DocumentIndex] = [:]
        var vocabularies: Vocabularies?
        var corpus: EditorCorpus?
    }

    private let kept = NIOLockedValueBox(Kept())

    init(
        root: URL, outputFolder: URL, state: BuildState, frontMatter: FrontMatterCache? = nil, publishing: LoadOptions
    ) {
        self.root = root
        self.frontMatter = frontMatter
        self.publishing = publishing
        self.outputFolder = outputFolder
        self.state = state
    }

    /// Drops everything kept: the sources changed.
    func refresh() {
        kept.withLockedValue { $0 = Kept(generation: $0.generation + 1) }
    }

    /// The documents of `section` a form can name (``documents(root:outputFolder:section:)``).
    func documents(_ section: String) -> DocumentIndex {
        kept(\.documents[section]) { [root, outputFolder] in
            Self.documents(root: root, outputFolder: outputFolder, section: section)
        }
    }

    /// The project's vocabularies as `content/_data/` holds them (its problems are the build's to report).
    var vocabularies: Vocabularies {
        kept(\.vocabularies) { [root] in Vocabularies.load(root: root).0 }
    }

    /// The rest of the corpus as the live check sees it (``corpus(root:indexes:)``).
    var corpus: EditorCorpus {
        kept(\.corpus) { [self] in
            Self.corpus(
                root: root, indexes: AuthoringKind.allCases.map { ($0, documents($0.section)) }, publishing: publishing,
                frontMatter: frontMatter)
        }
    }

    /// The value kept at `place`, or the one `make` works out, kept there unless a refresh or a
    /// build came while it was worked out.
    private func kept<T>(_ place: WritableKeyPath<Kept, T?>, make: () -> T) -> T {
        let build = state.snapshot.build
        let (found, generation) = kept.withLockedValue { kept -> (T?, Int) in
            if kept.build != build { kept = Kept(generation: kept.generation + 1, build: build) }
            return (kept[keyPath: place], kept.generation)
        }
        if let found { return found }
        let made = make()
        kept.withLockedValue { if $0.generation == generation { $0[keyPath: place] = made } }
        return made
    }

    // MARK: - Worked out afresh

    /// Every file of `section` (a file saved a moment ago is there before any build lists it),
    /// titled from the last good build's open data (`api/regulations.json`; a document not built
    /// yet goes by its id).
    static func documents(root: URL, outputFolder: URL, section: String) -> DocumentIndex {
        let ids = DocumentIDs.fileSlugs(section: section, root: root)
        var titles: [String: String] = [:]
        struct Items: Decodable { struct Item: Decodable { var id: String; var title: String }; var items: [Item] }
        if let data = FileManager.default.contents(
            atPath: outputFolder.appendingPathComponent("api/\(section).json").path),
            let decoded = try? JSONDecoder().decode(Items.self, from: data)
        {
            for item in decoded.items { titles[item.id] = item.title }
        }
        return DocumentIndex(ids: ids, titles: titles)
    }

    /// The published titles of every section a form writes, the id each of its files declares
    /// (as the last build read it when the file did not change since, else read now), and the project's files.
    static func corpus(
        root: URL, indexes: [(AuthoringKind, DocumentIndex)], publishing: LoadOptions,
        frontMatter: FrontMatterCache? = nil
    ) -> EditorCorpus {
        var titles: [String: String] = [:]
        var ids: [String: String] = [:]
        for (kind, index) in indexes {
            for (id, title) in index.published { titles[kind.relativePath(id: id)] = title }
            for fileSlug in index.ids {
                let path = kind.relativePath(id: fileSlug)
                ids[path] =
                    frontMatter?.loadedID(at: path, root: root)
                    ?? DocumentIDs.declaredID(ofFileAt: path, fileSlug: fileSlug, root: root)
            }
        }
        return EditorCorpus(titles: titles, ids: ids, publishing: publishing) { path in
            FileManager.default.contents(atPath: root.appendingPathComponent(path).path).map {
                String(decoding: $0, as: UTF8.self)
            }
        }
    }
}
