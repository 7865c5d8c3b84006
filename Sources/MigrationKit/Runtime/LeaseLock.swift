#if canImport(Glibc)
import Glibc
#endif
import Logging

/// The migration lock on a database server: a row in `<version table>_lock`, committed before anything
/// else runs, and kept alive by a lease.
///
/// Why a row: session locks (`GET_LOCK`, `pg_advisory_lock`) belong to one server session. Under Galera
/// they are local to one node, and behind PgBouncer's transaction pooling the session is not ours. A
/// committed row holds on every node and through every pooler: two runs inserting the same primary key
/// cannot both commit (Galera certifies the writes cluster-wide at commit; a single server's unique
/// index does the same). Being committed before any DDL starts, the lock never depends on a
/// transaction that DDL would end.
///
/// Why a lease: a row does not go away with a dead process. The holder's keeper thread renews
/// `expires_ms` every quarter of the lease on its own connection, so a run whose one statement takes an
/// hour is never taken for dead; once a holder stops renewing, another run may take the row over after
/// the lease has expired (a conditional update, which again only one run can commit), and says whose it
/// was. All times in the row are the server's.
///
/// Why fencing: a lease alone does not stop a holder that was *paused* (SIGSTOP, a frozen VM, a
/// suspended laptop) past its lease and then continues: it still believes it holds the lock. So:
/// - every statement is sent only while this run's own clock (CLOCK_BOOTTIME, which counts a suspend)
///   says less than half a lease has passed since the row was last confirmed ours; past that, the run
///   confirms it synchronously on its own connection first, and stops if another run has it. A takeover
///   needs a whole lease without renewal, so a live holder keeps a margin of half a lease;
/// - what commits carries a conditional write on the row (``fence(on:)``): on PostgreSQL the revision's
///   transaction, on MySQL/MariaDB every data statement's transaction and every revision end. A run that
///   lost the row cannot commit; on a single server a takeover waits for the fenced commit (row lock),
///   on Galera the two writes of the row conflict at certification and one of them is rolled back;
/// - on PostgreSQL a revision's transaction sets `idle_in_transaction_session_timeout` to the lease, so
///   the server ends a paused holder's open transaction (and its locks) by itself;
/// - a run that takes over ends the previous holder's statements still running on the server (they
///   carry the run id in a comment), where the server shows them (not another Galera node's).
/// What remains: a pause between the check and the send of one DDL statement on MySQL/MariaDB (DDL
/// commits as it runs, with no transaction to fence). The README's reliability section says what
/// `--resume` does then.
public final class LeaseLock: MigrationLock, @unchecked Sendable {
    public let table: String
    public let dialect: any Dialect
    public let owner: RunOwner
    /// Seconds a holder stays the holder without renewing.
    public let lease: Double
    private let connect: @Sendable () throws -> any DatabaseConnection
    private let name = "migrations"

    // The keeper's state, shared with its thread under `mutex`.
    private var mutex = pthread_mutex_t()
    private var thread: pthread_t?
    private var stopping = false
    private var activity: String?
    private var activityChanged = false
    private var lostReason: String?
    private var keeperConnection: (any DatabaseConnection)?
    /// When the row was last confirmed this run's (the lease clock, at the moment the confirming
    /// statement was sent: the server's expiry is at least a lease after that).
    private var confirmedAt: Double = 0
    /// The run whose expired lock this run took over, if it did.
    public private(set) var tookOverFrom: RunOwner?

    /// Seconds `acquire(on:url:logger:progress:)` waits for a run that holds the row.
    public let timeout: Double

    public init(
        versionTable: String, dialect: any Dialect, owner: RunOwner, lease: Double, timeout: Double = 0,
        connect: @escaping @Sendable () throws -> any DatabaseConnection
    ) {
        self.timeout = timeout
        self.table = versionTable + "_lock"
        self.dialect = dialect
        self.owner = owner
        self.lease = lease
        self.connect = connect
        pthread_mutex_init(&mutex, nil)
    }

    deinit { pthread_mutex_destroy(&mutex) }

