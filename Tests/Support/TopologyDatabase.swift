import Foundation
import MigrationKit
import MigrationKitDrivers
import Testing

/// The production topologies the lock must hold on, started by `scripts/test.sh` (scripts/lib/topologies.sh).
public enum Topology: String, Sendable, CaseIterable, CustomStringConvertible {
    /// Three MariaDB nodes in one Galera cluster; runs are spread over the nodes.
    case galera
    /// PostgreSQL behind PgBouncer with `pool_mode = transaction`.
    case pgbouncerTransaction = "pgbouncer-transaction"
    /// PostgreSQL behind PgBouncer with `pool_mode = session`.
    case pgbouncerSession = "pgbouncer-session"

    public var description: String { rawValue }

    var environmentKey: String {
        switch self {
        case .galera: "VDI_TEST_GALERA_URLS"
        case .pgbouncerTransaction: "VDI_TEST_PGBOUNCER_TX_URL"
        case .pgbouncerSession: "VDI_TEST_PGBOUNCER_SESSION_URL"
        }
    }

    public var backend: Backend { self == .galera ? .mysql : .postgresql }
}

/// A database of its own for one test on a topology: a fresh database on the Galera cluster (reached
/// through each node), or a fresh PostgreSQL database reached through PgBouncer. Without the topology's
/// environment the test is reported as skipped; in CI it fails.
public final class TopologyDatabase: @unchecked Sendable {
    public let topology: Topology
    /// The URLs runs use: one per Galera node, or PgBouncer's.
    public let urls: [DatabaseURL]
    /// A direct connection's URL for checking results (node 1, or the PostgreSQL server itself).
    public let directURL: DatabaseURL
    public let name: String

    public static func with(_ topology: Topology, label: String = #function, _ body: (TopologyDatabase) throws -> Void) throws {
        let env = ProcessInfo.processInfo.environment
        guard let text = env[topology.environmentKey], !text.isEmpty,
            topology == .galera || TestDatabase.serverURL(.postgresql) != nil
        else {
            let message = "\(topology) tests need \(topology.environmentKey) (scripts/test.sh sets it)"
            if TestDatabase.inCI { throw TestSetupError(message: "CI: " + message) }
            FileHandle.standardError.write(Data("skipped: \(message)\n".utf8))
            Issue.record(Comment(rawValue: "skipped: " + message), severity: .warning)
            try Test.cancel(Comment(rawValue: "skipped: " + message))
        }
        let db = try TopologyDatabase(topology, text: text, label: label)
        FileHandle.standardError.write(Data("[\(topology)] \(label) on \(db.name)\n".utf8))
        defer { db.drop() }
        try body(db)
    }

    private init(_ topology: Topology, text: String, label: String) throws {
        self.topology = topology
        let suffix = String(UInt64.random(in: 0...UInt64.max), radix: 36)
        let safe = String(label.lowercased().map { $0.isLetter || $0.isNumber ? $0 : "_" }.prefix(24))
        name = "t_\(safe)_\(suffix)"
        switch topology {
        case .galera:
            let nodes = try text.split(separator: " ").map { try DatabaseURL(parsing: String($0)) }
            let admin = try MariaDBConnection(url: nodes[0])
            defer { admin.close() }
            try admin.execute("CREATE DATABASE \(MySQLDialect().quote(name)) CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci")
            // Galera applies DDL on the other nodes in total order, but the node that ran it answers
            // first: a run that connects to node 3 a moment later can be told the database is unknown.
            // A causal read on every node waits until that node has applied the CREATE.
            for node in nodes.dropFirst() {
                let c = try MariaDBConnection(url: node)
                defer { c.close() }
                try c.execute("SET SESSION wsrep_sync_wait = 1")
                let found = try c.query("SELECT SCHEMA_NAME FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = \(MySQLDialect().stringLiteral(name))")
                guard found.count == 1 else { throw TestSetupError(message: "Galera node \(node): database \(name) not replicated") }
            }
            let database = name
            urls = nodes.map { var u = $0; u.database = database; return u }
            directURL = urls[0]
        case .pgbouncerTransaction, .pgbouncerSession:
            // PgBouncer passes no `options` (search_path), so each test gets a database of its own,
            // which PgBouncer's `*` entry reaches by name.
            let server = TestDatabase.serverURL(.postgresql)!
            let admin = try PostgreSQLConnection(url: server)
            defer { admin.close() }
            try admin.execute("CREATE DATABASE \(PostgreSQLDialect().quote(name))")
            var bouncer = try DatabaseURL(parsing: text)
            bouncer.database = name
            urls = [bouncer]
            var direct = server
            direct.database = name
            directURL = direct
        }
    }

    /// The URL for the `i`-th of several runs: runs are spread over the nodes round-robin.
    public func url(for i: Int) -> DatabaseURL { urls[i % urls.count] }

    public func connect() throws -> any DatabaseConnection { try NativeConnector().connect(to: directURL) }

    func drop() {
        switch topology {
        case .galera:
            if let admin = try? MariaDBConnection(url: urls[0]) {
                try? admin.execute("DROP DATABASE \(MySQLDialect().quote(name))")
                admin.close()
            }
        case .pgbouncerTransaction, .pgbouncerSession:
            guard let server = TestDatabase.serverURL(.postgresql), let admin = try? PostgreSQLConnection(url: server) else { return }
            // PgBouncer may still hold server connections to it.
            try? admin.execute("DROP DATABASE \(PostgreSQLDialect().quote(name)) WITH (FORCE)")
            admin.close()
        }
    }
}
