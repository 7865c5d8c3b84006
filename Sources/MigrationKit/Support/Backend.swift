/// The database products vdi-db-manage speaks to.
public enum Backend: String, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    case postgresql
    case mysql
    case sqlite

    /// The product name used in messages ("PostgreSQL", "MySQL/MariaDB", "SQLite").
    public var description: String {
        switch self {
        case .postgresql: "PostgreSQL"
        case .mysql: "MySQL/MariaDB"
        case .sqlite: "SQLite"
        }
    }
}
