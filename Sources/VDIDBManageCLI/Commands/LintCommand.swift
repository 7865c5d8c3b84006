import ArgumentParser
import MigrationKit

/// `lint [REV]`: what each operation of the planned upgrade costs on this database.
struct LintCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lint",
        abstract: "Show what each operation of the upgrade to REV (default: heads) costs on this database: lock, scan or rewrite, whether writes wait, a safer form.",
        discussion: "Nothing runs. Sizes are the database's row estimates. With --sql no database is read and the plan starts at base.")

    @ParentCommand var root: VDIDBManageCommand
    @Argument(help: ArgumentHelp("The target revision.", valueName: "rev")) var revision: String = "heads"
    @Flag(help: "Lint the whole history for the configured database's dialect without connecting.") var sql = false
    @Option(help: "Output format: text or json.") var format: OutputFormat = .text

    func run() throws {
        let contexts = try root.contexts(defaultAll: revision == "heads" || revision == "head")
        try Out.perRepository(contexts, format: format, { try $0.lint(to: revision, offline: sql) }, lines: { _, entries in
            entries.isEmpty ? ["(nothing touches an existing table)"] : entries.map { e in
                let rows = e.rows.map { "\($0) rows" } ?? "size unknown"
                return "\(e.revision)\(e.phase.map { " (\($0.rawValue))" } ?? ""): \(e.operation) [\(rows)]: \(e.cost.summary)"
            }
        })
    }
}
