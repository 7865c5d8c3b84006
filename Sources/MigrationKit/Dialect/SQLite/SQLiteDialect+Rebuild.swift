/// The SQLite table rebuild from the table's own stored text (SQLite's 12-step procedure,
/// https://www.sqlite.org/lang_altertable.html#otheralter): the `CREATE TABLE` statement SQLite keeps is
/// edited only where the operation requires, the rows are copied, and every index and trigger of the
/// table is re-created from its stored text. AUTOINCREMENT's `sqlite_sequence` row is carried over,
/// generated columns are left for SQLite to compute, and every view of the database is checked
/// afterwards, so a change that would break a view fails (and rolls back) as a plain `ALTER` would.
extension SQLiteDialect {
    /// The rebuild of `stored` after `edit` changed its definition. `droppedColumns` are gone (indexes on
    /// them go too; a trigger that uses one is refused); `renameAfter` renames a column once the table
    /// is rebuilt, so SQLite itself updates every index, trigger and view that names it.
    func rebuild(
        _ stored: SQLiteStoredTable, droppedColumns: Set<String> = [], renameAfter: (from: String, to: String)? = nil,
        _ edit: (inout SQLiteTableText) throws -> Void
    ) throws -> [DDLStatement] {
        let original = try SQLiteTableText(stored.tableSQL)
        var text = original
        try edit(&text)
        let dropped = Set(droppedColumns.map { $0.lowercased() })
        for t in stored.triggers {
            if let c = dropped.first(where: { SQLiteTokens(t.sql).mentions($0) }) {
                throw OperationError.columnInUse(table: stored.name, column: c, user: "trigger '\(t.name)'")
            }
        }
        let fresh = "_vdi_new_" + stored.name
        let oldColumns = Set(original.items.compactMap { $0.column?.lowercased() })
        let generated = text.generatedColumns.union(original.generatedColumns)
        let copied = text.items.compactMap(\.column).filter { oldColumns.contains($0.lowercased()) && !generated.contains($0.lowercased()) }
        // A rowid table without an alias column keeps its rowids too: an FTS5 external-content index, a
        // trigger or the service may key on them (without this they would be renumbered 1, 2, 3…).
        let keepsRowid = !original.withoutRowid && !text.withoutRowid && original.rowidAlias == nil && text.rowidAlias == nil
            && !original.items.contains { ["rowid", "_rowid_", "oid"].contains($0.column?.lowercased() ?? "") }
        let list = ((keepsRowid ? ["rowid"] : []) + copied.map { quote($0) }).joined(separator: ", ")
        var out: [DDLStatement] = [
            .sql("PRAGMA foreign_keys = OFF"),
            .sql(text.sql(named: fresh, quote: quote)),
            .sql("INSERT INTO \(quote(fresh)) (\(list)) SELECT \(list) FROM \(quote(stored.name))"),
        ]
        if text.hasAutoincrement && original.hasAutoincrement {
            // The high-water mark, not just the largest id left: a deleted id must not come back.
            out.append(.sql("DELETE FROM sqlite_sequence WHERE name = \(stringLiteral(fresh))"))
            out.append(.sql("INSERT INTO sqlite_sequence (name, seq) SELECT \(stringLiteral(fresh)), seq FROM sqlite_sequence WHERE name = \(stringLiteral(stored.name))"))
        }
        out += [
            .sql("DROP TABLE \(quote(stored.name))"),
            // Legacy renaming leaves the views and other tables' triggers and keys that name the table alone.
            .sql("PRAGMA legacy_alter_table = ON"),
            .sql("ALTER TABLE \(quote(fresh)) RENAME TO \(quote(stored.name))"),
            .sql("PRAGMA legacy_alter_table = OFF"),
        ]
        for i in stored.indexes where !dropped.contains(where: { SQLiteIndexText(i.sql).mentions($0) }) {
            out.append(.sql(i.sql))
        }
        for t in stored.triggers { out.append(.sql(t.sql)) }
        if let (from, to) = renameAfter {
            out.append(.sql("ALTER TABLE \(quote(stored.name)) RENAME COLUMN \(quote(from)) TO \(quote(to))"))
        }
        let lostColumns = !dropped.isEmpty || renameAfter != nil
        out.append(.foreignKeyCheck(table: stored.name, sql: lostColumns ? "PRAGMA foreign_key_check" : "PRAGMA foreign_key_check(\(quote(stored.name)))"))
        for v in stored.views {
            out.append(.viewCheck(view: v, table: stored.name, sql: "SELECT * FROM \(quote(v)) LIMIT 0"))
        }
        out.append(.sql("PRAGMA foreign_keys = ON"))
        return out
    }

