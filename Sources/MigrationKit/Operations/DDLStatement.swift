/// One step of rendered DDL.
public enum DDLStatement: Sendable, Hashable {
    /// A statement to execute.
    case sql(String)
    /// A query that must return no rows: the foreign keys of `table` still hold after a rebuild.
    case foreignKeyCheck(table: String, sql: String)
    /// What a rebuild written offline assumes: the live table is the one the history describes (a column
    /// it does not know would be lost by the copy). Online it is nothing (the table was read); offline
    /// the runner checks it at the top of the script.
    case expectTable(String)
    /// A query that must succeed: view `view` still works after table `table` was rebuilt.
    case viewCheck(view: String, table: String, sql: String)
    /// Rows to insert (`bulk_insert`): online the connection loads them by its fastest path (`COPY`,
    /// one prepared statement, multi-row inserts sized to the server's packet); offline, and in `text`,
    /// they are `INSERT … VALUES` statements of `batchSize` rows for `backend`.
    case load(BulkInsert, Backend)

    /// Whether it goes to the sink (as a statement or a query); an expectation does not.
    public var isExecuted: Bool {
        if case .expectTable = self { return false }
        return true
    }
}
