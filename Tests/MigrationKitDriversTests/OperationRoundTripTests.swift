import Logging
import MigrationKit
import MigrationKitDrivers
import MigrationKitTestSupport
import Testing

/// Tables using every type, default, key, constraint and index kind the model has.
enum Vocabulary {
    static let state = SQLEnum(name: "op_state", values: ["active", "retired"])

    static let parent = Table("op_parent", options: .innoDBUTF8MB4) {
        Column("id", .integer, nullable: false, autoincrement: true)
        Column("code", .string(length: 20), nullable: false)
        Key.primary("id")
        Key.unique("code")
    }

    static func everything(for backend: Backend) -> Table {
        Table("op_everything", comment: "every kind of column", options: .innoDBUTF8MB4) {
            Column("id", .bigInteger, nullable: false, autoincrement: true)
            Column("small", .smallInteger, default: .integer(7))
            Column("flag", .boolean, nullable: false, default: .boolean(false))
            Column("name", .string(length: 100), nullable: false, default: .string("it's \"quoted\""), comment: "display name")
            Column("body", .text)
            Column("price", .numeric(precision: 10, scale: 2), default: .integer(0))
            Column("ratio", .float, default: .double(0.5))
            Column("day", .date)
            Column("at", .time)
            Column("created_at", .dateTime(timezone: false), nullable: false, default: .expression("CURRENT_TIMESTAMP"))
            if backend != .mysql { Column("seen_at", .dateTime(timezone: true)) }
            Column("data", .binary)
            Column("state", .enumeration(state), nullable: false, default: .string("active"))
            Column("doc", .json)
            Column("token", .uuid)
            Column("parent_id", .integer)
            Key.primary("id")
            Key.foreign(["parent_id"], references: "op_parent", ["id"], onDelete: .cascade, onUpdate: .cascade)
            Key.unique("token")
            Key.index("name", "day")
            Key.index("ratio", unique: true)
            Key.check("ck_op_everything_price", "price >= 0")
        }
    }
}

@Suite("Operations on every backend: declared, executed, reflected, reversed")
struct OperationRoundTripTests {
    let reflectorFor = { (b: Backend) in NativeConnector().reflector(for: b) }

    /// Runs operations on a live connection, as a revision would.
    func runner(_ c: any DatabaseConnection) -> Operations {
        var logger = Logger(label: "test")
        logger.logLevel = .warning
        let reflector = NativeConnector().reflector(for: c.backend)
        let state = SchemaState.live(c, reflector: reflector)
        return Operations(sink: ConnectionSink(connection: c, logger: logger), state: state)
    }

    /// The differences between what the models say and what the database has; empty when they agree.
    func diff(_ c: any DatabaseConnection, _ tables: [Table]) throws -> [String] {
        let reflected = try reflectorFor(c.backend).reflect(c, tables: nil)
        return SchemaComparator(dialect: dialect(for: c.backend), excluded: ["alembic_version"]).compare(model: Schema(tables), database: reflected).map(\.summary)
    }