    private var q: String { dialect.quote(table) }
    private var leaseMillis: Int64 { Int64((lease * 1000).rounded()) }
    private func p(_ i: Int) -> String { dialect.placeholder(i) }

    public var createSQL: String {
        "CREATE TABLE IF NOT EXISTS \(q) (name VARCHAR(64) NOT NULL, run_id VARCHAR(32) NOT NULL, host VARCHAR(255) NOT NULL, "
            + "pid INTEGER NOT NULL, started_ms BIGINT NOT NULL, expires_ms BIGINT NOT NULL, activity VARCHAR(255), PRIMARY KEY (name))"
    }

    // MARK: - Taking the lock

    /// Takes the lock, waiting at most `timeout` seconds; `onWait` is called once, with the holder,
    /// when the lock is busy; `onTakeOver` when an expired holder's row is taken over.
    public var leasedRow: LeaseLock? { self }

    /// Takes the row (waiting at most `timeout`), saying once whom it waits for and whose expired row
    /// it takes over, then prepares the run's session.
    public func acquire(on connection: any DatabaseConnection, url: DatabaseURL, logger: Logger, progress: (any ProgressDisplay)?) throws {
        var waited = false
        defer { if waited { progress?.end() } }
        try acquire(
            on: connection, timeout: timeout,
            onWait: {
                Self.waiting(for: $0.description, url: url, timeout: timeout, logger: logger, progress: progress)
                waited = true
            },
            onTakeOver: { dead in
                let doing = dead.activity.map { ", last applying \($0)" } ?? ""
                logger.warning("Took over the migration lock of a run that stopped renewing it (\(dead.owner)\(doing)): its lease expired \(Clock.human(Double(-dead.remainingMillis) / 1000)) ago")
            })
        prepareSession(connection)
    }

    public func acquire(on connection: any DatabaseConnection, timeout: Double, onWait: (LockHolder) -> Void, onTakeOver: (LockHolder) -> Void) throws {
        try ensureTable(connection)
        let deadline = Clock.now() + timeout
        var waited = false
        var g = SystemRandomNumberGenerator()
        while true {
            let sent = Self.leaseClock()
            if try insert(connection) { return startKeeping(confirmed: sent) }
            if let holder = try Self.holder(in: connection, table: table, dialect: dialect) {
                if holder.remainingMillis < 0 {
                    // Its lease is over: first end what it still has running or open on the server (a
                    // paused run's transaction holds the row and its tables), then take the row.
                    endStatements(of: holder, on: connection)
                    if try takeOver(connection, from: holder) {
                        tookOverFrom = holder.owner
                        onTakeOver(holder)
                        return startKeeping(confirmed: sent)
                    }
                    if !waited {
                        onWait(holder)
                        waited = true
                    }
                } else if !waited {
                    onWait(holder)
                    waited = true
                }
            }
            let left = deadline - Clock.now()
            if left <= 0 {
                let holder = try? Self.holder(in: connection, table: table, dialect: dialect)
                throw DatabaseError(
                    kind: .lockTimeout, backend: dialect.backend,
                    message: "lock timeout: waited \(Clock.format(timeout)) for the migration lock, held by "
                        + (holder.map { $0.description } ?? "another run")
                        + (holder.map { $0.wedged ? "; its \($0.leaseText), further ahead than any run renews a lease (a clock gone wrong or a hand edit): "
                            + "'break_lock' clears it" : "" } ?? ""))
            }
            // Polling with jitter, so that many waiting runs do not all try at the same instant.
            usleep(useconds_t(min(left, Double.random(in: 0.15...0.35, using: &g)) * 1_000_000))
        }
    }

    /// `CREATE TABLE IF NOT EXISTS`, which concurrent runs may race (PostgreSQL can then fail on its
    /// catalog's unique index): a failure is fine when the table is there afterwards.
    private func ensureTable(_ connection: any DatabaseConnection) throws {
        // Looked up first: on Galera even CREATE TABLE IF NOT EXISTS runs in total order and aborts the
        // holder's open transaction on the table (its fence), so a waiting run must not send it.
        let (exists, params) = dialect.tableExistsQuery(table)
        if (try? connection.query(exists, params).isEmpty) == false { return }
        do {
            try connection.execute(createSQL)
        } catch {
            let (exists, params) = dialect.tableExistsQuery(table)
            guard (try? connection.query(exists, params).isEmpty) == false else { throw error }
        }
    }

