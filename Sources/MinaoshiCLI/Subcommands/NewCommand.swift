import ArgumentParser
import Foundation
import MinaoshiContent
import MinaoshiSupport

/// `minaoshi new regulation|case --title …`: writes a document skeleton to fill in.
struct NewCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "new",
        abstract: "Writes a new regulation review or case study with every field of its kind.",
        discussion: """
            Values not given are left as placeholders (laws: [], categories: []) that `minaoshi check` reports until \
            they are filled in; optional fields are shown as comments. The id is --id, else the ASCII words of the \
            title, else <kind>-<date>; '-2', '-3' … is added when a file with that id exists. No file is ever overwritten. \
            Prints the path written.
            """
    )

    /// The kinds `new` writes, as typed on the command line.
    enum Kind: String, ExpressibleByArgument, CaseIterable {
        case regulation
        case caseStudy = "case"

        var authoring: AuthoringKind { self == .regulation ? .regulation : .caseStudy }
    }

    @Argument(help: "What to write: regulation or case.")
    var kind: Kind

    @Option(help: "The Japanese title.")
    var title: String

    @Option(help: "The id (lower-case letters, digits and '-'); derived from the title when left out.")
    var id: String?

    @Option(
        help: ArgumentHelp(
            "The document's date (a regulation's decision date). Without it a regulation gets date: \"\" to fill in, a case a commented line, and <kind>-<date> ids use today.",
            valueName: "YYYY-MM-DD"))
    var date: String?

    @Option(help: "Id from content/_data/ministries.yml.")
    var ministry: String?

    @Option(name: .customLong("category"), help: "Id from content/_data/categories.yml (repeatable).")
    var categories: [String] = []

    @Option(name: .customLong("technology"), help: "Id from content/_data/technologies.yml (repeatable).")
    var technologies: [String] = []

    @Option(
        name: .customLong("source"),
        help: ArgumentHelp("An http(s) source, titled with its host (repeatable).", valueName: "URL"))
    var sources: [String] = []

    @Option(name: .customLong("law"), help: "Regulation: id from content/_data/laws.yml (repeatable).")
    var laws: [String] = []
    @Option(help: "Regulation: 条項.") var article: String?
    @Option(help: "Regulation: id from content/_data/statuses.yml.") var status: String?
    @Option(help: "Regulation: what was required before (見直し前).") var before: String?
    @Option(help: "Regulation: what is allowed now (見直し後).") var after: String?

    @Option(name: .customLong("organization"), help: "Case: an organisation involved (repeatable).")
    var organizations: [String] = []
    @Option(name: .customLong("municipality"), help: "Case: a municipality, in Japanese (repeatable).")
    var municipalities: [String] = []
    @Option(name: .customLong("prefecture"), help: "Case: id from content/_data/prefectures.yml (repeatable).")
    var prefectures: [String] = []
    @Option(name: .customLong("regulation"), help: "Case: id of a regulation review it implements (repeatable).")
    var regulations: [String] = []

    @Option(help: ArgumentHelp("Project root, holding content/.", valueName: "DIR"))
    var root: String = "."

    mutating func validate() throws {
        if let date, CalendarDate(iso8601: date) == nil {
            throw ValidationError("--date must be a date written YYYY-MM-DD, got '\(date)'")
        }
        let declared = Set(kind.authoring.fields.map(\.key))
        if let option = fieldOptions.first(where: { $0.isGiven && !declared.contains($0.key) })?.option {
            throw ValidationError("\(option) does not apply to a \(kind.rawValue)")
        }
        if let problem = NewDocument.formatProblems(request).first { throw ValidationError(problem) }
    }

    /// The options that fill a declared field of a kind, each with the field's key and whether it
    /// was given: an option applies to the kinds that declare its field. Options are properties,
    /// which the argument parser cannot make from the declarations, so a test holds this list to
    /// them (every vocabulary field has one option, every option fills the field it names).
    var fieldOptions: [(option: String, key: String, isGiven: Bool)] {
        [
            ("--ministry", "ministry", ministry != nil), ("--category", "categories", !categories.isEmpty),
            ("--technology", "technologies", !technologies.isEmpty), ("--law", "laws", !laws.isEmpty),
            ("--article", "article", article != nil), ("--status", "status", status != nil),
            ("--before", "before", before != nil), ("--after", "after", after != nil),
            ("--organization", "organizations", !organizations.isEmpty),
            ("--municipality", "municipalities", !municipalities.isEmpty),
            ("--prefecture", "prefectures", !prefectures.isEmpty), ("--regulation", "regulations", !regulations.isEmpty)
        ]
    }

    var request: NewDocumentRequest {
        var request = NewDocumentRequest(kind: kind.authoring, title: title)
        request.id = id
        request.date = date.flatMap(CalendarDate.init(iso8601:))
        request.ministry = ministry
        request.categories = categories
        request.technologies = technologies
        request.sources = sources
        request.laws = laws
        request.article = article
        request.status = status
        request.before = before
        request.after = after
        request.organizations = organizations
        request.municipalities = municipalities
        request.prefectures = prefectures
        request.regulations = regulations
        return request
    }

    func run() throws {
        let rootURL = projectRootURL(root)
        let timeZone = (try? SiteConfig.load(root: rootURL))?.timeZone ?? TimeZone(identifier: "Asia/Tokyo")!
        do throws(DiagnosticsError) {
            let result = try NewDocument.create(request, root: rootURL, today: CalendarDate(Date(), in: timeZone))
            DiagnosticPrinter.print(result.diagnostics)
            Swift.print(projectPath(result.relativePath, root: root))
        } catch {
            DiagnosticPrinter.print(error.diagnostics)
            throw ExitCode.failure
        }
    }
}

/// `--root` as an absolute URL, relative paths taken from the working directory.
func projectRootURL(_ root: String) -> URL {
    URL(fileURLWithPath: root, relativeTo: URL(fileURLWithPath: FileManager.default.currentDirectoryPath))
        .standardizedFileURL
}

/// A path under the project root as the user can open it from where they ran the command:
/// `content/regulations/x.md`, or `site-a/content/regulations/x.md` with `--root site-a`.
func projectPath(_ relative: String, root: String) -> String {
    let trimmed = root.hasSuffix("/") && root.count > 1 ? String(root.dropLast()) : root
    return trimmed == "." ? relative : "\(trimmed)/\(relative)"
}
