import Logging

/// The lock that keeps two runs on one database apart: taken before the version table is read, so a
/// run that waited does only what is left, and released when the run ends (or with its connection).
///
/// Behind it, one implementation per backend (`DatabaseConnection.acquireLock`): PostgreSQL
/// `pg_advisory_lock` with `lock_timeout`, MariaDB `GET_LOCK`, SQLite an exclusive `flock` on the file.
/// Clusters and poolers (Galera, PgBouncer in transaction mode) need what these session locks cannot
/// give; this type is the seam where such a lock goes.
public struct MigrationLock: Sendable {
    /// The lock's name: the tool, the database (and schema) and the version table it guards.
    public let key: String
    /// Seconds to wait for a run that holds it.
    public let timeout: Double

    public init(key: String, timeout: Double) {
        self.key = key
        self.timeout = timeout
    }

    /// The lock for `versionTable` in the database `connection` works in.
    public static func forVersionTable(
        _ versionTable: String, url: DatabaseURL, connection: any DatabaseConnection, dialect: any Dialect, timeout: Double
    ) throws -> MigrationLock {
        var scope = url.database ?? "memory"
        if let q = dialect.lockScopeQuery, let s = try connection.query(q).first?[0].stringValue { scope = s }
        return MigrationLock(key: "vdi-db-manage:\(scope):\(versionTable)", timeout: timeout)
    }

    /// Takes the lock, saying once (at info) whom it waits for.
    public func acquire(on connection: any DatabaseConnection, url: DatabaseURL, logger: Logger, progress: (any RunProgress)? = nil) throws {
        var waited = false
        defer { if waited { progress?.end() } }
        try connection.acquireLock(key, timeout: timeout) { holder in
            let who = holder ?? "another vdi-db-manage run"
            logger.info("Waiting up to \(Clock.format(timeout)) for the migration lock on \(url), held by \(who)")
            progress?.begin("waiting for the migration lock held by \(who)")
            waited = true
        }
    }

    /// Releases the lock. A failure here is not the interesting error of a run (the lock goes with the
    /// connection, which is closed right after), so it is logged, not thrown.
    public func release(on connection: any DatabaseConnection, logger: Logger) {
        do { try connection.releaseLock(key) } catch {
            logger.debug("releasing the migration lock: \(error)")
        }
    }
}
