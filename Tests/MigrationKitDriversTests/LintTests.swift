import Logging
import MigrationKit
import MigrationKitDrivers
import MigrationKitTestSupport
import Testing

/// The cost lint's verdicts, measured: on PostgreSQL, the strongest lock the operation's SQL actually
/// takes on the table (from `pg_locks`, inside an open transaction) and whether it rewrites the table
/// (its `relfilenode` changes); on MariaDB, the `ALGORITHM` the server actually accepts for the statement.
@Suite("Cost lint, measured")
struct LintTests {
    /// The table every case starts from, and the operations measured on it.
    static let table = Table("lt") {
        Column("id", .integer, nullable: false)
        Column("name", .string(length: 20))
        Column("qty", .integer)
        Column("parent_id", .integer)
        Key.primary("id")
        Key.index("name", name: "ix_lt_name")
    }
    static let parent = Table("lt_parent") { Column("id", .integer, nullable: false); Key.primary("id") }

    static func column(_ name: String) -> Column { table.columns.first { $0.name == name }! }

    static let cases: [(String, MigrationOperation)] = [
        ("add a nullable column", .addColumn(table: "lt", Column("note", .string(length: 40)))),
        ("add a NOT NULL column with a default", .addColumn(table: "lt", Column("flag", .integer, nullable: false, default: .integer(0)))),
        ("drop a column", .dropColumn(table: "lt", column("qty"))),
        ("change a column's type (integer to bigint)", .alterColumn(ColumnAlteration(table: "lt", column: "qty", existing: column("qty"), type: .bigInteger))),
        ("widen a VARCHAR", .alterColumn(ColumnAlteration(table: "lt", column: "name", existing: column("name"), type: .string(length: 40)))),
        ("make a column NOT NULL", .alterColumn(ColumnAlteration(table: "lt", column: "qty", existing: column("qty"), nullable: false))),
        ("change a default", .alterColumn(ColumnAlteration(table: "lt", column: "qty", existing: column("qty"), defaultValue: .some(.integer(5))))),
        ("rename a column", .alterColumn(ColumnAlteration(table: "lt", column: "qty", existing: column("qty"), newName: "quantity"))),
        ("create an index", .createIndex(table: "lt", Index(name: "ix_lt_qty", columns: ["qty"]))),
        ("drop an index", .dropIndex(table: "lt", Index(name: "ix_lt_name", columns: ["name"]))),
        ("add a unique constraint", .addUnique(table: "lt", UniqueConstraint(name: "uq_lt_qty", columns: ["qty"]))),
        ("add a foreign key", .addForeignKey(table: "lt", ForeignKey(name: "fk_lt_parent", columns: ["parent_id"], references: "lt_parent", ["id"]))),
        ("add a check constraint", .addCheck(table: "lt", CheckConstraint(name: "ck_lt_qty", expression: "qty >= 0"))),
    ]

    static var caseNames: [String] { cases.map(\.0) }

    func prepared(_ db: TestDatabase) throws -> (any DatabaseConnection, Operations) {
        let c = try db.connect()
        var logger = Logger(label: "lint")
        logger.logLevel = .warning
        let ops = Operations(sink: ConnectionSink(connection: c, logger: logger), state: SchemaState.live(c, reflector: NativeConnector().reflector(for: c.backend)))
        try ops.createTable(Self.parent)
        try ops.createTable(Self.table)
        try c.execute("INSERT INTO lt_parent (id) VALUES (1)")
        try c.execute("INSERT INTO lt (id, name, qty, parent_id) VALUES (1, 'a', 1, 1), (2, 'b', 2, 1)")
        return (c, ops)
    }

    /// The statements an operation renders on this connection's database.
    func statements(_ op: MigrationOperation, _ c: any DatabaseConnection) throws -> [String] {
        let state = SchemaState.live(c, reflector: NativeConnector().reflector(for: c.backend))
        return try state.render(op, with: dialect(for: c.backend)).compactMap { if case .sql(let s) = $0 { s } else { nil } }
    }

    static let pgStrength = ["AccessShareLock", "RowShareLock", "RowExclusiveLock", "ShareUpdateExclusiveLock", "ShareLock",
                             "ShareRowExclusiveLock", "ExclusiveLock", "AccessExclusiveLock"]
    static let pgNames = ["ACCESS SHARE", "ROW SHARE", "ROW EXCLUSIVE", "SHARE UPDATE EXCLUSIVE", "SHARE", "SHARE ROW EXCLUSIVE", "EXCLUSIVE", "ACCESS EXCLUSIVE"]

