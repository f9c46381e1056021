import ArgumentParser
import MinaoshiSupport

/// `minaoshi`: builds and checks the analog-regulation review knowledge base.
public struct MinaoshiCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "minaoshi",
        abstract: "Builds the analog-regulation review knowledge base (見直し) into a static site.",
        version: MinaoshiVersion.current,
        subcommands: [
            BuildCommand.self, CheckCommand.self, NewCommand.self, ImportCommand.self, SearchCommand.self,
            ServeCommand.self
        ],
        defaultSubcommand: BuildCommand.self
    )

    public init() {}
}

extension MinaoshiCommand {
    /// Parses the command line and runs the chosen subcommand, awaiting it when it is asynchronous.
    public static func run() async {
        do {
            var command = try parseAsRoot()
            if var command = command as? any AsyncParsableCommand {
                try await command.run()
            } else {
                try command.run()
            }
        } catch {
            exit(withError: error)
        }
    }
}
