/// A table with everything on it.
public struct Table: Sendable, Hashable {
    public var name: String
    public var columns: [Column]
    public var primaryKey: PrimaryKey?
    public var foreignKeys: [ForeignKey]
    public var uniqueConstraints: [UniqueConstraint]
    public var checkConstraints: [CheckConstraint]
    public var indexes: [Index]
    public var comment: String?
    public var options: TableOptions
    /// The name this table had before, so autogenerate renames instead of dropping and creating.
    public var previousName: String?

    public init(
        name: String, columns: [Column], primaryKey: PrimaryKey? = nil, foreignKeys: [ForeignKey] = [],
        uniqueConstraints: [UniqueConstraint] = [], checkConstraints: [CheckConstraint] = [], indexes: [Index] = [],
        comment: String? = nil, options: TableOptions = TableOptions(), previousName: String? = nil
    ) {
        self.name = name
        self.columns = columns
        self.primaryKey = primaryKey
        self.foreignKeys = foreignKeys
        self.uniqueConstraints = uniqueConstraints
        self.checkConstraints = checkConstraints
        self.indexes = indexes
        self.comment = comment
        self.options = options
        self.previousName = previousName
    }

    public func column(_ name: String) -> Column? { columns.first { $0.name == name } }

    /// Renames a column everywhere the table mentions it: the column, its keys, indexes and constraints.
    public mutating func renameColumn(_ old: String, to new: String) {
        func rename(_ cols: [String]) -> [String] { cols.map { $0 == old ? new : $0 } }
        if let i = columns.firstIndex(where: { $0.name == old }) { columns[i].name = new }
        if let pk = primaryKey { primaryKey = PrimaryKey(name: pk.name, columns: rename(pk.columns)) }
        for i in indexes.indices { indexes[i].columns = rename(indexes[i].columns) }
        for i in uniqueConstraints.indices { uniqueConstraints[i].columns = rename(uniqueConstraints[i].columns) }
        for i in foreignKeys.indices { foreignKeys[i].columns = rename(foreignKeys[i].columns) }
    }

    /// The enumerations the table's columns use.
    public var enums: [SQLEnum] { columns.compactMap { $0.type.enumeration } }
}
