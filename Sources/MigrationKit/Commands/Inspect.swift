extension MigrationContext {
    /// `inspect`: the live database's schema, without the version table.
    public func inspect() throws -> Schema {
        try withDatabase(lock: false) { session in
            var schema = try connector.reflector(for: session.connection.backend).reflect(session.connection, tables: nil)
            schema.tables.removeAll { $0.name == session.versionTable.name || $0.name == session.versionTable.name + "_progress" }
            return schema
        }
    }
}
