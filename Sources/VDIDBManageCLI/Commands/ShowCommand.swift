import ArgumentParser
import MigrationKit

/// `show REV`.
struct ShowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "show", abstract: "Show one revision in full.")

    @ParentCommand var root: VDIDBManageCommand
    @Argument(help: ArgumentHelp("The revision.", valueName: "rev")) var revision: String
    @Option(help: "Output format: text or json.") var format: OutputFormat = .text

    func run() throws {
        // The repositories that know the revision (all of them for base and heads).
        let contexts = try root.contexts(knowing: revision)
        try Out.perRepository(contexts, format: format, { try $0.show(revision) }, lines: { _, reports in reports.map(\.verbose) })
    }
}
