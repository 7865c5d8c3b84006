/// SQLite DDL. What `ALTER TABLE` cannot do (alter a column, drop a constrained column, add or drop
/// constraints) becomes a table rebuild, SQLite's documented procedure: create the new table, copy the
/// rows, drop the old one, rename the new one. Foreign keys must be off meanwhile or dropping the old
/// table would cascade to child rows; the runner turns them off around each revision (the pragma is
/// ignored inside a transaction), and a rebuild run on its own turns them off itself. A foreign-key
/// check afterwards proves the keys still hold. See https://www.sqlite.org/lang_altertable.html#otheralter
extension SQLiteDialect {
    public func typeName(_ type: ColumnType, table: String, column: String) throws -> String {
        switch type {
        case .enumeration(let e): "VARCHAR(\(max(1, e.values.map(\.count).max() ?? 1)))"
        default: standardTypeName(type)
        }
    }

    public var booleanLiterals: (true: String, false: String) { ("1", "0") }
    public var indexSupport: (include: Bool, partial: Bool, expressions: Bool) { (false, true, true) }
    public var parenthesizesDefaultExpressions: Bool { true }

    /// A single INTEGER primary key is SQLite's rowid and numbers itself; nothing to add.
    public func autoincrementSQL(_ column: Column) -> String? { nil }

    public var supportsComments: Bool { false }

    /// SQLite's rowid alias must be spelled exactly INTEGER.
    func forSQLite(_ t: Table) -> Table {
        var t = t
        if let pk = t.primaryKey, pk.columns.count == 1, let i = t.columns.firstIndex(where: { $0.name == pk.columns[0] }),
            t.columns[i].autoincrement, t.columns[i].type == .bigInteger || t.columns[i].type == .smallInteger
        {
            t.columns[i].type = .integer
        }
        return t
    }

    public func render(_ op: MigrationOperation, state: SchemaState) throws -> [DDLStatement] {
        try validateNames(op)
        // Online, a rebuild starts from the table's own stored text and keeps everything in it.
        if let table = op.rebuildCandidate, !plainAlter(op), let stored = try state.stored(table),
            let statements = try renderFromStoredText(op, stored)
        {
            return statements
        }
        let q = { (name: String) in self.quote(name) }
        switch op {
        case .createTable(let t):
            return try genericRender(.createTable(forSQLite(t)), state: state)
        case let .addColumn(table, c):
            if plainAlter(op) { return [.sql("ALTER TABLE \(q(table)) ADD COLUMN \(try columnSQL(c, table: table))")] }
            let old = try state.table(table)
            var new = old
            new.columns.append(c)
            return try rebuild(old, into: new)
        case let .dropColumn(table, c):
            let old = try state.table(table)
            let constrained = (old.primaryKey?.columns.contains(c.name) ?? false)
                || old.indexes.contains { $0.columns.contains(c.name) }
                || old.uniqueConstraints.contains { $0.columns.contains(c.name) }
                || old.foreignKeys.contains { $0.columns.contains(c.name) }
                || old.checkConstraints.contains { $0.expression.contains(c.name) }
            if !constrained { return [.sql("ALTER TABLE \(q(table)) DROP COLUMN \(q(c.name))")] }
            var new = old
            new.columns.removeAll { $0.name == c.name }
            new.checkConstraints.removeAll { SQLiteTokens($0.expression).mentions(c.name) }
            new.indexes.removeAll { $0.columns.contains(c.name) }
            new.uniqueConstraints.removeAll { $0.columns.contains(c.name) }
            new.foreignKeys.removeAll { $0.columns.contains(c.name) }
            if new.primaryKey?.columns.contains(c.name) ?? false { new.primaryKey = nil }
            return try rebuild(old, into: new)
        case .alterColumn(let a):
            let before = a.existing
            let after = a.result
            let renamed = a.newName.map { $0 != a.column } ?? false
            var out: [DDLStatement] = []
            if renamed {
                out.append(.sql("ALTER TABLE \(q(a.table)) RENAME COLUMN \(q(a.column)) TO \(q(after.name))"))
            }
            var b = before
            b.name = after.name
            b.comment = nil
            var c = after
            c.comment = nil
            if try columnSQL(b, table: a.table) == columnSQL(c, table: a.table) { return out }
            // Anything more than a rename is a rebuild; the rename (if any) is folded into it.
            let old = try state.table(a.table)
            guard old.column(a.column) != nil else {
                throw OperationError.unknownColumn(table: a.table, column: a.column)
            }
            var new = old
            new.renameColumn(a.column, to: after.name)
            if let i = new.columns.firstIndex(where: { $0.name == after.name }) { new.columns[i] = after }
            return try rebuild(old, into: new, renamed: after.name != a.column ? [after.name: a.column] : [:])
        case let .addUnique(table, u):
            return try rebuild(table, state: state) { $0.uniqueConstraints.append(u) }
        case let .dropUnique(table, u):
            return try rebuild(table, state: state) { $0.uniqueConstraints.removeAll { $0.name == u.name } }
        case let .addForeignKey(table, f):
            return try rebuild(table, state: state) { $0.foreignKeys.append(f) }
        case let .dropForeignKey(table, f):
            return try rebuild(table, state: state) { $0.foreignKeys.removeAll { $0.name == f.name } }
        case let .addCheck(table, c):
            return try rebuild(table, state: state) { $0.checkConstraints.append(c) }
        case let .dropCheck(table, c):
            return try rebuild(table, state: state) { $0.checkConstraints.removeAll { $0.name == c.name } }
        case let .addPrimaryKey(table, p):
            return try rebuild(table, state: state) { $0.primaryKey = p }
        case .dropPrimaryKey(let table, _):
            return try rebuild(table, state: state) { $0.primaryKey = nil }
        default:
            return try genericRender(op, state: state)
        }
    }

