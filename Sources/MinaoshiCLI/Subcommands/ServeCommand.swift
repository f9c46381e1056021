import ArgumentParser
import Foundation
import MinaoshiServe
import MinaoshiSite
import MinaoshiSupport

struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Builds the site, serves it, and rebuilds and reloads open pages when a source changes.",
        discussion: """
            Watches content/, templates/ and minaoshi.yml. A failed build leaves the last good site served \
            and shows its problems over every open page until they are fixed. Serves on 127.0.0.1 only \
            unless --host says otherwise. Ctrl-C stops.
            """
    )

    @OptionGroup var project: ProjectOptions

    @Option(name: .long, help: ArgumentHelp("Output folder.", valueName: "DIR"))
    var output: String = "site"

    @Option(
        help: ArgumentHelp(
            "Address to listen on; anything but loopback lets other machines read the site.", valueName: "HOST"))
    var host: String = "127.0.0.1"

    @Option(help: ArgumentHelp("Port to listen on.", valueName: "PORT"))
    var port: Int = 8080

    @Flag(help: "Watch the sources by polling instead of inotify (for network drives).")
    var poll = false

    mutating func validate() throws {
        guard (1...65535).contains(port) else {
            throw ValidationError("--port must be between 1 and 65535, got \(port)")
        }
    }

    func run() async throws {
        let root = project.rootURL
        let build = BuildOptions(
            root: root, output: URL(fileURLWithPath: output, relativeTo: root).standardizedFileURL,
            includeDrafts: project.drafts, includeFuture: project.future, today: try project.today())
        let options = ServeOptions(build: build, host: host, port: port, polling: poll)
        if !options.isLoopback {
            warn(
                "warning: serving on \(host): other machines on the network can read this site, drafts included; use --host 127.0.0.1 to keep it on this machine\n"
            )
        }
        try await ServeSession.run(options) { event in
            switch event {
            case .rebuilt(.built(let pages, let seconds, let warnings), let afterChange):
                DiagnosticPrinter.print(warnings)
                say(String(format: "%@ %d pages in %.2f s", afterChange ? "Rebuilt" : "Built", pages, seconds))
            case .rebuilt(.failed(let diagnostics), _):
                DiagnosticPrinter.print(diagnostics)
                warn("Build failed; the last good site stays served, and open pages show the problems.\n")
            case .watching(let method):
                if method == .polling { say("Watching the sources by polling.") }
            case .serving(let url):
                say("Serving \(url) (Ctrl-C stops)")
            }
        }
    }

    /// A line on standard output, written at once (not buffered: it is read as it comes).
    private func say(_ line: String) {
        FileHandle.standardOutput.write(Data((line + "\n").utf8))
    }

    private func warn(_ text: String) {
        FileHandle.standardError.write(Data(text.utf8))
    }
}