    /// Inserts this run's row; false when another run's row is there (or won the race to commit).
    private func insert(_ connection: any DatabaseConnection) throws -> Bool {
        let sql = "INSERT INTO \(q) (name, run_id, host, pid, started_ms, expires_ms) VALUES (\(p(1)), \(p(2)), \(p(3)), \(p(4)), "
            + "\(dialect.nowMillisSQL), \(dialect.nowMillisSQL) + \(leaseMillis))"
        let params: [SQLValue] = [.text(name), .text(owner.runID), .text(owner.host), .integer(Int64(owner.pid))]
        do {
            // At most 2 s behind a session that holds the row in an open transaction (a paused run in
            // the middle of its renewal): the wait loop, and its lock_timeout, go on around it.
            try boundedRowWait(connection) { try connection.query($0, params) }(sql)
            return true
        } catch let e as DatabaseError where isConflict(e) || e.kind == .lockTimeout || e.code == "55P03" {
            return false
        }
    }

    /// Takes over an expired holder's row: only if it is still that holder's and still expired.
    private func takeOver(_ connection: any DatabaseConnection, from holder: LockHolder) throws -> Bool {
        let sql = "UPDATE \(q) SET run_id = \(p(1)), host = \(p(2)), pid = \(p(3)), started_ms = \(dialect.nowMillisSQL), "
            + "expires_ms = \(dialect.nowMillisSQL) + \(leaseMillis), activity = NULL "
            + "WHERE name = \(p(4)) AND run_id = \(p(5)) AND expires_ms < \(dialect.nowMillisSQL)"
        let params: [SQLValue] = [.text(owner.runID), .text(owner.host), .integer(Int64(owner.pid)), .text(name), .text(holder.owner.runID)]
        do {
            // Waiting at most 2 s for the row: a holder in the middle of a fenced commit has it locked,
            // and one paused there keeps it until its transaction is ended.
            try boundedRowWait(connection) { try connection.query($0, params) }(sql)
        } catch let e as DatabaseError where isConflict(e) || e.kind == .lockTimeout || e.code == "55P03" {
            // Lost to another run, or the holder is committing a fenced transaction right now.
            return false
        }
        return try Self.holder(in: connection, table: table, dialect: dialect)?.owner.runID == owner.runID
    }

    /// Runs one write on the lock row waiting at most 2 s for a row lock another session holds
    /// (PostgreSQL: SET LOCAL lock_timeout in a transaction of its own, PgBouncer-safe; MariaDB: SET
    /// STATEMENT innodb_lock_wait_timeout), so no wait on the lock row outlasts lock_timeout.
    func boundedRowWait(_ connection: any DatabaseConnection, _ run: @escaping (String) throws -> [Row]) -> (String) throws -> Void {
        { sql in
            switch self.dialect.backend {
            case .postgresql:
                try connection.begin()
                do {
                    try connection.execute("SET LOCAL lock_timeout = 2000")
                    _ = try run(sql)
                    try connection.commit()
                } catch {
                    try? connection.rollback()
                    throw error
                }
            case .mysql:
                _ = try run("SET STATEMENT innodb_lock_wait_timeout = 2 FOR " + sql)
            default:
                _ = try run(sql)
            }
        }
    }

    /// A write that lost to another run's: a duplicate key, or a conflict the server or the cluster
    /// resolved against us (the dialect's `writeConflictCodes`).
    func isConflict(_ e: DatabaseError) -> Bool { e.code.map(dialect.writeConflictCodes.contains) ?? false }

