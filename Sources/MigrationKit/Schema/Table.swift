/// What a column gets when a row gives it nothing: a literal, or an SQL expression.
public enum DefaultValue: Sendable, Hashable, CustomStringConvertible {
    case string(String)
    case integer(Int64)
    case double(Double)
    case boolean(Bool)
    /// An SQL expression, written as the database should see it (`CURRENT_TIMESTAMP`).
    case expression(String)

    public var description: String {
        switch self {
        case .string(let s): "'\(s)'"
        case .integer(let i): "\(i)"
        case .double(let d): "\(d)"
        case .boolean(let b): "\(b)"
        case .expression(let e): e
        }
    }
}

/// What happens to referencing rows when the referenced row is deleted or updated.
public enum ForeignKeyAction: String, Sendable, Hashable, CaseIterable, Codable {
    case cascade = "CASCADE"
    case setNull = "SET NULL"
    case setDefault = "SET DEFAULT"
    case restrict = "RESTRICT"
    case noAction = "NO ACTION"
}

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

    public init(
        _ name: String, _ type: ColumnType, nullable: Bool = true, default defaultValue: DefaultValue? = nil,
        autoincrement: Bool = false, comment: String? = nil, previousName: String? = nil
    ) {
        self.name = name
        self.type = type
        self.nullable = nullable
        self.defaultValue = defaultValue
        self.autoincrement = autoincrement
        self.comment = comment
        self.previousName = previousName
    }
}

/// A primary key.
public struct PrimaryKey: Sendable, Hashable {
    public var name: String?
    public var columns: [String]
    public init(name: String? = nil, columns: [String]) {
        self.name = name
        self.columns = columns
    }
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

/// A unique constraint.
public struct UniqueConstraint: Sendable, Hashable {
    public var name: String
    public var columns: [String]
    public init(name: String, columns: [String]) {
        self.name = name
        self.columns = columns
    }
}

/// A named CHECK constraint.
public struct CheckConstraint: Sendable, Hashable {
    public var name: String
    public var expression: String
    public init(name: String, expression: String) {
        self.name = name
        self.expression = expression
    }
}

/// An index over one or more columns.
public struct Index: Sendable, Hashable {
    public var name: String
    public var columns: [String]
    public var unique: Bool
    public init(name: String, columns: [String], unique: Bool = false) {
        self.name = name
        self.columns = columns
        self.unique = unique
    }
}

/// MySQL/MariaDB table options.
public struct TableOptions: Sendable, Hashable {
    public var mysqlEngine: String?
    public var mysqlCharset: String?
    public var mysqlCollation: String?
    public init(mysqlEngine: String? = nil, mysqlCharset: String? = nil, mysqlCollation: String? = nil) {
        self.mysqlEngine = mysqlEngine
        self.mysqlCharset = mysqlCharset
        self.mysqlCollation = mysqlCollation
    }
    /// InnoDB with utf8mb4, as OpenStack services declare their tables.
    public static let innoDBUTF8MB4 = TableOptions(mysqlEngine: "InnoDB", mysqlCharset: "utf8mb4")
}

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
