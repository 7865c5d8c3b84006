import Logging
import MigrationKit
import MigrationKitDrivers
import MigrationKitTestSupport
import Testing

/// The SQLite rebuild keeps everything it was not asked to change: a property test over the table
/// properties SQLite has × every operation that rebuilds.
@Suite("SQLite rebuild keeps every schema object")
struct SQLiteRebuildTests {
    /// A schema carrying each property SQLite tables can have.
    static let schema = #"""
        CREATE TABLE parent (id INTEGER PRIMARY KEY AUTOINCREMENT, name TEXT);
        CREATE TABLE items (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            email TEXT COLLATE NOCASE NOT NULL,
            name VARCHAR(64) CHECK (length(name) < 100),
            size INTEGER DEFAULT 0,
            parent_id INTEGER,
            deleted INTEGER NOT NULL DEFAULT 0,
            doubled INTEGER GENERATED ALWAYS AS (size * 2) VIRTUAL,
            tripled INTEGER AS (size * 3) STORED,
            extra TEXT,
            "odd ""name""" TEXT DEFAULT 'x',
            CONSTRAINT uq_items_email UNIQUE (email),
            CHECK (size >= 0),
            CONSTRAINT ck_items_deleted CHECK (deleted IN (0, 1)),
            CONSTRAINT fk_items_parent FOREIGN KEY (parent_id) REFERENCES parent (id)
        );
        CREATE INDEX ix_items_lower_name ON items (lower(name));
        CREATE UNIQUE INDEX ux_items_parent_name ON items (parent_id, name) WHERE deleted = 0;
        CREATE INDEX ix_items_email_desc ON items (email COLLATE NOCASE DESC);
        CREATE INDEX ix_items_extra ON items (extra);
        CREATE TRIGGER tr_items_touch AFTER INSERT ON items BEGIN UPDATE parent SET name = name WHERE id = NEW.parent_id; END;
        CREATE VIEW v_items AS SELECT id, email, size FROM items;
        CREATE TABLE child (id INTEGER PRIMARY KEY, item_id INTEGER REFERENCES items (id));
        CREATE TABLE keyed (k TEXT PRIMARY KEY COLLATE NOCASE, v INTEGER, extra TEXT, CONSTRAINT ck_keyed_v CHECK (v > 0)) WITHOUT ROWID;
        CREATE INDEX ix_keyed_extra ON keyed (extra);
        CREATE TABLE strict_t (id INTEGER PRIMARY KEY, v INTEGER NOT NULL, extra TEXT, CONSTRAINT ck_strict_v CHECK (v > 0)) STRICT;
        CREATE INDEX ix_strict_extra ON strict_t (extra);
        INSERT INTO parent (name) VALUES ('p1'), ('p2');
        INSERT INTO items (email, name, size, parent_id, extra) VALUES ('a@x', 'one', 1, 1, 'e1'), ('b@x', 'two', 2, 2, 'e2'), ('c@x', 'three', 3, 1, 'e3');
        INSERT INTO items (email, name, size, parent_id, deleted) VALUES ('d@x', 'one', 4, 1, 1);
        DELETE FROM items WHERE email = 'c@x';
        INSERT INTO child (item_id) VALUES (1), (2);
        INSERT INTO keyed VALUES ('A', 1, 'x'), ('b', 2, 'y');
        INSERT INTO strict_t (v, extra) VALUES (1, 'x'), (2, 'y');
        """#

    /// One rebuilding operation and what it is allowed to change.
    struct Case: CustomTestStringConvertible, Sendable {
        let name: String
        let table: String
        /// The definition items (column names, or constraint names) the operation targets.
        let targets: Set<String>
        /// Index names the operation may remove.
        let droppedIndexes: Set<String>
        let run: @Sendable (Operations) throws -> Void
        var testDescription: String { "\(table): \(name)" }
    }

    static let cases: [Case] = {
        var out: [Case] = []
        for table in ["items", "keyed", "strict_t"] {
            out += [
                Case(name: "add column needing a rebuild", table: table, targets: ["added"], droppedIndexes: []) {
                    try $0.addColumn(table, Column("added", .text, default: .expression("CURRENT_TIMESTAMP")))
                },
                Case(name: "drop an indexed column", table: table, targets: ["extra"], droppedIndexes: ["ix_\(table == "strict_t" ? "strict" : table)_extra"]) {
                    try $0.dropColumn(table, "extra")
                },
                Case(name: "alter a column's type", table: table, targets: ["extra"], droppedIndexes: []) {
                    try $0.alterColumn(table, "extra", type: .string(length: 200))
                },
                Case(name: "make a column NOT NULL", table: table, targets: ["extra"], droppedIndexes: []) {
                    try $0.execute("UPDATE \(table) SET extra = 'none' WHERE extra IS NULL")
                    try $0.alterColumn(table, "extra", nullable: false, default: .some(.string("none")))
                },
                Case(name: "add a check", table: table, targets: ["ck_new"], droppedIndexes: []) {
                    try $0.createCheckConstraint("ck_new", on: table, "length(extra) < 50")
                },
                Case(name: "drop a named check", table: table, targets: [table == "items" ? "ck_items_deleted" : table == "keyed" ? "ck_keyed_v" : "ck_strict_v"], droppedIndexes: []) {
                    try $0.dropCheckConstraint(table == "items" ? "ck_items_deleted" : table == "keyed" ? "ck_keyed_v" : "ck_strict_v", on: table)
                },
                Case(name: "add a unique constraint", table: table, targets: ["uq_new"], droppedIndexes: []) {
                    try $0.createUniqueConstraint("uq_new", on: table, ["extra"])
                },
            ]
        }
        out += [
            Case(name: "drop a unique constraint", table: "items", targets: ["uq_items_email"], droppedIndexes: []) {
                try $0.dropUniqueConstraint("uq_items_email", on: "items")
            },
            Case(name: "drop a foreign key", table: "items", targets: ["fk_items_parent"], droppedIndexes: []) {
                try $0.dropForeignKey("fk_items_parent", on: "items")
            },
            Case(name: "add a foreign key", table: "items", targets: ["fk_new"], droppedIndexes: []) {
                try $0.createForeignKey("fk_new", from: "items", ["parent_id"], to: "items", ["id"])
            },
            // SQLite's own RENAME COLUMN rewrites the index on it.
            Case(name: "alter a quoted column's type and default", table: "items", targets: ["odd \"name\""], droppedIndexes: []) {
                try $0.alterColumn("items", "odd \"name\"", type: .string(length: 40), default: .some(.string("y")))
            },
            Case(name: "alter type and rename", table: "items", targets: ["extra", "notes"], droppedIndexes: ["ix_items_extra"]) {
                try $0.alterColumn("items", "extra", type: .string(length: 300), newName: "notes")
            },
        ]
        return out
    }()

    static func operations(_ c: any DatabaseConnection) -> Operations {
        var logger = Logger(label: "test")
        logger.logLevel = .warning
        return Operations(sink: ConnectionSink(connection: c, logger: logger), state: SchemaState.live(c, reflector: SQLiteReflector()))
    }

    /// Runs `body` as a revision would: keys off around a transaction, the check before commit.
    static func revision(_ c: any DatabaseConnection, _ body: (Operations) throws -> Void) throws {
        try c.execute("PRAGMA foreign_keys = OFF")
        try c.begin()
        do {
            try body(operations(c))
            try c.commit()
        } catch {
            try? c.rollback()
            try c.execute("PRAGMA foreign_keys = ON")
            throw error
        }
        try c.execute("PRAGMA foreign_keys = ON")
    }

    static func objects(_ c: any DatabaseConnection) throws -> [String: String] {
        var out: [String: String] = [:]
        for r in try c.query("SELECT name, sql FROM sqlite_master WHERE sql IS NOT NULL") {
            out[r[0].stringValue ?? ""] = r[1].stringValue ?? ""
        }
        return out
    }

    static func items(_ sql: String) throws -> [String: String] {
        var out: [String: String] = [:]
        for item in try SQLiteTableText(sql).items {
            let key = item.column ?? item.constraintName ?? item.text.trimmingWhitespace()
            out[key.lowercased()] = item.text.trimmingWhitespace()
        }
        return out
    }

    static func rows(_ c: any DatabaseConnection, _ table: String, columns: [String]) throws -> [[String]] {
        let list = columns.map { SQLiteDialect().quote($0) }.joined(separator: ", ")
        return try c.query("SELECT \(list) FROM \(SQLiteDialect().quote(table)) ORDER BY 1").map { $0.values.map { $0.stringValue ?? "NULL" } }
    }

    @Test("everything the operation did not target is unchanged; rows, ids and sequences kept", arguments: cases)
    func keepsEverything(_ k: Case) throws {
        try TestDatabase.with(.sqlite) { db in
            let c = try db.connect()
            defer { c.close() }
            try c.execute(Self.schema)
            let before = try Self.objects(c)
            let untouched: [String] = ["items": ["id", "email", "name", "size", "parent_id", "deleted", "doubled", "tripled"], "keyed": ["k", "v"], "strict_t": ["id", "v"]][k.table]!
            let rowsBefore = try Self.rows(c, k.table, columns: untouched)
            let seqBefore = try c.query("SELECT seq FROM sqlite_sequence WHERE name = 'items'").first?[0].intValue

            try Self.revision(c) { try k.run($0) }

            let after = try Self.objects(c)
            for (name, sql) in before where name != k.table && !k.droppedIndexes.contains(name) {
                #expect(after[name] == sql, "\(name) changed")
            }
            for name in k.droppedIndexes where !k.targets.contains("notes") { #expect(after[name] == nil) }
            // Within the table: every definition the operation did not target is as it was, and the options.
            let itemsBefore = try Self.items(before[k.table]!)
            let itemsAfter = try Self.items(after[k.table]!)
            for (key, text) in itemsBefore where !k.targets.contains(key) {
                #expect(itemsAfter[key] == text, "\(k.table).\(key) changed")
            }
            #expect(try SQLiteTableText(after[k.table]!).tail == SQLiteTableText(before[k.table]!).tail)
            // Even a targeted column keeps its name exactly as written (quotes included).
            for (key, text) in itemsBefore where itemsAfter[key] != nil {
                #expect(itemsAfter[key]!.prefix(while: { $0 != " " }) == text.prefix(while: { $0 != " " }) || key.hasPrefix("odd"), "\(key) re-spelled")
                if key.hasPrefix("odd") { #expect(itemsAfter[key]!.hasPrefix("\"odd \"\"name\"\"\""), "\(itemsAfter[key]!)") }
            }
            #expect(try Self.rows(c, k.table, columns: untouched) == rowsBefore)
            #expect(try c.query("SELECT seq FROM sqlite_sequence WHERE name = 'items'").first?[0].intValue == seqBefore)
            #expect(try c.query("PRAGMA foreign_key_check").isEmpty)
            #expect(try c.query("PRAGMA integrity_check").first?[0].stringValue == "ok")
            _ = try c.query("SELECT * FROM v_items")

            // Behaviour, not just text: ids are not reused, the collation holds, the trigger fires.
            if k.table == "items" {
                try c.execute("INSERT INTO items (email, name, size, parent_id, deleted\(k.name == "make a column NOT NULL" ? ", extra" : "")) VALUES ('e@x', 'five', 5, 2, 0\(k.name == "make a column NOT NULL" ? ", 'z'" : ""))")
                #expect(try c.query("SELECT max(id) FROM items").first?[0].intValue == 5)
                if !k.targets.contains("uq_items_email") {
                    #expect(throws: DatabaseError.self) { try c.execute("INSERT INTO items (email, extra) VALUES ('A@X', 'q')") }
                }
                #expect(try c.query("SELECT doubled, tripled FROM items WHERE id = 5").first?.values.map(\.intValue) == [10, 15])
            }
            if k.table == "keyed", !k.name.contains("NOT NULL") {
                #expect(throws: DatabaseError.self) { try c.execute("INSERT INTO keyed (k, v) VALUES ('a', 3)") }
            }
        }
    }

    @Test("a rowid table without an INTEGER PRIMARY KEY keeps its rowids, and an FTS5 index on them stays sound")
    func keepsRowids() throws {
        try TestDatabase.with(.sqlite) { db in
            let c = try db.connect()
            defer { c.close() }
            try c.execute("""
                CREATE TABLE notes (title TEXT NOT NULL, body TEXT, extra TEXT);
                INSERT INTO notes (rowid, title, body) VALUES (5, 'a', 'alpha'), (900, 'b', 'beta'), (77777, 'c', 'gamma');
                CREATE VIRTUAL TABLE notes_fts USING fts5(title, body, content='notes', content_rowid='rowid');
                INSERT INTO notes_fts (notes_fts) VALUES ('rebuild');
                CREATE TABLE keyed (code TEXT PRIMARY KEY, v INTEGER);
                INSERT INTO keyed (rowid, code, v) VALUES (42, 'x', 1), (7, 'y', 2);
                """)
            for run in [
                { (o: Operations) in try o.alterColumn("notes", "body", type: .string(length: 200)) },
                { (o: Operations) in try o.dropColumn("notes", "extra") },
                { (o: Operations) in try o.alterColumn("keyed", "v", type: .bigInteger) },
            ] {
                try Self.revision(c) { try run($0) }
            }
            #expect(try c.query("SELECT rowid, title FROM notes ORDER BY rowid").map { "\($0[0].intValue ?? 0) \($0[1].stringValue ?? "")" } == ["5 a", "900 b", "77777 c"])
            #expect(try c.query("SELECT rowid, code FROM keyed ORDER BY rowid").map { "\($0[0].intValue ?? 0) \($0[1].stringValue ?? "")" } == ["7 y", "42 x"])
            try c.execute("INSERT INTO notes_fts (notes_fts) VALUES ('integrity-check')")
            #expect(try c.query("SELECT rowid FROM notes_fts WHERE notes_fts MATCH 'beta'").map { $0[0].intValue } == [900])
        }
    }

    @Test("a change that would break a view is refused and nothing changes")
    func refusesBrokenView() throws {
        try TestDatabase.with(.sqlite) { db in
            let c = try db.connect()
            defer { c.close() }
            try c.execute(Self.schema)
            let before = try Self.objects(c)
            let e = #expect(throws: OperationError.self) {
                try Self.revision(c) { try $0.dropColumn("items", "email") }
            }
            #expect("\(e.map { "\($0)" } ?? "")".contains("view 'v_items'"))
            #expect(try Self.objects(c) == before)
        }
    }

    @Test("a column a trigger uses is not dropped behind the trigger's back")
    func refusesTriggerColumn() throws {
        try TestDatabase.with(.sqlite) { db in
            let c = try db.connect()
            defer { c.close() }
            try c.execute(Self.schema)
            let before = try Self.objects(c)
            #expect(throws: (any Error).self) {
                try Self.revision(c) { try $0.dropColumn("items", "parent_id") }
            }
            #expect(try Self.objects(c) == before)
        }
    }

    @Test("a column a generated column is computed from is refused with the column named")
    func refusesGeneratedSource() throws {
        try TestDatabase.with(.sqlite) { db in
            let c = try db.connect()
            defer { c.close() }
            try c.execute(Self.schema)
            let e = #expect(throws: OperationError.self) {
                try Self.revision(c) { try $0.dropColumn("items", "size") }
            }
            #expect("\(e.map { "\($0)" } ?? "")".contains("column 'doubled'"))
        }
    }

    @Test("a column with its own CHECK can be dropped")
    func dropsColumnWithOwnCheck() throws {
        try TestDatabase.with(.sqlite) { db in
            let c = try db.connect()
            defer { c.close() }
            try c.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, a INTEGER CHECK (a > 0), b TEXT, CHECK (b <> ''))")
            try c.execute("CREATE INDEX ix_t_a ON t (a)")
            try c.execute("INSERT INTO t (a, b) VALUES (1, 'x')")
            try Self.revision(c) { try $0.dropColumn("t", "a") }
            let sql = try c.query("SELECT sql FROM sqlite_master WHERE name = 't'").first?[0].stringValue ?? ""
            #expect(!sql.contains("a > 0"))
            #expect(sql.contains("CHECK (b <> '')"))
            #expect(!sql.contains("CONSTRAINT \"\""))
            #expect(try c.query("SELECT b FROM t").first?[0].stringValue == "x")
        }
    }

    /// A history over a database that already has an orphan row in `reservations`.
    static let orphanHistory: [Revision] = [
        Revision(id: "0f0000000001", message: "tables", upgrade: { op in
            try op.execute("CREATE TABLE pools (id INTEGER PRIMARY KEY, name TEXT)")
            try op.execute("CREATE TABLE reservations (id INTEGER PRIMARY KEY, pool_id INTEGER REFERENCES pools (id), note TEXT)")
            try op.execute("INSERT INTO pools (id, name) VALUES (1, 'p')")
            try op.execute("INSERT INTO reservations (id, pool_id) VALUES (1, 1), (2, 99)")
        }),
        Revision(id: "0f0000000002", parents: ["0f0000000001"], message: "unrelated", upgrade: { op in
            try op.addColumn("pools", Column("quota", .integer, default: .integer(0)))
        }),
        Revision(id: "0f0000000003", parents: ["0f0000000002"], message: "rebuild the orphan's table", upgrade: { op in
            try op.alterColumn("reservations", "note", type: .string(length: 200))
        }),
        Revision(id: "0f0000000004", parents: ["0f0000000003"], message: "adds an orphan", upgrade: { op in
            try op.execute("INSERT INTO reservations (id, pool_id) VALUES (3, 77)")
        }),
    ]

    @Test("a pre-existing orphan row blocks no revision; a revision that adds one fails and names only its own")
    func preexistingViolations() throws {
        try TestDatabase.with(.sqlite) { db in
            var settings = Settings()
            settings.url = db.url
            var logger = Logger(label: "test")
            logger.logLevel = .critical
            let repo = MigrationRepository(name: "orphans", revisions: Self.orphanHistory, sourceDirectory: "none", registryType: "R")
            let ctx = MigrationContext(repository: repo, settings: settings, connector: NativeConnector(), logger: logger)
            // The first revision creates the orphan itself: that one is its own doing.
            #expect(throws: MigrationError.self) { try ctx.upgrade(to: "0f0000000001") }
            let c = try db.connect()
            defer { c.close() }
            try c.execute("PRAGMA foreign_keys = OFF; CREATE TABLE pools (id INTEGER PRIMARY KEY, name TEXT); CREATE TABLE reservations (id INTEGER PRIMARY KEY, pool_id INTEGER REFERENCES pools (id), note TEXT); INSERT INTO pools VALUES (1, 'p'); INSERT INTO reservations (id, pool_id) VALUES (1, 1), (2, 99); PRAGMA foreign_keys = ON;")
            try ctx.stamp("0f0000000001")
            try ctx.upgrade(to: "0f0000000003")
            #expect(try c.query("SELECT count(*) FROM reservations").first?[0].intValue == 2)
            let e = #expect(throws: MigrationError.self) { try ctx.upgrade(to: "head") }
            let text = e.map { "\($0)" } ?? ""
            #expect(text.contains("1 new row(s)") && text.contains("(reservations 3 pools 0:"), "\(text)")
        }
    }
}
