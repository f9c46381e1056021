import ArgumentParser
import Foundation
import MinaoshiContent
import MinaoshiSearch
import MinaoshiSite
import MinaoshiSupport

struct BuildCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "build",
        abstract: "Renders content/ through templates/ into the output folder.",
        discussion:
            "The site is written to a staging folder and swapped in only when the whole build succeeded: a failed build leaves the previous site as it was."
    )

    @OptionGroup var project: ProjectOptions

    @Option(name: .long, help: ArgumentHelp("Output folder.", valueName: "DIR"))
    var output: String = "site"

    @Option(
        name: .customLong("base-url"),
        help: ArgumentHelp(
            "Absolute URL the site is served from; overrides base_url in minaoshi.yml.", valueName: "URL"))
    var baseURL: String?

    @Flag(name: .shortAndLong, help: "Print each step with its count and time.")
    var verbose = false

    @Flag(
        name: .customLong("no-cache"),
        help: "Neither read nor write the build cache (.minaoshi-cache/ beside the output).")
    var noCache = false

    @Flag(name: .long, help: "Delete the build cache and render everything; the new cache is written.")
    var clean = false

    @Option(
        name: .customLong("search-heads"),
        help: ArgumentHelp(
            "For tests: cut every search list of more than MINIMUM documents into a head of SIZE.",
            valueName: "SIZE,MINIMUM", visibility: .hidden))
    var searchHeads: String?

    @Option(
        name: .customLong("search-counts"),
        help: ArgumentHelp(
            "For tests: work out the facet counts of every search list of at least MINIMUM documents (0: none), however small the facet files.",
            valueName: "MINIMUM", visibility: .hidden))
    var searchCounts: Int?

    @Option(
        name: .customLong("search-name-groups"),
        help: ArgumentHelp(
            "For tests: name the search index's files in groups of at least SIZE (1: every file by its own hash).",
            valueName: "SIZE", visibility: .hidden))
    var searchNameGroups: Int?

    /// `--search-heads`, read: nil when it is not given.
    var heads: (size: Int, minimum: Int)? {
        get throws {
            guard let searchHeads else { return nil }
            let numbers = searchHeads.split(separator: ",").compactMap { Int($0) }
            guard numbers.count == 2, numbers.allSatisfy({ $0 > 0 }) else {
                throw ValidationError("--search-heads takes two positive numbers, SIZE,MINIMUM; got '\(searchHeads)'")
            }
            return (numbers[0], numbers[1])
        }
    }

    mutating func validate() throws {
        _ = try heads
        if let searchNameGroups, searchNameGroups < 1 {
            throw ValidationError("--search-name-groups takes a number of files, 1 or more; got \(searchNameGroups)")
        }
        if let searchCounts, searchCounts < 0 {
            throw ValidationError("--search-counts takes a number of documents, 0 or more; got \(searchCounts)")
        }
        if noCache, clean {
            throw ValidationError(
                "--no-cache and --clean cannot be given together: --clean writes a new cache, --no-cache writes none")
        }
        if let baseURL, URL(string: baseURL)?.host == nil {
            throw ValidationError(
                "--base-url must be an absolute URL such as https://example.go.jp/minaoshi/, got '\(baseURL)'")
        }
    }

    func run() throws {
        let root = project.rootURL
        var options = BuildOptions(
            root: root,
            output: URL(fileURLWithPath: output, relativeTo: root).standardizedFileURL,
            baseURL: baseURL,
            includeDrafts: project.drafts,
            includeFuture: project.future,
            today: try project.today()
        )
        if let heads = try heads {
            (options.searchIndex.headDocuments, options.searchIndex.headMinimumDocuments) = heads
        }
        if let searchNameGroups { options.searchIndex.nameGroupFiles = searchNameGroups }
        if let searchCounts {
            options.searchIndex.countMinimumDocuments = searchCounts
            options.searchIndex.countFacetBytes = 0
        }
        // The process ends after the build: the system frees its memory faster than the build can.
        options.freesMemoryWhenDone = false
        let display = ProgressDisplay(verbose: verbose)
        do throws(DiagnosticsError) {
            let report = try IncrementalBuild.build(
                options, cache: noCache ? .off : clean ? .clean : .use, progress: display.progress)
            display.finish()
            DiagnosticPrinter.print(report.warnings)
            var line = String(format: "Built %d pages in %.2f s", report.pageCount, report.seconds)
            if report.skippedCount > 0 { line += " (\(report.skippedCount) drafts or future documents left out)" }
            if verbose, report.bodies != nil {
                line += "; \(report.readFileCount) content files read, \(report.reusedFrontMatterCount) unchanged"
                line += "; \(report.reusedBodyCount) bodies reused from the cache, \(report.renderedBodyCount) rendered"
                line += "; \(report.keptPageCount) pages kept as published"
                line += report.reusedRelated ? "; related documents reused" : "; related documents worked out"
            }
            Swift.print(line)
        } catch {
            display.finish()
            DiagnosticPrinter.print(error.diagnostics)
            FileHandle.standardError.write(Data("Build failed; \(output) was not changed.\n".utf8))
            throw ExitCode.failure
        }
    }
}
