/// The result of `upgrade`, `downgrade` or `stamp`.
public struct MigrationResult: Sendable {
    public var steps: [MigrationStep]
    public var seconds: Double
    public var heads: [String]
}

/// How a run gets to the database: online through a connection, or offline into a script.
public enum RunMode {
    case online
    /// Writes the SQL to `write` instead of executing it.
    case offline(write: (String) -> Void)

    /// Whether the SQL is written, not run (`--sql`).
    public var isOffline: Bool {
        if case .offline = self { return true }
        return false
    }
}

extension MigrationContext {
    /// `upgrade [TARGET]`: runs every revision up to TARGET (default `heads`).
    ///
    /// Offline, TARGET may be `FROM:TO`; without FROM the script starts at base.
    @discardableResult
    public func upgrade(to target: String = "heads", mode: RunMode = .online, resume: Bool = false) throws -> MigrationResult {
        try migrate(.upgrade, target: target, mode: mode, resume: resume)
    }

    /// `downgrade TARGET`: reverses every applied revision above TARGET (`base` for all).
    /// Offline, TARGET must be `FROM:TO`.
    @discardableResult
    public func downgrade(to target: String, mode: RunMode = .online, resume: Bool = false) throws -> MigrationResult {
        try migrate(.downgrade, target: target, mode: mode, resume: resume)
    }

    private func migrate(_ direction: MigrationStep.Direction, target: String, mode: RunMode, resume: Bool) throws -> MigrationResult {
        let graph = try repository.graph()
        switch mode {
        case .online:
            if target.contains(":") { throw MigrationError.rangeNeedsSQL(target) }
            return try withDatabase(lock: true, create: direction == .upgrade) { session in
                let tableExists = try session.versionTable.exists(on: session.connection)
                if direction == .upgrade && !tableExists {
                    try refuseUntracked(session)
                }
                let current = try session.heads(in: graph)
                let sink = ConnectionSink(connection: session.connection, logger: logger)
                let progress = session.dialect.transactionalDDL ? nil : ProgressTable(versionTable: session.versionTable.name, dialect: session.dialect)
                var leftover = try progress?.read(from: session.connection)
                let ledger = RunLedger(versionTable: session.versionTable.name, dialect: session.dialect)
                if let left = leftover {
                    leftover?.owner = try ledger.read(from: session.connection)
                        .last { $0.revision == left.revision && $0.direction == left.direction && $0.finishedMillis == nil }?.owner
                }
                if direction == .upgrade {
                    for warning in try checksumWarnings(session, graph: graph) { logger.warning("\(warning)") }
                }
                if resume && leftover == nil { throw MigrationError.nothingToResume }
                // The revision was left unfinished by the very run whose expired lock this one took over
                // (paused or dead in the middle of it): this run finishes it, as --resume would, instead
                // of refusing because of the other run.
                var resume = resume
                if !resume, let left = leftover, let gone = session.lock?.leasedRow?.tookOverFrom, left.owner?.runID == gone.runID {
                    let text = "The run whose lock this one took over (\(gone)) left \(left.direction.rawValue) \(left.revision) unfinished after "
                        + "\(left.statementsDone) statement(s): resuming it (as --resume does: each change is checked against the live schema)"
                    logger.warning("\(text)")
                    resume = true
                }
                // Resuming: operations are judged against the live schema, built from the history.
                var reconciler: ResumeReconciler?
                if resume, leftover != nil {
                    let reflector = connector.reflector(for: session.connection.backend)
                    let connection = session.connection
                    reconciler = ResumeReconciler(dialect: session.dialect) { name in try reflector.reflect(connection, tables: [name]).table(name) }
                }
                return try plan(direction, graph: graph, target: target, current: current, sink: sink,
                                createVersionTable: direction == .upgrade && !tableExists, state: liveState(session),
                                progress: progress, leftover: leftover, resume: resume, reconciler: reconciler, lease: session.lock?.leasedRow,
                                ledger: (ledger, session.owner))
            }
        case .offline(let write):
            let (startText, endText) = try Self.splitRange(target, command: direction.rawValue)
            let current: [Int]
            if let startText {
                current = try Self.indices(graph.resolve(startText, current: []), graph: graph)
            } else {
                current = []
            }
            if startText == nil && Self.isRelative(endText) {
                throw MigrationError.offlineRelativeNeedsStart(endText)
            }
            if resume { throw MigrationError.notOnline("--resume") }
            let d = try dialect()
            let sink = ScriptSink(dialect: d, write: write)
            return try plan(direction, graph: graph, target: endText, current: current, sink: sink,
                            createVersionTable: direction == .upgrade && current.isEmpty && startText.map { $0 == "base" } ?? true,
                            state: try replayedState(graph: graph, upTo: current, dialect: sink.dialect),
                            progress: d.transactionalDDL ? nil : ProgressTable(versionTable: versionTableName, dialect: d),
                            leftover: nil, resume: false, reconciler: nil, lease: nil, ledger: nil)
        }
    }

