import Logging

/// Everything a command needs: the repository, the settings, a way to connect, and a logger.
///
/// Commands are plain functions over a context, so tests call them directly; the CLI only parses
/// arguments, builds a context and prints results.
public struct MigrationContext {
    public var repository: MigrationRepository
    public var settings: Settings
    public var connector: any DatabaseConnector
    public var logger: Logger

    public init(repository: MigrationRepository, settings: Settings, connector: any DatabaseConnector, logger: Logger) {
        self.repository = repository
        self.settings = settings
        self.connector = connector
        self.logger = logger
    }

    /// The version table name: the configuration's, else the repository's default.
    public var versionTableName: String {
        settings.versionTableExplicit ? settings.versionTable : repository.defaultVersionTable
    }

    /// The dialect of the configured database (no connection needed).
    public func dialect() throws -> any Dialect {
        MigrationKit.dialect(for: try settings.requireURL().backend)
    }

    /// An open connection, the version table, and the database's current heads, under the migration
    /// lock when `lock` is set (released, and the connection closed, when `body` returns).
    func withDatabase<T>(lock: Bool, _ body: (DatabaseSession) throws -> T) throws -> T {
        let url = try settings.requireURL()
        let connection = try connector.connect(to: url)
        defer { connection.close() }
        let d = MigrationKit.dialect(for: connection.backend)
        let table = VersionTable(name: versionTableName, dialect: d)
        var lockKey: String?
        if lock && settings.useLock {
            var scope = url.database ?? "memory"
            if let q = d.lockScopeQuery, let s = try connection.query(q).first?[0].stringValue { scope = s }
            let key = "vdi-db-manage:\(scope):\(table.name)"
            let timeout = settings.lockTimeout
            try connection.acquireLock(key, timeout: timeout) { holder in
                logger.info("Waiting up to \(Clock.format(timeout)) for the migration lock on \(url), held by \(holder ?? "another vdi-db-manage run")")
            }
            lockKey = key
        }
        defer { if let lockKey { try? connection.releaseLock(lockKey) } }
        let session = DatabaseSession(url: url, connection: connection, dialect: d, versionTable: table)
        return try body(session)
    }
}

/// An open database within a command.
struct DatabaseSession {
    let url: DatabaseURL
    let connection: any DatabaseConnection
    let dialect: any Dialect
    let versionTable: VersionTable

    /// The heads recorded in the version table, as graph indices; unknown ids are an error.
    func heads(in graph: RevisionGraph) throws -> [Int] {
        try versionTable.read(from: connection).map { id in
            guard let i = graph.indexOf(id) else { throw RevisionGraphError.unknownDatabaseRevision(id) }
            return i
        }
    }
}