    @Test("every type, default, key, constraint and index reflects back as declared", arguments: Backend.allCases)
    func vocabulary(backend: Backend) throws {
        try TestDatabase.with(backend) { db in
            let c = try db.connect()
            defer { c.close() }
            let op = runner(c)
            let everything = Vocabulary.everything(for: backend)
            try op.createTable(Vocabulary.parent)
            try op.createTable(everything)
            #expect(try diff(c, [Vocabulary.parent, everything]) == [])
            let reflected = try reflectorFor(backend).reflect(c, tables: nil)
            let t = reflected.table("op_everything")!
            #expect(t.columns.map(\.name) == everything.columns.map(\.name))
            #expect(t.foreignKeys.first?.onDelete == .cascade)
            #expect(t.checkConstraints.map(\.name) == ["ck_op_everything_price"])
            #expect(t.column("name")?.defaultValue == .string("it's \"quoted\""))
            if backend == .postgresql { #expect(reflected.enums == [Vocabulary.state]) }
            if backend != .sqlite { #expect(t.column("name")?.comment == "display name") }
            // And the reverse: dropping leaves nothing, enum types included.
            try op.dropTable("op_everything")
            try op.dropTable("op_parent")
            let after = try reflectorFor(backend).reflect(c, tables: nil)
            #expect(after.tables.isEmpty)
            #expect(after.enums.isEmpty)
        }
    }

    @Test("each operation with rows present, compared after each step, then every step reversed", arguments: Backend.allCases)
    func operations(backend: Backend) throws {
        try TestDatabase.with(backend) { db in
            let c = try db.connect()
            defer { c.close() }
            let op = runner(c)
            let everything = Vocabulary.everything(for: backend)
            try op.createTable(Vocabulary.parent)
            try op.createTable(everything)
            let child = Table("op_child", options: .innoDBUTF8MB4) {
                Column("id", .integer, nullable: false, autoincrement: true)
                Column("everything_id", .bigInteger, nullable: false)
                Key.primary("id")
                Key.foreign(["everything_id"], references: "op_everything", ["id"], onDelete: .cascade)
                Key.index("everything_id")
            }
            try op.createTable(child)
            try op.bulkInsert("op_parent", columns: ["id", "code"], rows: [[1, "p1"], [2, "p2"]])
            try op.bulkInsert("op_everything", columns: ["id", "name", "parent_id", "state", "body", "ratio"],
                              rows: (1...20).map { [.integer($0), .text("row \($0) 'q' \\ b"), .integer(1 + $0 % 2), .text("active"), .null, .double(Double($0))] })
            try op.bulkInsert("op_child", columns: ["everything_id"], rows: (1...20).map { [.integer($0)] })

            // A tracked copy of the declared schema, changed by each operation exactly as the database is.
            let expected = SchemaState(complete: true)
            for t in [Vocabulary.parent, everything, child] { expected.apply(.createTable(t)) }
            func expectedTables() throws -> [Table] { try ["op_parent", "op_everything", "op_child"].map { try expected.table($0) } }

            let existingName = everything.column("name")!
            let existingState = everything.column("state")!
            let existingSmall = everything.column("small")!
            let wider = SQLEnum(name: "op_state", values: ["active", "retired", "archived"])
            let steps: [MigrationOperation] = [
                .addColumn(table: "op_everything", Column("extra", .string(length: 30))),
                .addColumn(table: "op_everything", Column("counter", .integer, nullable: false, default: .integer(0))),
                .alterColumn(ColumnAlteration(table: "op_everything", column: "name", existing: existingName, type: .string(length: 200))),
                .alterColumn(ColumnAlteration(table: "op_everything", column: "small", existing: existingSmall, type: .bigInteger)),
                .alterColumn(ColumnAlteration(table: "op_everything", column: "extra", existing: Column("extra", .string(length: 30)), newName: "extra2")),
                .alterColumn(ColumnAlteration(table: "op_everything", column: "name", existing: { var c = existingName; c.type = .string(length: 200); return c }(), defaultValue: .some(.string("renamed default")))),
                .alterColumn(ColumnAlteration(table: "op_everything", column: "state", existing: existingState, type: .enumeration(wider))),
                .createIndex(table: "op_everything", Index(name: "ix_op_everything_extra2", columns: ["extra2", "counter"])),
                .addUnique(table: "op_everything", UniqueConstraint(name: "uq_op_everything_name_day", columns: ["name", "day"])),
                .addCheck(table: "op_everything", CheckConstraint(name: "ck_op_everything_counter", expression: "counter >= 0")),
                .dropForeignKey(table: "op_everything", everything.foreignKeys[0]),
                .addForeignKey(table: "op_everything", ForeignKey(name: "fk_op_everything_parent_setnull", columns: ["parent_id"], references: "op_parent", ["id"], onDelete: .setNull)),
                .dropIndex(table: "op_everything", Index(name: "ix_op_everything_extra2", columns: ["extra2", "counter"])),
                .dropColumn(table: "op_everything", Column("extra2", .string(length: 30))),
                .renameTable(from: "op_parent", to: "op_parent2"),
            ]
            var done: [MigrationOperation] = []
            for step in steps {
                try op.run(step)
                expected.apply(step)
                done.append(step)
                let names = ["op_parent2", "op_parent"].filter { (try? expected.table($0)) != nil } + ["op_everything", "op_child"]
                let tables = try names.map { try expected.table($0) }
                let d = try diff(c, tables)
                #expect(d == [], "after \(step.summary) on \(backend): \(d)")
                // No row lost, no child cascaded away.
                #expect(try c.query("SELECT count(*) FROM op_everything")[0][0] == .integer(20), "rows after \(step.summary)")
                #expect(try c.query("SELECT count(*) FROM op_child")[0][0] == .integer(20), "children after \(step.summary)")
            }
            #expect(try c.query("SELECT name FROM op_everything WHERE id = 3")[0][0] == .text("row 3 'q' \\ b"))
            for step in done.reversed() {
                let back = try step.reversed()
                try op.run(back)
                expected.apply(back)
            }
            #expect(try diff(c, try expectedTables()) == [])
            #expect(try diff(c, [Vocabulary.parent, everything, child]) == [])
            #expect(try c.query("SELECT count(*) FROM op_child")[0][0] == .integer(20))
        }
    }

    @Test("a SQLite rebuild keeps rows, indexes and foreign keys, and refuses to orphan children")
    func sqliteRebuild() throws {
        try TestDatabase.with(.sqlite) { db in
            let c = try db.connect()
            defer { c.close() }
            let op = runner(c)
            try op.createTable(Vocabulary.parent)
            try op.createTable(Table("kids") {
                Column("id", .integer, nullable: false)
                Column("parent_id", .integer, nullable: false)
                Column("label", .string(length: 10))
                Key.primary("id")
                Key.foreign(["parent_id"], references: "op_parent", ["id"], onDelete: .cascade)
                Key.index("label")
            })
            try op.bulkInsert("op_parent", columns: ["id", "code"], rows: [[1, "a"], [2, "b"]])
            try op.bulkInsert("kids", columns: ["id", "parent_id", "label"], rows: (1...50).map { [.integer($0), .integer(1 + $0 % 2), .text("k\($0)")] })
            // Rebuild the parent (which children reference with ON DELETE CASCADE).
            try op.alterColumn("op_parent", "code", type: .string(length: 40))
            #expect(try c.query("SELECT count(*) FROM kids")[0][0] == .integer(50))
            // Rebuild the child: its index and key survive.
            try op.alterColumn("kids", "label", type: .string(length: 50), nullable: false)
            let kids = try SQLiteReflector().reflect(c, tables: ["kids"]).table("kids")!
            #expect(kids.indexes.map(\.name) == ["ix_kids_label"])
            #expect(kids.foreignKeys.map(\.referencedTable) == ["op_parent"])
            #expect(try c.query("SELECT count(*) FROM kids")[0][0] == .integer(50))
            // A change that would orphan children is refused and changes nothing.
            try c.execute("PRAGMA foreign_keys = OFF")
            try c.execute("INSERT INTO kids (id, parent_id, label) VALUES (99, 42, 'orphan')")
            // As the runner does: keys off before the transaction, checked before commit.
            try c.begin()
            let e = #expect(throws: OperationError.self) { try op.alterColumn("kids", "label", type: .string(length: 60)) }
            try c.rollback()
            try c.execute("PRAGMA foreign_keys = ON")
            #expect(e?.description.contains("violating foreign keys") == true)
            #expect(try SQLiteReflector().reflect(c, tables: ["kids"]).table("kids")!.column("label")?.type == .string(length: 50))
        }
    }
}