    /// The table's `CREATE TABLE` text, its indexes and triggers, and every view (for the checks after).
    public func storedTableQuery(_ table: String) -> String? {
        "SELECT type, name, tbl_name, sql FROM sqlite_master WHERE (tbl_name = \(stringLiteral(table)) AND type IN ('table', 'index', 'trigger')) OR type = 'view' ORDER BY rowid"
    }

    /// The stored-text version of each operation that rebuilds; nil for operations that need no rebuild.
    func renderFromStoredText(_ op: MigrationOperation, _ s: SQLiteStoredTable) throws -> [DDLStatement]? {
        let definition = try SQLiteTableText(s.tableSQL)
        switch op {
        case let .addColumn(_, c):
            return try rebuild(s) { t in
                var column = try columnSQL(c, table: s.name)
                if t.isStrict {
                    column = quote(c.name) + " " + Self.strictTypeName(c.type) + column.dropFirst(quote(c.name).count + 1 + (try typeName(c.type, table: s.name, column: c.name)).count)
                }
                t.append(column, column: c.name)
            }
        case let .dropColumn(table, c):
            guard let own = definition.columnIndex(c.name) else { throw OperationError.unknownColumn(table: table, column: c.name) }
            let elsewhere = definition.items.enumerated().contains { $0.offset != own && $0.element.mentions(c.name) }
                || s.indexes.contains { SQLiteIndexText($0.sql).mentions(c.name) }
                || definition.generatedColumns.contains(c.name.lowercased())
            // SQLite drops a column no other part of the table needs by itself (and refuses, naming the
            // view or trigger, when one uses it).
            if !elsewhere { return [.sql("ALTER TABLE \(quote(table)) DROP COLUMN \(quote(c.name))")] }
            // A generated column or another column's CHECK computed from it: refused, as SQLite does.
            if let user = definition.items.enumerated().first(where: { $0.offset != own && $0.element.column != nil && $0.element.mentions(c.name) }) {
                throw OperationError.columnInUse(table: table, column: c.name, user: "column '\(user.element.column ?? "")'")
            }
            return try rebuild(s, droppedColumns: [c.name]) { t in
                t.items.remove(at: own)
                t.items.removeAll { $0.column == nil && $0.mentions(c.name) }
            }
        case .alterColumn(let a):
            guard let i = definition.columnIndex(a.column) else { throw OperationError.unknownColumn(table: a.table, column: a.column) }
            let renamed = a.newName.map { $0 != a.column } ?? false
            let before = a.existing
            var after = a.result
            after.name = before.name
            let typeChanged = a.type.map { $0 != before.type } ?? false
            let nullChanged = a.nullable.map { $0 != before.nullable } ?? false
            let defaultChanged = a.defaultValue.map { $0 != before.defaultValue } ?? false
            if !typeChanged && !nullChanged && !defaultChanged {
                return renamed ? [.sql("ALTER TABLE \(quote(a.table)) RENAME COLUMN \(quote(a.column)) TO \(quote(a.result.name))")] : []
            }
            return try rebuild(s, renameAfter: renamed ? (a.column, a.result.name) : nil) { t in
                var def = SQLiteColumnDefinition(t.items[i].text)
                if typeChanged, let type = a.type {
                    let keepsRowid = def.typeText.trimmingWhitespace().uppercased() == "INTEGER"
                        && (def.clauses.contains { $0.kind == "PRIMARY" }
                            || t.items.contains { $0.constraintKind == "PRIMARY" && $0.constraintColumns.map { $0.lowercased() } == [a.column.lowercased()] })
                        && [.integer, .bigInteger, .smallInteger].contains(type)
                    // The rowid alias must stay spelled INTEGER or the table's ids stop being its rowids.
                    if !keepsRowid {
                        def.typeText = " " + (t.isStrict ? Self.strictTypeName(type) : try typeName(type, table: a.table, column: a.column))
                    }
                }
                if nullChanged, let nullable = a.nullable {
                    def.clauses.removeAll { $0.kind == "NOT" || $0.kind == "NULL" }
                    if !nullable { def.clauses.append(.init(text: "NOT NULL", kind: "NOT")) }
                }
                if defaultChanged, let d = a.defaultValue {
                    def.clauses.removeAll { $0.kind == "DEFAULT" }
                    if let d { def.clauses.append(.init(text: "DEFAULT " + defaultSQL(d, type: after.type), kind: "DEFAULT")) }
                }
                t.items[i].text = def.text
            }
        case let .addUnique(_, u):
            return try rebuild(s) { $0.append(uniqueSQL(u), column: nil) }
        case let .dropUnique(table, u):
            return try rebuild(s) { t in
                try t.removeConstraint(kind: "UNIQUE", name: u.name, columns: u.columns, table: table)
            }
        case let .addForeignKey(_, f):
            return try rebuild(s) { $0.append(foreignKeySQL(f), column: nil) }
        case let .dropForeignKey(table, f):
            return try rebuild(s) { t in
                try t.removeConstraint(kind: "FOREIGN", name: f.name, columns: f.columns, table: table)
            }
        case let .addCheck(_, c):
            return try rebuild(s) { $0.append(checkSQL(c), column: nil) }
        case let .dropCheck(table, c):
            return try rebuild(s) { t in
                try t.removeConstraint(kind: "CHECK", name: c.name, columns: [], table: table)
            }
        case let .addPrimaryKey(_, p):
            return try rebuild(s) { $0.append(primaryKeySQL(p), column: nil) }
        case let .dropPrimaryKey(table, p):
            return try rebuild(s) { t in
                try t.removeConstraint(kind: "PRIMARY", name: p.name ?? "", columns: p.columns, table: table)
            }
        default:
            return nil
        }
    }
}

