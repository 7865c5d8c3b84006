/// A whole schema: tables and the named enumerations they use.
public struct Schema: Sendable, Hashable {
    public var tables: [Table]
    public var enums: [SQLEnum]

    public init(tables: [Table] = [], enums: [SQLEnum] = []) {
        self.tables = tables
        self.enums = enums
    }

    public func table(_ name: String) -> Table? { tables.first { $0.name == name } }
}
