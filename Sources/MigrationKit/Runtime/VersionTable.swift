/// Alembic's version table: `version_num VARCHAR(32)`, primary key `<table>_pkc`, one row per head.
///
/// Every statement is rendered here, with literals from the dialect, so online and offline
/// runs write the same SQL.
public struct VersionTable: Sendable {
    public let name: String
    public let dialect: any Dialect
    /// The width of `version_num`; longer revision ids cannot be stored.
    public static let idLength = 32

    public init(name: String, dialect: any Dialect) {
        self.name = name
        self.dialect = dialect
    }

    var quotedName: String { dialect.quote(name) }

    /// The version table and the tables kept beside it (`_progress`, `_lock`, `_ledger`): the tool's
    /// bookkeeping, which autogenerate, `inspect` and the untracked-database guard leave out.
    public static func bookkeeping(_ name: String) -> [String] {
        [name, name + "_progress", name + "_lock", name + "_ledger"]
    }

    public var createSQL: String {
        let pk = dialect.quote(name + "_pkc")
        // IF NOT EXISTS: a --sql script from base also runs on a database whose version table is
        // there and empty (after 'downgrade base'), as an online run does.
        return "CREATE TABLE IF NOT EXISTS \(quotedName) (\n    version_num VARCHAR(\(Self.idLength)) NOT NULL, \n"
            + "    CONSTRAINT \(pk) PRIMARY KEY (version_num)\n)"
    }

    public func insertSQL(_ id: String) -> String {
        "INSERT INTO \(quotedName) (version_num) VALUES (\(dialect.stringLiteral(id)))"
    }

    public func updateSQL(from old: String, to new: String) -> String {
        "UPDATE \(quotedName) SET version_num=\(dialect.stringLiteral(new)) WHERE \(quotedName).version_num = \(dialect.stringLiteral(old))"
    }

    public func deleteSQL(_ id: String) -> String {
        "DELETE FROM \(quotedName) WHERE \(quotedName).version_num = \(dialect.stringLiteral(id))"
    }

    public var purgeSQL: String { "DELETE FROM \(quotedName)" }

    public var selectSQL: String { "SELECT version_num FROM \(quotedName)" }

    /// The statements that turn the rows `old` into `new`: deletes, then updates, then inserts
    /// (a merge deletes all parents but one and updates that one, as Alembic does).
    public func changeSQL(from old: [String], to new: [String]) throws -> [String] {
        let removed = old.filter { !new.contains($0) }
        let added = new.filter { !old.contains($0) }
        for id in added where id.utf8.count > Self.idLength {
            throw MigrationError.revisionIDTooLong(id: id, limit: Self.idLength)
        }
        var sql: [String] = []
        let paired = min(removed.count, added.count)
        for id in removed.dropFirst(paired) { sql.append(deleteSQL(id)) }
        for k in 0..<paired { sql.append(updateSQL(from: removed[k], to: added[k])) }
        for id in added.dropFirst(paired) { sql.append(insertSQL(id)) }
        return sql
    }

    /// Whether the table exists, asked of the database's own catalog.
    public func exists(on connection: any DatabaseConnection) throws -> Bool {
        let (sql, params) = dialect.tableExistsQuery(name)
        return try !connection.query(sql, params).isEmpty
    }

    /// The revision ids recorded, or none when the table does not exist. A row whose `version_num` is
    /// not text (a BLOB, a NULL) is an error: skipping it would report the database at base.
    public func read(from connection: any DatabaseConnection) throws -> [String] {
        guard try exists(on: connection) else { return [] }
        return try connection.query(selectSQL).map { row in
            guard case .text(let id) = row[0] else { throw MigrationError.versionTableNotText(table: name) }
            return id
        }
    }
}
