import ArgumentParser
import MigrationKit

/// `db_version`: sqlalchemy-migrate's name for `current`.
struct DBVersionCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "db_version", abstract: "sqlalchemy-migrate's name for 'current': the revision(s) the database is at.")

    @ParentCommand var root: VDIDBManageCommand
    @Option(help: "Output format: text or json.") var format: OutputFormat = .text

    func run() throws {
        try CurrentCommand.printCurrent(try root.contexts(defaultAll: true), verbose: false, format: format)
    }
}
