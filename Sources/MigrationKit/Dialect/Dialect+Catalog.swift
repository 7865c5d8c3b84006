/// Small catalog questions the runtime asks, answered per dialect from the database's own catalog.
extension PostgreSQLDialect {
    public func tableExistsQuery(_ table: String) -> (String, [SQLValue]) {
        ("SELECT 1 FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace "
            + "WHERE n.nspname = current_schema() AND c.relname = $1 AND c.relkind IN ('r', 'p')", [.text(table)])
    }
    public var userTablesQuery: String {
        "SELECT c.relname FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace "
            + "WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p') ORDER BY 1"
    }
    public var leasedLock: Bool { true }
    public var writeConflictCodes: Set<String> { ["23505", "40001", "40P01"] }
    public var nowMillisSQL: String { "CAST(EXTRACT(EPOCH FROM clock_timestamp()) * 1000 AS BIGINT)" }
    /// Each table's row count as the planner estimates it (`reltuples`, -1 before the first ANALYZE).
    public var tableRowsQuery: String? {
        "SELECT c.relname, CAST(greatest(c.reltuples, 0) AS BIGINT) FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace "
            + "WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p')"
    }
    public var causalReads: (detect: String, enable: String)? { nil }
    public var clusterNodeStatus: String? { nil }
}

extension MySQLDialect {
    public func tableExistsQuery(_ table: String) -> (String, [SQLValue]) {
        ("SELECT 1 FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ?", [.text(table)])
    }
    public var userTablesQuery: String {
        "SELECT TABLE_NAME FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_TYPE = 'BASE TABLE' ORDER BY 1"
    }
    public var leasedLock: Bool { true }
    public var writeConflictCodes: Set<String> { ["1062", "1213", "1205"] }
    public var nowMillisSQL: String { "CAST(UNIX_TIMESTAMP(NOW(6)) * 1000 AS SIGNED)" }
    /// InnoDB's row estimates.
    public var tableRowsQuery: String? { "SELECT TABLE_NAME, TABLE_ROWS FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_TYPE = 'BASE TABLE'" }
    /// On a Galera node, reads wait until the node has applied what the cluster committed before them.
    public var causalReads: (detect: String, enable: String)? { ("SELECT @@GLOBAL.wsrep_on", "SET SESSION wsrep_sync_wait = 1") }
    /// SHOW answers on a node outside the primary component, where a SELECT waits or is refused.
    public var clusterNodeStatus: String? {
        "SHOW GLOBAL STATUS WHERE Variable_name IN ('wsrep_cluster_status', 'wsrep_ready', 'wsrep_local_state_comment')"
    }
}

extension SQLiteDialect {
    public func tableExistsQuery(_ table: String) -> (String, [SQLValue]) {
        ("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", [.text(table)])
    }
    public var userTablesQuery: String {
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY 1"
    }
    public var nowMillisSQL: String { "CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER)" }
    /// SQLite keeps no estimate: `lint` counts.
    public var tableRowsQuery: String? { nil }
    public var causalReads: (detect: String, enable: String)? { nil }
    public var clusterNodeStatus: String? { nil }
}
