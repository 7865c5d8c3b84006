/// An index over one or more columns.
public struct Index: Sendable, Hashable {
    public var name: String
    /// The key elements, in order: column names, or expressions written in parentheses
    /// (`"(lower(name))"`, an expression index; PostgreSQL and SQLite).
    public var columns: [String]
    public var unique: Bool
    /// Columns stored in the index but not part of its key (PostgreSQL's `INCLUDE`, a covering index).
    public var include: [String]
    /// The condition of a partial index (`WHERE …`, PostgreSQL and SQLite), as SQL.
    public var predicate: String?

    public init(name: String, columns: [String], unique: Bool = false, include: [String] = [], predicate: String? = nil) {
        self.name = name
        self.columns = columns
        self.unique = unique
        self.include = include
        self.predicate = predicate
    }

    /// Whether a key element is an expression (written in parentheses) rather than a column name.
    public static func isExpression(_ element: String) -> Bool { element.hasPrefix("(") && element.hasSuffix(")") }
}
