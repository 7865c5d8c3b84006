/// Rendering an operation against the schema state: the state reads first what the dialect says the
/// renderer needs, then the dialect renders with the live database closed. Here, above both, so that
/// `Operations` (the state) never calls into `Dialect`.
extension SchemaState {
    /// Reads what `dialect` needs to render `op`, then renders it: the same operation renders to the
    /// same SQL, and the renderer never reads the database itself.
    public func render(_ op: MigrationOperation, with dialect: any Dialect) throws -> [DDLStatement] {
        let needs = dialect.inputs(for: op)
        for t in needs.tables { _ = try knownTable(t) }
        for t in needs.storedTables { _ = try stored(t) }
        if needs.enums { _ = try enumExists("") }
        return try whileRendering { try dialect.render(op, state: self) }
    }
}
