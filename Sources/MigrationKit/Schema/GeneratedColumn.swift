/// What makes a column generated: the database computes it from an expression over the row's other
/// columns (`GENERATED ALWAYS AS (expr) STORED|VIRTUAL`; MariaDB's `AS (expr) PERSISTENT|VIRTUAL`).
public struct GeneratedColumn: Sendable, Hashable {
    /// The expression, as SQL.
    public var expression: String
    /// Stored (computed on write, kept on disk) or virtual (computed on read; not on PostgreSQL).
    public var stored: Bool

    public init(_ expression: String, stored: Bool = true) {
        self.expression = expression
        self.stored = stored
    }

    /// `GeneratedColumn.stored("a + b")`.
    public static func stored(_ expression: String) -> GeneratedColumn { GeneratedColumn(expression, stored: true) }
    /// `GeneratedColumn.virtual("a + b")`.
    public static func virtual(_ expression: String) -> GeneratedColumn { GeneratedColumn(expression, stored: false) }
}