    @Test("PostgreSQL: the lock the verdict names is the lock taken; a rewrite is a new relfilenode", arguments: caseNames)
    func postgresql(name: String) throws {
        let op = Self.cases.first { $0.0 == name }!.1
        let verdict = try #require(PostgreSQLDialect().cost(of: op))
        try TestDatabase.with(.postgresql, label: "lint") { db in
            let (c, _) = try prepared(db)
            defer { c.close() }
            let sql = try statements(op, c)
            let before = try c.query("SELECT relfilenode FROM pg_class WHERE oid = 'lt'::regclass")[0][0]
            try c.execute("BEGIN")
            for s in sql { try c.execute(s) }
            let modes = try c.query("SELECT mode FROM pg_locks WHERE pid = pg_backend_pid() AND relation = 'lt'::regclass AND granted").compactMap { $0[0].stringValue }
            let after = try c.query("SELECT relfilenode FROM pg_class WHERE oid = 'lt'::regclass")[0][0]
            try c.execute("ROLLBACK")
            let strongest = modes.compactMap { Self.pgStrength.firstIndex(of: $0) }.max().map { Self.pgNames[$0] }
            let expected = verdict.lock.replacingOccurrences(of: " (brief)", with: "")
            #expect(strongest == expected, "\(name): took \(modes), verdict \(verdict.summary); SQL \(sql)")
            #expect((before != after) == (verdict.work == .rewrite), "\(name): relfilenode \(before) -> \(after), verdict \(verdict.summary)")
            // Writes wait exactly when the lock conflicts with ROW EXCLUSIVE (what INSERT/UPDATE/DELETE take).
            let blocks = ["SHARE", "SHARE ROW EXCLUSIVE", "EXCLUSIVE", "ACCESS EXCLUSIVE"].contains(expected)
            #expect(blocks == (verdict.blocksWrites || verdict.lock.hasSuffix("(brief)")), "\(name)")
        }
    }

    @Test("MariaDB: the ALGORITHM the verdict names is accepted, and a cheaper one refused", arguments: caseNames)
    func mariadb(name: String) throws {
        let op = Self.cases.first { $0.0 == name }!.1
        let verdict = try #require(MySQLDialect().cost(of: op))
        try TestDatabase.with(.mysql, label: "lint") { db in
            let (c, _) = try prepared(db)
            defer { c.close() }
            let sql = try statements(op, c)
            try #require(sql.count == 1, "\(name): \(sql)")
            var statement = sql[0]
            // `DROP INDEX i ON t` takes no ALGORITHM clause here; its ALTER TABLE form does.
            if statement.hasPrefix("DROP INDEX "), let on = statement.range(of: " ON ") {
                let index = statement[statement.index(statement.startIndex, offsetBy: 11)..<on.lowerBound]
                statement = "ALTER TABLE \(statement[on.upperBound...]) DROP INDEX \(index)"
            }
            let separator = statement.hasPrefix("ALTER") ? ", " : " "
            func accepted(_ hint: String) -> Bool {
                do {
                    try c.execute(statement + separator + hint)
                    return true
                } catch {
                    return false
                }
            }
            switch verdict.lock {
            case "ALGORITHM=INSTANT":
                #expect(accepted("ALGORITHM=INSTANT"), "\(name): \(statement)")
            case "ALGORITHM=INPLACE, LOCK=NONE":
                #expect(!accepted("ALGORITHM=INSTANT"), "\(name): INSTANT accepted, the verdict says INPLACE: \(statement)")
                #expect(accepted(statement.hasPrefix("ALTER") ? "ALGORITHM=INPLACE, LOCK=NONE" : "ALGORITHM=INPLACE LOCK=NONE"), "\(name): \(statement)")
            case "ALGORITHM=NOCOPY, LOCK=NONE":
                #expect(!accepted("ALGORITHM=INSTANT"), "\(name): INSTANT accepted, the verdict says NOCOPY: \(statement)")
                #expect(accepted("ALGORITHM=NOCOPY, LOCK=NONE"), "\(name): \(statement)")
            case "ALGORITHM=COPY":
                #expect(!accepted("ALGORITHM=INPLACE"), "\(name): INPLACE accepted, the verdict says COPY: \(statement)")
                #expect(accepted("ALGORITHM=COPY"), "\(name): \(statement)")
            default:
                Issue.record("unexpected verdict \(verdict.lock)")
            }
        }
    }
}