    private func plan(
        _ direction: MigrationStep.Direction, graph: RevisionGraph, target: String, current: [Int],
        sink: any SQLSink, createVersionTable: Bool, state: SchemaState,
        progress: ProgressTable?, leftover: RevisionProgress?, resume: Bool, reconciler: ResumeReconciler?, lease: LeaseLock?,
        ledger: (table: RunLedger, owner: RunOwner)?
    ) throws -> MigrationResult {
        var planner = MigrationPlanner(graph: graph, heads: current)
        var leftover = leftover
        if let left = leftover, let progress {
            // A row for a revision the version table already shows done (or undone) is stale: the run
            // stopped between the version update and clearing the row.
            let applied = graph.indexOf(left.revision).map { planner.applied[$0] } ?? false
            if (left.direction == .upgrade) == applied {
                logger.info("Clearing a stale progress record for \(left.revision)")
                try sink.execute(progress.clearSQL)
                leftover = nil
                if resume { throw MigrationError.nothingToResume }
            }
        }
        let resolved = try graph.resolve(target, current: current)
        let steps: [MigrationStep]
        switch direction {
        case .upgrade:
            let currentHeads = Set(planner.graph.maximal(current))
            switch resolved {
            case .base:
                if !current.isEmpty { throw RevisionGraphError.notAnUpgradeTarget(target: target, current: graph.ids(Array(currentHeads))) }
                steps = []
            case .branchBase: steps = []
            case .steps(let up, let revisions, _):
                // Exactly these, in the order the step chose them (expand before contract).
                if !up { throw RevisionGraphError.notAnUpgradeTarget(target: target, current: graph.ids(Array(currentHeads))) }
                steps = revisions.flatMap { planner.upgrade(to: [$0]) }
            case .revisions(let r):
                steps = planner.upgrade(to: r)
                // Every target applied and one of them below a head: the target is behind the database
                // ("upgrade juno" on a Kilo database), which Alembic refuses too.
                // (An effective head, applied through a dependency, is where the database is, not behind it.)
                let at = currentHeads.union(graph.effectiveHeads(Array(currentHeads)))
                if steps.isEmpty, r.contains(where: { !at.contains($0) }) {
                    throw RevisionGraphError.notAnUpgradeTarget(target: target, current: graph.ids(graph.maximal(current)))
                }
            }
        case .downgrade:
            if case .steps(false, let revisions, _) = resolved {
                // Exactly these, newest first, in the order the step chose them (contract before expand).
                steps = revisions.flatMap { r in
                    var one = [Bool](repeating: false, count: graph.count)
                    one[r] = true
                    return planner.downgrade(removing: one)
                }
            } else {
                steps = planner.downgrade(removing: try planner.removal(for: resolved, argument: target))
            }
        }
        if let left = leftover {
            let first = steps.first.map { (graph.revision($0.revision).id, $0.direction) }
            guard resume, let first, first.0 == left.revision, first.1 == left.direction else {
                throw MigrationError.interrupted(progress: left, table: progress?.name ?? "")
            }
        }
        var checksums: BackgroundValue<[String: String]>?
        if ledger != nil, direction == .upgrade, let last = steps.last {
            let dialect = sink.dialect, through = last.headsAfter.compactMap { graph.indexOf($0) }, wanted = Set(steps.map { graph.revision($0.revision).id })
            checksums = BackgroundValue { RevisionChecksum.upgrades(graph: graph, dialect: dialect, through: through, wanted: wanted) }
        }
        var plan: ResumePlan?
        if let leftover {
            plan = ResumePlan(progress: leftover)
            if let reconciler {
                plan?.reconciler = reconciler
                plan?.state = try replayedState(graph: graph, upTo: current, dialect: sink.dialect)
            }
        }
        let runner = MigrationRunner(
            graph: graph, sink: sink, versionTable: VersionTable(name: versionTableName, dialect: sink.dialect), logger: logger, state: state,
            settings: settings, records: RunRecords(progress: progress, ledger: ledger, checksums: checksums, lease: lease),
            resume: plan, reporter: display)
        let currentIDs = graph.ids(planner.graph.maximal(current))
        let summary = try runner.run(steps, createVersionTable: createVersionTable, initialHeads: currentIDs)
        let heads = steps.last?.headsAfter ?? currentIDs
        let at = heads.isEmpty ? "base" : heads.joined(separator: ", ")
        if sink.isOffline {
            // Nothing was touched: say what the script does.
            let from = currentIDs.isEmpty ? "base" : currentIDs.joined(separator: ", ")
            logger.info(steps.isEmpty
                ? "Nothing to \(direction.rawValue) from \(from): the script changes nothing"
                : "Wrote the SQL of \(steps.count) revision(s): the script takes a database at \(from) to \(at)")
        } else if steps.isEmpty {
            logger.info("Nothing to \(direction.rawValue): the database is at \(at)")
        } else {
            let verb = direction == .upgrade ? "Upgraded" : "Downgraded"
            logger.info("\(verb) \(steps.count) revision(s) in \(Clock.format(summary.seconds)); the database is now at \(at)")
        }
        return MigrationResult(steps: steps, seconds: summary.seconds, heads: heads)
    }