    /// Statements that stop a script before it changes anything when the live `table` does not have
    /// exactly `columns` (a column added by hand would be lost by a rebuild's copy). Plain SQL: a row
    /// that fails a named CHECK; run the script with `sqlite3 -bail` so the first error stops it.
    public func columnGuard(table: String, columns: [String]) -> [String] {
        let guardTable = quote("_vdi_expect_" + table)
        let name = quote("\(table): the live table's columns differ from what this script expects (\(columns.joined(separator: ", "))); nothing was changed")
        let list = columns.map { stringLiteral($0) }.joined(separator: ", ")
        let t = stringLiteral(table)
        return [
            "CREATE TEMP TABLE \(guardTable) (ok INTEGER CONSTRAINT \(name) CHECK (ok))",
            "INSERT INTO \(guardTable) (ok) SELECT (SELECT count(*) FROM pragma_table_info(\(t))) = \(columns.count) "
                + "AND (SELECT count(*) FROM pragma_table_info(\(t)) WHERE name IN (\(list))) = \(columns.count)",
            "DROP TABLE \(guardTable)",
        ]
    }

    /// A rebuild reads the table: its stored text online, its definition offline.
    public func inputs(for op: MigrationOperation) -> RenderInputs {
        guard let table = op.rebuildCandidate, !plainAlter(op) else { return RenderInputs() }
        return RenderInputs(tables: [table], storedTables: [table])
    }

    /// Whether SQLite's own ALTER TABLE does this (an ADD COLUMN it accepts), so nothing is rebuilt.
    func plainAlter(_ op: MigrationOperation) -> Bool {
        guard case let .addColumn(_, c) = op else { return false }
        return (c.nullable || c.defaultValue != nil) && !c.autoincrement
            && { if case .expression(let e)? = c.defaultValue { return bareDefaultKeywords.contains(e.uppercased()) && !e.uppercased().hasPrefix("CURRENT") } else { return true } }()
    }

    func rebuild(_ table: String, state: SchemaState, _ change: (inout Table) -> Void) throws -> [DDLStatement] {
        let old = try state.table(table)
        var new = old
        change(&new)
        return try rebuild(old, into: new)
    }

    /// The statements that replace table `old` by `new`, copying every row. `renamed` maps new column
    /// names to the old columns they come from.
    public func rebuild(_ old: Table, into new: Table, renamed: [String: String] = [:]) throws -> [DDLStatement] {
        let target = forSQLite(new)
        let fresh = "_vdi_new_" + new.name
        var staged = target
        staged.name = fresh
        staged.indexes = []
        let oldNames = Set(old.columns.map(\.name))
        var into: [String] = []
        var from: [String] = []
        for c in target.columns {
            let source = renamed[c.name] ?? c.name
            if oldNames.contains(source) {
                into.append(quote(c.name))
                from.append(quote(source))
            }
        }
        var out: [DDLStatement] = [
            .expectTable(old.name),
            .sql("PRAGMA foreign_keys = OFF"),
            .sql(try tableBody(staged)),
            .sql("INSERT INTO \(quote(fresh)) (\(into.joined(separator: ", "))) SELECT \(from.joined(separator: ", ")) FROM \(quote(old.name))"),
            .sql("DROP TABLE \(quote(old.name))"),
            // Legacy renaming leaves views and triggers that name the table alone.
            .sql("PRAGMA legacy_alter_table = ON"),
            .sql("ALTER TABLE \(quote(fresh)) RENAME TO \(quote(target.name))"),
            .sql("PRAGMA legacy_alter_table = OFF"),
        ]
        for i in target.indexes { out.append(.sql(try createIndexSQL(table: target.name, i))) }
        // The table's own keys must hold; when columns other tables may reference went away or were
        // renamed, every table's keys are checked.
        let keptColumns = Set(target.columns.map { renamed[$0.name] ?? $0.name })
        let lostColumns = !oldNames.isSubset(of: keptColumns) || !renamed.isEmpty
        out.append(.foreignKeyCheck(table: target.name, sql: lostColumns ? "PRAGMA foreign_key_check" : "PRAGMA foreign_key_check(\(quote(target.name)))"))
        // Back on when the rebuild ran outside a transaction; inside one this does nothing and the
        // runner turns keys on after the commit.
        out.append(.sql("PRAGMA foreign_keys = ON"))
        return out
    }
}
