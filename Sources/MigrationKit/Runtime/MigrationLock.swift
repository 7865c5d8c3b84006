import Logging

/// The lock that keeps two runs on one database apart: taken before the version table is read, so a
/// run that waited does only what is left, and released when the run ends.
///
/// Two kinds, chosen by the dialect (`Dialect.leasedLock`): on PostgreSQL and MySQL/MariaDB a
/// ``LeaseLock``, a committed row with a lease, which holds on a Galera cluster (where `GET_LOCK` is
/// local to one node) and behind PgBouncer's transaction pooling (where a session lock is not ours to
/// keep); on SQLite a ``FileLock``, an exclusive `flock` on the database file, which the kernel drops
/// with the process. Connections know nothing of either.
public protocol MigrationLock: AnyObject, Sendable {
    /// The leased row, where the lock is one: the run fences its commits with it and tags its
    /// statements with its id. Nil for a file lock.
    var leasedRow: LeaseLock? { get }

    /// Takes the lock, saying once (at info) whom it waits for, and (at warning) whose expired lock it
    /// takes over; throws a lock timeout after the lock's timeout.
    func acquire(on connection: any DatabaseConnection, url: DatabaseURL, logger: Logger, progress: (any ProgressDisplay)?) throws

    /// Releases the lock. A failure here is not the interesting error of a run (a lease expires, a file
    /// lock goes with the process), so it is logged, not thrown. `warnIfLost`: say so (at warning) when
    /// the lease was lost; a run that failed has said what happened in its error.
    func release(on connection: any DatabaseConnection, logger: Logger, warnIfLost: Bool)
}

extension MigrationLock {
    public func acquire(on connection: any DatabaseConnection, url: DatabaseURL, logger: Logger) throws {
        try acquire(on: connection, url: url, logger: logger, progress: nil)
    }

    public func release(on connection: any DatabaseConnection, logger: Logger) {
        release(on: connection, logger: logger, warnIfLost: true)
    }

    /// The line a waiting run prints, and the progress display it starts.
    static func waiting(for who: String, url: DatabaseURL, timeout: Double, logger: Logger, progress: (any ProgressDisplay)?) {
        logger.info("Waiting up to \(Clock.format(timeout)) for the migration lock on \(url), held by \(who)")
        progress?.begin("waiting for the migration lock held by \(who)")
    }
}

/// The lock for `versionTable` on the database `url` names: a leased row in the connection's schema
/// where the dialect takes one, else a lock on the database file (none for an in-memory database);
/// `connect` opens the extra connection that keeps a lease alive.
public func migrationLock(
    forVersionTable versionTable: String, url: DatabaseURL, dialect: any Dialect, timeout: Double,
    lease: Double = 30, owner: RunOwner = .current(), connect: @escaping @Sendable () throws -> any DatabaseConnection
) -> any MigrationLock {
    if dialect.leasedLock {
        return LeaseLock(versionTable: versionTable, dialect: dialect, owner: owner, lease: lease, timeout: timeout, connect: connect)
    }
    return FileLock(path: url.isInMemorySQLite ? nil : url.database, timeout: timeout)
}
