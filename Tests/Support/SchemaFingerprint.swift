import MigrationKit

/// A plain description of a database's tables and columns (name, nullability) and indexes, read from
/// the catalog, for tests that compare two databases.
public func schemaFingerprint(_ c: any DatabaseConnection) throws -> [String] {
    let rows: [Row]
    switch c.backend {
    case .postgresql:
        rows = try c.query("""
            SELECT table_name || '.' || column_name || ' ' || is_nullable FROM information_schema.columns
            WHERE table_schema = current_schema() ORDER BY 1
            """) + c.query("SELECT 'index ' || indexname FROM pg_indexes WHERE schemaname = current_schema() AND indexname NOT LIKE '%_pkey' AND indexname NOT LIKE '%_pkc' ORDER BY 1")
    case .mysql:
        rows = try c.query("""
            SELECT CONCAT(TABLE_NAME, '.', COLUMN_NAME, ' ', IS_NULLABLE) FROM information_schema.COLUMNS
            WHERE TABLE_SCHEMA = DATABASE() ORDER BY 1
            """) + c.query("SELECT DISTINCT CONCAT('index ', INDEX_NAME) FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = DATABASE() AND INDEX_NAME <> 'PRIMARY' ORDER BY 1")
    case .sqlite:
        var out: [Row] = []
        for t in try c.query("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY 1") {
            let name = t[0].stringValue!
            for col in try c.query("SELECT name, \"notnull\", pk FROM pragma_table_info(?)", [.text(name)]) {
                let nullable = col[1] == .integer(1) || col[2] != .integer(0) ? "NO" : "YES"
                out.append(Row(columns: ["x"], values: [.text("\(name).\(col[0].stringValue!) \(nullable)")]))
            }
        }
        rows = try out + c.query("SELECT 'index ' || name FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL ORDER BY 1")
    }
    // The lock and the ledger exist only where a run was online; the schema is the rest.
    // (Every repository's: `alembic_version_lock`, `alembic_version_accounting_ledger`, ...)
    func onlineOnly(_ f: String) -> Bool {
        let table = f.split(separator: ".").first.map(String.init) ?? f
        return table.hasSuffix("_lock") || table.hasSuffix("_ledger")
    }
    return rows.map { $0[0].stringValue ?? "?" }.filter { !onlineOnly($0) }.sorted()
}
