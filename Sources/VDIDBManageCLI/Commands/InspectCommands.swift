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

/// `history [-r FROM:TO] [--verbose] [--indicate-current]`.
struct HistoryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "history", abstract: "List revisions, newest first.",
        discussion: "RANGE is FROM:TO, either side optional (base and heads by default); 'current' names the database's revision.")

    @ParentCommand var root: VDIDBManageCommand
    @Option(name: [.customShort("r"), .customLong("rev-range")], help: ArgumentHelp("The range to show; a relative start may be glued on, as in Alembic: -r-3:current.", valueName: "range"))
    var range: String?
    @Flag(name: .shortAndLong, help: "Show each revision in full.") var verbose = false
    @Flag(name: [.customShort("i"), .customLong("indicate-current")], help: "Mark the database's current revision(s) (connects to the database).")
    var indicateCurrent = false
    @Flag(help: "Draw the graph (branches, merges, labels, milestones; with -i the database's position), as git log --graph does.")
    var graph = false
    @Option(help: "Output format: text, json, or dot (Graphviz).") var format: HistoryFormat = .text
    @Flag(help: "List the runs the database's ledger recorded instead: who applied or reversed which revision, when, how long it took (connects to the database).")
    var applied = false

    enum HistoryFormat: String, ExpressibleByArgument, CaseIterable { case text, json, dot }

    func validate() throws {
        if (graph || format == .dot) && range != nil { throw ValidationError("--graph and --format dot draw the whole history: leave out -r") }
        if applied && (graph || format == .dot || range != nil || indicateCurrent) {
            throw ValidationError("--applied lists the ledger: it takes no -r, -i, --graph or --format dot")
        }
    }

    func run() throws {
        let contexts = try root.contexts(defaultAll: true)
        if applied {
            return try Out.perRepository(contexts, format: format == .json ? .json : .text, { try $0.appliedLedger() }, lines: { _, entries in
                entries.isEmpty ? ["(no runs recorded)"] : entries.map(Self.ledgerLine)
            })
        }
        if graph || format == .dot {
            for context in contexts {
                let g = try context.repository.graph()
                let current = indicateCurrent ? Set(try context.currentIndices()) : []
                if format == .dot {
                    Out.raw(HistoryDrawing.dot(g, current: current))
                } else {
                    if contexts.count > 1 { Out.line("\(context.repository.name):") }
                    for l in HistoryDrawing.text(g, current: current) { Out.line(l) }
                }
            }
            return
        }
        try Out.perRepository(contexts, format: format == .json ? .json : .text, {
            try $0.history(range: range, indicateCurrent: indicateCurrent)
        }, lines: { _, entries in entries.map { verbose ? $0.verbose : $0.line } })
    }
}

extension HistoryCommand {
    /// `2026-12-01 22:50:19 UTC  upgrade    a1b2c3d4e5f6  1.2 s  4 statements  host vm, pid 4204, run 9b15…`
    static func ledgerLine(_ e: LedgerEntry) -> String {
        let took = e.durationMillis.map { Clock.format(Double($0) / 1000) } ?? "unfinished"
        let statements = e.statements.map { "\($0) statement\($0 == 1 ? "" : "s")" } ?? "-"
        return "\(ServerTime.format(e.startedMillis))  \(e.direction.rawValue.padding(9))  \(e.revision.padding(12))  \(took.padding(10))  \(statements.padding(13))  "
            + "host \(e.owner.host), pid \(e.owner.pid), run \(e.owner.runID)"
    }
}

private extension String {
    func padding(_ width: Int) -> String { count >= width ? self : self + String(repeating: " ", count: width - count) }
}

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

/// `branches [--verbose]`.
struct BranchesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "branches", abstract: "Show the branch points and where they lead.")

    @ParentCommand var root: VDIDBManageCommand
    @Flag(name: .shortAndLong, help: "Show each revision in full.") var verbose = false

    @Option(help: "Output format: text or json.") var format: OutputFormat = .text

    func run() throws {
        try Out.perRepository(try root.contexts(defaultAll: true), format: format, { try $0.branches() }, lines: { context, branches in
            let graph = try context.repository.graph()
            return branches.map { b in
                ([verbose ? b.verbose : b.tagged] + b.children.compactMap(graph.indexOf).map { i in
                    let c = graph.report(i)
                    return "            -> \(c.tagged)" + (c.message.isEmpty ? "" : ", \(c.message)")
                }).joined(separator: "\n")
            }
        })
    }
}

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

/// `inspect --format json|swift`.
struct InspectCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "inspect",
        abstract: "Print the live database's schema as JSON, or as model declarations in the Swift DSL.",
        discussion: "--format swift gives a team a starting point for models of an existing database.")

    enum Format: String, ExpressibleByArgument, CaseIterable { case json, swift }

    @ParentCommand var root: VDIDBManageCommand
    @Option(help: "Output format: json or swift.") var format: Format = .json

    func run() throws {
        let schema = try root.context().inspect()
        switch format {
        case .json: Out.raw(OrderedJSON.schema(schema))
        case .swift: Out.raw(SwiftSource.schema(schema))
        }
    }
}
