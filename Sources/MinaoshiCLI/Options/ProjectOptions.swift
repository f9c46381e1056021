import ArgumentParser
import Foundation
import MinaoshiSupport

/// Options every subcommand that reads the project shares.
struct ProjectOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Project root, holding content/, templates/ and minaoshi.yml.", valueName: "DIR"))
    var root: String = "."

    @Flag(help: "Include documents marked draft: true.")
    var drafts = false

    @Flag(help: "Include documents dated after --now.")
    var future = false

    @Option(
        help: ArgumentHelp(
            "The day that decides what is in the future (YYYY-MM-DD); default today in the site's time zone.",
            valueName: "DATE"))
    var now: String?

    var rootURL: URL {
        URL(fileURLWithPath: root, relativeTo: URL(fileURLWithPath: FileManager.default.currentDirectoryPath))
            .standardizedFileURL
    }

    func today() throws -> CalendarDate? {
        guard let now else { return nil }
        guard let date = CalendarDate(iso8601: now) else {
            throw ValidationError("--now must be a date written YYYY-MM-DD, got '\(now)'")
        }
        return date
    }
}
