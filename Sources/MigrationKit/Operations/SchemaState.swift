/// The schema as it stands during a run, for renderers that need more than the operation says:
/// a SQLite rebuild needs the whole current table, PostgreSQL needs to know which enum types exist.
///
/// Online it reads the live database through a reflector, one table at a time when first needed;
/// offline it knows what the script itself created (a script started at base knows everything).
public final class SchemaState {
    private var tables: [String: Table] = [:]
    private var enums: [String: SQLEnum] = [:]
    private var missing: Set<String> = []
    private var enumsLoaded = false
    private var storedCache: [String: SQLiteStoredTable] = [:]
    /// Set while a dialect renders: the live database is read before, never during.
    private var rendering = false
    /// Reads one table (nil when absent) and the enum types of the live database; nil offline.
    let reflectTable: ((String) throws -> Table?)?
    let reflectEnums: (() throws -> [SQLEnum])?
    /// Reads what SQLite stores about a table (its CREATE TABLE text, indexes, triggers); nil elsewhere.
    let readStored: ((String) throws -> SQLiteStoredTable?)?
    /// Offline from base: a table the script did not create does not exist.
    let complete: Bool

    public init(
        reflectTable: ((String) throws -> Table?)? = nil, reflectEnums: (() throws -> [SQLEnum])? = nil,
        readStored: ((String) throws -> SQLiteStoredTable?)? = nil, complete: Bool = false
    ) {
        self.reflectTable = reflectTable
        self.reflectEnums = reflectEnums
        self.readStored = readStored
        self.complete = complete
    }

    /// Tables this run created (or renamed into place): a script knows them fully.
    private var createdInRun: Set<String> = []
    /// The columns an offline script assumes tables it did not create have, first assumption per table.
    public private(set) var expectations: [(table: String, columns: [String])] = []

    private var namesAtStart: [String: String] = [:]
    private var tablesAtStart: [String: Table] = [:]

    /// Starts a run: what earlier replays created is now simply there.
    public func beginRun() {
        createdInRun = []
        expectations = []
        namesAtStart = [:]
        tablesAtStart = tables
    }

    /// Records that the script relies on `table` (as it is now) having, when the script starts, the
    /// columns the history gives it there (unless the script made the table itself).
    public func expect(_ table: String) {
        let original = namesAtStart[table] ?? table
        guard !createdInRun.contains(table), !expectations.contains(where: { $0.table == original }),
            let t = tablesAtStart[original]
        else { return }
        expectations.append((original, t.columns.map(\.name)))
    }

    /// Rows that violated foreign keys before the revision began (SQLite's `foreign_key_check`), counted
    /// per child table, parent and key: a revision is blamed only for violations it adds.
    public var preexistingViolations: [String: Int] = [:]
    private var preexistingRows: Set<Row> = []

    /// Sets ``preexistingViolations`` from `foreign_key_check` rows (table, rowid, parent, key index).
    public func notePreexistingViolations(_ rows: [Row]) {
        preexistingViolations = Self.countViolations(rows)
        preexistingRows = Set(rows)
    }

    /// The rows of `foreign_key_check` beyond what was there before the revision: per child table,
    /// parent and key, as many as the count grew, preferring rows (by rowid) that were not there before
    /// (a rebuild may renumber the rowids of a table without an INTEGER PRIMARY KEY).
    public func newViolations(_ rows: [Row]) -> [Row] {
        var excess = Self.countViolations(rows)
        for (k, n) in excess { excess[k] = n - preexistingViolations[k, default: 0] }
        var out: [Row] = []
        for pass in [false, true] {
            for r in rows where preexistingRows.contains(r) == pass {
                let k = Self.violationKey(r)
                if excess[k, default: 0] > 0 {
                    out.append(r)
                    excess[k]! -= 1
                }
            }
        }
        return out
    }

    static func violationKey(_ r: Row) -> String {
        r.values.enumerated().filter { $0.offset != 1 }.map { $0.element.stringValue ?? "" }.joined(separator: "\u{1}")
    }

