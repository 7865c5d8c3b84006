import Logging

#if canImport(Glibc)
import Glibc
#endif

/// What a run writes down beside the schema, built together before it starts: the statement-level
/// progress record (where DDL is not transactional), the ledger row of each revision for this run's
/// owner with the checksums of the upgrades' SQL (replayed on a thread of their own while the revisions
/// run), and the lease of the run's lock (told what runs, asked before every statement whether this
/// run still holds it). Empty offline.
public struct RunRecords {
    public var progress: ProgressTable?
    public var ledger: (table: RunLedger, owner: RunOwner)?
    public var checksums: BackgroundValue<[String: String]>?
    public var lease: LeaseLock?

    public init(
        progress: ProgressTable? = nil, ledger: (table: RunLedger, owner: RunOwner)? = nil,
        checksums: BackgroundValue<[String: String]>? = nil, lease: LeaseLock? = nil
    ) {
        self.progress = progress
        self.ledger = ledger
        self.checksums = checksums
        self.lease = lease
    }
}

/// An unfinished revision a run resumes: where the stopped run got to, the schema as the history
/// describes it where the revision starts (the live one has moved on part of the way), and the judge
/// of what is already applied.
public struct ResumePlan {
    public var progress: RevisionProgress
    public var state: SchemaState?
    public var reconciler: ResumeReconciler?

    public init(progress: RevisionProgress, state: SchemaState? = nil, reconciler: ResumeReconciler? = nil) {
        self.progress = progress
        self.state = state
        self.reconciler = reconciler
    }
}

/// Runs planned steps through a sink: transactions, the revision bodies, version-table writes, logging.
///
/// On dialects with transactional DDL each revision commits together with its version-table update
/// (or, with `transaction_per_migration` off, the whole run commits once); elsewhere the version table is
/// written after each revision, and a failure reports which statements of the revision had run.
public struct MigrationRunner {
    public let graph: RevisionGraph
    public let sink: any SQLSink
    public let versionTable: VersionTable
    public let logger: Logger
    /// The run's options: transaction_per_migration, and what the dialect makes of them for the
    /// session (strict SQL mode, lock waits) and for each transaction.
    public let settings: Settings
    /// What the operations know of the schema as the run goes.
    public var state: SchemaState
    /// What an online run writes down beside the schema; none offline.
    public let records: RunRecords
    /// The unfinished revision this run resumes, if any.
    public let resumePlan: ResumePlan?
    /// Where each revision is reported while it runs (a terminal's progress line).
    public let reporter: (any ProgressDisplay)?

    var progress: ProgressTable? { records.progress }
    var lease: LeaseLock? { records.lease }
    var ledger: (table: RunLedger, owner: RunOwner)? { records.ledger }
    var checksums: BackgroundValue<[String: String]>? { records.checksums }
    var resume: RevisionProgress? { resumePlan?.progress }
    var resumeState: SchemaState? { resumePlan?.state }
    var reconciler: ResumeReconciler? { resumePlan?.reconciler }
    /// The connection the lease's fence runs on (the run's own: the fence must be in its transaction).
    private var fenceConnection: (any DatabaseConnection)? { (sink as? ConnectionSink)?.connection }

    public init(
        graph: RevisionGraph, sink: any SQLSink, versionTable: VersionTable, logger: Logger, state: SchemaState = SchemaState(),
        settings: Settings = Settings(), records: RunRecords = RunRecords(), resume: ResumePlan? = nil, reporter: (any ProgressDisplay)? = nil
    ) {
        self.graph = graph
        self.sink = sink
        self.versionTable = versionTable
        self.logger = logger
        self.state = state
        self.settings = settings
        self.records = records
        self.resumePlan = resume
        self.reporter = reporter
    }

    /// What a run did.
    public struct Summary: Sendable {
        public var steps: [MigrationStep] = []
        public var seconds: Double = 0
        public var finalHeads: [String] = []
    }