    /// The schema as the history leaves it at `heads`, found by replaying every revision from base into
    /// a sink that discards the SQL: what an offline script starting there needs to know.
    func replayedState(graph: RevisionGraph, upTo heads: [Int], dialect: any Dialect) throws -> SchemaState {
        let state = SchemaState(complete: true)
        guard !heads.isEmpty else { return state }
        var planner = MigrationPlanner(graph: graph, heads: [])
        let ops = Operations(sink: DiscardingSink(dialect: dialect), state: state)
        for step in planner.upgrade(to: heads) {
            try graph.revision(step.revision).upgrade(ops)
        }
        return state
    }

    /// A schema state that reads the live database when an operation needs a table's definition.
    func liveState(_ session: DatabaseSession) -> SchemaState {
        SchemaState.live(session.connection, reflector: connector.reflector(for: session.connection.backend))
    }

    /// Refuses to upgrade a database that has this repository's tables but no version table: its
    /// revision is unknown. Only the repository's own tables count (those its models declare or its
    /// history creates): another repository's tables, `migrate_version` or a table a plain-SQL revision
    /// made are not its business.
    private func refuseUntracked(_ session: DatabaseSession) throws {
        if let u = try untracked(session) {
            throw MigrationError.untrackedDatabase(tables: u.tables, versionTable: session.versionTable.name, advice: u.advice)
        }
    }

    /// This repository's tables in a database without its version table (one an older release created
    /// and nobody stamped), with what to do about it; nil when there are none.
    func untracked(_ session: DatabaseSession) throws -> UntrackedReport? {
        let bookkeeping = Set(VersionTable.bookkeeping(session.versionTable.name) + settings.excludeTables)
        let present = try session.connection.query(session.dialect.userTablesQuery).compactMap { $0[0].stringValue }
            .filter { !bookkeeping.contains($0) }
        // A new database (nothing but the lock table) needs no replay of the history.
        guard !present.isEmpty else { return nil }
        let own = ownTables(dialect: session.dialect)
        let ignored = Set(try foreignTables(session))
        let tables = present.filter { own.contains($0) && !ignored.contains($0) }
        guard !tables.isEmpty else { return nil }
        let stamp = (isPrimary ? "" : "--subproject \(repository.name) ") + "stamp"
        let milestones = repository.expectedMilestones
        let advice = milestones.isEmpty
            ? "run '\(stamp) REVISION' with the revision its schema matches (see 'history'), then upgrade"
            : "run '\(stamp) RELEASE' with the release it is at (\(milestones.joined(separator: ", "))), then upgrade"
        return UntrackedReport(tables: tables, advice: advice)
    }