    /// The run holding the lock of `table`'s version table, if any (whether or not its lease is alive).
    public static func holder(in connection: any DatabaseConnection, table: String, dialect: any Dialect) throws -> LockHolder? {
        let (exists, params) = dialect.tableExistsQuery(table)
        guard try !connection.query(exists, params).isEmpty else { return nil }
        let sql = "SELECT run_id, host, pid, started_ms, expires_ms - \(dialect.nowMillisSQL), activity, expires_ms FROM \(dialect.quote(table))"
        guard let row = try connection.query(sql).first else { return nil }
        return LockHolder(
            owner: RunOwner(runID: row[0].stringValue ?? "?", host: row[1].stringValue ?? "?", pid: Int(row[2].intValue ?? 0), startedMillis: row[3].intValue),
            remainingMillis: row[4].intValue ?? 0, activity: row[5].stringValue, expiresMillis: row[6].intValue ?? 0)
    }

    // MARK: - Keeping it

    /// What the run is doing, shown to runs that wait (written with the next renewal, at once).
    public func setActivity(_ text: String?) {
        locked {
            activity = text.map { String($0.prefix(255)) }
            activityChanged = true
        }
    }

    /// Throws when the lease was lost (taken over after this run could not renew it in time).
    public func check() throws {
        if let reason = locked({ lostReason }) { throw MigrationError.leaseLost(reason) }
    }

    /// Before a statement: throws when the lease is lost; when the row was last confirmed ours more
    /// than half a lease ago (the keeper could not renew it, or the whole process was paused), confirms
    /// it on `connection` first, renewing it outside a transaction and only reading it inside one (where
    /// the fence at commit decides, and a row lock would stop the keeper until then).
    public func check(on connection: any DatabaseConnection, inTransaction: Bool) throws {
        try check()
        let last = locked { confirmedAt }
        guard Self.leaseClock() - last >= lease / 2 else { return }
        let sent = Self.leaseClock()
        if !inTransaction { _ = try connection.query(renewSQL, renewParameters) }
        let holder = try Self.holder(in: connection, table: table, dialect: dialect)
        guard holder?.owner.runID == owner.runID else {
            let reason = holder.map { "the migration lock was taken over by \($0.owner) while this run was paused or could not renew it" }
                ?? "the migration lock was taken over and released by another run while this run was paused or could not renew it"
            locked { if lostReason == nil { lostReason = reason } }
            throw MigrationError.leaseLost(reason)
        }
        if !inTransaction { locked { confirmedAt = max(confirmedAt, sent) } }
    }

    /// Statements that make a transaction commit only while this run holds the row: they extend the
    /// lease and fail (a duplicate key on MySQL/MariaDB) when the row is another run's or gone. Sent
    /// inside the transaction, last before COMMIT. PostgreSQL uses ``fence(on:)``'s RETURNING instead.
    public var fenceStatements: [String] {
        let me = dialect.stringLiteral(owner.runID), key = dialect.stringLiteral(name)
        return [
            "UPDATE \(q) SET expires_ms = \(dialect.nowMillisSQL) + \(leaseMillis) WHERE name = \(key) AND run_id = \(me)",
            "INSERT INTO \(q) (name, run_id, host, pid, started_ms, expires_ms) SELECT \(key), 'fence', '', 0, 0, 0 "
                + "FROM (SELECT 1 AS n UNION ALL SELECT 2) AS two WHERE NOT EXISTS (SELECT 1 FROM \(q) WHERE name = \(key) AND run_id = \(me))",
        ]
    }

    /// The fence, inside the transaction that is about to commit: throws ``MigrationError/leaseLost``
    /// when the row is no longer this run's, so the caller rolls back and nothing of it lands.
    public func fence(on connection: any DatabaseConnection) throws {
        let sent = Self.leaseClock()
        if dialect.transactionalDDL {
            let rows = try connection.query(renewSQL + " RETURNING run_id", renewParameters)
            guard rows.isEmpty else {
                locked { confirmedAt = max(confirmedAt, sent) }
                return
            }
            throw lost(on: connection)
        }
        do {
            for sql in fenceStatements { try connection.execute(sql) }
        } catch let e as DatabaseError where isConflict(e) {
            throw lost(on: connection)
        }
        locked { confirmedAt = max(confirmedAt, sent) }
    }

