/// The DDL renderer shared by the dialects: what ANSI SQL and most databases agree on, built from the
/// dialect's own hooks (quoting, type names, defaults). Dialects override `render` for what differs
/// and fall back to ``genericRender(_:state:)`` for the rest.
extension Dialect {
    public var supportsComments: Bool { true }

    public var booleanLiterals: (true: String, false: String) { ("true", "false") }
    public var parenthesizesDefaultExpressions: Bool { false }

    /// A default as SQL, from the dialect's declared spellings (the same rules everywhere).
    public func defaultSQL(_ value: DefaultValue, type: ColumnType) -> String {
        switch value {
        case .string(let s): stringLiteral(s)
        case .integer(let i): String(i)
        case .double(let d): "\(d)"
        case .boolean(let b): b ? booleanLiterals.true : booleanLiterals.false
        case .expression(let e) where parenthesizesDefaultExpressions && !bareDefaultKeywords.contains(e.uppercased()): "(\(e))"
        case .expression(let e): e
        }
    }

    /// The type names most databases share; a dialect's `typeName` spells what differs and falls
    /// back on this.
    public func standardTypeName(_ type: ColumnType) -> String {
        switch type {
        case .integer: "INTEGER"
        case .smallInteger: "SMALLINT"
        case .bigInteger: "BIGINT"
        case .boolean: "BOOLEAN"
        case .string(let n): n.map { "VARCHAR(\($0))" } ?? "VARCHAR"
        case .text: "TEXT"
        case let .numeric(p, s): p.map { "NUMERIC(\($0)\(s.map { ", \($0)" } ?? ""))" } ?? "NUMERIC"
        case .float: "FLOAT"
        case .date: "DATE"
        case .time: "TIME"
        case .dateTime: "DATETIME"
        case .binary: "BLOB"
        case .enumeration: "VARCHAR"
        case .json: "JSON"
        case .uuid: "CHAR(36)"
        }
    }

    public func render(_ op: MigrationOperation, state: SchemaState) throws -> [DDLStatement] {
        try genericRender(op, state: state)
    }

    /// Checks every name an operation would create against the identifier limit.
    public func validateNames(_ op: MigrationOperation) throws {
        switch op {
        case .createTable(let t):
            try validateIdentifier(t.name, kind: "table name")
            for c in t.columns { try validateIdentifier(c.name, kind: "column name") }
            if let n = t.primaryKey?.name { try validateIdentifier(n, kind: "constraint name") }
            for f in t.foreignKeys { try validateIdentifier(f.name, kind: "constraint name") }
            for u in t.uniqueConstraints { try validateIdentifier(u.name, kind: "constraint name") }
            for c in t.checkConstraints { try validateIdentifier(c.name, kind: "constraint name") }
            for i in t.indexes { try validateIdentifier(i.name, kind: "index name") }
            for e in t.enums { try validateIdentifier(e.name, kind: "enum type name") }
        case .renameTable(_, let to): try validateIdentifier(to, kind: "table name")
        case .addColumn(_, let c): try validateIdentifier(c.name, kind: "column name")
        case .alterColumn(let a): if let n = a.newName { try validateIdentifier(n, kind: "column name") }
        case .createIndex(_, let i): try validateIdentifier(i.name, kind: "index name")
        case .addUnique(_, let u): try validateIdentifier(u.name, kind: "constraint name")
        case .addForeignKey(_, let f): try validateIdentifier(f.name, kind: "constraint name")
        case .addCheck(_, let c): try validateIdentifier(c.name, kind: "constraint name")
        case .addPrimaryKey(_, let p): if let n = p.name { try validateIdentifier(n, kind: "constraint name") }
        default: break
        }
    }