    /// Every table this repository's models declare or its history creates at some point. A revision
    /// that cannot be replayed (one the run itself would refuse) ends the list there.
    func ownTables(dialect: any Dialect) -> Set<String> {
        var names = Set(repository.models?.tables.map(\.name) ?? [])
        // Deliberate: an invalid graph is reported by the run itself; here it only limits the guard.
        guard let graph = try? repository.graph() else { return names }
        let state = SchemaState(complete: true)
        // Rows inserted create no tables: they are left out rather than rendered and read.
        let sink = DiscardingSink(dialect: dialect, keeping: true, keepingRows: false)
        let ops = Operations(sink: sink, state: state)
        var planner = MigrationPlanner(graph: graph, heads: [])
        for step in planner.upgrade(to: graph.heads) {
            do { try graph.revision(step.revision).upgrade(ops) } catch { break }
            names.formUnion(state.tableNames)
        }
        // Tables raw SQL creates (plain-SQL revisions, op.execute) are the history's too.
        for sql in sink.executed {
            names.formUnion(Self.tablesCreated(by: sql))
        }
        return names
    }

    /// The tables a statement creates: `CREATE [TEMP] TABLE [IF NOT EXISTS] name`, `… RENAME TO name`.
    static func tablesCreated(by sql: String) -> [String] {
        let t = SQLiteTokens(sql).tokens
        var out: [String] = []
        for i in t.indices where t[i].upper == "TABLE" && i > 0 && ["CREATE", "TEMP", "TEMPORARY"].contains(t[i - 1].upper) {
            var j = i + 1
            if j + 2 < t.count, t[j].upper == "IF", t[j + 1].upper == "NOT", t[j + 2].upper == "EXISTS" { j += 3 }
            if j + 2 < t.count, t[j + 1].text == "." { j += 2 }
            if j < t.count { out.append(t[j].name) }
        }
        for i in t.indices where t[i].upper == "RENAME" && i + 2 < t.count && t[i + 1].upper == "TO" { out.append(t[i + 2].name) }
        return out
    }

    /// Whether a run of this repository stopped in the middle of a revision (databases whose DDL is not
    /// transactional keep that record); false where DDL rolls back.
    public func hasUnfinishedRevision() throws -> Bool {
        try withDatabase(lock: false) { session in
            guard !session.dialect.transactionalDDL else { return false }
            return try ProgressTable(versionTable: session.versionTable.name, dialect: session.dialect).read(from: session.connection) != nil
        }
    }

    /// `stamp TARGET [--purge]`: records TARGET in the version table without running migrations.
    @discardableResult
    public func stamp(_ target: String, purge: Bool = false, mode: RunMode = .online) throws -> MigrationResult {
        let graph = try repository.graph()
        switch mode {
        case .online:
            return try withDatabase(lock: true, verifyRows: !purge) { session in
                let exists = try session.versionTable.exists(on: session.connection)
                let current = purge ? [] : try session.heads(in: graph)
                // A purge replaces whatever the table holds, even rows that are not text.
                let oldRows = purge ? [] : graph.ids(current)
                let sink = ConnectionSink(connection: session.connection, logger: logger)
                try beginSession(sink)
                return try writeStamp(graph: graph, target: target, current: current, oldRows: oldRows, purge: purge && exists, createTable: !exists, sink: sink)
            }
        case .offline(let write):
            let (startText, endText) = try Self.splitRange(target, command: "stamp")
            // The rows the table holds at FROM: its heads less those another head depends on (at VDI's
            // head the contract head's row stands for the expand head too), as online.
            let current = graph.maximal(try startText.map { try Self.indices(graph.resolve($0, current: []), graph: graph) } ?? [])
            let sink = ScriptSink(dialect: try dialect(), write: write)
            try beginSession(sink)
            return try writeStamp(graph: graph, target: endText, current: current, oldRows: graph.ids(current), purge: purge, createTable: startText == nil || current.isEmpty, sink: sink)
        }
    }

