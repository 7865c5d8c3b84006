/// Compares declared models with a reflected schema and returns the operations that turn the
/// database into the models, in an order that applies.
///
/// Both sides go through the dialect's ``Dialect/comparable(_:)`` first, so what the database merely
/// spells differently (MySQL's `tinyint(1)` for a boolean, PostgreSQL's `'x'::character varying`
/// default) is not a difference. Foreign keys and unique constraints are matched by what they do, not
/// by name; check constraints by name. A table or column that names its `previousName` is renamed,
/// never dropped and added.
public struct SchemaComparator {
    public let dialect: any Dialect
    /// Tables never compared: the version table, and the configuration's exclude patterns (`*` wildcards).
    public let excluded: [String]

    public init(dialect: any Dialect, excluded: [String] = []) {
        self.dialect = dialect
        self.excluded = excluded
    }

    func isExcluded(_ name: String) -> Bool { excluded.contains { Self.matches(pattern: $0, name) } }

    /// `*` matches any run of characters.
    static func matches(pattern: String, _ name: String) -> Bool {
        let parts = pattern.split(separator: "*", omittingEmptySubsequences: false).map(String.init)
        if parts.count == 1 { return pattern == name }
        var rest = Substring(name)
        guard rest.hasPrefix(parts[0]) else { return false }
        rest = rest.dropFirst(parts[0].count)
        for (i, part) in parts.enumerated().dropFirst() {
            if i == parts.count - 1 { return part.isEmpty || rest.hasSuffix(part) }
            guard let r = rest.utf8Range(of: part) else { return false }
            rest = rest[r.upperBound...]
        }
        return true
    }

