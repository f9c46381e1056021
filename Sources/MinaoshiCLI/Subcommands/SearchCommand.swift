import ArgumentParser
import Foundation
import MinaoshiContent
import MinaoshiSearch
import MinaoshiSite
import MinaoshiSupport

/// `minaoshi search "query"`: the browser's search from the command line, over the same index files.
struct SearchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "search",
        abstract: "Searches the site's index and prints ranked results with snippets.",
        discussion: """
            Reads DIR/search/ of a built site (--site, default site/ when it holds an index), or builds \
            the index in memory from a project (--root). Terms must all match; "quoted phrases" match \
            in order; the last term also matches words it begins. A term in content/_data/synonyms.yml \
            also finds its synonyms, ranked below the term itself; quote it to search it alone.

            With --root, the sites listed under search.sites in minaoshi.yml are searched too (--also \
            adds others), as the search page does: their indexes are read over HTTP, results are merged \
            on one scale and each is labelled with its site; a site that cannot be reached is named and \
            the rest still answer.
            """
    )

    @Argument(help: "The query; empty lists every document (with --filter, the filtered ones).")
    var query: String = ""

    @Option(help: ArgumentHelp("A built site whose search/ folder to read.", valueName: "DIR"))
    var site: String?

    @Option(help: ArgumentHelp("A project to index in memory (content/, minaoshi.yml).", valueName: "DIR"))
    var root: String?

    @Option(
        name: .customLong("filter"),
        help: ArgumentHelp(
            "Keep results with this facet value (\(SearchFacets.keys.map(\.key).joined(separator: ", "))); repeatable.",
            valueName: "key=value"))
    var filters: [String] = []

    @Option(
        name: .customLong("also"),
        help: ArgumentHelp(
            "Search another site's index too: its base URL (http/https; the index is URL/search/) or a built site's folder, labelled LABEL; repeatable.",
            valueName: "LABEL=URL|DIR"))
    var otherSites: [String] = []

    @Flag(help: "Search this site's index alone, not the sites minaoshi.yml lists.")
    var thisSiteOnly = false

    @Option(help: "Results to print.")
    var limit = 10

    @Flag(help: "Print the results as JSON.")
    var json = false

    func validate() throws {
        if site != nil && root != nil { throw ValidationError("give --site or --root, not both") }
        if limit < 1 { throw ValidationError("--limit must be at least 1") }
        for site in otherSites {
            let parts = site.split(separator: "=", maxSplits: 1)
            guard parts.count == 2, !parts[0].trimmingCharacters(in: .whitespaces).isEmpty, !parts[1].isEmpty else {
                throw ValidationError(
                    "--also must be LABEL=URL or LABEL=DIR, e.g. 国=https://example.go.jp/minaoshi/, got '\(site)'")
            }
        }
        for filter in filters {
            let parts = filter.split(separator: "=", maxSplits: 1)
            guard parts.count == 2, SearchFacets.keys.contains(where: { $0.key == parts[0] }) else {
                throw ValidationError(
                    "--filter must be key=value with key one of \(SearchFacets.keys.map(\.key).joined(separator: ", ")), got '\(filter)'"
                )
            }
        }
    }

    func run() throws {
        let cwd = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
        let source: SearchIndexSource
        var sites: [(label: String, location: String)] = []
        var label = "このサイト"
        if let root {
            let rootURL = URL(fileURLWithPath: root, relativeTo: cwd).standardizedFileURL
            do throws(DiagnosticsError) {
                let built = try SiteSearch.indexFiles(root: rootURL)
                source = MemoryIndexSource(built.files)
                let config = try SiteConfig.load(root: rootURL)
                label = config.title
                if !thisSiteOnly { sites = config.searchSites.map { ($0.label, $0.url) } }
            } catch {
                DiagnosticPrinter.print(error.diagnostics)
                throw ExitCode.failure
            }
        } else {
            let folder = URL(fileURLWithPath: site ?? "site", relativeTo: cwd).standardizedFileURL
                .appendingPathComponent(SiteSearch.folder)
            guard FileManager.default.fileExists(atPath: folder.appendingPathComponent("manifest.json").path) else {
                FileHandle.standardError.write(
                    Data(
                        "\(folder.path)/manifest.json: error: no search index; run minaoshi build, or pass --root DIR\n"
                            .utf8))
                throw ExitCode.failure
            }
            source = DirectoryIndexSource(folder: folder)
        }
        sites += otherSites.map { site in
            let parts = site.split(separator: "=", maxSplits: 1).map(String.init)
            return (parts[0].trimmingCharacters(in: .whitespaces), parts[1])
        }
        var selected: [String: Set<String>] = [:]
        for filter in filters {
            let parts = filter.split(separator: "=", maxSplits: 1).map(String.init)
            selected[parts[0], default: []].insert(parts[1])
        }
        let results: SearchResults
        if sites.isEmpty {
            results = try SearchIndex(source: source).search(query, filters: selected, limit: limit)
        } else {
            let federation =
                [SearchFederation.Site(label: label, base: nil, index: Result { try SearchIndex(source: source) })]
                + sites.map { site in
                    let remote = site.location.hasPrefix("http://") || site.location.hasPrefix("https://")
                    let base = SiteConfig.normalizedBaseURL(site.location)
                    return SearchFederation.Site(
                        label: site.label, base: remote ? base : nil,
                        index: Result {
                            guard remote else {
                                let folder = URL(fileURLWithPath: site.location, relativeTo: cwd).standardizedFileURL
                                    .appendingPathComponent(SiteSearch.folder)
                                return try SearchIndex(source: DirectoryIndexSource(folder: folder))
                            }
                            guard let folder = URL(string: base + SiteSearch.folder + "/") else {
                                throw HTTPIndexSource.Failure("'\(site.location)' is not a URL")
                            }
                            return try SearchIndex(source: HTTPIndexSource(folder: folder))
                        })
                }
            results = SearchFederation.search(federation, query, filters: selected, limit: limit)
        }
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            print(String(decoding: try encoder.encode(results), as: UTF8.self))
            return
        }
        // A site that did not answer is named first, on standard output with the results: they are
        // incomplete without it.
        for problem in results.unreachable ?? [] { print("\(problem.message)（\(problem.reason)）") }
        print("\(results.total) result\(results.total == 1 ? "" : "s")")
        if let exact = results.exactQuery {
            // The browser's note, and the command that searches without the synonyms. The query's
            // terms hold no apostrophe (it separates terms), so single quotes keep it whole.
            let note = results.synonyms.map { "「\($0.term)」の同義語" + $0.synonyms.map { "「\($0)」" }.joined() }.joined(
                separator: "、")
            print("\(note)も含めています。同義語を含めずに検索: minaoshi search '\(exact)'")
        }
        if let prefix = results.cappedPrefix { print(SearchNotes.cappedPrefix(prefix, cap: results.prefixCap)) }
        for (rank, hit) in results.hits.enumerated() {
            print(
                "\n\(rank + 1). \(hit.title)  [\(hit.score)]\(hit.site.map { "  〔\($0)〕" } ?? "")\n   \(hit.path)\n   \(hit.meta)"
            )
            let snippet = hit.snippet.enumerated().map { $0 % 2 == 1 ? "【\($1)】" : $1 }.joined()
            print("   \(snippet)")
        }
    }
}
