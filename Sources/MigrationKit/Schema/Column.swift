/// A column of a table.
public struct Column: Sendable, Hashable {
    public var name: String
    public var type: ColumnType
    public var nullable: Bool
    public var defaultValue: DefaultValue?
    /// A database-generated integer key (SERIAL/IDENTITY, AUTO_INCREMENT, SQLite's rowid alias).
    public var autoincrement: Bool
    public var comment: String?
    /// The name this column had before, so autogenerate renames instead of dropping and adding.
    public var previousName: String?
    /// A generated column's expression (then it has no default).
    public var generated: GeneratedColumn?

    public init(
        _ name: String, _ type: ColumnType, nullable: Bool = true, default defaultValue: DefaultValue? = nil,
        autoincrement: Bool = false, comment: String? = nil, previousName: String? = nil, generated: GeneratedColumn? = nil
    ) {
        self.generated = generated
        self.name = name
        self.type = type
        self.nullable = nullable
        self.defaultValue = defaultValue
        self.autoincrement = autoincrement
        self.comment = comment
        self.previousName = previousName
    }
}
