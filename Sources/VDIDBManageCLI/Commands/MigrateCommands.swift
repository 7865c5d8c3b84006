import ArgumentParser
import MigrationKit

/// The target arguments `upgrade` and `downgrade` share.
struct MigrateTarget: ParsableArguments {
    @Argument(parsing: .allUnrecognized, help: ArgumentHelp("Target revision: an id or prefix, a milestone, head(s), base, LABEL@head, +N or -N; with --sql, FROM:TO.", valueName: "rev"))
    var positional: [String] = []

    @Option(name: .customLong("revision"), help: ArgumentHelp("The target, as an option (enamel-sync's spelling).", valueName: "rev"))
    var revisionOption: String?

    @Option(help: ArgumentHelp("Move this many revisions from the current one (a positive whole number).", valueName: "n"))
    var delta: Int?

    @Flag(help: "Print the SQL instead of running it; no database is touched.")
    var sql = false

    @Flag(help: "Continue a revision a stopped run left unfinished (MySQL/MariaDB): each change already in the live schema is skipped, the rest runs.")
    var resume = false

    var revision: String? { positional.first ?? revisionOption }

    func validate() throws {
        try validateTarget(positional)
        try validateDelta(delta)
        if delta != nil && revision != nil { throw ValidationError("give a revision or --delta, not both") }
        if !positional.isEmpty && revisionOption != nil { throw ValidationError("give the revision once") }
    }

    func mode() -> RunMode { sql ? .offline(write: Out.raw) : .online }

    /// The revision that decides which repositories a target is for: of a `FROM:TO` range, the side
    /// that names a revision (`juno` in `juno:head`), else the target itself.
    static func deciding(_ target: String) -> String {
        let sides = target.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
        guard sides.count > 1 else { return target }
        return sides.first { !$0.isEmpty && !["base", "head", "heads"].contains($0) } ?? sides.last ?? target
    }

    /// The repositories a run to `to` moves. A relative step over several repositories (no
    /// --subproject) moves each one that can move: one already at the end (at its heads going up, at
    /// base going down) is left with a line saying so. Every repository is resolved before any moves,
    /// so a step that is ambiguous or too long for one of them moves none.
    func movable(_ contexts: [MigrationContext], to: String, up: Bool) throws -> [MigrationContext] {
        guard contexts.count > 1, !sql, RevisionGraph.splitRelative(to)?.0.isEmpty == true else { return contexts }
        return try contexts.filter { context in
            // A database that cannot be read yet (no SQLite file) is for the run itself to report.
            guard let current = try? context.currentIndices() else { return true }
            do {
                _ = try context.repository.graph().resolve(to, current: current)
                return true
            } catch RevisionGraphError.relativeOutOfRange(_, _, 0) {
                context.logger.info("\(context.repository.name): \(up ? "at its head(s) already, nothing to upgrade" : "at base already, nothing to downgrade")")
                return false
            } catch {
                throw InRepository(repository: context.repository.name, underlying: error)
            }
        }
    }
}

/// An error of one of several repositories a command works on, named by it; nothing has moved.
struct InRepository: Error, CustomStringConvertible {
    var repository: String
    var underlying: any Error
    var description: String { "\(repository): \(underlying); no repository was moved" }
}

/// `upgrade [REV] [--delta N] [--sql]`.
struct UpgradeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "upgrade",
        abstract: "Run upgrade steps up to a revision (default: heads).",
        discussion: """
            Each revision runs in its own transaction with its version-table update on PostgreSQL and \
            SQLite. A migration lock keeps concurrent runs apart, also on a Galera cluster and behind \
            PgBouncer: a second run waits (naming the run it waits for), then does only what is left; a dead \
            run's lock is taken over once its lease expires. With --sql nothing is executed: the SQL is \
            printed, and REV may be FROM:TO.
            """)

    @ParentCommand var root: VDIDBManageCommand
    @OptionGroup var target: MigrateTarget
    @Flag(help: "Rolling upgrade, first step: only the expand branch (additive revisions, safe while the old service code runs).")
    var expand = false
    @Flag(help: "Rolling upgrade, last step: the contract branch (removals), once every service runs the new code; refused while expand is behind.")
    var contract = false

    func validate() throws {
        if expand && contract { throw ValidationError("give --expand or --contract, not both") }
        if (expand || contract) && (target.revision != nil || target.delta != nil || target.resume) {
            throw ValidationError("--expand and --contract choose the target themselves: leave out the revision, --delta and --resume")
        }
    }

    func run() throws {
        if expand || contract {
            let phase: MigrationPhase = expand ? .expand : .contract
            // Every repository whose history has the phase, the main one first.
            let contexts = try root.contexts(defaultAll: true).filter { (try? $0.repository.graph().hasPhases) == true }
            if contexts.isEmpty { throw MigrationError.noPhase(phase: phase.rawValue, repository: try root.contexts(defaultAll: false)[0].repository.name) }
            for context in contexts {
                if contexts.count > 1 { context.logger.info("Running upgrade --\(phase.rawValue) for \(context.repository.name)") }
                try context.upgrade(phase: phase, mode: target.mode())
            }
            return
        }
        let to = target.delta.map { "+\($0)" } ?? target.revision ?? "heads"
        // Without --subproject: every repository for heads and relative steps, the main one first; a
        // named revision or milestone, the repositories that know it.
        let contexts = try target.movable(root.contexts(knowing: MigrateTarget.deciding(to)), to: to, up: true)
        if contexts.count > 1 && !target.sql { for c in contexts { try c.refuseForeignVersionRows() } }
        // --resume applies to the repositories a stopped run left unfinished; the others simply run.
        var resumes = contexts.map { _ in target.resume }
        if target.resume && contexts.count > 1 && !target.sql {
            resumes = try contexts.map { try $0.hasUnfinishedRevision() }
            if !resumes.contains(true) { throw MigrationError.nothingToResume }
        }
        for (context, resume) in zip(contexts, resumes) {
            if contexts.count > 1 { context.logger.info("Running upgrade for \(context.repository.name)") }
            try context.upgrade(to: to, mode: target.mode(), resume: resume)
        }
    }
}

