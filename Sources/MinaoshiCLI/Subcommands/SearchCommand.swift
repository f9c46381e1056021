import ArgumentParser
import Foundation
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
        """
    )

    @Argument(help: "The query; empty lists every document (with --filter, the filtered ones).")
    var query: String = ""

    @Option(help: ArgumentHelp("A built site whose search/ folder to read.", valueName: "DIR"))
    var site: String?

    @Option(help: ArgumentHelp("A project to index in memory (content/, minaoshi.yml).", valueName: "DIR"))
    var root: String?

    @Option(name: .customLong("filter"),
            help: ArgumentHelp("Keep results with this facet value (\(SearchFacets.keys.map(\.key).joined(separator: ", "))); repeatable.",
                               valueName: "key=value"))
    var filters: [String] = []

    @Option(help: "Results to print.")
    var limit = 10

    @Flag(help: "Print the results as JSON.")
    var json = false

    func validate() throws {
        if site != nil && root != nil { throw ValidationError("give --site or --root, not both") }
        if limit < 1 { throw ValidationError("--limit must be at least 1") }
        for filter in filters {
            let parts = filter.split(separator: "=", maxSplits: 1)
            guard parts.count == 2, SearchFacets.keys.contains(where: { $0.key == parts[0] }) else {
                throw ValidationError("--filter must be key=value with key one of \(SearchFacets.keys.map(\.key).joined(separator: ", ")), got '\(filter)'")
            }
        }
    }

    func run() throws {
        let cwd = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
        let source: SearchIndexSource
        if let root {
            do throws(DiagnosticsError) {
                let built = try SiteSearch.indexFiles(root: URL(fileURLWithPath: root, relativeTo: cwd).standardizedFileURL)
                source = MemoryIndexSource(built.files)
            } catch {
                DiagnosticPrinter.print(error.diagnostics)
                throw ExitCode.failure
            }
        } else {
            let folder = URL(fileURLWithPath: site ?? "site", relativeTo: cwd).standardizedFileURL.appendingPathComponent(SiteSearch.folder)
            guard FileManager.default.fileExists(atPath: folder.appendingPathComponent("manifest.json").path) else {
                FileHandle.standardError.write(Data("\(folder.path)/manifest.json: error: no search index; run minaoshi build, or pass --root DIR\n".utf8))
                throw ExitCode.failure
            }
            source = DirectoryIndexSource(folder: folder)
        }
        var selected: [String: Set<String>] = [:]
        for filter in filters {
            let parts = filter.split(separator: "=", maxSplits: 1).map(String.init)
            selected[parts[0], default: []].insert(parts[1])
        }
        let results = try SearchIndex(source: source).search(query, filters: selected, limit: limit)
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            print(String(decoding: try encoder.encode(results), as: UTF8.self))
            return
        }
        print("\(results.total) result\(results.total == 1 ? "" : "s")")
        if let exact = results.exactQuery {
            // The browser's note, and the command that searches without the synonyms. The query's
            // terms hold no apostrophe (it separates terms), so single quotes keep it whole.
            let note = results.synonyms.map { "「\($0.term)」の同義語" + $0.synonyms.map { "「\($0)」" }.joined() }.joined(separator: "、")
            print("\(note)も含めています。同義語を含めずに検索: minaoshi search '\(exact)'")
        }
        if let prefix = results.cappedPrefix { print(SearchNotes.cappedPrefix(prefix, cap: results.prefixCap)) }
        for (rank, hit) in results.hits.enumerated() {
            print("\n\(rank + 1). \(hit.title)  [\(hit.score)]\n   \(hit.path)\n   \(hit.meta)")
            let snippet = hit.snippet.enumerated().map { $0 % 2 == 1 ? "【\($1)】" : $1 }.joined()
            print("   \(snippet)")
        }
    }
}
