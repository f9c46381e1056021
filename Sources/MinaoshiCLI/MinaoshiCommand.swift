import ArgumentParser

/// `minaoshi`: builds and checks the analog-regulation review knowledge base.
public struct MinaoshiCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "minaoshi",
        abstract: "Builds the analog-regulation review knowledge base (見直し) into a static site.",
        version: "0.1.0",
        subcommands: [BuildCommand.self, CheckCommand.self, NewCommand.self, ImportCommand.self, SearchCommand.self],
        defaultSubcommand: BuildCommand.self
    )

    public init() {}
}