    static func countViolations(_ rows: [Row]) -> [String: Int] {
        var out: [String: Int] = [:]
        for r in rows { out[violationKey(r), default: 0] += 1 }
        return out
    }

    /// The tables known to exist.
    public var tableNames: [String] { Array(tables.keys) }

    /// An independent copy, for a dry run that must not change this state.
    public func copy() -> SchemaState {
        let c = SchemaState(reflectTable: reflectTable, reflectEnums: reflectEnums, readStored: readStored, complete: complete)
        c.tables = tables
        c.enums = enums
        c.missing = missing
        c.enumsLoaded = enumsLoaded
        c.storedCache = storedCache
        c.createdInRun = createdInRun
        c.expectations = expectations
        c.namesAtStart = namesAtStart
        c.tablesAtStart = tablesAtStart
        return c
    }

    /// The current definition of a table.
    public func table(_ name: String) throws -> Table {
        if let t = tables[name] { return t }
        if let reflectTable, !missing.contains(name) {
            try refuseReadWhileRendering(name)
            let reflected: Table?
            do { reflected = try reflectTable(name) } catch {
                // A lost connection or a missing privilege is not "no such table": say what failed.
                throw OperationError.reflectionFailed(table: name, underlying: "\(error)")
            }
            if let t = reflected {
                tables[name] = t
                return t
            }
            missing.insert(name)
            throw OperationError.unknownTable(name)
        }
        if complete || missing.contains(name) { throw OperationError.unknownTable(name) }
        throw OperationError.offlineNeedsTable(name)
    }

    /// The table's definition when it is known, nil when it is not (absent, or unknown to an offline
    /// script): for operations that only refine what they do with it. A failure to read it is an error.
    public func knownTable(_ name: String) throws -> Table? {
        do { return try table(name) } catch OperationError.unknownTable, OperationError.offlineNeedsTable { return nil }
    }

    /// What SQLite stores about the table, as read before rendering; nil offline (a script knows only
    /// the tables its history declared) and on other databases.
    public func stored(_ name: String) throws -> SQLiteStoredTable? {
        guard let readStored else { return nil }
        if let s = storedCache[name] { return s }
        try refuseReadWhileRendering(name)
        guard let s = try readStored(name) else { throw OperationError.unknownTable(name) }
        storedCache[name] = s
        return s
    }

    /// Runs `body` (a renderer) with the live database closed: reading a table not read before is an
    /// error then, so the same operation renders to the same SQL. `Execution` reads what the renderer
    /// declares it needs first (`SchemaState.render(_:with:)`).
    public func whileRendering<T>(_ body: () throws -> T) rethrows -> T {
        rendering = true
        defer { rendering = false }
        return try body()
    }

    private func refuseReadWhileRendering(_ table: String) throws {
        if rendering {
            throw OperationError.reflectionFailed(table: table, underlying: "the renderer read it without declaring it in its inputs (a bug)")
        }
    }

    /// Whether a named enum type exists (PostgreSQL).
    public func enumExists(_ name: String) throws -> Bool {
        if !enumsLoaded, let reflectEnums {
            try refuseReadWhileRendering("(enum types)")
            for e in try reflectEnums() where enums[e.name] == nil { enums[e.name] = e }
            enumsLoaded = true
        }
        return enums[name] != nil
    }

    /// Whether any known table other than `except` uses the enum type.
    public func enumInUse(_ name: String, except: String? = nil) -> Bool {
        tables.values.contains { t in t.name != except && t.columns.contains { $0.type.enumeration?.name == name } }
    }

    /// Forgets what raw SQL may have changed; online, tables are read again when next needed.
    public func invalidate() {
        if reflectTable != nil {
            tables.removeAll()
            missing.removeAll()
            enums.removeAll()
            enumsLoaded = false
            storedCache.removeAll()
        }
    }

    public func noteEnum(_ e: SQLEnum) { enums[e.name] = e }
    public func forgetEnum(_ name: String) { enums[name] = nil }

