/// What happens to referencing rows when the referenced row is deleted or updated.
public enum ForeignKeyAction: String, Sendable, Hashable, CaseIterable, Codable {
    case cascade = "CASCADE"
    case setNull = "SET NULL"
    case setDefault = "SET DEFAULT"
    case restrict = "RESTRICT"
    case noAction = "NO ACTION"
}

/// A foreign key with its actions.
public struct ForeignKey: Sendable, Hashable {
    public var name: String
    public var columns: [String]
    public var referencedTable: String
    public var referencedColumns: [String]
    public var onDelete: ForeignKeyAction?
    public var onUpdate: ForeignKeyAction?

    public init(
        name: String, columns: [String], references table: String, _ referencedColumns: [String],
        onDelete: ForeignKeyAction? = nil, onUpdate: ForeignKeyAction? = nil
    ) {
        self.name = name
        self.columns = columns
        self.referencedTable = table
        self.referencedColumns = referencedColumns
        self.onDelete = onDelete
        self.onUpdate = onUpdate
    }
}