    public func compare(model: Schema, database: Schema) -> [MigrationOperation] {
        let modelTables = model.tables.filter { !isExcluded($0.name) }
        var dbTables = Dictionary(database.tables.filter { !isExcluded($0.name) }.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
        var renames: [MigrationOperation] = []
        for t in modelTables where dbTables[t.name] == nil {
            if let old = t.previousName, var existing = dbTables[old], !modelTables.contains(where: { $0.name == old }) {
                renames.append(.renameTable(from: old, to: t.name))
                existing.name = t.name
                dbTables[old] = nil
                dbTables[t.name] = existing
            }
        }

        var dropFKs: [MigrationOperation] = []
        var dropOthers: [MigrationOperation] = []
        var columnOps: [MigrationOperation] = []
        var addOthers: [MigrationOperation] = []
        var addFKs: [MigrationOperation] = []

        let modelNames = Set(modelTables.map(\.name))
        let created = modelTables.filter { dbTables[$0.name] == nil }
        for t in modelTables {
            guard let db = dbTables[t.name] else { continue }
            compareTable(t, db, dropFKs: &dropFKs, dropOthers: &dropOthers, columnOps: &columnOps, addOthers: &addOthers, addFKs: &addFKs)
        }

        // New tables, referenced ones first; keys to tables created later (or in a cycle) come at the end.
        var creates: [MigrationOperation] = []
        var available = Set(dbTables.keys)
        var pending = created
        while !pending.isEmpty {
            let ready = pending.firstIndex { t in t.foreignKeys.allSatisfy { available.contains($0.referencedTable) || $0.referencedTable == t.name || !modelNames.contains($0.referencedTable) } }
            var t = pending.remove(at: ready ?? 0)
            if ready == nil {
                let later = t.foreignKeys.filter { !available.contains($0.referencedTable) && $0.referencedTable != t.name }
                t.foreignKeys.removeAll { fk in later.contains(fk) }
                addFKs += later.map { .addForeignKey(table: t.name, $0) }
            }
            creates.append(.createTable(t))
            available.insert(t.name)
        }

        // Removed tables, those that reference others first.
        var removed = dbTables.values.filter { !modelNames.contains($0.name) }.sorted { $0.name < $1.name }
        var drops: [MigrationOperation] = []
        while !removed.isEmpty {
            let i = removed.firstIndex { t in !removed.contains { other in other.name != t.name && other.foreignKeys.contains { $0.referencedTable == t.name } } } ?? 0
            drops.append(.dropTable(removed.remove(at: i)))
        }
        return renames + dropFKs + dropOthers + drops + creates + columnOps + addOthers + addFKs
    }

    private func compareTable(
        _ modelTable: Table, _ dbTable: Table, dropFKs: inout [MigrationOperation], dropOthers: inout [MigrationOperation],
        columnOps: inout [MigrationOperation], addOthers: inout [MigrationOperation], addFKs: inout [MigrationOperation]
    ) {
        let name = modelTable.name
        var db = dbTable
        // Column renames first, so everything after compares like with like.
        for c in modelTable.columns where db.column(c.name) == nil {
            if let old = c.previousName, let existing = db.column(old), modelTable.column(old) == nil {
                columnOps.append(.alterColumn(ColumnAlteration(table: name, column: old, existing: existing, newName: c.name)))
                db.renameColumn(old, to: c.name)
            }
        }
        let m = dialect.comparable(modelTable)
        let d = dialect.comparable(db)

        for (i, c) in modelTable.columns.enumerated() {
            guard let existing = db.column(c.name), let dc = d.column(c.name) else {
                columnOps.append(.addColumn(table: name, c))
                continue
            }
            let mc = m.columns[i]
            if mc.generated != dc.generated {
                // A generated column's expression (or whether it is generated) changes by dropping and
                // adding it: no database alters that in place everywhere.
                columnOps.append(.dropColumn(table: name, existing))
                columnOps.append(.addColumn(table: name, c))
                continue
            }
            var change = ColumnAlteration(table: name, column: c.name, existing: existing)
            if mc.type != dc.type { change.type = c.type }
            if mc.nullable != dc.nullable { change.nullable = c.nullable }
            if mc.defaultValue != dc.defaultValue { change.defaultValue = .some(c.defaultValue) }
            if mc.comment != dc.comment { change.comment = .some(c.comment) }
            if change.type != nil || change.nullable != nil || change.defaultValue != nil || change.comment != nil {
                columnOps.append(.alterColumn(change))
            }
        }
        for c in db.columns where modelTable.column(c.name) == nil {
            columnOps.append(.dropColumn(table: name, c))
        }

        if m.primaryKey?.columns != d.primaryKey?.columns {
            if let p = db.primaryKey { dropOthers.append(.dropPrimaryKey(table: name, p)) }
            if let p = modelTable.primaryKey { addOthers.append(.addPrimaryKey(table: name, p)) }
        }

        func fkSignature(_ f: ForeignKey) -> [String] {
            f.columns + ["->", f.referencedTable] + f.referencedColumns + [f.onDelete?.rawValue ?? "", f.onUpdate?.rawValue ?? ""]
        }
        let dbFKs = Set(d.foreignKeys.map(fkSignature))
        let modelFKs = Set(m.foreignKeys.map(fkSignature))
        for f in modelTable.foreignKeys where !dbFKs.contains(fkSignature(f)) { addFKs.append(.addForeignKey(table: name, f)) }
        for f in db.foreignKeys where !modelFKs.contains(fkSignature(f)) { dropFKs.append(.dropForeignKey(table: name, f)) }

        let dbUniques = Set(d.uniqueConstraints.map(\.columns))
        let modelUniques = Set(m.uniqueConstraints.map(\.columns))
        for u in m.uniqueConstraints where !dbUniques.contains(u.columns) {
            if let i = modelTable.indexes.first(where: { $0.name == u.name && $0.unique }) {
                addOthers.append(.createIndex(table: name, i))
            } else {
                addOthers.append(.addUnique(table: name, u))
            }
        }
        for u in d.uniqueConstraints where !modelUniques.contains(u.columns) {
            if let i = db.indexes.first(where: { $0.name == u.name && $0.unique }) {
                dropOthers.append(.dropIndex(table: name, i))
            } else {
                dropOthers.append(.dropUnique(table: name, db.uniqueConstraints.first { $0.name == u.name } ?? u))
            }
        }

        let dbChecks = Set(d.checkConstraints.map(\.name))
        let modelChecks = Set(m.checkConstraints.map(\.name))
        for c in modelTable.checkConstraints where !dbChecks.contains(c.name) { addOthers.append(.addCheck(table: name, c)) }
        for c in db.checkConstraints where !modelChecks.contains(c.name) && !c.name.isEmpty { dropOthers.append(.dropCheck(table: name, c)) }

        // Compared in their comparable form; the operations carry the indexes as declared and as reflected.
        let dbIndexes = Dictionary(d.indexes.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
        let modelIndexes = Dictionary(m.indexes.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
        let declared = Dictionary(modelTable.indexes.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
        let reflected = Dictionary(db.indexes.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
        for i in m.indexes {
            let original = declared[i.name] ?? i
            if let existing = dbIndexes[i.name] {
                if existing.columns != i.columns || existing.unique != i.unique || existing.include != i.include || existing.predicate != i.predicate {
                    dropOthers.append(.dropIndex(table: name, reflected[i.name] ?? existing))
                    addOthers.append(.createIndex(table: name, original))
                }
            } else {
                addOthers.append(.createIndex(table: name, original))
            }
        }
        for i in d.indexes where modelIndexes[i.name] == nil { dropOthers.append(.dropIndex(table: name, reflected[i.name] ?? i)) }
    }
}
