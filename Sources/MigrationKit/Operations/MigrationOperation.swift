/// SQL for raw execution, the same everywhere or different per backend.
public struct DialectSQL: Sendable, Hashable {
    public var generic: String?
    public var perBackend: [Backend: String]

    public init(_ generic: String? = nil, perBackend: [Backend: String] = [:]) {
        self.generic = generic
        self.perBackend = perBackend
    }

    public func sql(for backend: Backend) -> String? { perBackend[backend] ?? generic }
}

/// A column change: each field is `nil` when that aspect does not change.
public struct ColumnAlteration: Sendable, Hashable {
    public var table: String
    public var column: String
    /// The column as it is before the change (dialects that restate the whole column need it).
    public var existing: Column
    public var newName: String?
    public var type: ColumnType?
    public var nullable: Bool?
    /// `.some(nil)` drops the default.
    public var defaultValue: DefaultValue??
    /// `.some(nil)` drops the comment.
    public var comment: String??

    public init(
        table: String, column: String, existing: Column, newName: String? = nil, type: ColumnType? = nil,
        nullable: Bool? = nil, defaultValue: DefaultValue?? = nil, comment: String?? = nil
    ) {
        self.table = table
        self.column = column
        self.existing = existing
        self.newName = newName
        self.type = type
        self.nullable = nullable
        self.defaultValue = defaultValue
        self.comment = comment
    }

    /// The column as it is after the change.
    public var result: Column {
        var c = existing
        if let newName { c.name = newName }
        if let type { c.type = type }
        if let nullable { c.nullable = nullable }
        if let d = defaultValue { c.defaultValue = d }
        if let m = comment { c.comment = m }
        c.previousName = nil
        return c
    }

    /// The change that undoes this one.
    public var reversed: ColumnAlteration {
        let after = result
        return ColumnAlteration(
            table: table, column: after.name, existing: after, newName: newName == nil ? nil : existing.name,
            type: type == nil ? nil : existing.type, nullable: nullable == nil ? nil : existing.nullable,
            defaultValue: defaultValue == nil ? nil : .some(existing.defaultValue),
            comment: comment == nil ? nil : .some(existing.comment))
    }
}

/// Rows to insert, in batches.
public struct BulkInsert: Sendable, Hashable {
    public var table: String
    public var columns: [String]
    public var rows: [[SQLValue]]
    public var batchSize: Int

    public init(table: String, columns: [String], rows: [[SQLValue]], batchSize: Int = 500) {
        self.table = table
        self.columns = columns
        self.rows = rows
        self.batchSize = max(1, batchSize)
    }

    /// The first row whose number of values is not the number of columns, as a message; checked before
    /// anything is sent, so a bad row loads nothing.
    public var malformedRow: String? {
        guard let i = rows.firstIndex(where: { $0.count != columns.count }) else { return nil }
        return "row \(i + 1) of the insert into \(table) has \(rows[i].count) values for \(columns.count) columns"
    }

    /// The rows' values, by kind and content (not as SQL text): what a bulk insert's checksum is made of.
    /// Word at a time (a multiply and a rotation per 8 bytes), so a million rows take milliseconds.
    public var rowsHash: UInt64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        @inline(__always) func mix(_ v: UInt64) {
            h = (h ^ v) &* 0x100_0000_01b3
            h = (h << 29) | (h >> 35)
        }
        for row in rows {
            mix(0x1e)
            for value in row {
                switch value {
                case .null: mix(0)
                case .integer(let i): mix(1); mix(UInt64(bitPattern: i))
                case .double(let d): mix(2); mix(d.bitPattern)
                case .text(let t):
                    mix(3)
                    var t = t
                    t.withUTF8 { bytes in
                        mix(UInt64(bytes.count))
                        var word: UInt64 = 0
                        for (k, b) in bytes.enumerated() {
                            word = word << 8 | UInt64(b)
                            if k & 7 == 7 { mix(word); word = 0 }
                        }
                        mix(word)
                    }
                case .bytes(let b):
                    mix(4); mix(UInt64(b.count))
                    var word: UInt64 = 0
                    for (k, x) in b.enumerated() {
                        word = word << 8 | UInt64(x)
                        if k & 7 == 7 { mix(word); word = 0 }
                    }
                    mix(word)
                }
            }
        }
        return h
    }

    /// One line naming the insert (progress records, errors): `INSERT INTO t (a, b) … -- 3 rows`.
    public var summary: String {
        "INSERT INTO \(table) (\(columns.joined(separator: ", "))) VALUES … -- \(rows.count) row\(rows.count == 1 ? "" : "s")"
    }
}

