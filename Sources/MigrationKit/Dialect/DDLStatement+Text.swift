/// A rendered statement as text (reports and tests); a bulk load as the `INSERT`s its backend's dialect
/// writes offline. Here rather than beside `DDLStatement`, so that `Operations` needs no dialect.
extension DDLStatement {
    public var text: String {
        switch self {
        case .sql(let s): s
        case .foreignKeyCheck(_, let s): s
        case .viewCheck(_, _, let s): s
        case let .expectTable(t): "-- expects table \(t) as the history describes it"
        case let .load(b, backend): MigrationKit.dialect(for: backend).bulkInsertSQL(b).joined(separator: ";\n")
        }
    }
}
