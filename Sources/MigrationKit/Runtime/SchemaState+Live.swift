extension SchemaState {
    /// A state that reads the live database behind `connection` when an operation needs a table's
    /// definition (and, on SQLite, the stored text a rebuild keeps).
    public static func live(_ connection: any DatabaseConnection, reflector: any SchemaReflector) -> SchemaState {
        let d = dialect(for: connection.backend)
        return SchemaState(
            reflectTable: { name in try reflector.reflect(connection, tables: [name]).table(name) },
            reflectEnums: { try reflector.reflect(connection, tables: []).enums },
            readStored: d.backend == .sqlite
                ? { name in try SQLiteStoredTable(name: name, rows: connection.query(SQLiteStoredTable.query(name, dialect: d))) }
                : nil)
    }
}

extension SQLiteStoredTable {
    /// The query that reads it: rows of (type, name, tbl_name, sql).
    static func query(_ table: String, dialect: any Dialect) -> String {
        let t = dialect.stringLiteral(table)
        return "SELECT type, name, tbl_name, sql FROM sqlite_master WHERE (tbl_name = \(t) AND type IN ('table', 'index', 'trigger')) OR type = 'view' ORDER BY rowid"
    }
}