/// One schema or data change, as plain data.
///
/// Revision scripts, autogenerate and the offline renderer all work with these values; a dialect
/// turns them into SQL. Each knows its reverse, or says it has none.
public enum MigrationOperation: Sendable, Hashable {
    case createTable(Table)
    case dropTable(Table)
    case renameTable(from: String, to: String)
    case addColumn(table: String, Column)
    case dropColumn(table: String, Column)
    case alterColumn(ColumnAlteration)
    case createIndex(table: String, Index)
    case dropIndex(table: String, Index)
    case addUnique(table: String, UniqueConstraint)
    case dropUnique(table: String, UniqueConstraint)
    case addForeignKey(table: String, ForeignKey)
    case dropForeignKey(table: String, ForeignKey)
    case addCheck(table: String, CheckConstraint)
    case dropCheck(table: String, CheckConstraint)
    case addPrimaryKey(table: String, PrimaryKey)
    case dropPrimaryKey(table: String, PrimaryKey)
    case execute(DialectSQL, reverse: DialectSQL?)
    case bulkInsert(BulkInsert)

    /// The operation that undoes this one.
    ///
    /// - Throws: ``OperationError/irreversible(_:)`` for raw SQL without a reverse and for bulk inserts.
    public func reversed() throws -> MigrationOperation {
        switch self {
        case .createTable(let t): return .dropTable(t)
        case .dropTable(let t): return .createTable(t)
        case let .renameTable(from, to): return .renameTable(from: to, to: from)
        case let .addColumn(t, c): return .dropColumn(table: t, c)
        case let .dropColumn(t, c): return .addColumn(table: t, c)
        case .alterColumn(let a): return .alterColumn(a.reversed)
        case let .createIndex(t, i): return .dropIndex(table: t, i)
        case let .dropIndex(t, i): return .createIndex(table: t, i)
        case let .addUnique(t, u): return .dropUnique(table: t, u)
        case let .dropUnique(t, u): return .addUnique(table: t, u)
        case let .addForeignKey(t, f): return .dropForeignKey(table: t, f)
        case let .dropForeignKey(t, f): return .addForeignKey(table: t, f)
        case let .addCheck(t, c): return .dropCheck(table: t, c)
        case let .dropCheck(t, c): return .addCheck(table: t, c)
        case let .addPrimaryKey(t, p): return .dropPrimaryKey(table: t, p)
        case let .dropPrimaryKey(t, p): return .addPrimaryKey(table: t, p)
        case let .execute(sql, reverse):
            guard let reverse else { throw OperationError.irreversible("raw SQL with no reverse given") }
            return .execute(reverse, reverse: sql)
        case .bulkInsert(let b): throw OperationError.irreversible("bulk insert into \(b.table)")
        }
    }

    /// The table the operation changes, if it changes one.
    public var tableName: String? {
        switch self {
        case .createTable(let t), .dropTable(let t): t.name
        case .renameTable(let from, _): from
        case .addColumn(let t, _), .dropColumn(let t, _), .createIndex(let t, _), .dropIndex(let t, _),
            .addUnique(let t, _), .dropUnique(let t, _), .addForeignKey(let t, _), .dropForeignKey(let t, _),
            .addCheck(let t, _), .dropCheck(let t, _), .addPrimaryKey(let t, _), .dropPrimaryKey(let t, _):
            t
        case .alterColumn(let a): a.table
        case .execute: nil
        case .bulkInsert(let b): b.table
        }
    }

    /// Whether the operation can lose data (drops, type narrowing, NOT NULL on a nullable column).
    public var isDestructive: Bool {
        switch self {
        case .dropTable, .dropColumn: return true
        case .alterColumn(let a):
            if a.nullable == false && a.existing.nullable { return true }
            if let t = a.type { return ColumnType.narrows(from: a.existing.type, to: t) }
            return false
        default: return false
        }
    }
}

