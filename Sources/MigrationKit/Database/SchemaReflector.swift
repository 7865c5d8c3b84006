/// Reads a live database's schema into the same values the models declare.
///
/// Implementations issue a fixed number of set-based catalog queries, however many tables there are.
public protocol SchemaReflector: Sendable {
    /// The schema of the connection's database (PostgreSQL: its current schema). `tables` limits the
    /// result to those tables (enums are always read); nil reads every table.
    func reflect(_ connection: any DatabaseConnection, tables: [String]?) throws -> Schema
}
