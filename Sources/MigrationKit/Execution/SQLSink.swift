import Logging

/// Where SQL goes: a live connection, or a script for a DBA to review.
///
/// Every statement a migration issues — schema changes, data changes, version-table writes,
/// transaction control — passes through a sink, so `--sql` prints exactly what an online run executes.
public protocol SQLSink: AnyObject {
    var dialect: any Dialect { get }
    /// True when writing a script instead of executing.
    var isOffline: Bool { get }
    func execute(_ sql: String) throws
    /// Runs a query online and returns its rows; offline writes it and returns nil.
    func query(_ sql: String) throws -> [Row]?
    func begin() throws
    func commit() throws
    /// Undoes the open transaction; errors while rolling back are not the interesting ones.
    func rollback()
    /// A comment in the script (`-- Running upgrade …`); online, nothing.
    func comment(_ text: String)
    /// A read the run makes for its own knowledge (what already violates a key, say): online it asks
    /// the database, offline it returns nil. Never part of a script, so never what a run changes.
    func inspect(_ sql: String) throws -> [Row]?
    /// Inserts rows: online by the connection's fastest path, offline as `INSERT … VALUES` statements.
    func load(_ insert: BulkInsert) throws
    /// Bookkeeping statements that must land together (one transaction; online, on MariaDB, one round
    /// trip; a single statement runs as it is). Only for a run's own records, never for a revision's
    /// statements.
    func executeTogether(_ statements: [String]) throws
}

extension SQLSink {
    public func inspect(_ sql: String) throws -> [Row]? { nil }
    public func executeTogether(_ statements: [String]) throws {
        try runTogether(statements, execute: execute, begin: begin, commit: commit, rollback: rollback)
    }
    public func load(_ insert: BulkInsert) throws {
        for sql in dialect.bulkInsertSQL(insert) { try execute(sql) }
    }
}

/// Executes on a live connection, logging each statement at debug level.
public final class ConnectionSink: SQLSink {
    public let connection: any DatabaseConnection
    public let dialect: any Dialect
    let logger: Logger

    public init(connection: any DatabaseConnection, logger: Logger) {
        self.connection = connection
        self.dialect = MigrationKit.dialect(for: connection.backend)
        self.logger = logger
    }

    public var isOffline: Bool { false }

    public func execute(_ sql: String) throws {
        logger.debug("\(sql)")
        try connection.execute(sql)
    }

    public func query(_ sql: String) throws -> [Row]? {
        logger.debug("\(sql)")
        return try connection.query(sql)
    }

    public func load(_ insert: BulkInsert) throws {
        // The statements a script would carry, for --debug; rendered only when they are logged.
        if logger.logLevel <= .debug { for sql in dialect.bulkInsertSQL(insert) { logger.debug("\(sql)") } }
        try connection.load(insert)
    }

    public func begin() throws {
        logger.debug("\(dialect.beginStatement)")
        try connection.begin()
    }

    public func executeTogether(_ statements: [String]) throws {
        if statements.count < 2 { return try statements.forEach(execute) }
        logger.debug("\(dialect.beginStatement)")
        for sql in statements { logger.debug("\(sql)") }
        logger.debug("COMMIT")
        try connection.executeTogether(statements)
    }

    public func commit() throws {
        logger.debug("COMMIT")
        try connection.commit()
    }

    public func rollback() {
        logger.debug("ROLLBACK")
        // Deliberate: a failed rollback is not the error the caller is reporting (the connection closes next).
        try? connection.rollback()
    }

    public func comment(_ text: String) {}

    public func inspect(_ sql: String) throws -> [Row]? {
        try connection.query(sql)
    }
}

/// Writes a SQL script: each statement ended with `;` and followed by a blank line.
public final class ScriptSink: SQLSink {
    public let dialect: any Dialect
    let write: (String) -> Void

    public init(dialect: any Dialect, write: @escaping (String) -> Void) {
        self.dialect = dialect
        self.write = write
    }

    public var isOffline: Bool { true }

    public func execute(_ sql: String) throws {
        var text = Substring(sql)
        while let last = text.last, last.isWhitespace || last == ";" { text = text.dropLast() }
        write(text + ";\n\n")
    }

    public func query(_ sql: String) throws -> [Row]? {
        try execute(sql)
        return nil
    }

    public func begin() throws { write(dialect.beginStatement + ";\n\n") }
    public func commit() throws { write("COMMIT;\n\n") }
    public func rollback() {}

    public func comment(_ text: String) {
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) { write("-- \(line)\n") }
        write("\n")
    }
}

/// Discards everything: used to replay a history offline so the schema state at a start revision is
/// known (a SQLite rebuild needs the table it rebuilds), without writing any SQL.
public final class DiscardingSink: SQLSink {
    public let dialect: any Dialect
    /// The statements it was given, when `keeping` (to learn what a history does without running it).
    public private(set) var executed: [String] = []
    let keeping: Bool
    let keepingRows: Bool
    /// `keepingRows`: whether a bulk insert is kept too, as one line with a hash of its rows (checksums
    /// need it; a search for the tables a history creates does not).
    public init(dialect: any Dialect, keeping: Bool = false, keepingRows: Bool = true) {
        self.dialect = dialect
        self.keeping = keeping
        self.keepingRows = keepingRows
    }
    public var isOffline: Bool { true }
    public func execute(_ sql: String) throws { if keeping { executed.append(sql) } }
    public func load(_ insert: BulkInsert) throws {
        // What a checksum needs: the statement's shape and a hash of the rows (rendering a million
        // rows as SQL to hash them took longer than loading them).
        if keeping && keepingRows {
            executed.append("INSERT INTO \(dialect.quote(insert.table)) (\(insert.columns.map(dialect.quote).joined(separator: ", "))) -- \(insert.rows.count) rows, batches of \(insert.batchSize), rows hash \(insert.rowsHash)")
        }
    }
    public func query(_ sql: String) throws -> [Row]? { nil }
    public func begin() throws {}
    public func commit() throws {}
    public func rollback() {}
    public func comment(_ text: String) {}
}
