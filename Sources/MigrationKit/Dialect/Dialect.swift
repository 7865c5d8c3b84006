/// How one database product spells SQL, and what it can do.
///
/// Renderers ask the dialect; they never test which product it is. Dialect-specific
/// behaviour lives in the conforming types (`PostgreSQLDialect`, `MySQLDialect`, `SQLiteDialect`).
public protocol Dialect: Sendable {
    /// The backend this dialect renders for.
    var backend: Backend { get }
    /// The name used in file suffixes and messages (`postgresql`, `mysql`, `sqlite`).
    var name: String { get }
    /// Whether DDL runs inside transactions and rolls back with them.
    var transactionalDDL: Bool { get }
    /// The longest identifier the database accepts, in bytes of UTF-8.
    var maxIdentifierLength: Int { get }
    /// The character that opens and closes a quoted identifier.
    var identifierQuote: Character { get }
    /// Whether backslash is an escape character inside string literals.
    var backslashEscapesInStrings: Bool { get }
    /// The statement that opens a transaction.
    var beginStatement: String { get }
    /// Statements run before a revision's transaction opens, and after it ends (SQLite turns foreign
    /// keys off around a revision: its pragma does nothing inside a transaction).
    var revisionSetup: [String] { get }
    var revisionTeardown: [String] { get }
    /// A query run before a revision commits that must return no rows (SQLite's foreign_key_check).
    var revisionCheck: String? { get }
    /// Statements that set up a migration session before anything else runs (MySQL's strict SQL mode).
    func sessionSetup(_ settings: Settings) -> [String]
    /// The comment a script gives those statements: what each is for.
    func sessionComment(_ settings: Settings) -> String
    /// Statements run right after each transaction a run opens (PostgreSQL's lock_timeout, which must
    /// be SET LOCAL to hold behind PgBouncer's transaction pooling).
    func transactionSetup(_ settings: Settings) -> [String]
    /// Statements an offline script starts with that fail when a live table lacks or has extra
    /// columns compared with what the script relies on; empty where no rebuild copies columns.
    func columnGuard(table: String, columns: [String]) -> [String]

    /// The placeholder for the `index`-th (1-based) bound parameter.
    func placeholder(_ index: Int) -> String
    /// A literal for a binary value.
    func bytesLiteral(_ bytes: [UInt8]) -> String

    /// A query returning a row when the named table exists in the connection's schema.
    func tableExistsQuery(_ table: String) -> (String, [SQLValue])
    /// A query listing the names of the tables in the connection's schema.
    var userTablesQuery: String { get }
    /// Whether the migration lock is a leased row (`LeaseLock`: servers, clusters, poolers) rather than
    /// a lock on the database file.
    var leasedLock: Bool { get }
    /// The error codes of a write that lost to another session's (duplicate key, deadlock, Galera
    /// certification failure, serialization failure): for the lease lock, "someone else has it".
    var writeConflictCodes: Set<String> { get }
    /// An expression for the server's clock in milliseconds since 1970 (leases and the run ledger use
    /// the server's time, the one clock every run of a cluster shares).
    var nowMillisSQL: String { get }
    /// On a cluster whose nodes may lag (Galera), a query that returns 1 when the session is on such a
    /// node, and the statement that makes its reads see everything committed cluster-wide first.
    var causalReads: (detect: String, enable: String)? { get }
    /// On such a cluster, a query for the node's membership as (name, value) rows: whether it is in
    /// the primary component and ready for reads and writes (Galera's wsrep status).
    var clusterNodeStatus: String? { get }
    /// A query listing (table, rows) for the connection's schema, by the database's estimate; nil where
    /// there is none (then rows are counted).
    var tableRowsQuery: String? { get }

    // MARK: DDL hooks (see Dialect+DDL.swift for the shared renderer)

    /// The type as the database spells it in a column definition.
    func typeName(_ type: ColumnType, table: String, column: String) throws -> String
    /// A column default as the database spells it after `DEFAULT`.
    func defaultSQL(_ value: DefaultValue, type: ColumnType) -> String
    /// What makes an integer column generate its values, or nil where the primary key alone does it.
    func autoincrementSQL(_ column: Column) -> String?
    /// Whether columns and tables can carry comments.
    var supportsComments: Bool { get }
    /// How a boolean default is spelled (`true`/`false`, or `1`/`0` where booleans are integers).
    var booleanLiterals: (true: String, false: String) { get }
    /// Whether a default that is an expression (not a bare keyword like CURRENT_TIMESTAMP) must be
    /// parenthesised (MySQL 8 and SQLite require it; PostgreSQL does not).
    var parenthesizesDefaultExpressions: Bool { get }
    /// How a generated column is spelled after its type (`GENERATED ALWAYS AS (…) STORED`); throws where
    /// that kind of generated column does not exist.
    func generatedSQL(_ g: GeneratedColumn) throws -> String
    /// Whether indexes can carry non-key `INCLUDE` columns, a `WHERE` predicate (partial indexes), and
    /// expressions as key elements.
    var indexSupport: (include: Bool, partial: Bool, expressions: Bool) { get }
    /// What `op` costs on an existing table here (lock, rewrite or scan, a safer form); nil where it
    /// touches no existing table. See `Dialect/Dialect+Cost.swift`.
    func cost(of op: MigrationOperation) -> OperationCost?
    /// The query that reads what the database stores about a table for a rebuild from its own text
    /// (rows of type, name, tbl_name, sql); nil where rebuilds are not needed (the default).
    func storedTableQuery(_ table: String) -> String?
    /// What rendering `op` reads from the live database, so it is read before rendering starts.
    func inputs(for op: MigrationOperation) -> RenderInputs
    /// Turns one operation into SQL from the operation and the schema state, which it only reads.
    func render(_ op: MigrationOperation, state: SchemaState) throws -> [DDLStatement]

