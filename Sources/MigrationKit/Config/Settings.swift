/// The options vdi-db-manage reads from its configuration, typed and validated.
///
/// | option | default | meaning |
/// |---|---|---|
/// | `[database] connection` | — | the database URL (SQLAlchemy form); `[alembic] sqlalchemy.url` is read when it is not set |
/// | `[database] mysql_sql_mode` | `TRADITIONAL` | the session SQL mode on MySQL/MariaDB (oslo.db's option); empty keeps the server's |
/// | `[migrations] version_table` | `alembic_version` | the version table's name |
/// | `[migrations] lock_timeout` | `300` | seconds to wait for another run's migration lock |
/// | `[migrations] lock` | `true` | take the migration lock at all |
/// | `[migrations] ddl_lock_timeout` | `0` | seconds a revision's statement waits for a table lock another session holds before the revision fails and rolls back; 0 waits as long as the database does |
/// | `[migrations] lock_lease` | `30` | seconds a run's lock outlives its last renewal (a dead run's lock is taken over after that) |
/// | `[migrations] transaction_per_migration` | `true` | `false` runs a whole upgrade in one transaction (PostgreSQL, SQLite) |
/// | `[migrations] exclude_tables` | — | comma-separated table names (`*` wildcards) that autogenerate and `check` ignore |
/// | `[migrations] source_dir` | `Sources/Migrations` | where `revision` writes scripts and `check_migration` looks for them |
/// | `[migrations] subproject` | — | the repository commands work on without `--subproject` (`vdi`, `accounting`, `all`) |
public struct Settings: Sendable {
    public var url: DatabaseURL?
    public var versionTable: String = "alembic_version"
    /// Whether `version_table` was set in the configuration (else each repository's default applies).
    public var versionTableExplicit = false
    public var lockTimeout: Double = 300
    /// The SQL mode every MySQL/MariaDB session of a run sets, as oslo.db does: TRADITIONAL makes a
    /// value that does not fit an error instead of a silent truncation. Empty keeps the server's mode.
    public var mysqlSQLMode: String = "TRADITIONAL"
    public var useLock: Bool = true
    /// Seconds a run's lock row stays its own without being renewed (a live run renews it every
    /// quarter of this); after that another run may take it over.
    public var lockLease: Double = 30
    public var transactionPerMigration: Bool = true
    /// Seconds a statement of a revision waits for a lock another session (the running service) holds
    /// before it fails; 0 leaves the database's own wait (PostgreSQL: forever; MariaDB: a year).
    public var ddlLockTimeout: Double = 0
    public var excludeTables: [String] = []
    public var sourceDirectory: String = "Sources/Migrations"
    /// Whether `source_dir` was set (else each repository's own directory applies).
    public var sourceDirectoryExplicit = false
    /// The repository commands work on when `--subproject` is not given.
    public var subproject: String?

    public init() {}

    /// Reads and validates every option; errors name the file and line of the offending value.
    public init(_ config: Configuration) throws {
        // oslo.config's [database] connection; an alembic.ini's [alembic] sqlalchemy.url as a fallback.
        for (section, key) in [("database", "connection"), ("alembic", "sqlalchemy.url")] {
            guard let text = try config.string(section, key), !text.trimmingWhitespace().isEmpty else { continue }
            do {
                url = try DatabaseURL(parsing: text)
            } catch let e as DatabaseURLError {
                throw config.error(section, key, e.description)
            }
            // A relative SQLite path written in a config file is relative to that file, wherever the
            // command runs from; from the environment or the command line, to the working directory.
            if var u = url, u.backend == .sqlite, !u.isInMemorySQLite, let path = u.database, !path.hasPrefix("/"),
                let entry = config.entry(section, key), entry.line != nil, let slash = entry.origin.lastIndex(of: "/")
            {
                u.database = String(entry.origin[...slash]) + path
                url = u
            }
            break
        }
        if let v = try config.string("database", "mysql_sql_mode") {
            let mode = v.trimmingWhitespace()
            guard mode.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_" || $0 == ",") }) else {
                throw config.error("database", "mysql_sql_mode", "must be a comma-separated list of SQL mode names")
            }
            // The literal and identifier renderers assume backslash escapes and backtick quoting.
            let names = Set(mode.uppercased().split(separator: ",").map(String.init))
            if let bad = names.first(where: { ["ANSI", "ANSI_QUOTES", "NO_BACKSLASH_ESCAPES"].contains($0) }) {
                throw config.error("database", "mysql_sql_mode", "\(bad) is not supported: it changes how strings and names are quoted")
            }
            mysqlSQLMode = mode
        }
        if let v = try config.string("migrations", "version_table") {
            guard !v.isEmpty, v.utf8.count <= 63 else {
                throw config.error("migrations", "version_table", "must be a table name of 1 to 63 bytes")
            }
            versionTable = v
            versionTableExplicit = true
        }
        if let v = try config.double("migrations", "lock_timeout") {
            guard v >= 0 else { throw config.error("migrations", "lock_timeout", "must not be negative") }
            lockTimeout = v
        }
        useLock = try config.bool("migrations", "lock") ?? true
        if let v = try config.double("migrations", "lock_lease") {
            guard v >= 1, v <= 86_400 else { throw config.error("migrations", "lock_lease", "must be between 1 and 86400 seconds") }
            lockLease = v
        }
        transactionPerMigration = try config.bool("migrations", "transaction_per_migration") ?? true
        if let v = try config.double("migrations", "ddl_lock_timeout") {
            guard v >= 0, v <= 31_536_000 else { throw config.error("migrations", "ddl_lock_timeout", "must be between 0 and 31536000 seconds") }
            ddlLockTimeout = v
        }
        excludeTables = try config.list("migrations", "exclude_tables") ?? []
        subproject = try config.string("migrations", "subproject")
        if let dir = try config.string("migrations", "source_dir") {
            sourceDirectory = dir
            sourceDirectoryExplicit = true
        }
    }

    /// The database URL, or an error telling the operator where to set it.
    public func requireURL() throws -> DatabaseURL {
        guard let url else {
            throw ConfigError(
                "no database configured: set [database] connection in a --config-file, "
                    + "or OS_DATABASE__CONNECTION, or pass --database-connection")
        }
        return url
    }
}