    /// After a fenced transaction failed: the lease-lost error when the row is not this run's any more
    /// (so that is what is reported, not the duplicate key or the certification conflict), else nil.
    public func lostAfterFailure(_ error: any Error, on connection: any DatabaseConnection) -> MigrationError? {
        if let reason = locked({ lostReason }) { return .leaseLost(reason) }
        // Only what a takeover causes: the connection ended (by the run that took over, or the server
        // for an idle transaction), a write conflict (the fence's duplicate key, Galera's certification).
        // A revision's own error is reported as it is.
        let text = "\(error)"
        let endedByTakeover = text.contains("terminating connection") || text.contains("server closed the connection")
            || text.contains("Lost connection") || text.contains("server has gone away") || text.contains("no connection to the server")
        if let e = error as? DatabaseError {
            guard e.kind == .connectionLost || e.kind == .connection || isConflict(e) || ["57P01", "25P03"].contains(e.code ?? "") || endedByTakeover
            else { return nil }
        } else if !endedByTakeover {
            return nil
        }
        // The run's connection may be gone (the server ended it, or the run that took over did): then
        // a connection of its own asks.
        // (nil: the row could not be read; .some(nil): there is no row.)
        // (Not `try?`: it flattens the optional, and a row that could not be read would pass for none.)
        func readHolder(on c: any DatabaseConnection) -> LockHolder?? {
            do { return .some(try Self.holder(in: c, table: table, dialect: dialect)) } catch { return nil }
        }
        var read: LockHolder?? = readHolder(on: connection)
        if read == nil, let fresh = try? connect() {
            read = readHolder(on: fresh)
            fresh.close()
        }
        guard let found = read else { return nil }
        if let holder = found, holder.owner.runID == owner.runID { return nil }
        // PostgreSQL says when a run that took over ended this connection ("administrator command",
        // 57P01). A connection lost otherwise, with no row on the server the URL reaches now, is a
        // server lost: a promoted standby (asynchronous replication) may never have had the row. That
        // is the server's loss to report, not a takeover.
        if found == nil, dialect.backend == .postgresql, !text.contains("administrator command"),
            (error as? DatabaseError)?.code != "57P01"
        {
            return nil
        }
        let reason = found.map { "the migration lock was taken over by \($0.owner)" } ?? "the migration lock was taken over and released by another run"
        locked { if lostReason == nil { lostReason = reason } }
        return .leaseLost(reason)
    }

    private func lost(on connection: any DatabaseConnection, holder known: LockHolder? = nil) -> MigrationError {
        let holder = known ?? (try? Self.holder(in: connection, table: table, dialect: dialect))
        let reason = holder.map { "the migration lock was taken over by \($0.owner)" } ?? "the migration lock was taken over and released by another run"
        locked { if lostReason == nil { lostReason = reason } }
        return .leaseLost(reason)
    }

    /// Set on the run's own connection once the lock is taken: on MariaDB the server ends a session
    /// that stays idle inside a transaction longer than a lease (a paused run's data statement, whose
    /// row locks would otherwise keep the next holder waiting). Best effort: MySQL has no such setting.
    public func prepareSession(_ connection: any DatabaseConnection) {
        guard dialect.backend == .mysql else { return }
        // Deliberate `try?`: a server without idle_transaction_timeout (MySQL, MariaDB < 10.3) keeps the fence alone.
        _ = try? connection.execute("SET SESSION idle_transaction_timeout = \(max(1, Int(lease.rounded(.up))))")
    }

    /// The comment every statement of this run carries online, so a run that takes the lock over can
    /// find the statements still running for this one.
    public var statementTag: String { "/* vdi-db-manage run \(owner.runID) */ " }

