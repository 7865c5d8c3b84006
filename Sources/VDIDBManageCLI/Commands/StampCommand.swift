import ArgumentParser
import MigrationKit

/// `stamp REV [--sql] [--purge]`.
struct StampCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stamp",
        abstract: "Record a revision in the version table without running migrations.",
        discussion: """
            'stamp icehouse' adopts a database created by an Icehouse-era release that was never tracked. Without \
            --subproject it acts on every repository that knows the revision.
            """)

    @ParentCommand var root: VDIDBManageCommand

    @Argument(help: ArgumentHelp("The revision to record (heads, base, an id, a milestone); with --sql, FROM:TO.", valueName: "rev"))
    var revision: String?

    @Option(name: .customLong("revision"), help: ArgumentHelp("The revision, as an option.", valueName: "rev"))
    var revisionOption: String?

    @Flag(help: "Print the SQL instead of running it.")
    var sql = false

    @Flag(help: "Empty the version table first, whatever it holds (even revisions this tool does not know).")
    var purge = false

    @Flag(name: .customLong("from-migrate"), help: "Adopt a database sqlalchemy-migrate managed: record the revision its migrate_version is (the table is left as it is).")
    var fromMigrate = false

    @Flag(name: .customLong("dry-run"), help: "With --from-migrate, say what would be recorded and change nothing.")
    var dryRun = false

    func validate() throws {
        if fromMigrate {
            if revision != nil || revisionOption != nil || purge || sql { throw ValidationError("--from-migrate takes no revision, --purge or --sql (use --dry-run)") }
            return
        }
        if dryRun { throw ValidationError("--dry-run goes with --from-migrate") }
        if revision == nil && revisionOption == nil { throw ValidationError("stamp needs a revision (or --from-migrate)") }
    }

    func run() throws {
        if fromMigrate {
            // The repositories that know sqlalchemy-migrate versions (VDI's core history).
            let contexts = try root.contexts(defaultAll: true).filter { !$0.repository.migrateVersions.isEmpty }
            guard !contexts.isEmpty else { throw UsageError("no repository of this build knows sqlalchemy-migrate versions") }
            for context in contexts { try context.stampFromMigrate(dryRun: dryRun) }
            return
        }
        // Without --subproject: every repository that knows the target ('stamp icehouse' is the core's).
        let target = revision ?? revisionOption ?? "heads"
        try RepositorySelection(root.contexts(defaultAll: true)).stamp(target, purge: purge, mode: sql ? .offline(write: Out.raw) : .online)
    }
}
