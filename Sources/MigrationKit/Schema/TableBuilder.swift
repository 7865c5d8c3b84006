/// One element of a table declaration: a column, or a key, index or constraint on it.
public enum TableElement: Sendable, Hashable {
    case column(Column)
    case primaryKey(name: String?, columns: [String])
    case foreignKey(name: String?, columns: [String], table: String, referenced: [String], onDelete: ForeignKeyAction?, onUpdate: ForeignKeyAction?)
    case unique(name: String?, columns: [String])
    case index(name: String?, columns: [String], unique: Bool, include: [String], predicate: String?)
    case check(name: String, expression: String)
}

/// Keys, indexes and constraints in a table declaration. Unnamed ones get names from the table and
/// columns (`pk_pools`, `fk_pools_image_id_images`, `uq_pools_uuid`, `ix_pools_project_id_deleted`).
public enum Key {
    public static func primary(_ columns: String..., name: String? = nil) -> TableElement {
        .primaryKey(name: name, columns: columns)
    }
    public static func foreign(
        _ columns: [String], references table: String, _ referenced: [String], onDelete: ForeignKeyAction? = nil,
        onUpdate: ForeignKeyAction? = nil, name: String? = nil
    ) -> TableElement {
        .foreignKey(name: name, columns: columns, table: table, referenced: referenced, onDelete: onDelete, onUpdate: onUpdate)
    }
    public static func unique(_ columns: String..., name: String? = nil) -> TableElement { .unique(name: name, columns: columns) }
    /// An index; `include` adds non-key columns (PostgreSQL), `where` makes it partial (PostgreSQL, SQLite).
    public static func index(_ columns: String..., unique: Bool = false, include: [String] = [], where predicate: String? = nil, name: String? = nil) -> TableElement {
        .index(name: name, columns: columns, unique: unique, include: include, predicate: predicate)
    }
    public static func check(_ name: String, _ expression: String) -> TableElement { .check(name: name, expression: expression) }
}

@resultBuilder
public enum TableBuilder {
    public static func buildExpression(_ c: Column) -> [TableElement] { [.column(c)] }
    public static func buildExpression(_ e: TableElement) -> [TableElement] { [e] }
    public static func buildExpression(_ e: [TableElement]) -> [TableElement] { e }
    public static func buildExpression(_ c: [Column]) -> [TableElement] { c.map(TableElement.column) }
    public static func buildBlock(_ parts: [TableElement]...) -> [TableElement] { parts.flatMap { $0 } }
    public static func buildOptional(_ part: [TableElement]?) -> [TableElement] { part ?? [] }
    public static func buildEither(first: [TableElement]) -> [TableElement] { first }
    public static func buildEither(second: [TableElement]) -> [TableElement] { second }
    public static func buildArray(_ parts: [[TableElement]]) -> [TableElement] { parts.flatMap { $0 } }
}

/// The names given to unnamed keys, kept within every backend's identifier limit: a name longer than
/// 60 bytes is cut and ends in a stable 8-digit hash of the full name.
public enum NamingConvention {
    public static func name(_ prefix: String, _ parts: [String]) -> String {
        let full = ([prefix] + parts).joined(separator: "_")
        guard full.utf8.count > 60 else { return full }
        var h: UInt32 = 2_166_136_261
        for b in full.utf8 { h = (h ^ UInt32(b)) &* 16_777_619 }
        let hex = String(h, radix: 16)
        let digits = String(repeating: "0", count: 8 - hex.count) + hex
        var cut = ""
        for ch in full {
            if cut.utf8.count + ch.utf8.count > 51 { break }
            cut.append(ch)
        }
        return cut + "_" + digits
    }
}

extension Table {
    /// Declares a table:
    ///
    /// ```swift
    /// Table("desktop_pools", options: .innoDBUTF8MB4) {
    ///     Column("id", .integer, nullable: false, autoincrement: true)
    ///     Column("name", .string(length: 255), nullable: false)
    ///     Column("image_id", .integer)
    ///     Key.primary("id")
    ///     Key.foreign(["image_id"], references: "images", ["id"], onDelete: .setNull)
    ///     Key.index("name")
    /// }
    /// ```
    public init(
        _ name: String, comment: String? = nil, options: TableOptions = TableOptions(), previousName: String? = nil,
        @TableBuilder _ body: () -> [TableElement]
    ) {
        var columns: [Column] = []
        var pk: PrimaryKey?
        var fks: [ForeignKey] = []
        var uqs: [UniqueConstraint] = []
        var ixs: [Index] = []
        var cks: [CheckConstraint] = []
        for element in body() {
            switch element {
            case .column(let c): columns.append(c)
            case let .primaryKey(n, cols): pk = PrimaryKey(name: n ?? NamingConvention.name("pk", [name]), columns: cols)
            case let .foreignKey(n, cols, table, refs, onDelete, onUpdate):
                fks.append(ForeignKey(name: n ?? NamingConvention.name("fk", [name] + cols + [table]), columns: cols, references: table, refs, onDelete: onDelete, onUpdate: onUpdate))
            case let .unique(n, cols): uqs.append(UniqueConstraint(name: n ?? NamingConvention.name("uq", [name] + cols), columns: cols))
            case let .index(n, cols, unique, include, predicate):
                ixs.append(Index(name: n ?? NamingConvention.name(unique ? "uix" : "ix", [name] + cols), columns: cols, unique: unique, include: include, predicate: predicate))
            case let .check(n, e): cks.append(CheckConstraint(name: n, expression: e))
            }
        }
        self.init(
            name: name, columns: columns, primaryKey: pk, foreignKeys: fks, uniqueConstraints: uqs, checkConstraints: cks,
            indexes: ixs, comment: comment, options: options, previousName: previousName)
    }
}

extension Schema {
    /// A schema from table declarations; the enums are those the tables use.
    public init(_ tables: [Table]) {
        var enums: [SQLEnum] = []
        for t in tables { for e in t.enums where !enums.contains(where: { $0.name == e.name }) { enums.append(e) } }
        self.init(tables: tables, enums: enums)
    }
}
