/// MySQL/MariaDB DDL: inline `ENUM(...)`, `AUTO_INCREMENT`, inline comments, table options, and
/// `CHANGE COLUMN` restating the whole column. See https://mariadb.com/kb/en/alter-table/
extension MySQLDialect {
    public func typeName(_ type: ColumnType, table: String, column: String) throws -> String {
        switch type {
        case .boolean: return "BOOL"
        case .string(let n):
            guard let n else {
                throw DialectError.unsupported("MySQL/MariaDB needs a length for VARCHAR column \(table).\(column): use .string(length)")
            }
            return "VARCHAR(\(n))"
        case .float: return "DOUBLE"
        case .dateTime(let tz):
            if tz {
                throw DialectError.unsupported("MySQL/MariaDB has no date-time type with a time zone (column \(table).\(column)): declare it without one and store UTC")
            }
            return "DATETIME"
        case .enumeration(let e): return "ENUM(\(e.values.map { stringLiteral($0) }.joined(separator: ", ")))"
        default: return standardTypeName(type)
        }
    }

    public var booleanLiterals: (true: String, false: String) { ("1", "0") }
    public var parenthesizesDefaultExpressions: Bool { true }

    /// `AS (expr) STORED|VIRTUAL` (MariaDB also says PERSISTENT for STORED).
    public func generatedSQL(_ g: GeneratedColumn) throws -> String { "AS (\(g.expression)) \(g.stored ? "STORED" : "VIRTUAL")" }

    public func autoincrementSQL(_ column: Column) -> String? { "AUTO_INCREMENT" }

    func commentSuffix(_ c: Column) -> String { c.comment.map { " COMMENT \(stringLiteral($0))" } ?? "" }

    func tableOptionsSQL(_ t: Table) -> String {
        var parts: [String] = []
        if let e = t.options.mysqlEngine { parts.append("ENGINE=\(e)") }
        if let c = t.options.mysqlCharset { parts.append("DEFAULT CHARSET=\(c)") }
        if let c = t.options.mysqlCollation { parts.append("COLLATE=\(c)") }
        if let c = t.comment { parts.append("COMMENT=\(stringLiteral(c))") }
        return parts.isEmpty ? "" : " " + parts.joined(separator: " ")
    }

    public func render(_ op: MigrationOperation, state: SchemaState) throws -> [DDLStatement] {
        try validateNames(op)
        let q = { (name: String) in self.quote(name) }
        switch op {
        case .createTable(let t):
            var out = [DDLStatement.sql(try tableBody(t, extraColumnSQL: { self.commentSuffix($0) }) + tableOptionsSQL(t))]
            for i in t.indexes { out.append(.sql(try createIndexSQL(table: t.name, i))) }
            return out
        case let .renameTable(from, to):
            return [.sql("RENAME TABLE \(q(from)) TO \(q(to))")]
        case let .addColumn(table, c):
            return [.sql("ALTER TABLE \(q(table)) ADD COLUMN \(try columnSQL(c, table: table))\(commentSuffix(c))")]
        case let .dropIndex(table, i):
            return [.sql("DROP INDEX \(q(i.name)) ON \(q(table))")]
        case let .dropUnique(table, u):
            return [.sql("ALTER TABLE \(q(table)) DROP INDEX \(q(u.name))")]
        case let .dropForeignKey(table, f):
            // InnoDB made an index named after the key if none covered its columns; it outlives the key.
            return [.sql("ALTER TABLE \(q(table)) DROP FOREIGN KEY \(q(f.name))"),
                    .sql("ALTER TABLE \(q(table)) DROP INDEX IF EXISTS \(q(f.name))")]
        case let .addPrimaryKey(table, p):
            return [.sql("ALTER TABLE \(q(table)) ADD PRIMARY KEY (\(columnList(p.columns)))")]
        case .dropPrimaryKey(let table, _):
            return [.sql("ALTER TABLE \(q(table)) DROP PRIMARY KEY")]
        case .alterColumn(let a):
            let onlyDefault = a.newName == nil && a.type == nil && a.nullable == nil && a.comment == nil
            if onlyDefault, let d = a.defaultValue {
                let type = a.existing.type
                return [.sql("ALTER TABLE \(q(a.table)) ALTER COLUMN \(q(a.column)) " + (d.map { "SET DEFAULT \(defaultSQL($0, type: type))" } ?? "DROP DEFAULT"))]
            }
            let after = a.result
            return [.sql("ALTER TABLE \(q(a.table)) CHANGE COLUMN \(q(a.column)) \(try columnSQL(after, table: a.table))\(commentSuffix(after))")]
        default:
            return try genericRender(op, state: state)
        }
    }
}
