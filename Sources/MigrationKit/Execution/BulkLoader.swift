/// A connection that loads a bulk insert's rows by its client's fastest path (COPY, one prepared
/// statement, LOAD DATA LOCAL), inside the open transaction if any. A connection that is not one gets
/// the dialect's `INSERT … VALUES` statements one after another.
public protocol BulkLoader: DatabaseConnection {
    func load(_ insert: BulkInsert) throws
    /// A comment the loader puts before the statements it composes itself (COPY, LOAD DATA, its
    /// INSERTs): a run's tag, so that its bulk load is found by the run that takes its lock over.
    var loadPrefix: String { get set }
}

extension DatabaseConnection {
    /// Loads `insert` by the connection's own path, or as `INSERT` statements.
    public func load(_ insert: BulkInsert) throws {
        if let loader = self as? any BulkLoader {
            try loader.load(insert)
        } else {
            for sql in MigrationKit.dialect(for: backend).bulkInsertSQL(insert) { try execute(sql) }
        }
    }
}
