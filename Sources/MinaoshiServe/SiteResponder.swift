import Foundation
import Hummingbird
import MinaoshiSupport
import NIOCore
import NIOPosix
import ServiceLifecycle

/// Answers every request of `serve`: the output folder's files (HTML with the live-reload tag
/// added), the live-reload script and its event stream, and refusals.
///
/// Only GET and HEAD are answered (405 otherwise), only files under the output folder are served
/// (`RequestPath` and `SiteFiles`), a folder serves its `index.html` and never a listing, and
/// anything missing gets the site's own 404 page. Files are looked up and read on NIO's thread
/// pool, never on an event loop.
struct SiteResponder: HTTPResponder {
    typealias Context = BasicRequestContext

    let files: SiteFiles
    let state: BuildState
    /// Pages rendered from edits ahead of the rebuild, served in place of the published files.
    var previews: PagePreviews?
    /// The editor, answering its own paths under ``LiveReload/reservedPrefix``.
    var editor: Editor?
    var heartbeat: Duration = .seconds(15)

    func respond(to request: Request, context: Context) async throws -> Response {
        let path = (request.head.path ?? "").prefix { $0 != "?" && $0 != "#" }
        if let editor, Editor.handles(path) {
            var response = try await editor.respond(to: request)
            response.headers[.init("X-Content-Type-Options")!] = "nosniff"
            return request.method == .head ? response.createHeadResponse() : response
        }
        guard request.method == .get || request.method == .head else {
            var response = text(.methodNotAllowed, "Only GET and HEAD are served.\n")
            response.headers[.allow] = "GET, HEAD"
            return response
        }
        var response = try await answer(request.head.path ?? "")
        response.headers[.init("X-Content-Type-Options")!] = "nosniff"
        if response.headers[.cacheControl] == nil { response.headers[.cacheControl] = "no-cache" }
        return request.method == .head ? response.createHeadResponse() : response
    }

    private func answer(_ target: String) async throws -> Response {
        if target.hasPrefix(LiveReload.reservedPrefix) {
            let path = target.prefix { $0 != "?" }
            if path == LiveReload.scriptPath {
                return bytes(.ok, Array(LiveReload.script.utf8), type: "text/javascript; charset=utf-8")
            }
            if path == LiveReload.eventsPath { return events() }
            return try await notFound()
        }
        switch RequestPath.parse(target) {
        case .refused(let reason):
            return text(.badRequest, "Bad request: \(reason).\n")
        case .segments(let segments, let isFolder):
            let files = files, previews = previews
            let found = try await NIOThreadPool.singleton.runIfActive { () -> (SiteFiles.Lookup, [UInt8]?) in
                var lookup = files.lookup(segments, isFolder: isFolder)
                if lookup == .notFound, let previewed = previews?.lookup(segments, isFolder: isFolder) {
                    lookup = previewed
                }
                guard case .file(let path, let served) = lookup else { return (lookup, nil) }
                if let previewed = previews?.bytes(at: served.joined(separator: "/")) { return (lookup, previewed) }
                return (lookup, FileManager.default.contents(atPath: path).map { [UInt8]($0) })
            }
            switch found {
            case (.file(_, let served), let content?):
                return page(
                    .ok, content, type: ContentTypes.forPath(served), editLink: editor?.editablePage(served),
                    sitePath: PagePreviews.page(ofOutput: served.joined(separator: "/")))
            case (.addSlash, _):
                var response = text(.movedPermanently, "Moved.\n")
                response.headers[.location] = String(target.prefix { $0 != "?" && $0 != "#" }) + "/"
                return response
            default:
                return try await notFound()
            }
        }
    }

    private func notFound() async throws -> Response {
        let files = files
        let content = try await NIOThreadPool.singleton.runIfActive {
            files.notFoundPage.flatMap { FileManager.default.contents(atPath: $0) }.map { [UInt8]($0) }
        }
        return page(.notFound, content ?? Array(Self.noSitePage.utf8), type: ContentTypes.html)
    }

    /// Served for what is missing when there is no site yet (the first build failed), so that
    /// the overlay has a page to show the problems on.
    static let noSitePage = """
        <!DOCTYPE html>
        <html lang="ja"><head><meta charset="utf-8"><title>見つかりません</title></head>
        <body><h1>ページが見つかりません</h1><p>サイトがまだビルドされていないか、このページがありません。</p></body></html>

        """

    /// A file as served; an HTML page gets the live-reload tag, and a document's page the tag of
    /// the script that links to its editor.
    private func page(
        _ status: HTTPResponse.Status, _ content: [UInt8], type: String, editLink: String? = nil,
        sitePath: String? = nil
    ) -> Response {
        guard type == ContentTypes.html else { return bytes(status, content, type: type) }
        let snapshot = state.snapshot
        var tags = LiveReload.tag(build: sitePath.map { snapshot.build(for: $0) } ?? snapshot.build)
        if let editLink {
            tags += "<script src=\"\(Editor.editLinkPath)\" data-edit=\"\(editLink.escapedForMarkup)\" defer></script>"
        }
        return bytes(status, LiveReload.inject(tags, into: content), type: type)
    }

    private func bytes(_ status: HTTPResponse.Status, _ content: [UInt8], type: String) -> Response {
        Response(status: status, headers: [.contentType: type], body: .init(byteBuffer: ByteBuffer(bytes: content)))
    }

    private func text(_ status: HTTPResponse.Status, _ message: String) -> Response {
        bytes(status, Array(message.utf8), type: "text/plain; charset=utf-8")
    }

    /// The live-reload stream: the current state at once, then each new one, with a comment every
    /// `heartbeat` so that the connection never looks idle; it ends when the server shuts down.
    private func events() -> Response {
        let states = state.listen()
        let heartbeat = heartbeat
        let body = ResponseBody { writer in
            let (lines, out) = AsyncStream.makeStream(of: String.self)
            let forward = Task {
                for await snapshot in states { out.yield("data: " + Self.json(snapshot) + "\n\n") }
                out.finish()
            }
            let beat = Task {
                while (try? await Task.sleep(for: heartbeat)) != nil { out.yield(": heartbeat\n\n") }
            }
            defer {
                forward.cancel()
                beat.cancel()
            }
            // The server waits for open responses as it shuts down; this one ends then.
            try await withGracefulShutdownHandler {
                for await line in lines { try await writer.write(ByteBuffer(string: line)) }
            } onGracefulShutdown: {
                out.finish()
            }
            try await writer.finish(nil)
        }
        return Response(
            status: .ok, headers: [.contentType: "text/event-stream; charset=utf-8", .cacheControl: "no-store"],
            body: body)
    }

    static func json(_ snapshot: BuildState.Snapshot) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: (try? encoder.encode(snapshot)) ?? Data("{}".utf8), as: UTF8.self)
    }
}
