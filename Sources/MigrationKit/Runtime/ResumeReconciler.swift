/// Decides, operation by operation, which parts of an unfinished revision the live schema already has.
///
/// On databases whose DDL commits as it runs, a run can stop after a statement committed but before
/// its progress was recorded; counting statements would then run it again and fail ("Duplicate key
/// name", "Can't DROP COLUMN"). Operations are data and reflection exists, so a resumed revision asks
/// the database instead: each schema operation whose effect is already there is skipped (and said so),
/// the rest run. Raw SQL and data operations cannot be judged from the schema; for those the
/// statement-level progress record decides (data statements commit together with their record).
public final class ResumeReconciler: OperationJudge {
    /// Reads one live table, fresh each time (earlier operations of the resumed run change it).
    let reflect: (String) throws -> Table?
    let dialect: any Dialect
    /// What was skipped, for the log and the summary.
    public private(set) var skipped: [String] = []

    public init(dialect: any Dialect, reflect: @escaping (String) throws -> Table?) {
        self.dialect = dialect
        self.reflect = reflect
    }

    /// True when the operation's effect is in the live schema, false when it is not, nil when the
    /// schema cannot tell (raw SQL, data).
    public func isApplied(_ op: MigrationOperation) throws -> Bool? {
        switch op {
        case .createTable(let t): return try reflect(t.name) != nil
        case .dropTable(let t): return try reflect(t.name) == nil
        case let .renameTable(from, to): return try reflect(from) == nil && reflect(to) != nil
        case let .addColumn(t, c): return try reflect(t)?.column(c.name) != nil
        case let .dropColumn(t, c): return try reflect(t).map { $0.column(c.name) == nil }
        case .alterColumn(let a):
            guard let live = try reflect(a.table) else { return false }
            let result = a.result
            if result.name != a.column, live.column(a.column) != nil { return false }
            guard let now = live.column(result.name) else { return false }
            return same(now, result, table: a.table)
        case let .createIndex(t, i): return try hasIndex(t, i.name)
        case let .dropIndex(t, i): return try hasIndex(t, i.name).map { !$0 }
        case let .addUnique(t, u): return try hasIndex(t, u.name)
        case let .dropUnique(t, u): return try hasIndex(t, u.name).map { !$0 }
        case let .addForeignKey(t, f): return try reflect(t)?.foreignKeys.contains { $0.name == f.name } ?? false
        case let .dropForeignKey(t, f): return try reflect(t).map { !$0.foreignKeys.contains { $0.name == f.name } }
        case let .addCheck(t, c): return try reflect(t)?.checkConstraints.contains { $0.name == c.name } ?? false
        case let .dropCheck(t, c): return try reflect(t).map { !$0.checkConstraints.contains { $0.name == c.name } }
        case let .addPrimaryKey(t, p): return try reflect(t)?.primaryKey?.columns == p.columns
        case .dropPrimaryKey(let t, _): return try reflect(t).map { $0.primaryKey == nil }
        case .execute, .bulkInsert: return nil
        }
    }

    /// For each of the operation's `count` statements, whether to skip it (its effect is there); nil
    /// when the schema cannot tell. An operation of several statements that can stop between them is
    /// judged statement by statement: a table whose indexes were not all created yet, a foreign key
    /// dropped before the index InnoDB made for it.
    public func skips(_ op: MigrationOperation, statements count: Int) throws -> [Bool]? {
        switch op {
        case .createTable(let t) where count == 1 + t.indexes.count && !t.indexes.isEmpty:
            guard let live = try reflect(t.name) else { return [Bool](repeating: false, count: count) }
            let names = Set(live.indexes.map(\.name) + live.uniqueConstraints.map(\.name))
            return [true] + t.indexes.map { names.contains($0.name) }
        case .dropForeignKey where count == 2:
            // The second statement (DROP INDEX IF EXISTS) is safe to run again.
            guard let gone = try isApplied(op) else { return nil }
            return [gone, false]
        default:
            guard let applied = try isApplied(op) else { return nil }
            return [Bool](repeating: applied, count: count)
        }
    }

    /// Records a skipped operation.
    public func noteSkipped(_ op: MigrationOperation, partly: Bool) {
        skipped.append(op.summary + (partly ? " (in part)" : ""))
    }

    private func hasIndex(_ table: String, _ name: String) throws -> Bool? {
        guard let t = try reflect(table) else { return nil }
        return t.indexes.contains { $0.name == name } || t.uniqueConstraints.contains { $0.name == name }
    }

    /// Whether the live column is what the alteration makes, as this database stores it.
    private func same(_ live: Column, _ wanted: Column, table: String) -> Bool {
        let a = dialect.comparable(Table(name: table, columns: [live])).columns[0]
        let b = dialect.comparable(Table(name: table, columns: [wanted])).columns[0]
        // A comment is part of the change where the database keeps comments (an ALTER that only
        // sets a comment must not be judged applied because the type already matches).
        if dialect.supportsComments && (a.comment ?? "") != (b.comment ?? "") { return false }
        return a.type == b.type && a.nullable == b.nullable
            && a.defaultValue.map { dialect.comparableDefault($0, type: a.type) } == b.defaultValue.map { dialect.comparableDefault($0, type: b.type) }
    }
}