    /// After a takeover: ends the previous holder's statements still running on this server (a paused
    /// run's DDL waiting for a table lock would otherwise go on and land). Best effort: a server that
    /// shows no such statement, or refuses, leaves nothing to do here; fencing still stops the holder.
    private func endStatements(of holder: LockHolder, on connection: any DatabaseConnection) {
        let tag = "%vdi-db-manage run \(holder.owner.runID) */%"
        let find: String
        let kill: (Int64) -> String
        switch dialect.backend {
        case .postgresql:
            find = "SELECT pid FROM pg_stat_activity WHERE query LIKE \(dialect.stringLiteral(tag)) AND pid <> pg_backend_pid() "
                + "AND state <> 'idle' AND backend_type = 'client backend' AND usename = current_user"
            kill = { "SELECT pg_terminate_backend(\($0))" }
        case .mysql:
            // Only this user's client threads: never a Galera applier ("system user") replaying the statement.
            find = "SELECT ID FROM information_schema.PROCESSLIST WHERE INFO LIKE \(dialect.stringLiteral(tag)) AND ID <> CONNECTION_ID() "
                + "AND COMMAND = 'Query' AND USER = SUBSTRING_INDEX(USER(), '@', 1)"
            kill = { "KILL CONNECTION \($0)" }
        default:
            return
        }
        guard let rows = try? connection.query(find) else { return }
        for id in rows.compactMap({ $0[0].intValue }) {
            // Deliberate: the statement may have ended by itself meanwhile.
            _ = try? connection.query(kill(id))
        }
    }

    private var renewSQL: String {
        "UPDATE \(q) SET expires_ms = \(dialect.nowMillisSQL) + \(leaseMillis) WHERE name = \(p(1)) AND run_id = \(p(2))"
    }
    private var renewParameters: [SQLValue] { [.text(name), .text(owner.runID)] }

    /// The lease's own clock: CLOCK_BOOTTIME, monotonic and counting the time the machine was suspended.
    static func leaseClock() -> Double {
        var ts = timespec()
        clock_gettime(CLOCK_BOOTTIME, &ts)
        return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
    }

    private func startKeeping(confirmed: Double) {
        locked { confirmedAt = confirmed }
        let box = Unmanaged.passRetained(self)
        var t = pthread_t()
        pthread_create(&t, nil, { raw in
            let me = Unmanaged<LeaseLock>.fromOpaque(raw!).takeRetainedValue()
            me.keep()
            return nil
        }, box.toOpaque())
        thread = t
    }

    /// The keeper's loop: renew every quarter lease (or when the activity changed), on its own
    /// connection, reconnecting after a failure; give up once the lease has run out unrenewed.
    private func keep() {
        var lastRenewed = Clock.now()
        var next = lastRenewed + lease / 4
        while true {
            let (stop, changed) = locked { (stopping, activityChanged) }
            if stop { return }
            let now = Clock.now()
            if now >= next || changed {
                if renew() {
                    lastRenewed = Clock.now()
                } else if Clock.now() - lastRenewed > lease {
                    locked { if lostReason == nil { lostReason = "could not renew the lease for \(Clock.format(Clock.now() - lastRenewed))" } }
                }
                next = Clock.now() + lease / 4
            }
            usleep(50_000)
        }
    }

    /// One renewal; false when it failed (the connection is dropped and made again next time).
    private func renew() -> Bool {
        let text = locked { () -> String? in
            activityChanged = false
            return activity
        }
        do {
            let c = try keeperConnectionOrNew()
            let sent = Self.leaseClock()
            // Tagged like the run's own statements: a keeper paused in the middle of its renewal is found
            // and ended by the run that takes the expired lock over.
            _ = try c.query(
                statementTag + "UPDATE \(q) SET expires_ms = \(dialect.nowMillisSQL) + \(leaseMillis), activity = \(p(1)) WHERE name = \(p(2)) AND run_id = \(p(3))",
                [text.map { .text($0) } ?? .null, .text(name), .text(owner.runID)])
            let holder = try Self.holder(in: c, table: table, dialect: dialect)
            if holder?.owner.runID != owner.runID {
                locked {
                    if lostReason == nil {
                        lostReason = holder.map { "the migration lock was taken over by \($0.owner)" } ?? "the migration lock row was removed"
                    }
                }
            } else {
                locked { confirmedAt = max(confirmedAt, sent) }
            }
            return true
        } catch {
            locked { keeperConnection = nil }
            return false
        }
    }

