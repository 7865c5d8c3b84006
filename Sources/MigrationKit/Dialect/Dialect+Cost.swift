/// Each database's costs for the operations on an existing table (a new table costs nothing to anyone).
/// Sources: PostgreSQL's "Explicit Locking" and "ALTER TABLE" pages (lock level per subcommand, which
/// forms rewrite); MariaDB's "InnoDB Online DDL Operations" pages (ALGORITHM and LOCK per operation, as
/// of 10.6); SQLite's ALTER TABLE page (what needs the table rebuilt). Tests measure each verdict: the
/// lock PostgreSQL actually takes, the ALGORITHM MariaDB actually accepts (LintTests).
extension Dialect {
    public func cost(of op: MigrationOperation) -> OperationCost? { nil }
}

extension PostgreSQLDialect {
    public func cost(of op: MigrationOperation) -> OperationCost? {
        let brief = "ACCESS EXCLUSIVE (brief)"
        switch op {
        case .createTable, .bulkInsert, .execute: return nil
        case .dropTable, .renameTable, .dropColumn: return OperationCost(lock: brief, work: .metadata, blocksWrites: false)
        case .addColumn(_, let c):
            if c.generated != nil || c.autoincrement {
                return OperationCost(lock: "ACCESS EXCLUSIVE", work: .rewrite, blocksWrites: true, saferForm: "add it nullable, backfill in batches, then constrain it")
            }
            if let d = c.defaultValue, case .expression = d {
                return OperationCost(lock: "ACCESS EXCLUSIVE", work: .rewrite, blocksWrites: true, saferForm: "add it without a default, set the default, backfill in batches")
            }
            return OperationCost(lock: brief, work: .metadata, blocksWrites: false)
        case .alterColumn(let a):
            if let t = a.type, t != a.existing.type {
                if Self.widensWithoutRewrite(from: a.existing.type, to: t) { return OperationCost(lock: brief, work: .metadata, blocksWrites: false) }
                return OperationCost(lock: "ACCESS EXCLUSIVE", work: .rewrite, blocksWrites: true, saferForm: "add a new column, backfill it in batches, switch over, drop the old one")
            }
            if a.nullable == false && a.existing.nullable {
                return OperationCost(lock: "ACCESS EXCLUSIVE", work: .scan, blocksWrites: true,
                                     saferForm: "ADD CONSTRAINT … CHECK (col IS NOT NULL) NOT VALID, VALIDATE CONSTRAINT, then SET NOT NULL (uses the check, no scan)")
            }
            return OperationCost(lock: brief, work: .metadata, blocksWrites: false)
        case .createIndex:
            return OperationCost(lock: "SHARE", work: .build, blocksWrites: true, saferForm: "CREATE INDEX CONCURRENTLY (outside a transaction)")
        case .dropIndex:
            return OperationCost(lock: brief, work: .metadata, blocksWrites: false, saferForm: "DROP INDEX CONCURRENTLY waits for no lock queue")
        case .addUnique:
            return OperationCost(lock: "ACCESS EXCLUSIVE", work: .build, blocksWrites: true,
                                 saferForm: "CREATE UNIQUE INDEX CONCURRENTLY, then ADD CONSTRAINT … UNIQUE USING INDEX")
        case .addForeignKey:
            return OperationCost(lock: "SHARE ROW EXCLUSIVE", work: .scan, blocksWrites: true, saferForm: "ADD CONSTRAINT … NOT VALID, then VALIDATE CONSTRAINT (SHARE UPDATE EXCLUSIVE, writes continue)")
        case .addCheck:
            return OperationCost(lock: "ACCESS EXCLUSIVE", work: .scan, blocksWrites: true, saferForm: "ADD CONSTRAINT … NOT VALID, then VALIDATE CONSTRAINT")
        case .addPrimaryKey:
            return OperationCost(lock: "ACCESS EXCLUSIVE", work: .build, blocksWrites: true, saferForm: "CREATE UNIQUE INDEX CONCURRENTLY, then ADD PRIMARY KEY USING INDEX")
        case .dropUnique, .dropForeignKey, .dropCheck, .dropPrimaryKey:
            return OperationCost(lock: brief, work: .metadata, blocksWrites: false)
        }
    }

