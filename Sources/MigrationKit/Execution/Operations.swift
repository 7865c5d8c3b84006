/// What a revision's `upgrade` and `downgrade` receive: the way to change the database.
///
/// Each method builds a ``MigrationOperation`` value and runs it: the dialect renders it, the SQL goes
/// to the run's ``SQLSink`` (so the same code runs online and writes `--sql` scripts), and the schema
/// state records the change for operations that need it later (SQLite rebuilds, PostgreSQL enums).
///
/// ```swift
/// try op.createTable(Table("pools") {
///     Column("id", .integer, primaryKey: true, autoincrement: true)
///     Column("name", .string(length: 255), nullable: false)
/// })
/// try op.addColumn("pools", Column("quota", .integer, nullable: false, default: .integer(0)))
/// try op.alterColumn("pools", "name", type: .string(length: 512))
/// ```
public final class Operations {
    let sink: any SQLSink
    let state: SchemaState
    /// Set while resuming an unfinished revision: operations already in the live schema are skipped.
    var reconciler: (any OperationJudge)?
    /// The dialect of the database being migrated.
    public var dialect: any Dialect { sink.dialect }
    /// The backend being migrated, for the rare revision that must differ per database.
    public var backend: Backend { sink.dialect.backend }
    /// True when writing a script: nothing can be read from the database.
    public var isOffline: Bool { sink.isOffline }

    /// Operations that run through `sink`, reading and recording the schema in `state`.
    public init(sink: any SQLSink, state: SchemaState) {
        self.sink = sink
        self.state = state
    }

    /// Told of every operation before it runs (the phase check reads what each revision does).
    public var observer: ((MigrationOperation) -> Void)?

    /// Runs one operation.
    public func run(_ op: MigrationOperation) throws {
        observer?(op)
        let statements = try state.render(op, with: dialect)
        if let reconciler, let gate = sink as? StatementGate,
            let skips = try reconciler.skips(op, statements: statements.filter(\.isExecuted).count)
        {
            // The schema decides for this operation's statements, not the statement count.
            gate.decide(skips)
            if skips.contains(true) { reconciler.noteSkipped(op, partly: skips.contains(false)) }
        }
        for statement in statements {
            switch statement {
            case .sql(let sql):
                try sink.execute(sql)
            case let .foreignKeyCheck(table, sql):
                if let rows = try sink.query(sql) {
                    let added = state.newViolations(rows)
                    if !added.isEmpty { throw OperationError.foreignKeyViolations(table: table, rows: added) }
                }
            case let .expectTable(table):
                if sink.isOffline { state.expect(table) }
            case let .load(insert, _):
                try sink.load(insert)
            case let .viewCheck(view, table, sql):
                do { _ = try sink.query(sql) } catch let e as DatabaseError {
                    throw OperationError.brokenView(view: view, table: table, reason: e.message)
                }
            }
        }
        state.apply(op)
    }

    /// Runs operations in order.
    public func run(_ ops: [MigrationOperation]) throws {
        for op in ops { try run(op) }
    }

    // MARK: - Raw SQL

    /// Runs raw SQL.
    public func execute(_ sql: String) throws {
        try run(.execute(DialectSQL(sql), reverse: nil))
    }

    /// Runs the SQL written for the active backend, or `otherwise` when there is none for it.
    ///
    /// - Throws: ``DialectError/noSQL(dialect:)`` when neither is given.
    public func execute(_ perBackend: [Backend: String], otherwise: String? = nil) throws {
        try run(.execute(DialectSQL(otherwise, perBackend: perBackend), reverse: nil))
    }

    // MARK: - Tables

    public func createTable(_ table: Table) throws { try run(.createTable(table)) }

    /// Drops a table; its current definition (for enum clean-up) comes from the schema state.
    public func dropTable(_ name: String) throws {
        try run(.dropTable((try state.knownTable(name)) ?? Table(name: name, columns: [])))
    }

    public func renameTable(_ from: String, to: String) throws { try run(.renameTable(from: from, to: to)) }

    // MARK: - Columns

    public func addColumn(_ table: String, _ column: Column) throws { try run(.addColumn(table: table, column)) }