    private func keeperConnectionOrNew() throws -> any DatabaseConnection {
        if let c = locked({ keeperConnection }) { return c }
        let c = try connect()
        if let reads = dialect.causalReads, (try? c.query(reads.detect).first?[0].intValue) == 1 {
            try c.execute(reads.enable)
        }
        locked { keeperConnection = c }
        return c
    }

    /// Stops the keeper and deletes this run's row (on the keeper's connection when it has one, so a
    /// failed transaction on the run's own connection does not keep the row).
    /// Stops the keeper and deletes the row if it is still this run's. `warnIfLost`: say so when the
    /// lease was lost (a run that failed has said what happened in its error).
    public func release(on connection: any DatabaseConnection, logger: Logger, warnIfLost: Bool) {
        locked { stopping = true }
        if let t = thread { pthread_join(t, nil) }
        thread = nil
        let sql = "DELETE FROM \(q) WHERE name = \(p(1)) AND run_id = \(p(2))"
        let params: [SQLValue] = [.text(name), .text(owner.runID)]
        let keeper = locked { keeperConnection }
        // Whether the run's own connection was found gone (the server lost) while letting the row go.
        var serverLost = false
        defer {
            if let lost = locked({ lostReason }) {
                // After the run's last commit the lease could not be renewed because the server went
                // away: say that, not a takeover nobody made.
                let text = serverLost
                    ? "The connection to the server was lost after this run's last commit (\(lost)); if a standby took over, "
                        + "'current' there says what it holds (asynchronous replication may have lost the last commits)"
                    : "The migration lock was not this run's any more when it ended (\(lost)); nothing was committed after that"
                if warnIfLost { logger.warning("\(text)") } else { logger.debug("releasing the migration lock: \(text)") }
            }
        }
        do {
            if let keeper { _ = try keeper.query(sql, params) } else { _ = try connection.query(sql, params) }
        } catch {
            // The row expires with its lease; a later run takes it over then.
            logger.debug("releasing the migration lock: \(error)")
            do {
                _ = try connection.query(sql, params)
            } catch {
                serverLost = (error as? DatabaseError)?.kind == .connectionLost
                // Both connections gone (the server was lost; the URL may reach a promoted standby now,
                // which has this run's row): a connection of its own deletes it, only if still ours, so
                // the next run need not wait for the lease.
                if let fresh = try? connect() {
                    _ = try? fresh.query(sql, params)
                    fresh.close()
                }
            }
        }
        keeper?.close()
        locked { keeperConnection = nil }
    }

    private func locked<T>(_ body: () throws -> T) rethrows -> T {
        pthread_mutex_lock(&mutex)
        defer { pthread_mutex_unlock(&mutex) }
        return try body()
    }
}

/// The run that holds a migration lock, as its row says.
public struct LockHolder: Sendable, CustomStringConvertible {
    public var owner: RunOwner
    /// Milliseconds left on its lease by the server's clock (negative: expired that long ago).
    public var remainingMillis: Int64
    /// What it said it is doing (`upgrade a -> b, message`).
    public var activity: String?
    /// When its lease ends (the server's clock, milliseconds since 1970).
    public var expiresMillis: Int64 = 0

    /// A lease further ahead than any run renews one (a day): a clock gone wrong or a hand edit, not a
    /// live run. Every run would wait for it; `break_lock` clears it.
    public var wedged: Bool { remainingMillis > 86_400_000 }

    /// "ends 2026-12-03 17:20:01 UTC (in 28 s)" / "ended … (3 s ago)".
    public var leaseText: String {
        let when = ServerTime.format(expiresMillis)
        if remainingMillis < 0 { return "lease ended \(when) (\(Clock.human(Double(-remainingMillis) / 1000)) ago)" }
        return "lease ends \(when) (in \(Clock.human(Double(remainingMillis) / 1000)))"
    }

    public var description: String {
        "another run (\(owner))" + (activity.map { ", applying \($0)" } ?? "")
    }
}
