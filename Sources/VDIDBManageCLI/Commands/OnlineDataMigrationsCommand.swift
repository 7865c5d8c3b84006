import ArgumentParser
import MigrationKit

/// `online_data_migrations [--max-count N]`: the data migrations between expand and contract, in batches.
struct OnlineDataMigrationsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "online_data_migrations",
        abstract: "Move rows to the new schema in batches while the service runs (after 'upgrade --expand'); exit 1 while rows remain.",
        discussion: "Resumable: run it again until it exits 0. Each batch commits on its own.")

    @ParentCommand var root: VDIDBManageCommand
    @Option(help: ArgumentHelp("Migrate at most this many rows in all, then stop.", valueName: "n")) var maxCount: Int?
    @Option(help: "Output format: text or json.") var format: OutputFormat = .text

    func validate() throws {
        if let n = maxCount, n < 1 { throw ValidationError("--max-count must be a positive whole number") }
    }

    func run() throws {
        let contexts = try root.contexts(defaultAll: true).filter { !$0.repository.dataMigrations.isEmpty }
        var left = 0
        try Out.perRepository(contexts, format: format, { context -> [DataMigrationReport] in
            let reports = try context.onlineDataMigrations(maxCount: maxCount)
            left += reports.reduce(0) { $0 + ($1.remaining ?? 0) }
            return reports
        }, lines: { _, reports in
            reports.map { r in
                r.waitingFor.map { "\(r.name): waits for revision \($0)" } ?? "\(r.name): \(r.migrated) row(s) migrated, \(r.remaining ?? 0) remaining"
            }
        })
        if contexts.isEmpty { Out.line("No online data migrations registered.") }
        if left > 0 { throw CheckFailed(message: "\(left) row(s) remain: run online_data_migrations again") }
    }
}
