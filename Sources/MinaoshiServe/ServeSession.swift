import Foundation
import Hummingbird
import Logging
import MinaoshiContent
import MinaoshiSite
import MinaoshiSupport
import NIOCore
import ServiceLifecycle

/// What `minaoshi serve` was asked to do.
public struct ServeOptions: Sendable {
    public var build: BuildOptions
    public var host: String
    public var port: Int
    /// Watch by comparing files every few hundred milliseconds instead of with inotify.
    public var polling: Bool

    /// The request line (and each header) may be at most this long, all headers together
    /// `maxHeaderBytes`, and there may be at most `maxHeaderCount` of them; beyond, the request is
    /// refused with 400 and the connection closed.
    public var maxFieldBytes = 8 * 1024
    public var maxHeaderBytes = 32 * 1024
    public var maxHeaderCount = 100

    public init(build: BuildOptions, host: String = "127.0.0.1", port: Int = 8080, polling: Bool = false) {
        self.build = build
        self.host = host
        self.port = port
        self.polling = polling
    }

    /// Whether `host` can be reached only from this machine.
    public var isLoopback: Bool {
        host == "localhost" || host == "::1" || host.hasPrefix("127.")
    }

    /// The address pages are built for, so that feeds and the sitemap name the server.
    public var baseURL: String {
        "http://\(host.contains(":") ? "[\(host)]" : host):\(port)/"
    }
}

/// What a session reports as it goes (the CLI prints it).
public enum ServeEvent: Sendable {
    case rebuilt(RebuildOutcome, afterChange: Bool)
    case watching(SourceWatcher.Method)
    case serving(url: String)
}

/// `minaoshi serve`: builds, serves the output folder, and rebuilds on every settled change to the
/// sources, telling open pages to reload (or to show the problems) after each. The last good site
/// stays served while a build fails. Ends on SIGINT or SIGTERM.
public enum ServeSession {
    public static func run(
        _ options: ServeOptions, rebuilder: (any SiteRebuilder)? = nil,
        report: @escaping @Sendable (ServeEvent) -> Void
    ) async throws {
        var buildOptions = options.build
        if buildOptions.baseURL == nil { buildOptions.baseURL = options.baseURL }
        // One cache of the files' front matter for the builds and the editor's view of the corpus.
        if buildOptions.frontMatterCache == nil { buildOptions.frontMatterCache = FrontMatterCache() }
        let rebuilder = rebuilder ?? IncrementalRebuilder(options: buildOptions)
        let state = BuildState()
        let previews = PagePreviews(state: state, output: buildOptions.output) { rebuilder.model }
        await rebuild(rebuilder, state: state, previews: previews, afterChange: false, report: report)

        let today = buildOptions.today ?? CalendarDate(Date(), in: .current)
        let view = CorpusView(
            root: buildOptions.root, outputFolder: buildOptions.output, state: state,
            frontMatter: buildOptions.frontMatterCache,
            publishing: LoadOptions(
                includeDrafts: buildOptions.includeDrafts, includeFuture: buildOptions.includeFuture, today: today))
        // Each burst previews the documents it edits at once, even while a rebuild runs.
        let watcher = SourceWatcher(root: buildOptions.root, polling: options.polling) { changes in
            view.refresh()
            previews.preview(changes)
        }
        report(.watching(watcher.method))
        var logger = Logger(label: "minaoshi-serve")
        logger.logLevel = .error
        let url = options.baseURL
        let app = Application(
            responder: SiteResponder(
                files: SiteFiles(folder: buildOptions.output.path), state: state, previews: previews,
                editor: Editor(
                    view: view, today: today,
                    guardrails: EditorGuard(isLoopback: options.isLoopback, host: options.host, port: options.port),
                    state: state, previews: previews)),
            server: .http1(
                configuration: .init(
                    idleTimeout: .seconds(30),
                    httpDecoderConfiguration: .init(
                        maxHeaderFieldSize: options.maxFieldBytes, maxHeaderListSize: options.maxHeaderBytes,
                        maxHeaderFieldCount: options.maxHeaderCount))),
            configuration: .init(address: .hostname(options.host, port: options.port), serverName: nil),
            services: [
                RebuildService(watcher: watcher, rebuilder: rebuilder, state: state, previews: previews, report: report)
            ],
            onServerRunning: { _ in report(.serving(url: url)) },
            logger: logger
        )
        try await app.runService()
    }

    static func rebuild(
        _ rebuilder: any SiteRebuilder, state: BuildState, previews: PagePreviews, afterChange: Bool,
        report: @Sendable (ServeEvent) -> Void
    ) async {
        state.began()
        let began = ContinuousClock.now
        let outcome = await OwnThread.run { rebuilder.rebuild() }
        switch outcome {
        case .built: state.succeeded(keeping: previews.buildEnded(began: began, published: true))
        case .failed(let diagnostics):
            _ = previews.buildEnded(began: began, published: false)
            state.failed(diagnostics)
        }
        report(.rebuilt(outcome, afterChange: afterChange))
    }
}

/// Rebuilds after each settled change, one build at a time; changes during a build make one
/// more (the watcher previewed the documents they edit as it noticed them, ``PagePreviews``).
/// On shutdown it stops the watcher and ends the pages' event streams.
struct RebuildService: Service {
    let watcher: SourceWatcher
    let rebuilder: any SiteRebuilder
    let state: BuildState
    let previews: PagePreviews
    let report: @Sendable (ServeEvent) -> Void

    func run() async throws {
        await withGracefulShutdownHandler {
            for await _ in watcher.changes {
                await ServeSession.rebuild(
                    rebuilder, state: state, previews: previews, afterChange: true, report: report)
            }
        } onGracefulShutdown: { [watcher, state] in
            watcher.stop()
            state.close()
        }
    }
}