/// `downgrade REV [--delta N] [--sql]`.
struct DowngradeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "downgrade",
        abstract: "Run downgrade steps down to a revision ('base' removes everything).",
        discussion: "With --sql nothing is executed; give FROM:TO (for example 'head:base').")

    @ParentCommand var root: VDIDBManageCommand
    @OptionGroup var target: MigrateTarget

    func validate() throws {
        if target.delta == nil && target.revision == nil {
            throw ValidationError("downgrade needs a revision (for example 'base' or '-1') or --delta N")
        }
    }

    func run() throws {
        let to = target.delta.map { "-\($0)" } ?? target.revision ?? "base"
        // Without --subproject: every repository that knows the target, the last installed first.
        let contexts = try target.movable(root.contexts(knowing: MigrateTarget.deciding(to)), to: to, up: false)
        if contexts.count > 1 && !target.sql { for c in contexts { try c.refuseForeignVersionRows() } }
        var resumes = contexts.map { _ in target.resume }
        if target.resume && contexts.count > 1 && !target.sql {
            resumes = try contexts.map { try $0.hasUnfinishedRevision() }
            if !resumes.contains(true) { throw MigrationError.nothingToResume }
        }
        for (context, resume) in zip(contexts, resumes).reversed() {
            if contexts.count > 1 { context.logger.info("Running downgrade for \(context.repository.name)") }
            try context.downgrade(to: to, mode: target.mode(), resume: resume)
        }
    }
}

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
        let target = revision ?? revisionOption!
        // Without --subproject: every repository that knows the target ('stamp icehouse' is the core's).
        let contexts = try root.contexts(knowing: MigrateTarget.deciding(target))
        if contexts.count > 1 && !sql && !purge { for c in contexts { try c.refuseForeignVersionRows() } }
        for context in contexts {
            if contexts.count > 1 { context.logger.info("Stamping \(context.repository.name)") }
            try context.stamp(target, purge: purge, mode: sql ? .offline(write: Out.raw) : .online)
        }
    }
}

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

/// `version_control`: sqlalchemy-migrate's command that puts a database under version control.
struct VersionControlCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "version_control",
        abstract: "sqlalchemy-migrate's 'version_control': put the database under version control.",
        discussion: """
            On a database sqlalchemy-migrate managed it is 'stamp --from-migrate' (the revision its \
            migrate_version is); otherwise it records REV (default: base, an empty version table).
            """)

    @ParentCommand var root: VDIDBManageCommand
    @Argument(help: ArgumentHelp("The revision to record (default: base).", valueName: "rev")) var revision: String?

    func run() throws {
        // A revision given: the repositories that know it (an unknown one is an error).
        if let revision {
            for context in try root.contexts(knowing: revision) { try context.stamp(revision) }
            return
        }
        for context in try root.contexts(defaultAll: true) {
            if !context.repository.migrateVersions.isEmpty, try context.migrateVersion() != nil {
                try context.stampFromMigrate()
            } else {
                try context.stamp("base")
            }
        }
    }
}
/// `has_offline_migrations`: whether contract revisions (which need every service stopped) are pending.
struct HasOfflineMigrationsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "has_offline_migrations",
        abstract: "Exit 1 naming the contract revisions not yet applied (they need the services stopped); exit 0 when none are pending.")

    @ParentCommand var root: VDIDBManageCommand

    func run() throws {
        var pending: [String] = []
        for context in try root.contexts(defaultAll: true) where (try? context.repository.graph().hasPhases) == true {
            let ids = try context.pending(.contract)
            if !ids.isEmpty { pending.append("\(context.repository.name): \(ids.joined(separator: ", "))") }
            for m in try context.dataMigrationsRemaining() where m.remaining > 0 {
                pending.append("\(context.repository.name): data migration \(m.name), \(m.remaining) rows left (run online_data_migrations first)")
            }
        }
        guard !pending.isEmpty else {
            Out.line("No offline migrations pending.")
            return
        }
        throw CheckFailed(message: "need to apply migrations from the contract branch (\(pending.joined(separator: "; "))): every VDI service must be stopped before 'upgrade --contract'")
    }
}

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
