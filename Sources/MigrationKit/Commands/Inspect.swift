extension MigrationContext {
    /// `inspect`: the live database's schema, without the version table.
    public func inspect() throws -> Schema {
        try withDatabase(lock: false) { session in
            var schema = try connector.reflector(for: session.connection.backend).reflect(session.connection, tables: nil)
            let own = Set(VersionTable.bookkeeping(session.versionTable.name))
            schema.tables.removeAll { own.contains($0.name) }
            return schema
        }
    }
}
