import ArgumentParser
import MigrationKit

/// `heads [--verbose]`.
struct HeadsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "heads", abstract: "Show the head revision(s).")

    @ParentCommand var root: VDIDBManageCommand
    @Flag(name: .shortAndLong, help: "Show each revision in full.") var verbose = false
    @Option(help: "Output format: text or json.") var format: OutputFormat = .text

    func run() throws {
        try Out.perRepository(try root.contexts(defaultAll: true), format: format, { try $0.heads() },
            lines: { _, heads in heads.map { verbose ? $0.verbose : $0.tagged } })
    }
}