extension MigrationOperation {
    /// The table an operation may have to rebuild on SQLite (every change of an existing table's
    /// columns or constraints); nil for the rest.
    public var rebuildCandidate: String? {
        switch self {
        case let .addColumn(t, _), let .dropColumn(t, _), let .addUnique(t, _), let .dropUnique(t, _),
            let .addForeignKey(t, _), let .dropForeignKey(t, _), let .addCheck(t, _), let .dropCheck(t, _),
            let .addPrimaryKey(t, _), let .dropPrimaryKey(t, _):
            return t
        case .alterColumn(let a): return a.table
        default: return nil
        }
    }
}

extension ColumnType {
    /// Whether changing `from` into `to` may lose or reject existing values.
    public static func narrows(from: ColumnType, to: ColumnType) -> Bool {
        switch (from, to) {
        case (.smallInteger, .integer), (.smallInteger, .bigInteger), (.integer, .bigInteger): return false
        case let (.string(a), .string(b)): return (b ?? Int.max) < (a ?? Int.max)
        case (.string, .text): return false
        case let (.numeric(p1, s1), .numeric(p2, s2)): return (p2 ?? 1000) < (p1 ?? 1000) || (s2 ?? 0) < (s1 ?? 0)
        case let (.enumeration(a), .enumeration(b)): return !Set(a.values).isSubset(of: Set(b.values))
        case let (.string(n), .enumeration(e)): return n.map { n in e.values.contains { $0.count > n } } ?? true
        case let (.enumeration(e), .string(n)): return n.map { n in e.values.contains { $0.count > n } } ?? false
        case (.enumeration, .text): return false
        default: return from != to
        }
    }
}

extension OperationError {
    /// The sample a foreign-key violation error shows.
    var sample: String {
        if case let .foreignKeyViolations(_, _, sample) = self { return sample }
        return ""
    }

    /// The error for rows `PRAGMA foreign_key_check` returned (table, rowid, parent, key index).
    static func foreignKeyViolations(table: String, rows: [Row]) -> OperationError {
        let sample = rows.prefix(3).map { r in r.values.map { $0.stringValue ?? "NULL" }.joined(separator: " ") }.joined(separator: "; ")
        return .foreignKeyViolations(table: table, count: rows.count, sample: sample)
    }
}

/// Operations that cannot be carried out as asked.
public enum OperationError: Error, Sendable, Equatable, CustomStringConvertible {
    case irreversible(String)
    case unknownTable(String)
    case unknownColumn(table: String, column: String)
    case offlineNeedsTable(String)
    case foreignKeyViolations(table: String, count: Int, sample: String)
    case columnInUse(table: String, column: String, user: String)
    case revisionViolatesForeignKeys(count: Int, sample: String)
    case reflectionFailed(table: String, underlying: String)
    case brokenView(view: String, table: String, reason: String)
    case unknownConstraint(table: String, kind: String, name: String)

    public var description: String {
        switch self {
        case .irreversible(let what): "\(what) has no reverse; write the downgrade by hand"
        case .unknownTable(let t): "table '\(t)' does not exist"
        case let .unknownColumn(t, c): "table '\(t)' has no column '\(c)'"
        case .offlineNeedsTable(let t):
            "changing table '\(t)' on SQLite rebuilds it, which needs its current definition; with --sql that is "
                + "known only for tables created earlier in the same script (start the script at base)"
        case let .foreignKeyViolations(t, n, sample):
            "rebuilding table '\(t)' would leave \(n) row(s) violating foreign keys (\(sample)); nothing was changed"
        case let .reflectionFailed(t, underlying):
            "could not read the definition of table '\(t)' from the database: \(underlying)"
        case let .revisionViolatesForeignKeys(n, sample):
            "the revision would leave \(n) new row(s) violating foreign keys (\(sample): child table, rowid, parent table, key)"
        case let .columnInUse(t, c, user):
            "cannot drop column '\(c)' of table '\(t)': \(user) uses it; drop or change that in the revision first; nothing was changed"
        case let .brokenView(v, t, reason):
            "changing table '\(t)' would break view '\(v)' (\(reason)); drop or change the view in the revision first; nothing was changed"
        case let .unknownConstraint(t, kind, name):
            "table '\(t)' has no \(kind) \(name)"
        }
    }
}