    /// Runs `steps`; creates the version table first when `createVersionTable` is set.
    ///
    /// Plan → for each step: begin (per the transaction policy), run the revision through the tracking
    /// sink (which records progress), write the version table, commit.
    public func run(_ steps: [MigrationStep], createVersionTable: Bool, initialHeads: [String]) throws -> Summary {
        let policy = TransactionPolicy.choose(for: sink.dialect, transactionPerMigration: settings.transactionPerMigration)
        let started = Clock.now()
        var summary = Summary(finalHeads: initialHeads)
        try validate(steps)
        do {
            try prepare(steps)
            if let progress, !steps.isEmpty { try sink.execute(progress.createSQL) }
            if let ledger, !steps.isEmpty, !sink.isOffline { try sink.execute(ledger.table.createSQL) }
            if policy == .wholeRun { try open() }
            if createVersionTable { try createTable(policy) }
        } catch let e as DatabaseError where e.kind == .connectionLost && !sink.isOffline && !steps.isEmpty {
            // Lost before the first revision (the session set-up, the bookkeeping tables).
            let first = steps[0]
            throw MigrationError.stepFailed(
                step: describe(first), statementNumber: 0, statement: nil, underlying: "\(e)",
                state: Self.serverLost("nothing of this run had run", summary: summary, direction: first.direction))
        }
        let tracker = TrackingSink(sink)
        if let lease, let connection = fenceConnection {
            let inTransaction = sink.dialect.transactionalDDL
            tracker.holdsLock = { try lease.check(on: connection, inTransaction: inTransaction) }
            if !inTransaction {
                tracker.fence = { try lease.fence(on: connection) }
                tracker.fenceStatements = lease.fenceStatements
            }
        }
        defer { lease?.setActivity(nil) }
        for step in steps {
            do {
                try runStep(step, policy: policy, tracker: tracker, summary: &summary, initialHeads: initialHeads)
            } catch let e as DatabaseError where e.kind == .connectionLost && !sink.isOffline {
                // Lost between revisions (reading the schema for the next one, before it began): the
                // failures inside a revision say their own state.
                throw MigrationError.stepFailed(
                    step: describe(step), statementNumber: 0, statement: nil, underlying: "\(e)",
                    state: Self.serverLost("nothing of this revision had run", summary: summary, direction: step.direction))
            }
        }
        if policy == .wholeRun {
            do { try close() } catch {
                abandon()
                if let e = error as? DatabaseError, e.kind == .connectionLost, let last = steps.last {
                    var before = summary
                    before.steps = []
                    before.finalHeads = initialHeads
                    throw MigrationError.stepFailed(
                        step: describe(last), statementNumber: 0, statement: nil, underlying: "\(e)",
                        state: Self.serverLost("the whole run rolled back with it", summary: before, direction: last.direction))
                }
                throw error
            }
        }
        summary.seconds = Clock.now() - started
        return summary
    }

    /// What a run whose server went away can say: what the server had committed when it was lost, which
    /// a promoted standby has, or less (asynchronous replication).
    static func serverLost(_ what: String, summary: Summary, direction: MigrationStep.Direction) -> String {
        let at = summary.finalHeads.isEmpty ? "base" : summary.finalHeads.joined(separator: ", ")
        return "The server was lost and \(what): the database was at \(at)"
            + (summary.steps.isEmpty ? "" : " (\(summary.steps.count) earlier revision(s) of this run committed)")
            + ". If a standby takes over, 'current' there says what it holds (asynchronous replication may have lost the last commits); "
            + "'\(direction.rawValue)' through the same URL goes on from there once this run's lease has run out."
    }

    /// Everything the run will need must be there before anything runs.
    private func validate(_ steps: [MigrationStep]) throws {
        for step in steps {
            do {
                try graph.revision(step.revision).validate(sink.dialect, step.direction)
            } catch {
                throw MigrationError.stepFailed(step: describe(step), statementNumber: 0, statement: nil, underlying: "\(error)", state: "Nothing was run.")
            }
        }
    }