    /// `name TYPE [GENERATED…] [DEFAULT x] [NOT NULL]`.
    public func columnSQL(_ c: Column, table: String) throws -> String {
        var s = quote(c.name) + " " + (try typeName(c.type, table: table, column: c.name))
        if let g = c.generated {
            // Computed by the database: no default, no sequence.
            return s + " " + (try generatedSQL(g)) + (c.nullable ? "" : " NOT NULL")
        }
        if c.autoincrement, let auto = autoincrementSQL(c) { s += " " + auto }
        if let d = c.defaultValue { s += " DEFAULT " + defaultSQL(d, type: c.type) }
        if !c.nullable { s += " NOT NULL" }
        return s
    }

    func columnList(_ columns: [String]) -> String { columns.map { quote($0) }.joined(separator: ", ") }

    public func foreignKeySQL(_ f: ForeignKey) -> String {
        var s = constraintPrefix(f.name) + "FOREIGN KEY (\(columnList(f.columns))) REFERENCES \(quote(f.referencedTable)) (\(columnList(f.referencedColumns)))"
        if let d = f.onDelete { s += " ON DELETE \(d.rawValue)" }
        if let u = f.onUpdate { s += " ON UPDATE \(u.rawValue)" }
        return s
    }

    public func primaryKeySQL(_ p: PrimaryKey) -> String {
        (p.name.map { "CONSTRAINT \(quote($0)) " } ?? "") + "PRIMARY KEY (\(columnList(p.columns)))"
    }

    public func uniqueSQL(_ u: UniqueConstraint) -> String { constraintPrefix(u.name) + "UNIQUE (\(columnList(u.columns)))" }
    public func checkSQL(_ c: CheckConstraint) -> String { constraintPrefix(c.name) + "CHECK (\(c.expression))" }

    /// `CONSTRAINT name `, or nothing for a constraint the database knows without a name (SQLite's
    /// unnamed CHECKs and keys reflect with an empty name; `CONSTRAINT ""` would invent one).
    func constraintPrefix(_ name: String) -> String { name.isEmpty ? "" : "CONSTRAINT \(quote(name)) " }

    public func createIndexSQL(table: String, _ i: Index) throws -> String {
        if let e = i.columns.first(where: Index.isExpression), !indexSupport.expressions {
            throw DialectError.unsupported("\(backend) has no expression indexes (index \(i.name) on \(table) over \(e))")
        }
        let elements = i.columns.map { Index.isExpression($0) ? $0 : quote($0) }.joined(separator: ", ")
        var s = "CREATE \(i.unique ? "UNIQUE " : "")INDEX \(quote(i.name)) ON \(quote(table)) (\(elements))"
        if !i.include.isEmpty {
            guard indexSupport.include else { throw DialectError.unsupported("\(backend) has no INCLUDE columns in indexes (index \(i.name) on \(table))") }
            s += " INCLUDE (\(columnList(i.include)))"
        }
        if let p = i.predicate {
            guard indexSupport.partial else { throw DialectError.unsupported("\(backend) has no partial indexes (index \(i.name) on \(table) WHERE \(p))") }
            s += " WHERE \(p)"
        }
        return s
    }

    /// The body of CREATE TABLE: columns, then primary key, unique, foreign key and check constraints.
    public func tableBody(_ t: Table, extraColumnSQL: (Column) throws -> String = { _ in "" }) throws -> String {
        var parts: [String] = []
        for c in t.columns { parts.append(try columnSQL(c, table: t.name) + (try extraColumnSQL(c))) }
        if let p = t.primaryKey { parts.append(primaryKeySQL(p)) }
        for u in t.uniqueConstraints { parts.append(uniqueSQL(u)) }
        for f in t.foreignKeys { parts.append(foreignKeySQL(f)) }
        for c in t.checkConstraints { parts.append(checkSQL(c)) }
        return "CREATE TABLE \(quote(t.name)) (\n    " + parts.joined(separator: ",\n    ") + "\n)"
    }