    public func dropColumn(_ table: String, _ column: String) throws {
        let existing = (try state.knownTable(table))?.column(column) ?? Column(column, .text)
        try run(.dropColumn(table: table, existing))
    }

    /// Changes a column. `existing` is the column as it is now; by default it is read from the
    /// database (online) or from what the script created (offline).
    public func alterColumn(
        _ table: String, _ column: String, type: ColumnType? = nil, nullable: Bool? = nil,
        default defaultValue: DefaultValue?? = nil, newName: String? = nil, comment: String?? = nil,
        existing: Column? = nil
    ) throws {
        let current: Column
        if let existing {
            current = existing
        } else {
            guard let c = try state.table(table).column(column) else {
                throw OperationError.unknownColumn(table: table, column: column)
            }
            current = c
        }
        try run(.alterColumn(ColumnAlteration(
            table: table, column: column, existing: current, newName: newName, type: type, nullable: nullable,
            defaultValue: defaultValue, comment: comment)))
    }

    // MARK: - Indexes and constraints

    public func createIndex(_ name: String, on table: String, _ columns: [String], unique: Bool = false, include: [String] = [], where predicate: String? = nil) throws {
        try run(.createIndex(table: table, Index(name: name, columns: columns, unique: unique, include: include, predicate: predicate)))
    }

    public func dropIndex(_ name: String, on table: String) throws {
        let existing = (try state.knownTable(table))?.indexes.first { $0.name == name } ?? Index(name: name, columns: [])
        try run(.dropIndex(table: table, existing))
    }

    public func createUniqueConstraint(_ name: String, on table: String, _ columns: [String]) throws {
        try run(.addUnique(table: table, UniqueConstraint(name: name, columns: columns)))
    }

    public func dropUniqueConstraint(_ name: String, on table: String) throws {
        let existing = (try state.knownTable(table))?.uniqueConstraints.first { $0.name == name } ?? UniqueConstraint(name: name, columns: [])
        try run(.dropUnique(table: table, existing))
    }

    public func createForeignKey(
        _ name: String, from table: String, _ columns: [String], to referenced: String, _ referencedColumns: [String],
        onDelete: ForeignKeyAction? = nil, onUpdate: ForeignKeyAction? = nil
    ) throws {
        try run(.addForeignKey(table: table, ForeignKey(name: name, columns: columns, references: referenced, referencedColumns, onDelete: onDelete, onUpdate: onUpdate)))
    }

    public func dropForeignKey(_ name: String, on table: String) throws {
        let existing = (try state.knownTable(table))?.foreignKeys.first { $0.name == name }
            ?? ForeignKey(name: name, columns: [], references: "", [])
        try run(.dropForeignKey(table: table, existing))
    }

    public func createCheckConstraint(_ name: String, on table: String, _ expression: String) throws {
        try run(.addCheck(table: table, CheckConstraint(name: name, expression: expression)))
    }

    public func dropCheckConstraint(_ name: String, on table: String) throws {
        let existing = (try state.knownTable(table))?.checkConstraints.first { $0.name == name } ?? CheckConstraint(name: name, expression: "")
        try run(.dropCheck(table: table, existing))
    }

    public func createPrimaryKey(_ name: String?, on table: String, _ columns: [String]) throws {
        try run(.addPrimaryKey(table: table, PrimaryKey(name: name, columns: columns)))
    }

    public func dropPrimaryKey(_ name: String?, on table: String) throws {
        let existing = (try state.knownTable(table))?.primaryKey ?? PrimaryKey(name: name, columns: [])
        try run(.dropPrimaryKey(table: table, PrimaryKey(name: name ?? existing.name, columns: existing.columns)))
    }

    // MARK: - Data

    /// Inserts rows in batches (as literal VALUES lists, so `--sql` scripts carry the data).
    public func bulkInsert(_ table: String, columns: [String], rows: [[SQLValue]], batchSize: Int = 500) throws {
        try run(.bulkInsert(BulkInsert(table: table, columns: columns, rows: rows, batchSize: batchSize)))
    }
}
