extension SchemaState {
    /// A state that reads the live database behind `connection` when an operation needs a table's
    /// definition (and, where the dialect keeps one, the stored table text a rebuild starts from).
    public static func live(_ connection: any DatabaseConnection, reflector: any SchemaReflector) -> SchemaState {
        let d = dialect(for: connection.backend)
        // Only a dialect that rebuilds tables from their stored text has a query for it.
        let readStored: ((String) throws -> SQLiteStoredTable?)? = d.storedTableQuery("") == nil ? nil : { name in
            guard let query = d.storedTableQuery(name) else { return nil }
            return try SQLiteStoredTable(name: name, rows: connection.query(query))
        }
        return SchemaState(
            reflectTable: { name in try reflector.reflect(connection, tables: [name]).table(name) },
            reflectEnums: { try reflector.reflect(connection, tables: []).enums },
            readStored: readStored)
    }
}