    /// `INSERT … VALUES (…), (…)` in batches, values rendered as literals so scripts carry them.
    public func bulkInsertSQL(_ b: BulkInsert) -> [String] {
        var out: [String] = []
        let head = "INSERT INTO \(quote(b.table)) (\(columnList(b.columns))) VALUES\n    "
        var start = 0
        while start < b.rows.count {
            let batch = b.rows[start..<min(start + b.batchSize, b.rows.count)]
            var s = head
            s.reserveCapacity(head.utf8.count + batch.count * (4 + b.columns.count * 12))
            for (k, row) in batch.enumerated() {
                if k > 0 { s += ",\n    " }
                s += "("
                for (i, value) in row.enumerated() {
                    if i > 0 { s += ", " }
                    s += literal(value)
                }
                s += ")"
            }
            out.append(s)
            start += b.batchSize
        }
        return out
    }

    /// What PostgreSQL and MySQL share; SQLite overrides almost all of it.
    public func genericRender(_ op: MigrationOperation, state: SchemaState) throws -> [DDLStatement] {
        try validateNames(op)
        let t = { (name: String) in self.quote(name) }
        switch op {
        case .createTable(let table):
            var out = [try tableBody(table)]
            for i in table.indexes { out.append(try createIndexSQL(table: table.name, i)) }
            return out.map(DDLStatement.sql)
        case .dropTable(let table):
            return [.sql("DROP TABLE \(t(table.name))")]
        case let .renameTable(from, to):
            return [.sql("ALTER TABLE \(t(from)) RENAME TO \(t(to))")]
        case let .addColumn(table, c):
            return [.sql("ALTER TABLE \(t(table)) ADD COLUMN \(try columnSQL(c, table: table))")]
        case let .dropColumn(table, c):
            return [.sql("ALTER TABLE \(t(table)) DROP COLUMN \(quote(c.name))")]
        case .alterColumn:
            throw DialectError.unsupported("\(name) has no generic ALTER COLUMN")
        case let .createIndex(table, i):
            return [.sql(try createIndexSQL(table: table, i))]
        case .dropIndex(_, let i):
            return [.sql("DROP INDEX \(quote(i.name))")]
        case let .addUnique(table, u):
            return [.sql("ALTER TABLE \(t(table)) ADD \(uniqueSQL(u))")]
        case let .dropUnique(table, u):
            return [.sql("ALTER TABLE \(t(table)) DROP CONSTRAINT \(quote(u.name))")]
        case let .addForeignKey(table, f):
            return [.sql("ALTER TABLE \(t(table)) ADD \(foreignKeySQL(f))")]
        case let .dropForeignKey(table, f):
            return [.sql("ALTER TABLE \(t(table)) DROP CONSTRAINT \(quote(f.name))")]
        case let .addCheck(table, c):
            return [.sql("ALTER TABLE \(t(table)) ADD \(checkSQL(c))")]
        case let .dropCheck(table, c):
            return [.sql("ALTER TABLE \(t(table)) DROP CONSTRAINT \(quote(c.name))")]
        case let .addPrimaryKey(table, p):
            return [.sql("ALTER TABLE \(t(table)) ADD \(primaryKeySQL(p))")]
        case let .dropPrimaryKey(table, p):
            guard let n = p.name else { throw DialectError.unsupported("dropping the primary key of '\(table)' on \(name) needs its name") }
            return [.sql("ALTER TABLE \(t(table)) DROP CONSTRAINT \(quote(n))")]
        case .execute(let sql, _):
            guard let text = sql.sql(for: backend) else { throw DialectError.noSQL(dialect: name) }
            return [.sql(text)]
        case .bulkInsert(let b):
            if let bad = b.malformedRow { throw DialectError.unsupported(bad) }
            return b.rows.isEmpty ? [] : [.load(b, backend)]
        }
    }
}

/// Keywords a default may use bare; anything else that is an expression goes in parentheses where the
/// database requires it.
let bareDefaultKeywords: Set<String> = ["CURRENT_TIMESTAMP", "CURRENT_DATE", "CURRENT_TIME", "NULL", "TRUE", "FALSE"]
