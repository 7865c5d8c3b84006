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
/// was. A holder whose row was taken over stops before its next statement. All times are the server's.
public final class LeaseLock: @unchecked Sendable {
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

    public init(versionTable: String, dialect: any Dialect, owner: RunOwner, lease: Double, connect: @escaping @Sendable () throws -> any DatabaseConnection) {
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
    public func acquire(on connection: any DatabaseConnection, timeout: Double, onWait: (LockHolder) -> Void, onTakeOver: (LockHolder) -> Void) throws {
        try ensureTable(connection)
        let deadline = Clock.now() + timeout
        var waited = false
        var g = SystemRandomNumberGenerator()
        while true {
            if try insert(connection) { return startKeeping() }
            if let holder = try Self.holder(in: connection, table: table, dialect: dialect) {
                if holder.remainingMillis < 0 {
                    if try takeOver(connection, from: holder) {
                        onTakeOver(holder)
                        return startKeeping()
                    }
                    continue
                }
                if !waited {
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
                        + (holder.map { $0.description } ?? "another run"))
            }
            // Polling with jitter, so that many waiting runs do not all try at the same instant.
            usleep(useconds_t(min(left, Double.random(in: 0.15...0.35, using: &g)) * 1_000_000))
        }
    }

    /// `CREATE TABLE IF NOT EXISTS`, which concurrent runs may race (PostgreSQL can then fail on its
    /// catalog's unique index): a failure is fine when the table is there afterwards.
    private func ensureTable(_ connection: any DatabaseConnection) throws {
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
        do {
            _ = try connection.query(sql, [.text(name), .text(owner.runID), .text(owner.host), .integer(Int64(owner.pid))])
            return true
        } catch let e as DatabaseError where isConflict(e) {
            return false
        }
    }

    /// Takes over an expired holder's row: only if it is still that holder's and still expired.
    private func takeOver(_ connection: any DatabaseConnection, from holder: LockHolder) throws -> Bool {
        let sql = "UPDATE \(q) SET run_id = \(p(1)), host = \(p(2)), pid = \(p(3)), started_ms = \(dialect.nowMillisSQL), "
            + "expires_ms = \(dialect.nowMillisSQL) + \(leaseMillis), activity = NULL "
            + "WHERE name = \(p(4)) AND run_id = \(p(5)) AND expires_ms < \(dialect.nowMillisSQL)"
        do {
            _ = try connection.query(sql, [.text(owner.runID), .text(owner.host), .integer(Int64(owner.pid)), .text(name), .text(holder.owner.runID)])
        } catch let e as DatabaseError where isConflict(e) {
            return false
        }
        return try Self.holder(in: connection, table: table, dialect: dialect)?.owner.runID == owner.runID
    }

    /// A write that lost to another run's: a duplicate key, or a conflict the server or the cluster
    /// resolved against us (the dialect's `writeConflictCodes`).
    func isConflict(_ e: DatabaseError) -> Bool { e.code.map(dialect.writeConflictCodes.contains) ?? false }

    /// The run holding the lock of `table`'s version table, if any (whether or not its lease is alive).
    public static func holder(in connection: any DatabaseConnection, table: String, dialect: any Dialect) throws -> LockHolder? {
        let (exists, params) = dialect.tableExistsQuery(table)
        guard try !connection.query(exists, params).isEmpty else { return nil }
        let sql = "SELECT run_id, host, pid, started_ms, expires_ms - \(dialect.nowMillisSQL), activity FROM \(dialect.quote(table))"
        guard let row = try connection.query(sql).first else { return nil }
        return LockHolder(
            owner: RunOwner(runID: row[0].stringValue ?? "?", host: row[1].stringValue ?? "?", pid: Int(row[2].intValue ?? 0), startedMillis: row[3].intValue),
            remainingMillis: row[4].intValue ?? 0, activity: row[5].stringValue)
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

    private func startKeeping() {
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
            _ = try c.query(
                "UPDATE \(q) SET expires_ms = \(dialect.nowMillisSQL) + \(leaseMillis), activity = \(p(1)) WHERE name = \(p(2)) AND run_id = \(p(3))",
                [text.map { .text($0) } ?? .null, .text(name), .text(owner.runID)])
            let holder = try Self.holder(in: c, table: table, dialect: dialect)
            if holder?.owner.runID != owner.runID {
                locked {
                    if lostReason == nil {
                        lostReason = holder.map { "the migration lock was taken over by \($0.owner)" } ?? "the migration lock row was removed"
                    }
                }
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
    public func release(on connection: any DatabaseConnection, logger: Logger) {
        locked { stopping = true }
        if let t = thread { pthread_join(t, nil) }
        thread = nil
        let sql = "DELETE FROM \(q) WHERE name = \(p(1)) AND run_id = \(p(2))"
        let params: [SQLValue] = [.text(name), .text(owner.runID)]
        let keeper = locked { keeperConnection }
        do {
            if let keeper { _ = try keeper.query(sql, params) } else { _ = try connection.query(sql, params) }
        } catch {
            // The row expires with its lease; a later run takes it over then.
            logger.debug("releasing the migration lock: \(error)")
            _ = try? connection.query(sql, params)
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

    public var description: String {
        "another run (\(owner))" + (activity.map { ", applying \($0)" } ?? "")
    }
}
