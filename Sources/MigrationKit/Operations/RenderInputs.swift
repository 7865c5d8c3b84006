/// What rendering one operation reads from the live database: the dialect declares it, the schema
/// state reads it before rendering begins, and a render that reads anything else fails loudly.
public struct RenderInputs: Sendable, Equatable {
    /// Tables whose current definition the render reads.
    public var tables: [String] = []
    /// Whether it asks which enum types exist (PostgreSQL).
    public var enums = false
    /// Tables whose stored SQLite definition (CREATE TABLE text, indexes, triggers) it reads.
    public var storedTables: [String] = []

    public init(tables: [String] = [], enums: Bool = false, storedTables: [String] = []) {
        self.tables = tables
        self.enums = enums
        self.storedTables = storedTables
    }
}