    private func writeStamp(
        graph: RevisionGraph, target: String, current: [Int], oldRows: [String], purge: Bool, createTable: Bool, sink: any SQLSink
    ) throws -> MigrationResult {
        let resolved = try graph.resolve(target, current: current).position
        var newHeads: [Int]
        switch resolved {
        case .base:
            newHeads = []
        case .branchBase(let root):
            // Everything applied but the branch (and what follows or depends on it): the heads of what
            // is left, which may be revisions the rows only implied (the expand head a contract head
            // depended on).
            let members = graph.descendants(of: [root])
            let applied = graph.ancestors(of: current)
            newHeads = graph.maximal((0..<graph.count).filter { applied[$0] && !members[$0] })
        case .revisions(let targets), .steps(_, _, let targets):
            let anc = graph.ancestors(of: targets)
            let desc = graph.descendants(of: targets)
            newHeads = graph.maximal(current.filter { !anc[$0] && !desc[$0] } + targets)
        }
        let table = VersionTable(name: versionTableName, dialect: sink.dialect)
        let newIDs = graph.ids(newHeads)
        var sql: [String] = []
        if createTable { sql.append(table.createSQL) }
        if !sink.dialect.transactionalDDL {
            // Stamping declares the state: an unfinished revision's record no longer applies. Through
            // the sink, online and in --sql alike (created if missing, so the script runs anywhere).
            let progress = ProgressTable(versionTable: table.name, dialect: sink.dialect)
            sql += [progress.createSQL, progress.clearSQL]
        }
        if purge {
            sql.append(table.purgeSQL)
            for id in newIDs {
                if id.utf8.count > VersionTable.idLength { throw MigrationError.revisionIDTooLong(id: id, limit: VersionTable.idLength) }
                sql.append(table.insertSQL(id))
            }
        } else {
            sql += try table.changeSQL(from: oldRows, to: newIDs)
        }
        let from = oldRows.isEmpty ? "" : oldRows.joined(separator: ", ")
        let label = "stamp_revision \(from) -> \(newIDs.joined(separator: ", "))"
        logger.info("Running \(label)")
        sink.comment("Running \(label)")
        let transactional = sink.dialect.transactionalDDL
        if transactional { try sink.begin() }
        do {
            for s in sql { try sink.execute(s) }
            if transactional { try sink.commit() }
        } catch {
            if transactional { sink.rollback() }
            throw error
        }
        return MigrationResult(steps: [], seconds: 0, heads: newIDs)
    }

    // MARK: - Helpers

    /// The session set-up every run starts with, through the sink so `--sql` shows it too.
    func beginSession(_ sink: any SQLSink) throws {
        let statements = sink.dialect.sessionSetup(settings)
        guard !statements.isEmpty else { return }
        sink.comment(sink.dialect.sessionComment(settings))
        for s in statements { try sink.execute(s) }
    }

    /// `FROM:TO` split for offline runs; TO alone when there is no colon.
    static func splitRange(_ text: String, command: String) throws -> (String?, String) {
        let parts = text.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
        if parts.count == 1 {
            if command == "downgrade" { throw MigrationError.offlineNeedsRange(command: command) }
            return (nil, parts[0])
        }
        let start = parts[0].isEmpty ? "base" : parts[0]
        let end = parts[1].isEmpty ? "heads" : parts[1]
        return (start, end)
    }

    static func isRelative(_ text: String) -> Bool {
        RevisionGraph.splitRelative(text).map { $0.0.isEmpty } ?? false
    }

    static func indices(_ target: ResolvedTarget, graph: RevisionGraph) throws -> [Int] {
        switch target.position {
        case .steps(_, _, let heads): return heads
        case .base: return []
        case .revisions(let r): return r
        case .branchBase(let root): return graph.parentIndices(root)
        }
    }
}

/// A database with this repository's tables and no version table: its revision is unknown.
public struct UntrackedReport: Sendable, Codable {
    public var tables: [String]
    public var advice: String
}