    /// What comes before the first revision: the session set-up and, offline, the checks of the live
    /// tables the script rebuilds.
    private func prepare(_ steps: [MigrationStep]) throws {
        state.beginRun()
        let guards = sink.isOffline && !(sink is DiscardingSink) ? rebuiltLiveTables(steps) : []
        // The session set-up, run once validation has passed (through the sink, so --sql shows it).
        let sessionSetup = sink.dialect.sessionSetup(settings)
        if !sessionSetup.isEmpty {
            sink.comment(sink.dialect.sessionComment(settings))
            for s in sessionSetup { try sink.execute(s) }
        }
        let guardSQL = guards.flatMap { sink.dialect.columnGuard(table: $0.table, columns: $0.columns) }
        if !guardSQL.isEmpty {
            sink.comment("The tables this script rebuilds must have exactly the columns the history gives them, or a column\n"
                + "added by hand would be lost by the copy. Run it with `sqlite3 -bail`: a failed check stops it before\n"
                + "anything changes.")
            for s in guardSQL { try sink.execute(s) }
        }
    }

    /// Offline, a rebuild copies only the columns the history knows: a dry pass finds the live tables
    /// the script rebuilds and the columns it assumes they have.
    private func rebuiltLiveTables(_ steps: [MigrationStep]) -> [(table: String, columns: [String])] {
        let dry = state.copy()
        let ops = Operations(sink: DiscardingSink(dialect: sink.dialect), state: dry)
        do {
            for step in steps {
                let r = graph.revision(step.revision)
                if step.direction == .upgrade { try r.upgrade(ops) } else { try r.downgrade(ops) }
            }
        } catch {
            // The real pass fails at the same place and says where.
            return []
        }
        return dry.expectations
    }

    private func createTable(_ policy: TransactionPolicy) throws {
        if policy == .perRevision { try open() }
        do {
            try sink.execute(versionTable.createSQL)
            if policy == .perRevision { try close() }
        } catch {
            if policy.rollsBack { abandon() }
            throw error
        }
    }

