import Logging

/// The lock that keeps two runs on one database apart: taken before the version table is read, so a
/// run that waited does only what is left, and released when the run ends.
///
/// On PostgreSQL and MySQL/MariaDB it is a ``LeaseLock``: a committed row with a lease, which holds on a
/// Galera cluster (where `GET_LOCK` is local to one node) and behind PgBouncer's transaction pooling
/// (where a session lock is not ours to keep). On SQLite it is an exclusive `flock` on the database file
/// (`DatabaseConnection.acquireLock`), which the kernel drops with the process.
public final class MigrationLock: @unchecked Sendable {
    /// The file lock's name (SQLite): the tool and the version table it guards.
    public let key: String
    /// Seconds to wait for a run that holds it.
    public let timeout: Double
    /// The row lock, on server backends.
    public let lease: LeaseLock?

    public init(key: String, timeout: Double, lease: LeaseLock? = nil) {
        self.key = key
        self.timeout = timeout
        self.lease = lease
    }

    /// The lock for `versionTable` (a leased row in the connection's schema, or a lock on the database
    /// file); `connect` opens the extra connection that keeps a lease alive.
    public static func forVersionTable(
        _ versionTable: String, url: DatabaseURL, dialect: any Dialect, timeout: Double,
        lease: Double = 30, owner: RunOwner = .current(), connect: @escaping @Sendable () throws -> any DatabaseConnection
    ) -> MigrationLock {
        let row = dialect.leasedLock ? LeaseLock(versionTable: versionTable, dialect: dialect, owner: owner, lease: lease, connect: connect) : nil
        return MigrationLock(key: "vdi-db-manage:\(url.database ?? "memory"):\(versionTable)", timeout: timeout, lease: row)
    }

    /// Takes the lock, saying once (at info) whom it waits for, and (at warning) whose expired lock it
    /// takes over.
    public func acquire(on connection: any DatabaseConnection, url: DatabaseURL, logger: Logger, progress: (any RunProgress)? = nil) throws {
        var waited = false
        defer { if waited { progress?.end() } }
        let wait = { (who: String) in
            logger.info("Waiting up to \(Clock.format(self.timeout)) for the migration lock on \(url), held by \(who)")
            progress?.begin("waiting for the migration lock held by \(who)")
            waited = true
        }
        guard let lease else {
            return try connection.acquireLock(key, timeout: timeout) { holder in wait(holder ?? "another vdi-db-manage run") }
        }
        try lease.acquire(
            on: connection, timeout: timeout, onWait: { wait($0.description) },
            onTakeOver: { dead in
                let doing = dead.activity.map { ", last applying \($0)" } ?? ""
                logger.warning("Took over the migration lock of a run that stopped renewing it (\(dead.owner)\(doing)): its lease expired \(Clock.human(Double(-dead.remainingMillis) / 1000)) ago")
            })
        lease.prepareSession(connection)
    }

    /// Releases the lock. A failure here is not the interesting error of a run (a lease expires, a
    /// session lock goes with the connection), so it is logged, not thrown.
    public func release(on connection: any DatabaseConnection, logger: Logger, warnIfLost: Bool = true) {
        if let lease { return lease.release(on: connection, logger: logger, warnIfLost: warnIfLost) }
        do { try connection.releaseLock(key) } catch {
            logger.debug("releasing the migration lock: \(error)")
        }
    }
}
