extension MigrationOperation {
    /// The change in words, for `check` and generated-script comments.
    public var summary: String {
        switch self {
        case .createTable(let t): return "add table \(t.name)"
        case .dropTable(let t): return "remove table \(t.name)"
        case let .renameTable(from, to): return "rename table \(from) to \(to)"
        case let .addColumn(t, c): return "add column \(t).\(c.name) (\(c.type))"
        case let .dropColumn(t, c): return "remove column \(t).\(c.name)"
        case .alterColumn(let a):
            var parts: [String] = []
            if let n = a.newName { parts.append("rename to \(n)") }
            if let t = a.type { parts.append("type \(a.existing.type) -> \(t)") }
            if let n = a.nullable { parts.append(n ? "allow NULL" : "NOT NULL") }
            if let d = a.defaultValue { parts.append("default \(a.existing.defaultValue.map { "\($0)" } ?? "none") -> \(d.map { "\($0)" } ?? "none")") }
            if let c = a.comment { parts.append("comment -> \(c ?? "none")") }
            return "change column \(a.table).\(a.column): " + parts.joined(separator: ", ")
        case let .createIndex(t, i): return "add \(i.unique ? "unique " : "")index \(i.name) on \(t) (\(i.columns.joined(separator: ", ")))"
        case let .dropIndex(t, i): return "remove index \(i.name) on \(t)"
        case let .addUnique(t, u): return "add unique constraint \(u.name) on \(t) (\(u.columns.joined(separator: ", ")))"
        case let .dropUnique(t, u): return "remove unique constraint \(u.name.isEmpty ? "(\(u.columns.joined(separator: ", ")))" : u.name) on \(t)"
        case let .addForeignKey(t, f):
            return "add foreign key \(f.name) on \(t) (\(f.columns.joined(separator: ", "))) -> \(f.referencedTable) (\(f.referencedColumns.joined(separator: ", ")))"
                + (f.onDelete.map { " ON DELETE \($0.rawValue)" } ?? "") + (f.onUpdate.map { " ON UPDATE \($0.rawValue)" } ?? "")
        case let .dropForeignKey(t, f): return "remove foreign key \(f.name.isEmpty ? "(\(f.columns.joined(separator: ", ")))" : f.name) on \(t)"
        case let .addCheck(t, c): return "add check constraint \(c.name) on \(t)"
        case let .dropCheck(t, c): return "remove check constraint \(c.name) on \(t)"
        case let .addPrimaryKey(t, p): return "add primary key on \(t) (\(p.columns.joined(separator: ", ")))"
        case let .dropPrimaryKey(t, _): return "remove primary key on \(t)"
        case .execute: return "execute SQL"
        case .bulkInsert(let b): return "insert \(b.rows.count) row(s) into \(b.table)"
        }
    }

    /// The operation's kind, as `check --format json` names it.
    public var kind: String {
        switch self {
        case .createTable: "add_table"
        case .dropTable: "remove_table"
        case .renameTable: "rename_table"
        case .addColumn: "add_column"
        case .dropColumn: "remove_column"
        case .alterColumn: "modify_column"
        case .createIndex: "add_index"
        case .dropIndex: "remove_index"
        case .addUnique: "add_unique_constraint"
        case .dropUnique: "remove_unique_constraint"
        case .addForeignKey: "add_foreign_key"
        case .dropForeignKey: "remove_foreign_key"
        case .addCheck: "add_check_constraint"
        case .dropCheck: "remove_check_constraint"
        case .addPrimaryKey: "add_primary_key"
        case .dropPrimaryKey: "remove_primary_key"
        case .execute: "execute"
        case .bulkInsert: "bulk_insert"
        }
    }
}
