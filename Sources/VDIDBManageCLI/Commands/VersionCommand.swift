import ArgumentParser
import MigrationKit

/// `version`: the same as `current` (enamel-sync's name).
struct VersionCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "version", abstract: "The same as 'current'.")

    @ParentCommand var root: VDIDBManageCommand
    @Flag(name: .shortAndLong, help: "Show each revision in full.") var verbose = false
    @Option(help: "Output format: text or json.") var format: OutputFormat = .text

    func run() throws {
        try CurrentCommand.printCurrent(try root.contexts(defaultAll: true), verbose: verbose, format: format)
    }
}