    /// One revision: begin, the body through the tracking sink, the version table, commit.
    private func runStep(
        _ step: MigrationStep, policy: TransactionPolicy, tracker: TrackingSink, summary: inout Summary, initialHeads: [String]
    ) throws {
        let r = graph.revision(step.revision)
        let label = describe(step)
        let at = summary.finalHeads.isEmpty ? "base" : summary.finalHeads.joined(separator: ", ")
        if Interruption.requested {
            throw MigrationError.stopped(signal: Interruption.signal, step: label, state: "Nothing of it ran; the database is at \(at).")
        }
        let stepStart = Clock.now()
        sink.comment("Running \(label)")
        logger.info("Running \(label)")
        if !sink.isOffline { reporter?.begin(label) }
        lease?.setActivity(label)
        // Before anything of the revision is written (its ledger and progress records included).
        try tracker.holdsLock?()
        defer { if !sink.isOffline { reporter?.end() } }
        let resuming = progress != nil && summary.steps.isEmpty && resume.map { $0.revision == r.id && $0.direction == step.direction } == true
        let stepState = resuming ? (resumeState ?? state) : state
        if policy == .none && !sink.isOffline {
            // DDL commits as it runs here: render the whole revision first, so a name over the limit
            // or an unsupported change is refused before any of its statements has run.
            do {
                let dry = Operations(sink: DiscardingSink(dialect: sink.dialect), state: stepState.copy())
                if step.direction == .upgrade { try r.upgrade(dry) } else { try r.downgrade(dry) }
            } catch let e where e is DialectError || e is OperationError {
                throw MigrationError.stepFailed(step: label, statementNumber: 0, statement: nil, underlying: "\(e)", state: "Nothing of this revision ran; the version table says \(at).")
            }
        }
        if policy == .perRevision { try open() }
        tracker.reset()
        // Where DDL commits as it runs, who runs the revision and that it started are on record before
        // it starts: together, and with the lock's fence, so a run paused here that lost the lock
        // records nothing in the other run's way.
        var start: [String] = []
        if let ledger, !sink.isOffline, !policy.rollsBack {
            start.append(ledger.table.startSQL(ledger.owner, revision: r.id, direction: step.direction, checksum: nil))
        }
        if let progress {
            if resuming, let resume {
                tracker.resume(from: resume)
                logger.info("Resuming \(r.id): skipping the \(resume.statementsDone) statement(s) already applied")
            } else {
                start.append(progress.startSQL(r.id, step.direction))
            }
        }
        if !start.isEmpty {
            do {
                try tracker.holdsLock?()
                let fence = sink.isOffline ? [] : tracker.fenceStatements
                if fence.isEmpty && start.count == 1 { try sink.execute(start[0]) } else { try sink.executeTogether(fence + start) }
            } catch var error {
                if let lease, let connection = fenceConnection, !(error is MigrationError), let lost = lease.lostAfterFailure(error, on: connection) { error = lost }
                throw failure(step, label: label, error: error, tracker: tracker, summary: summary, initialHeads: initialHeads, policy: policy)
            }
        }
        if let progress { tracker.record(progress, revision: r.id) }
        do {
            let ops = Operations(sink: tracker, state: stepState)
            if resuming { ops.reconciler = reconciler }
            if step.direction == .upgrade { try r.upgrade(ops) } else { try r.downgrade(ops) }
            if resuming {
                let skipped = reconciler?.skipped ?? []
                if !skipped.isEmpty {
                    logger.info("Resuming \(r.id): \(skipped.count) operation(s) were already in the schema and were skipped: \(skipped.joined(separator: "; "))")
                }
                // The live schema is what counts from here on.
                state.invalidate()
            }
            tracker.stopRecording()
            let versionSQL = try versionTable.changeSQL(from: step.headsBefore, to: step.headsAfter)
            let checksum = step.direction == .upgrade ? checksums?.value[r.id] : nil
            if policy.rollsBack {
                for sql in versionSQL { try tracker.execute(sql) }
                if let ledger, !sink.isOffline {
                    try tracker.holdsLock?()
                    try sink.execute(ledger.table.recordSQL(
                        ledger.owner, revision: r.id, direction: step.direction, statements: tracker.count,
                        checksum: checksum, elapsedMillis: Int(((Clock.now() - stepStart) * 1000).rounded())))
                }
            } else {
                // The version table, the ledger and the progress record change together: a stop
                // between them would leave a revision applied and still marked unfinished.
                var end = versionSQL
                if let ledger, !sink.isOffline {
                    end.append(ledger.table.finishSQL(
                        ledger.owner, revision: r.id, direction: step.direction, statements: tracker.count + versionSQL.count, checksum: checksum))
                }
                if let progress { end.append(progress.finishSQL(r.id)) }
                try tracker.together(end, counting: versionSQL.count)
            }
            if policy == .perRevision { try close() }
        } catch var error {
            if let lease, let connection = fenceConnection, !(error is MigrationError), let lost = lease.lostAfterFailure(error, on: connection) {
                // A fenced commit refused (or a conflict, or the server ending a paused run's transaction)
                // because another run has the lock now: that is what to say.
                error = lost
            }
            if policy.rollsBack {
                abandon()
            } else if let progress, !sink.isOffline, Self.refusedBeforeRunning(error, tracker: tracker) {
                // Nothing of the revision ran: no record of an unfinished revision, so the next run
                // simply runs it. Best effort: if this fails too, --resume finds nothing to skip.
                try? sink.execute(progress.finishSQL(r.id))
            }
            state.invalidate()
            throw failure(step, label: label, error: error, tracker: tracker, summary: summary, initialHeads: initialHeads, policy: policy)
        }
        summary.steps.append(step)
        summary.finalHeads = step.headsAfter
        logger.info("  done in \(Clock.format(Clock.now() - stepStart))")
    }

    /// The first statement of a revision where DDL commits as it runs, refused by the server because it
    /// waited too long for a lock: it never started, so nothing of the revision ran.
    static func refusedBeforeRunning(_ error: any Error, tracker: TrackingSink) -> Bool {
        tracker.count == 0 && (error as? DatabaseError)?.kind == .lockTimeout
    }

    /// Opens a transaction, after the dialect's set-up statements; notes what already violates the
    /// pre-commit check, so a revision is blamed only for what it adds.
    private func open() throws {
        for s in sink.dialect.revisionSetup { try sink.execute(s) }
        try sink.begin()
        for s in sink.dialect.transactionSetup(settings) { try sink.execute(s) }
        if let check = sink.dialect.revisionCheck, let rows = try sink.inspect(check) {
            state.notePreexistingViolations(rows)
            if !rows.isEmpty {
                let tables = Set(rows.compactMap { $0[0].stringValue }).sorted().joined(separator: ", ")
                logger.warning("\(rows.count) row(s) in \(tables) already violate foreign keys (not caused by this run; left as they are): \(OperationError.foreignKeyViolations(table: tables, rows: rows).sample)")
            }
        }
    }