    /// Forgets the enum types no known table uses any more (PostgreSQL drops them with their last use).
    private func forgetUnused(_ candidates: [SQLEnum]) {
        for e in candidates where !enumInUse(e.name) { enums[e.name] = nil }
    }

    /// Records the effect of an operation that has run: the one place the schema state changes
    /// (renderers only read it, so rendering an operation twice gives the same SQL).
    public func apply(_ op: MigrationOperation) {
        // What SQLite stored about a table the operation changed is stale now.
        if let t = op.tableName { storedCache[t] = nil }
        if case let .renameTable(_, to) = op { storedCache[to] = nil }
        func update(_ name: String, _ change: (inout Table) -> Void) {
            guard var t = tables[name] else { return }
            change(&t)
            tables[name] = t
        }
        switch op {
        case .createTable(let t):
            tables[t.name] = t
            missing.remove(t.name)
            createdInRun.insert(t.name)
            for e in t.enums { enums[e.name] = e }
        case .dropTable(let t):
            let dropped = tables[t.name] ?? t
            tables[t.name] = nil
            missing.insert(t.name)
            forgetUnused(dropped.enums + t.enums)
        case let .renameTable(from, to):
            if var t = tables[from] {
                t.name = to
                tables[to] = t
            }
            // Every database points foreign keys at the table's new name.
            for (name, var t) in tables where t.foreignKeys.contains(where: { $0.referencedTable == from }) {
                for i in t.foreignKeys.indices where t.foreignKeys[i].referencedTable == from { t.foreignKeys[i].referencedTable = to }
                tables[name] = t
            }
            tables[from] = nil
            missing.insert(from)
            missing.remove(to)
            if createdInRun.remove(from) != nil { createdInRun.insert(to) } else { createdInRun.remove(to) }
            // Renamed, the table is still the live one: what the script assumes of it is checked under
            // the name it has when the script starts.
            namesAtStart[to] = namesAtStart[from] ?? from
            namesAtStart[from] = nil
        case let .addColumn(name, c):
            update(name) { $0.columns.append(c) }
            if let e = c.type.enumeration { enums[e.name] = e }
        case let .dropColumn(name, c):
            let type = tables[name]?.column(c.name)?.type ?? c.type
            defer { forgetUnused(type.enumeration.map { [$0] } ?? []) }
            update(name) { t in
                t.columns.removeAll { $0.name == c.name }
                t.indexes.removeAll { $0.columns.contains(c.name) }
                t.uniqueConstraints.removeAll { $0.columns.contains(c.name) }
                t.foreignKeys.removeAll { $0.columns.contains(c.name) }
            }
        case .alterColumn(let a):
            let after = a.result
            update(a.table) { t in
                t.renameColumn(a.column, to: after.name)
                if let i = t.columns.firstIndex(where: { $0.name == after.name }) { t.columns[i] = after }
            }
            if let e = after.type.enumeration { enums[e.name] = e }
            if let old = a.existing.type.enumeration, old.name != after.type.enumeration?.name { forgetUnused([old]) }
        case let .createIndex(name, i): update(name) { $0.indexes.append(i) }
        case let .dropIndex(name, i): update(name) { $0.indexes.removeAll { $0.name == i.name } }
        case let .addUnique(name, u): update(name) { $0.uniqueConstraints.append(u) }
        case let .dropUnique(name, u): update(name) { $0.uniqueConstraints.removeAll { $0.name == u.name } }
        case let .addForeignKey(name, f): update(name) { $0.foreignKeys.append(f) }
        case let .dropForeignKey(name, f): update(name) { $0.foreignKeys.removeAll { $0.name == f.name } }
        case let .addCheck(name, c): update(name) { $0.checkConstraints.append(c) }
        case let .dropCheck(name, c): update(name) { $0.checkConstraints.removeAll { $0.name == c.name } }
        case let .addPrimaryKey(name, p): update(name) { $0.primaryKey = p }
        case .dropPrimaryKey(let name, _): update(name) { $0.primaryKey = nil }
        case .execute: invalidate()
        case .bulkInsert: break
        }
    }
}