    /// VARCHAR(n) to a longer VARCHAR or to TEXT keeps the stored values as they are.
    static func widensWithoutRewrite(from: ColumnType, to: ColumnType) -> Bool {
        switch (from, to) {
        case let (.string(a), .string(b)): return b == nil || (a != nil && b! >= a!)
        case (.string, .text): return true
        default: return false
        }
    }
}

extension MySQLDialect {
    public func cost(of op: MigrationOperation) -> OperationCost? {
        let instant = OperationCost(lock: "ALGORITHM=INSTANT", work: .metadata, blocksWrites: false)
        let online = { (work: OperationCost.Work) in OperationCost(lock: "ALGORITHM=INPLACE, LOCK=NONE", work: work, blocksWrites: false) }
        let copy = { (safer: String?) in OperationCost(lock: "ALGORITHM=COPY", work: .rewrite, blocksWrites: true, saferForm: safer) }
        switch op {
        case .createTable, .bulkInsert, .execute: return nil
        case .dropTable, .renameTable, .dropColumn: return instant
        case .addColumn(_, let c):
            if let g = c.generated, g.stored { return copy("a VIRTUAL generated column is instant") }
            if c.autoincrement { return copy(nil) }
            return instant
        case .alterColumn(let a):
            if let t = a.type, t != a.existing.type {
                if case let (.string(x), .string(y)) = (a.existing.type, t), let x, let y, y >= x, (x <= 63) == (y <= 63) {
                    // utf8mb4: up to 63 characters fit a 1-byte length, longer need 2; within one class, in place.
                    return instant
                }
                return copy("add a new column, backfill it in batches, switch over, drop the old one")
            }
            if a.nullable == false && a.existing.nullable { return online(.rewrite) }
            if a.nullable == true && !a.existing.nullable { return online(.rewrite) }
            return instant
        case .createIndex, .addUnique: return online(.build)
        // Measured (LintTests): 10.11 refuses INSTANT for DROP INDEX ("Try ALGORITHM=NOCOPY").
        case .dropIndex, .dropUnique: return OperationCost(lock: "ALGORITHM=NOCOPY, LOCK=NONE", work: .metadata, blocksWrites: false)
        case .dropForeignKey: return instant
        case .addForeignKey:
            return copy("with foreign_key_checks=0 it is ALGORITHM=INPLACE, but existing rows are not checked")
        case .addCheck: return copy(nil)
        case .dropCheck: return instant
        case .addPrimaryKey: return online(.rewrite)
        case .dropPrimaryKey: return copy("add the new primary key in the same ALTER (INPLACE)")
        }
    }
}

extension SQLiteDialect {
    /// SQLite's own ALTER TABLE renames and adds and drops simple columns; everything else is a rebuild
    /// (a copy of the table) under the database's single write lock.
    public func cost(of op: MigrationOperation) -> OperationCost? {
        let lock = "database write lock"
        switch op {
        case .createTable, .bulkInsert, .execute: return nil
        case .dropTable, .renameTable: return OperationCost(lock: lock, work: .metadata, blocksWrites: false)
        case .addColumn(_, let c):
            if let g = c.generated, g.stored { return OperationCost(lock: lock, work: .rewrite, blocksWrites: true) }
            return OperationCost(lock: lock, work: .metadata, blocksWrites: false)
        case .dropColumn: return OperationCost(lock: lock, work: .rewrite, blocksWrites: true)
        case .alterColumn(let a):
            if a.newName != nil && a.type == nil && a.nullable == nil && a.defaultValue == nil { return OperationCost(lock: lock, work: .metadata, blocksWrites: false) }
            return OperationCost(lock: lock, work: .rewrite, blocksWrites: true)
        case .createIndex: return OperationCost(lock: lock, work: .build, blocksWrites: true)
        case .dropIndex: return OperationCost(lock: lock, work: .metadata, blocksWrites: false)
        case .addUnique, .addForeignKey, .addCheck, .addPrimaryKey, .dropUnique, .dropForeignKey, .dropCheck, .dropPrimaryKey:
            return OperationCost(lock: lock, work: .rewrite, blocksWrites: true)
        }
    }
}
