/// A live connection to one database, whatever the backend.
///
/// Implementations live in `MigrationKitDrivers`; the engine only sees this protocol.
/// A connection is used from one thread at a time.
public protocol DatabaseConnection: AnyObject {
    /// Which database product this connection talks to.
    var backend: Backend { get }

    /// Runs one statement (or, where the backend allows, several) that returns no rows.
    func execute(_ sql: String) throws

    /// Runs a query with bound parameters and returns all rows.
    ///
    /// Placeholders are written as the backend's dialect spells them (see ``Dialect/placeholder(_:)``).
    func query(_ sql: String, _ parameters: [SQLValue]) throws -> [Row]

    /// Runs several queries in order and hands each one's rows to `each` (with its position) as they
    /// arrive. A backend that can sends them in one round trip and lets the server compute the next
    /// result while `each` handles the last (MariaDB's multi-statements); the others run them one by one.
    /// A failing query stops the rest; the connection stays usable.
    func queries(_ statements: [(sql: String, parameters: [SQLValue])], each: (Int, [Row]) throws -> Void) throws

    /// Runs statements as one transaction: all of them or none. A backend that can sends them in one
    /// round trip (MariaDB's multi-statements); the others begin, run each and commit.
    func executeTogether(_ statements: [String]) throws

    func begin() throws
    func commit() throws
    func rollback() throws

    /// The server's version string (for SQLite, the library's).
    func serverVersion() throws -> String

    /// Whether the connection is encrypted ("TLS <protocol> <cipher>", "no TLS"); nil where that means
    /// nothing (a file).
    func transportSecurity() throws -> String?

    /// Which server answered and whether it takes writes (PostgreSQL: a primary, a hot standby, or a
    /// session that is read-only); nil where the backend does not say (a file, MariaDB).
    func answeringServer() throws -> AnsweringServer?

    /// Closes the connection. Further use throws.
    func close()
}

extension DatabaseConnection {
    public func transportSecurity() throws -> String? { nil }
    public func answeringServer() throws -> AnsweringServer? { nil }

    public func queries(_ statements: [(sql: String, parameters: [SQLValue])], each: (Int, [Row]) throws -> Void) throws {
        for (i, statement) in statements.enumerated() { try each(i, try query(statement.sql, statement.parameters)) }
    }

    public func executeTogether(_ statements: [String]) throws {
        // Deliberate `try?`: the statement's error is the one to report, not the rollback's.
        try runTogether(statements, execute: execute, begin: begin, commit: commit, rollback: { try? rollback() })
    }

    /// Runs a query without parameters.
    public func query(_ sql: String) throws -> [Row] { try query(sql, []) }
}

/// Opens connections from URLs. The drivers target provides the real one; tests may provide others.
public protocol DatabaseConnector: Sendable {
    func connect(to url: DatabaseURL) throws -> any DatabaseConnection
    /// Connects; with `create` false an SQLite file that does not exist is an error, not a new empty
    /// database (read-only commands never create one).
    func connect(to url: DatabaseURL, create: Bool) throws -> any DatabaseConnection
    /// The reflector that reads a backend's catalog.
    func reflector(for backend: Backend) -> any SchemaReflector
}

extension DatabaseConnector {
    public func connect(to url: DatabaseURL, create: Bool) throws -> any DatabaseConnection { try connect(to: url) }
}

/// The server a connection reached: with several hosts in the URL, the one libpq settled on.
public struct AnsweringServer: Sendable, Equatable, CustomStringConvertible {
    /// `host:port` as the client library reports it (a socket directory for a local socket).
    public var endpoint: String
    /// Whether writes are refused there: a standby in recovery, or `default_transaction_read_only`.
    public var readOnly: Bool
    /// "primary", "standby (in recovery)", "read-only server (default_transaction_read_only = on)".
    public var role: String
    /// A standby in recovery (as opposed to a primary that refuses writes by setting).
    public var standby: Bool

    public init(endpoint: String, readOnly: Bool, role: String, standby: Bool = false) {
        self.endpoint = endpoint
        self.readOnly = readOnly
        self.role = role
        self.standby = standby
    }

    public var description: String { "\(endpoint): \(role)" }

    /// Throws, naming the server, when it refuses writes: a command that writes stops before reading
    /// or changing anything.
    public func requireWritable(url: DatabaseURL, backend: Backend) throws {
        guard readOnly else { return }
        let attrs = url.option("target_session_attrs")
        let hint: String
        if !standby {
            hint = "turn default_transaction_read_only off there (ALTER SYSTEM, ALTER DATABASE or ALTER ROLE … RESET default_transaction_read_only), or point the URL at a writable primary"
        } else if let attrs, attrs != "read-write" && attrs != "primary" {
            hint = "target_session_attrs=\(attrs) lets libpq choose a standby; a command that writes needs target_session_attrs=read-write (or primary)"
        } else if url.endpoints.count > 1 {
            hint = attrs == nil
                ? "add target_session_attrs=read-write to the URL so that libpq passes over standbys"
                : "no host the URL lists is a writable primary now; promote one, or add the primary to the URL"
        } else {
            hint = "point the URL at the primary, or list every node with target_session_attrs=read-write"
        }
        throw DatabaseError(
            kind: .connection, backend: backend,
            message: "the server that answered, \(endpoint), is a \(role) and refuses writes; nothing was read or changed: \(hint)")
    }
}