    /// Runs the dialect's pre-commit check, commits, then its tear-down statements.
    private func close() throws {
        if let check = sink.dialect.revisionCheck, let rows = try sink.query(check) {
            let added = state.newViolations(rows)
            if !added.isEmpty { throw OperationError.revisionViolatesForeignKeys(count: added.count, sample: OperationError.foreignKeyViolations(table: "", rows: added).sample) }
        }
        // The fence: this transaction commits only while this run holds the lock's row.
        if let lease, let connection = fenceConnection {
            Failpoint.before("end", "COMMIT")
            try lease.fence(on: connection)
            try sink.commit()
            Failpoint.after("end")
        } else {
            try sink.commit()
        }
        for s in sink.dialect.revisionTeardown { try sink.execute(s) }
    }

    /// Rolls back, then the tear-down statements.
    private func abandon() {
        sink.rollback()
        // Deliberate: after a rollback the tear-down is best effort; the failure being reported is the first one.
        for s in sink.dialect.revisionTeardown { try? sink.execute(s) }
    }

    /// `upgrade A -> B, message` as Alembic words it.
    public func describe(_ step: MigrationStep) -> String {
        let r = graph.revision(step.revision)
        let parents = graph.ids(graph.parentIndices(step.revision)).joined(separator: ", ")
        let arrow = step.direction == .upgrade ? "\(parents) -> \(r.id)" : "\(r.id) -> \(parents)"
        return "\(step.direction.rawValue) \(arrow)" + (r.message.isEmpty ? "" : ", \(r.message)")
    }

    private func failure(
        _ step: MigrationStep, label: String, error: any Error, tracker: TrackingSink, summary: Summary,
        initialHeads: [String], policy: TransactionPolicy
    ) -> MigrationError {
        let number = tracker.count + 1
        var statement: String? = nil
        if let e = error as? DatabaseError { statement = e.sql }
        let state: String
        let at = { (heads: [String]) in heads.isEmpty ? "base" : heads.joined(separator: ", ") }
        let leaseLost: Bool = { if case MigrationError.leaseLost = error { return true }; return false }()
        if sink.isOffline {
            state = "No SQL was written for this revision."
        } else if leaseLost && policy.rollsBack {
            state = "This revision was rolled back and no more of this run will commit; the run that holds the lock now goes on from "
                + "\(at(summary.finalHeads))" + (summary.steps.isEmpty ? "." : " (\(summary.steps.count) earlier revision(s) of this run committed).")
        } else if leaseLost {
            let ran = tracker.count
            state = "\(sink.dialect.backend) commits DDL as it runs: " + (ran == 0 ? "no statement of this revision had run" : "statement(s) 1–\(ran) of this revision ran")
                + " (a statement that was under way on the server when this run stopped may still have completed there); nothing more was sent "
                + "or committed once the lock was found lost. The run that holds the lock now finishes the revision, checking each change "
                + "against the live schema."
        } else if policy == .wholeRun {
            state = "The whole run was rolled back: the database is still at \(at(initialHeads))."
        } else if policy == .perRevision, let e = error as? DatabaseError, e.kind == .connectionLost {
            state = Self.serverLost("the revision rolled back with it", summary: summary, direction: step.direction)
        } else if policy == .perRevision {
            state = "The revision was rolled back: the database is at \(at(summary.finalHeads))"
                + (summary.steps.isEmpty ? "." : " (\(summary.steps.count) earlier revision(s) of this run committed).")
        } else if progress != nil, Self.refusedBeforeRunning(error, tracker: tracker) {
            state = "\(sink.dialect.backend) refused the revision's first statement before running it: nothing of this revision ran; "
                + "the version table says \(at(summary.finalHeads)). Run again once the lock is free."
        } else {
            let ran = tracker.count
            let resumable = progress != nil
            state = "\(sink.dialect.backend) commits DDL as it runs: "
                + (ran == 0 ? "no statement of this revision had run" : "statement(s) 1–\(ran) of this revision ran and stay applied")
                + "; the version table says \(at(summary.finalHeads)). "
                + (resumable
                    ? "Fix the cause, then run again with --resume to skip the \(ran) statement(s) already applied; or undo them by hand and 'stamp' the revision the schema matches."
                    : "Repair or undo those statements by hand, then 'stamp' the revision the schema matches and run the upgrade again.")
        }
        if let stop = error as? Interrupted {
            return MigrationError.stopped(signal: stop.signal, step: label, state: state)
        }
        var underlying = "\(error)"
        if let e = error as? DatabaseError, e.kind == .lockTimeout, settings.ddlLockTimeout > 0 {
            underlying += " (another session held a lock on the table longer than [migrations] ddl_lock_timeout = \(Clock.format(settings.ddlLockTimeout)) "
                + "allows, often the running service's open transaction; run again when it is quieter, or raise the timeout)"
        }
        return MigrationError.stepFailed(
            step: label, statementNumber: statement == nil ? 0 : number, statement: statement,
            underlying: underlying, state: state)
    }
}

