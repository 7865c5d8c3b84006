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
    /// Other repositories that share the database (neutron's subprojects): their tables and version
    /// tables are not this repository's business.
    public var siblings: [MigrationRepository]
    /// Whether this is the tool's main repository, to which `[migrations] version_table` applies.
    public var isPrimary: Bool
    /// Where long steps are reported while they run (a terminal's progress line), if anywhere.
    public var display: (any ProgressDisplay)?

    public init(
        repository: MigrationRepository, settings: Settings, connector: any DatabaseConnector, logger: Logger,
        siblings: [MigrationRepository] = [], isPrimary: Bool = true
    ) {
        self.repository = repository
        self.settings = settings
        self.connector = connector
        self.logger = logger
        self.siblings = siblings
        self.isPrimary = isPrimary
    }

    /// The version table name: the configuration's for the main repository, else the repository's own.
    public var versionTableName: String {
        settings.versionTableExplicit && isPrimary ? settings.versionTable : repository.defaultVersionTable
    }

    /// Tables that belong to the sibling repositories: their version tables, their models' tables, and
    /// the tables their histories have created up to the revision each sibling's version table records
    /// (found by replaying that history, without SQL).
    func foreignTables(_ session: DatabaseSession) throws -> [String] {
        var names: [String] = isPrimary ? [] : VersionTable.bookkeeping(settings.versionTable)
        for s in siblings {
            names += VersionTable.bookkeeping(s.defaultVersionTable) + (s.models?.tables.map(\.name) ?? [])
            let graph = try s.graph()
            let heads = try VersionTable(name: s.defaultVersionTable, dialect: session.dialect).read(from: session.connection)
                .compactMap { graph.indexOf($0) }
            names += try replayedState(graph: graph, upTo: heads, dialect: session.dialect).tableNames
        }
        return names
    }

    /// The dialect of the configured database (no connection needed).
    public func dialect() throws -> any Dialect {
        MigrationKit.dialect(for: try settings.requireURL().backend)
    }

    /// An open connection and the version table, under the migration lock when `lock` is set
    /// (released, and the connection closed, when `body` returns). Only a command that may bring a
    /// database into being creates one (`create`, by default whether it takes the lock): `upgrade` and
    /// `stamp` do; reading, `downgrade` and data migrations find an SQLite file that does not exist an
    /// error, and leave no empty file behind.
    /// Refuses a database whose version table holds revisions this history does not have, before a
    /// command over several repositories moves any of them (another repository's run would create its
    /// tables in a database that is not this project's). Other failures are left to the run to report.
    public func refuseForeignVersionRows() throws {
        do {
            try withDatabase(lock: false, create: false) { session in
                if try session.versionTable.exists(on: session.connection) { _ = try session.heads(in: repository.graph()) }
            }
        } catch let e as RevisionGraphError {
            if case .unknownDatabaseRevisions = e { throw e }
        } catch {
            // Not this check's to report (a database not created yet, say).
        }
    }

    func withDatabase<T>(
        lock takeLock: Bool, create: Bool? = nil, verifyRows: Bool = true, writes: Bool? = nil, _ body: (DatabaseSession) throws -> T
    ) throws -> T {
        let url = try settings.requireURL()
        let connection = try connector.connect(to: url, create: create ?? takeLock)
        defer { connection.close() }
        let d = MigrationKit.dialect(for: connection.backend)
        // On a Galera node: one cut off from the cluster is named as such before anything is read, and
        // what the version table says must include what other nodes committed.
        if let node = try ClusterNodeState.read(connection, dialect: d), let reads = d.causalReads {
            try node.requireUsable(url: url, backend: connection.backend)
            try connection.execute(reads.enable)
        }
        // A command that writes, on a standby or a read-only server (a multi-host URL that reached the
        // wrong node): one line naming the server, before anything is read or changed.
        if writes ?? takeLock { try connection.answeringServer()?.requireWritable(url: url, backend: connection.backend) }
        let table = VersionTable(name: versionTableName, dialect: d)
        let owner = RunOwner.current()
        var lock: (any MigrationLock)?
        if takeLock && verifyRows, try table.exists(on: connection) {
            // Rows of another history are read, never written: refused before anything (the lock's
            // table included) is created in that database.
            _ = try DatabaseSession(url: url, connection: connection, dialect: d, versionTable: table, owner: owner).heads(in: repository.graph())
        }
        if takeLock && settings.useLock {
            let connector = self.connector
            let l = migrationLock(
                forVersionTable: table.name, url: url, dialect: d, timeout: settings.lockTimeout, lease: settings.lockLease,
                owner: owner, connect: { try connector.connect(to: url) })
            do {
                try l.acquire(on: connection, url: url, logger: logger, progress: display)
            } catch var e as DatabaseError where e.kind == .connectionLost {
                e.message += " (the server was lost while this run waited for the migration lock: nothing of this run was applied; "
                    + "'current' through the same URL says where the database is)"
                throw e
            }
            lock = l
        }
        // Under a leased lock every statement of the run carries its id (see TaggedConnection).
        let runConnection: any DatabaseConnection = lock?.leasedRow.map { TaggedConnection(connection, tag: $0.statementTag) } ?? connection
        let session = DatabaseSession(url: url, connection: runConnection, dialect: d, versionTable: table, lock: lock, owner: owner)
        let result: T
        do {
            result = try body(session)
        } catch {
            // The error says what happened to the run (a lost lease included): one line, no warning beside it.
            lock?.release(on: connection, logger: logger, warnIfLost: false)
            throw error
        }
        lock?.release(on: connection, logger: logger)
        return result
    }
}

/// An open database within a command.
struct DatabaseSession {
    let url: DatabaseURL
    let connection: any DatabaseConnection
    let dialect: any Dialect
    let versionTable: VersionTable
    /// The migration lock this command holds, if it took one.
    var lock: (any MigrationLock)? = nil
    /// Who this run is, in lock and ledger rows.
    var owner: RunOwner

    /// The heads recorded in the version table, as graph indices; unknown ids are an error.
    func heads(in graph: RevisionGraph) throws -> [Int] {
        let rows = try versionTable.read(from: connection)
        let unknown = rows.filter { graph.indexOf($0) == nil }
        if !unknown.isEmpty { throw RevisionGraphError.unknownDatabaseRevisions(ids: unknown, table: versionTable.name) }
        let heads = rows.compactMap { graph.indexOf($0) }
        // A row that another row descends from is stale: refuse rather than guess which is true.
        let kept = Set(graph.maximal(heads))
        if let stale = heads.first(where: { !kept.contains($0) }) {
            let ancestors = graph.ancestors(of: [stale])
            let newer = heads.first { $0 != stale && graph.ancestors(of: [$0])[stale] && !ancestors[$0] } ?? stale
            throw RevisionGraphError.overlappingVersionRows(table: versionTable.name, revision: graph.revision(newer).id, ancestor: graph.revision(stale).id)
        }
        return heads
    }
}
