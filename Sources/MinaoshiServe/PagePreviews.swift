import Foundation
import MinaoshiContent
import MinaoshiSite
import MinaoshiSupport
import NIOConcurrencyHelpers

/// Hugo's fast render in `serve`: when a settled change only edits documents the last good build
/// published or adds documents, their pages are rendered at once from that build's model (``SiteModel``), served
/// from memory in place of the published files, and the open pages showing them reload, before
/// the whole rebuild runs. When the rebuild publishes, the previews it supersedes are dropped; a
/// page whose published bytes are the ones its preview served keeps its name and does not reload
/// again (``BuildState/succeeded(keeping:)``), the others reload as every page does.
///
/// A document added (a new file, or a draft made public) is previewed too: its page is served
/// from memory before the output folder has it. Any other change (a file removed or renamed, a
/// vocabulary, a template, `minaoshi.yml`, a document made a draft or given another id, a file
/// with an error, an add ``SiteModel/preview(_:)`` refuses) is
/// refused here and left to the whole rebuild, as `serve` did before previews: its problems come
/// from the rebuild's diagnostics.
final class PagePreviews: Sendable {
    private struct Served {
        var bytes: [UInt8]
        /// The site path of the page (`/cases/x/`), for an HTML output.
        var page: String?
        var rendered: ContinuousClock.Instant
    }

    /// The model of the last good build, or nil.
    private let model: @Sendable () -> SiteModel?
    private let state: BuildState
    private let output: URL
    /// By output path (`cases/x/index.html`).
    private let served = NIOLockedValueBox<[String: Served]>([:])

    init(state: BuildState, output: URL, model: @escaping @Sendable () -> SiteModel?) {
        self.state = state
        self.output = output
        self.model = model
    }

    /// The documents a change edits, or nil when it does more than edit documents (or the watcher
    /// cannot tell). A file under `content/` that the build reads is a Markdown file not under a
    /// folder or name starting with `_` or `.` (`content/_data/` holds the vocabularies); anything
    /// else there (an editor's temporary file, already renamed away) the build never reads.
    static func editedDocuments(_ changes: SourceChanges) -> [String]? {
        guard !changes.beyondPaths else { return nil }
        var documents: [String] = []
        for path in changes.paths.sorted() {
            let components = path.split(separator: "/")
            guard components.first == "content", components.count > 1 else { return nil }
            if components.dropFirst().contains(where: { $0.hasPrefix("_") || $0.hasPrefix(".") }) { return nil }
            if path.hasSuffix(".md") {
                documents.append(path)
            } else if path.hasSuffix(".yml") || path.hasSuffix(".yaml") || path.hasSuffix(".json") {
                return nil
            }
        }
        return documents
    }

    /// Previews the documents `changes` edits; false, with nothing changed, when it does more
    /// (``editedDocuments(_:)``), there is no good build, or the model refuses (``SiteModel/preview(_:)``).
    @discardableResult
    func preview(_ changes: SourceChanges) -> Bool {
        guard let documents = Self.editedDocuments(changes), !documents.isEmpty, let model = model() else {
            return false
        }
        guard case .rendered(let files) = model.preview(documents) else { return false }
        let now = ContinuousClock.now
        let output = output
        let changedPages: [String] = served.withLockedValue { served in
            var changed: [String] = []
            for (path, bytes) in files {
                let page = Self.page(ofOutput: path)
                // Bytes the page shows already (the same save seen twice: by the editor and by the
                // watcher, or a file touched but not changed) reload nothing.
                let shown =
                    served[path]?.bytes
                    ?? FileManager.default.contents(atPath: output.path + "/" + path).map {
                        [UInt8]($0)
                    }
                if shown != bytes, let page { changed.append(page) }
                served[path] = Served(bytes: bytes, page: page, rendered: now)
            }
            return changed
        }
        if !changedPages.isEmpty { state.previewed(changedPages) }
        return true
    }

    /// The bytes previewed for an output path (`cases/x/index.html`), if any.
    func bytes(at path: String) -> [UInt8]? {
        served.withLockedValue { $0[path]?.bytes }
    }

    /// A previewed page the output folder does not have yet (an added document's), looked up as
    /// ``SiteFiles/lookup(_:isFolder:)`` looks up a file; nil when none is previewed there.
    func lookup(_ segments: [String], isFolder: Bool) -> SiteFiles.Lookup? {
        let index = segments + ["index.html"]
        return served.withLockedValue { served in
            if served[index.joined(separator: "/")] != nil {
                return isFolder || segments.isEmpty ? .file(path: "", segments: index) : .addSlash
            }
            if !isFolder, served[segments.joined(separator: "/")] != nil { return .file(path: "", segments: segments) }
            return nil
        }
    }

    /// After a build that began at `began` ended: the previews rendered before it are dropped (it
    /// read their files, or a later one did); those after stay until the next. Returns, for a
    /// build that published, the pages whose published bytes are what their preview served, with
    /// the name they were served with, and the pages still previewed.
    func buildEnded(began: ContinuousClock.Instant, published: Bool) -> [String: String] {
        let snapshot = state.snapshot
        let superseded: [(path: String, served: Served)] = served.withLockedValue { served in
            let old = served.filter { $0.value.rendered < began }
            for path in old.keys { served[path] = nil }
            return old.map { ($0.key, $0.value) }
        }
        var keeping: [String: String] = [:]
        for (path, served) in served.withLockedValue({ $0 }) {
            if let page = served.page, let name = snapshot.pages[page] { keeping[page] = name }
        }
        guard published else { return keeping }
        for (path, served) in superseded {
            guard let page = served.page, let name = snapshot.pages[page], keeping[page] == nil else { continue }
            let written = FileManager.default.contents(atPath: output.path + "/" + path).map { [UInt8]($0) }
            if written == served.bytes { keeping[page] = name }
        }
        return keeping
    }

    /// The site path of the page an HTML output is (`cases/x/index.html` → `/cases/x/`), the one
    /// the page's address bar shows; nil for another file.
    static func page(ofOutput path: String) -> String? {
        guard path.hasSuffix(".html") else { return nil }
        return "/" + (path.hasSuffix("index.html") ? String(path.dropLast("index.html".count)) : path)
    }
}