/// Counts the statements a revision has run, so a failure can say which one failed; records
/// progress after each; and, when resuming, skips the statements a stopped run already applied.
final class TrackingSink: SQLSink, StatementGate {
    let inner: any SQLSink
    private(set) var count = 0
    /// Statements to skip (already applied by a run that stopped), and the hash the last of them had.
    var skip = 0
    var expectedHash: String?
    var afterStatement: ((Int, String) throws -> Void)?
    var beforeStatement: ((Int) throws -> Void)?
    /// Throws when the run no longer holds its migration lock.
    var holdsLock: (() throws -> Void)?
    /// Where DDL is not transactional: the lock's fence, run in each data statement's transaction
    /// before it commits, and its statements, sent first in each revision end.
    var fence: (() throws -> Void)?
    var fenceStatements: [String] = []
    /// While resuming: for the next statements (one schema operation the live schema judged), whether
    /// to skip each.
    private var decided: [Bool] = []
    init(_ inner: any SQLSink) { self.inner = inner }

    /// Skips the statements a stopped run applied (checking the last one is the same statement).
    func resume(from progress: RevisionProgress) {
        skip = progress.statementsDone
        expectedHash = progress.lastStatementHash
    }

    /// Records, through the inner sink, that each statement of `revision` starts and is done.
    func record(_ progress: ProgressTable, revision: String) {
        let inner = self.inner
        beforeStatement = { number in try inner.execute(progress.startingSQL(revision, number: number)) }
        afterStatement = { [unowned self] done, sql in
            let advance = progress.advanceSQL(revision, done: done, hash: ProgressTable.hash(sql))
            // Outside a transaction the record commits with the lock's fence, so a run that lost the
            // lock never rewrites the progress of the run that holds it now.
            if self.inTransaction || self.fenceStatements.isEmpty { try inner.execute(advance) } else { try inner.executeTogether(self.fenceStatements + [advance]) }
        }
    }
    /// Inside a data statement's own transaction (its fence runs there).
    private var inTransaction = false

    /// The version-table write that ends a revision is not one of its statements.
    func stopRecording() {
        afterStatement = nil
        beforeStatement = nil
    }

    /// The next statements are skipped (their effect is already there) or run, one flag each,
    /// whatever the statement count says.
    func decide(_ skips: [Bool]) {
        decided = skips
    }

    /// Data statements (not DDL) commit together with their progress record where DDL is not
    /// transactional, so a stop never leaves one half-known.
    private var wrapsData: Bool { afterStatement != nil && !inner.dialect.transactionalDDL }

    static func isData(_ sql: String) -> Bool {
        var rest = Substring(sql)
        while true {
            rest = rest.drop { $0.isWhitespace }
            if rest.hasPrefix("--") { rest = rest.drop { $0 != "\n" }; continue }
            if rest.hasPrefix("/*"), let end = rest.firstRange(of: "*/") { rest = rest[end.upperBound...]; continue }
            break
        }
        let word = rest.prefix { $0.isLetter }.uppercased()
        return ["INSERT", "UPDATE", "DELETE", "REPLACE"].contains(word)
    }
    var dialect: any Dialect { inner.dialect }
    var isOffline: Bool { inner.isOffline }
    func reset() {
        count = 0
        skip = 0
        expectedHash = nil
        afterStatement = nil
        beforeStatement = nil
        decided = []
    }

