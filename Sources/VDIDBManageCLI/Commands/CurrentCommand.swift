import ArgumentParser
import MigrationKit

/// `current [--verbose] [--format json]`.
struct CurrentCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "current", abstract: "Show the revision(s) the database is at.")

    @ParentCommand var root: VDIDBManageCommand
    @Flag(name: .shortAndLong, help: "Show each revision in full.") var verbose = false
    @Option(help: "Output format: text or json.") var format: OutputFormat = .text

    func run() throws {
        try Self.printCurrent(try root.contexts(defaultAll: true), verbose: verbose, format: format)
    }

    /// One repository prints its revisions as they are; several prefix each with the repository's name.
    static func printCurrent(_ contexts: [MigrationContext], verbose: Bool, format: OutputFormat) throws {
        let reports = try contexts.map { ($0, try $0.current()) }
        if format == .json {
            if reports.count == 1 { try Out.json(reports[0].1) } else {
                try Out.json(Dictionary(uniqueKeysWithValues: reports.map { ($0.0.repository.name, $0.1) }))
            }
            return
        }
        for (context, report) in reports {
            let prefix = reports.count > 1 ? "\(context.repository.name): " : ""
            if verbose { context.logger.info("Current revision(s) for \(report.url) (\(report.versionTable)):") }
            if report.revisions.isEmpty, let m = report.migrateVersion {
                // Not base: sqlalchemy-migrate's own record says where the database is.
                let what = m.revision.map { "revision \($0); adopt it with 'stamp --from-migrate'" } ?? "a version this history cannot adopt"
                Out.line(prefix + "migrate_version \(m.version) (sqlalchemy-migrate, \(what))")
            } else if report.revisions.isEmpty, let u = report.untracked {
                // Not base: the database has this history's tables and no record of where it is.
                let shown = u.tables.prefix(5).joined(separator: ", ") + (u.tables.count > 5 ? ", …" : "")
                let text = "\(prefix)untracked: the database has tables (\(shown)) but no \(report.versionTable) table, so its revision is unknown; \(u.advice)"
                context.logger.warning("\(text)")
            } else if report.revisions.isEmpty {
                if prefix.isEmpty { context.logger.info("The database is at base: no revision applied.") } else { Out.line(prefix + "base") }
            }
            for r in report.revisions {
                // Every line of `current` is current; the text says so once, as Alembic does, by listing it.
                var line = r
                line.isCurrent = false
                Out.line(prefix + (verbose ? line.verbose : line.tagged))
            }
            // On stderr: scripts that read `current`'s lines as revisions keep working.
            if let u = report.unfinished {
                if let a = report.activeRun, !a.leaseExpired, !a.processGone, a.owner.runID == u.owner?.runID {
                    // The run that holds the lock is the one doing it: in progress, not unfinished.
                    context.logger.info("\(prefix)in progress: \(u.direction) \(u.revision), \(u.statementsDone) statement(s) done, by the run that holds the lock")
                } else {
                    let who = u.owner.map { " by a run that stopped (\($0))" } ?? ""
                    context.logger.warning("\(prefix)unfinished: \(u.direction) \(u.revision) after \(u.statementsDone) statement(s)\(who); see 'upgrade --resume'")
                }
            }
            if let a = report.activeRun {
                let doing = a.activity.map { ", applying \($0)" } ?? ""
                if a.leaseExpired {
                    context.logger.warning("\(prefix)lock: held by a run whose lease has expired (\(a.owner)\(doing); \(a.leaseText)); the next run takes it over, or 'break_lock' clears it")
                } else if a.wedged {
                    let text = "\(prefix)lock: held by \(a.owner)\(doing); its \(a.leaseText), further ahead than any run renews a lease "
                        + "(a clock gone wrong or a hand edit): every run waits for it; 'break_lock' clears it"
                    context.logger.warning("\(text)")
                } else if a.processGone {
                    context.logger.warning("\(prefix)lock: held by a run whose process is not running on this host (\(a.owner)\(doing); \(a.leaseText)); 'break_lock' clears it now, or the next run takes it over when the lease ends")
                } else {
                    context.logger.info("\(prefix)running: \(a.owner)\(doing); \(a.leaseText)")
                }
            }
        }
    }
}