    // MARK: Comparison (see Dialect+Compare.swift)

    /// A table as this database stores and reports it, so that a declared table and a reflected one
    /// compare equal when they mean the same thing here.
    func comparable(_ table: Table) -> Table
}

extension Dialect {
    public var beginStatement: String { "BEGIN" }
    public var revisionSetup: [String] { [] }
    public var revisionTeardown: [String] { [] }
    public var revisionCheck: String? { nil }
    public func sessionSetup(_ settings: Settings) -> [String] { [] }
    public func sessionComment(_ settings: Settings) -> String { lockWaitNote(settings) ?? "" }
    /// The line a session set-up's comment gives `ddl_lock_timeout`, when it is set.
    public func lockWaitNote(_ settings: Settings) -> String? {
        settings.ddlLockTimeout > 0 ? "A statement waits at most [migrations] ddl_lock_timeout = \(settings.ddlLockTimeout) s for a lock another session holds" : nil
    }
    public func transactionSetup(_ settings: Settings) -> [String] { [] }
    public var tableRowsQuery: String? { nil }
    public var leasedLock: Bool { false }
    public var writeConflictCodes: Set<String> { [] }
    public func generatedSQL(_ g: GeneratedColumn) throws -> String {
        "GENERATED ALWAYS AS (\(g.expression)) \(g.stored ? "STORED" : "VIRTUAL")"
    }
    public var indexSupport: (include: Bool, partial: Bool, expressions: Bool) { (false, false, false) }
    public func inputs(for op: MigrationOperation) -> RenderInputs { RenderInputs() }
    public func storedTableQuery(_ table: String) -> String? { nil }
    public func columnGuard(table: String, columns: [String]) -> [String] { [] }

    /// The identifier quoted, with embedded quote characters doubled. Every name in SQL goes through here.
    public func quote(_ identifier: String) -> String {
        let q = identifierQuote
        var out = String(q)
        for ch in identifier {
            if ch == q { out.append(q) }
            out.append(ch)
        }
        out.append(q)
        return out
    }

    /// A possibly schema-qualified name (`schema.table`), each part quoted.
    public func quote(qualified parts: [String]) -> String {
        parts.map { quote($0) }.joined(separator: ".")
    }

    /// A string literal with quotes (and, where the dialect needs it, backslashes) escaped.
    public func stringLiteral(_ text: String) -> String {
        // Byte by byte: a quote followed by a combining mark is one Character but still a quote to the
        // database, and most strings need no escaping at all.
        let backslashes = backslashEscapesInStrings
        guard text.utf8.contains(where: { $0 == 39 || (backslashes && ($0 == 92 || $0 == 0)) }) else { return "'" + text + "'" }
        var out: [UInt8] = [39]
        out.reserveCapacity(text.utf8.count + 8)
        for b in text.utf8 {
            switch b {
            case 39: out.append(39); out.append(39)
            case 92 where backslashes: out.append(92); out.append(92)
            case 0 where backslashes: out.append(92); out.append(48)
            default: out.append(b)
            }
        }
        out.append(39)
        return String(decoding: out, as: UTF8.self)
    }

    /// A value rendered as a SQL literal, for offline scripts.
    public func literal(_ value: SQLValue) -> String {
        switch value {
        case .null: "NULL"
        case .integer(let i): String(i)
        case .double(let d): d.isFinite ? "\(d)" : stringLiteral("\(d)")
        case .text(let s): stringLiteral(s)
        case .bytes(let b): bytesLiteral(b)
        }
    }

    /// Throws when `identifier` is longer than the database allows.
    public func validateIdentifier(_ identifier: String, kind: String = "name") throws {
        if identifier.utf8.count > maxIdentifierLength {
            throw DialectError.identifierTooLong(
                identifier: identifier, kind: kind, limit: maxIdentifierLength, dialect: name)
        }
        if identifier.isEmpty { throw DialectError.unsupported("an empty \(kind) is not allowed") }
    }
}

/// The dialect for a backend.
public func dialect(for backend: Backend) -> any Dialect {
    switch backend {
    case .postgresql: PostgreSQLDialect()
    case .mysql: MySQLDialect()
    case .sqlite: SQLiteDialect()
    }
}

/// SQL that a dialect cannot render correctly.
public enum DialectError: Error, Sendable, CustomStringConvertible, Equatable {
    case identifierTooLong(identifier: String, kind: String, limit: Int, dialect: String)
    case unsupported(String)
    /// Raw SQL given for other databases only.
    case noSQL(dialect: String)

    public var description: String {
        switch self {
        case let .identifierTooLong(identifier, kind, limit, dialect):
            "\(kind) '\(identifier)' is \(identifier.utf8.count) bytes long; \(dialect) allows at most \(limit)"
        case .unsupported(let what): what
        case .noSQL(let dialect): "the revision has no SQL for \(dialect) and no generic SQL"
        }
    }
}

func hexDigits(_ bytes: [UInt8]) -> String {
    let digits = Array("0123456789ABCDEF")
    var s = ""
    s.reserveCapacity(bytes.count * 2)
    for b in bytes {
        s.append(digits[Int(b >> 4)])
        s.append(digits[Int(b & 15)])
    }
    return s
}