    /// True when this statement was applied before and is skipped.
    private func skipped(_ sql: String) throws -> Bool {
        if !decided.isEmpty {
            guard decided.removeFirst() else { return false }
            count += 1
            try afterStatement?(count, sql)
            return true
        }
        guard count < skip else { return false }
        count += 1
        if count == skip, let expectedHash, ProgressTable.hash(sql) != expectedHash {
            throw MigrationError.resumeMismatch(statement: count)
        }
        return true
    }

    func execute(_ sql: String) throws {
        try tracked(sql, data: Self.isData(sql)) { try inner.execute(sql) }
    }
    func query(_ sql: String) throws -> [Row]? {
        if try skipped(sql) { return [] }
        Failpoint.before("query", sql)
        try Interruption.check()
        try holdsLock?()
        try beforeStatement?(count + 1)
        let rows = try inner.query(sql)
        count += 1
        try afterStatement?(count, sql)
        Failpoint.after("query")
        return rows
    }
    /// A bulk insert is one tracked statement, whatever path loads it: where DDL is not transactional
    /// it commits together with its progress record, so a stop leaves all of its rows or none.
    func load(_ insert: BulkInsert) throws {
        try tracked(insert.summary, data: true) { try inner.load(insert) }
    }

    /// Runs one statement (`sql` names it for the progress record): skipped when a stopped run applied
    /// it; a data statement, where DDL is not transactional, commits together with its progress record.
    private func tracked(_ sql: String, data: Bool, _ send: () throws -> Void) throws {
        if try skipped(sql) { return }
        let kind = data ? "data" : "ddl"
        Failpoint.before(kind, sql)
        try Interruption.check()
        try holdsLock?()
        if wrapsData && data {
            try inner.begin()
            inTransaction = true
            defer { inTransaction = false }
            do {
                try send()
                // Paused here, the statement is in flight: the fence must keep it from landing.
                Failpoint.after(kind)
                try fence?()
                try afterStatement?(count + 1, sql)
                try inner.commit()
            } catch {
                inner.rollback()
                throw error
            }
            count += 1
            return
        }
        try beforeStatement?(count + 1)
        try send()
        count += 1
        Failpoint.after(kind)
        // A run paused during the statement checks its lease before it writes the record.
        if afterStatement != nil { try holdsLock?() }
        try afterStatement?(count, sql)
    }
    /// The run's records, together, after the revision's statements: `counting` of them are the
    /// version-table writes, counted as the revision's statements are.
    func together(_ statements: [String], counting: Int) throws {
        Failpoint.before("end", statements.first ?? "")
        defer { Failpoint.after("end") }
        try Interruption.check()
        try holdsLock?()
        // The fence first: the revision's end commits only while this run holds the lock.
        try inner.executeTogether(fenceStatements + statements)
        count += counting
    }
    func executeTogether(_ statements: [String]) throws { try inner.executeTogether(statements) }
    func begin() throws { try inner.begin() }
    func commit() throws { try inner.commit() }
    func rollback() { inner.rollback() }
    func comment(_ text: String) { inner.comment(text) }
    func inspect(_ sql: String) throws -> [Row]? { try inner.inspect(sql) }
}

/// Monotonic seconds, for durations in messages and benchmarks.
public enum Clock {
    public static func now() -> Double {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
    }

    /// A duration an operator reads at a glance: seconds, minutes, hours, days or years.
    public static func human(_ seconds: Double) -> String {
        switch seconds {
        case ..<120: return format(seconds)
        case ..<7_200: return "\(Int((seconds / 60).rounded())) min"
        case ..<172_800: return "\(Int((seconds / 3_600).rounded())) h"
        case ..<63_072_000: return "\(Int((seconds / 86_400).rounded())) days"
        default: return "\(Int((seconds / 31_557_600).rounded())) years"
        }
    }

    public static func format(_ seconds: Double) -> String {
        if seconds < 1 { return "\(Int((seconds * 1000).rounded())) ms" }
        let tenths = (seconds * 100).rounded() / 100
        return "\(tenths) s"
    }
}