extension SQLiteDialect {
    /// A STRICT table accepts only INT, INTEGER, REAL, TEXT, BLOB and ANY
    /// (https://www.sqlite.org/stricttables.html).
    static func strictTypeName(_ type: ColumnType) -> String {
        switch type {
        case .integer, .smallInteger, .bigInteger, .boolean: "INTEGER"
        case .float: "REAL"
        case .numeric: "ANY"
        case .binary: "BLOB"
        case .string, .text, .date, .time, .dateTime, .enumeration, .json, .uuid: "TEXT"
        }
    }
}

extension SQLiteTableText {
    /// Whether the table was created STRICT.
    var isStrict: Bool { SQLiteTokens(tail).tokens.contains { $0.upper == "STRICT" } }

    /// Removes a table constraint (or a column's own clause) by name, or, unnamed, by its columns.
    mutating func removeConstraint(kind: String, name: String, columns: [String], table: String) throws {
        let lower = columns.map { $0.lowercased() }
        if let i = items.firstIndex(where: { item in
            item.constraintKind == kind
                && (!name.isEmpty && item.constraintName?.lowercased() == name.lowercased()
                    || (name.isEmpty || item.constraintName == nil) && !lower.isEmpty && item.constraintColumns.map { $0.lowercased() } == lower)
        }) {
            items.remove(at: i)
            return
        }
        // A column's own clause: `col … CONSTRAINT name CHECK (…)`, `col … REFERENCES t(c)`, `col … UNIQUE`.
        let clauseKind = kind == "FOREIGN" ? "REFERENCES" : kind
        for i in items.indices where items[i].column != nil {
            var def = SQLiteColumnDefinition(items[i].text)
            let onThisColumn = lower == [def.name.lowercased()]
            guard let c = def.clauses.firstIndex(where: { c in
                c.kind == clauseKind
                    && (!name.isEmpty && c.constraintName?.lowercased() == name.lowercased() || (name.isEmpty || c.constraintName == nil) && onThisColumn)
            }) else { continue }
            def.clauses.remove(at: c)
            items[i].text = def.text
            return
        }
        let what = ["PRIMARY": "primary key", "UNIQUE": "unique constraint", "FOREIGN": "foreign key", "CHECK": "check constraint"][kind] ?? kind
        throw OperationError.unknownConstraint(table: table, kind: what, name: name.isEmpty ? "(" + columns.joined(separator: ", ") + ")" : name)
    }
}

/// A stored `CREATE INDEX`: what matters is which columns it names after `ON table`.
struct SQLiteIndexText {
    let tokens: SQLiteTokens
    init(_ sql: String) { tokens = SQLiteTokens(sql) }

    /// Whether the indexed part (after `ON name`) names `column`: key columns, expressions, WHERE.
    func mentions(_ column: String) -> Bool {
        guard let on = tokens.tokens.firstIndex(where: { $0.upper == "ON" }) else { return false }
        let n = column.lowercased()
        return tokens.tokens[(on + 2)...].contains { $0.isIdentifierLike && $0.name.lowercased() == n }
    }
}
