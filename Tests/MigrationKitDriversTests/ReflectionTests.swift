import Logging
import MigrationKit
import MigrationKitDrivers
import MigrationKitTestSupport
import Testing

/// Reflection of tables written by hand in each dialect's own SQL, every field checked; hostile names;
/// and a fixed number of catalog queries however many tables there are.
@Suite("Reflection")
struct ReflectionTests {
    static let handWritten: [Backend: [String]] = [
        .postgresql: [
            "CREATE TYPE mood AS ENUM ('happy', 'sad')",
            "CREATE TABLE owners (id SERIAL PRIMARY KEY, email VARCHAR(120) NOT NULL, CONSTRAINT uq_owner_email UNIQUE (email))",
            """
            CREATE TABLE things (
                id BIGINT GENERATED ALWAYS AS IDENTITY,
                owner_id INTEGER REFERENCES owners (id) ON DELETE CASCADE ON UPDATE SET NULL,
                label VARCHAR(40) NOT NULL DEFAULT 'none',
                flag BOOLEAN NOT NULL DEFAULT true,
                amount NUMERIC(12, 3) DEFAULT 1.5,
                ratio DOUBLE PRECISION,
                born DATE, at TIME, seen TIMESTAMP WITH TIME ZONE DEFAULT now(), made TIMESTAMP DEFAULT CURRENT_TIMESTAMP,
                note TEXT, raw BYTEA, doc JSONB, ref UUID, feeling mood DEFAULT 'sad', small SMALLINT DEFAULT -3,
                CONSTRAINT pk_things PRIMARY KEY (id),
                CONSTRAINT ck_amount CHECK (amount > 0)
            )
            """,
            "CREATE INDEX ix_things_label_born ON things (label, born)",
            "CREATE UNIQUE INDEX uix_things_ref ON things (ref)",
            "COMMENT ON TABLE things IS 'hand made'",
            "COMMENT ON COLUMN things.note IS 'free text'",
        ],
        .mysql: [
            "CREATE TABLE owners (id INT AUTO_INCREMENT PRIMARY KEY, email VARCHAR(120) NOT NULL, CONSTRAINT uq_owner_email UNIQUE (email)) ENGINE=InnoDB",
            """
            CREATE TABLE things (
                id BIGINT NOT NULL AUTO_INCREMENT,
                owner_id INT,
                label VARCHAR(40) NOT NULL DEFAULT 'none',
                flag TINYINT(1) NOT NULL DEFAULT 1,
                amount DECIMAL(12, 3) DEFAULT 1.5,
                ratio DOUBLE,
                born DATE, at TIME, made DATETIME DEFAULT CURRENT_TIMESTAMP,
                note TEXT COMMENT 'free text', raw BLOB, doc JSON, ref CHAR(36), feeling ENUM('happy', 'sad') DEFAULT 'sad', small SMALLINT DEFAULT -3,
                PRIMARY KEY (id),
                CONSTRAINT fk_things_owner FOREIGN KEY (owner_id) REFERENCES owners (id) ON DELETE CASCADE ON UPDATE SET NULL,
                CONSTRAINT ck_amount CHECK (amount > 0),
                INDEX ix_things_label_born (label, born),
                UNIQUE INDEX uix_things_ref (ref)
            ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COMMENT='hand made'
            """,
        ],
        .sqlite: [
            "CREATE TABLE owners (id INTEGER PRIMARY KEY, email VARCHAR(120) NOT NULL, CONSTRAINT uq_owner_email UNIQUE (email))",
            """
            CREATE TABLE things (
                id INTEGER NOT NULL,
                owner_id INTEGER,
                label VARCHAR(40) NOT NULL DEFAULT 'none',
                flag BOOLEAN NOT NULL DEFAULT 1,
                amount NUMERIC(12, 3) DEFAULT 1.5,
                ratio FLOAT, born DATE, at TIME, made DATETIME DEFAULT CURRENT_TIMESTAMP,
                note TEXT, raw BLOB, doc JSON, ref CHAR(36), feeling VARCHAR(5) DEFAULT 'sad', small SMALLINT DEFAULT -3,
                CONSTRAINT pk_things PRIMARY KEY (id),
                CONSTRAINT fk_things_owner FOREIGN KEY (owner_id) REFERENCES owners (id) ON DELETE CASCADE ON UPDATE SET NULL,
                CONSTRAINT ck_amount CHECK (amount > 0)
            )
            """,
            "CREATE INDEX ix_things_label_born ON things (label, born)",
            "CREATE UNIQUE INDEX uix_things_ref ON things (ref)",
        ],
    ]

    @Test("tables written by hand read back field by field", arguments: Backend.allCases)
    func handWritten(backend: Backend) throws {
        try TestDatabase.with(backend) { db in
            let c = try db.connect()
            defer { c.close() }
            for sql in Self.handWritten[backend]! { try c.execute(sql) }
            let schema = try NativeConnector().reflector(for: backend).reflect(c, tables: nil)
            #expect(schema.tables.map(\.name) == ["owners", "things"])
            let owners = schema.table("owners")!
            #expect(owners.column("id")?.autoincrement == true)
            #expect(owners.uniqueConstraints.map(\.columns) == [["email"]])
            #expect(owners.uniqueConstraints.first?.name == "uq_owner_email")
            let t = schema.table("things")!
            func col(_ n: String) -> Column { t.column(n) ?? Column("missing", .text) }
            #expect(col("id").type == .bigInteger || (backend == .sqlite && col("id").type == .integer))
            #expect(col("id").autoincrement)
            #expect(!col("id").nullable)
            #expect(col("label").type == .string(length: 40))
            #expect(col("label").nullable == false)
            #expect(col("label").defaultValue == .string("none"))
            #expect(col("flag").type == .boolean)
            #expect(col("flag").defaultValue == .boolean(true))
            #expect(col("amount").type == .numeric(precision: 12, scale: 3))
            #expect(col("amount").defaultValue == .double(1.5))
            #expect(col("ratio").type == .float)
            #expect(col("born").type == .date)
            #expect(col("at").type == .time)
            #expect(col("made").type == .dateTime(timezone: false))
            #expect(col("made").defaultValue == .expression("CURRENT_TIMESTAMP"))
            #expect(col("note").type == .text)
            #expect(col("raw").type == .binary)
            #expect(col("doc").type == .json)
            #expect(col("ref").type == .uuid)
            #expect(col("small").type == .smallInteger)
            #expect(col("small").defaultValue == .integer(-3))
            #expect(col("feeling").defaultValue == .string("sad"))
            switch backend {
            case .postgresql:
                #expect(col("feeling").type == .enumeration(SQLEnum(name: "mood", values: ["happy", "sad"])))
                #expect(schema.enums == [SQLEnum(name: "mood", values: ["happy", "sad"])])
                #expect(col("seen").type == .dateTime(timezone: true))
                #expect(col("seen").defaultValue == .expression("now()"))
            case .mysql:
                #expect(col("feeling").type.enumeration?.values == ["happy", "sad"])
            case .sqlite:
                #expect(col("feeling").type == .string(length: 5))
            }
            if backend != .sqlite {
                #expect(col("note").comment == "free text")
                #expect(t.comment == "hand made")
            }
            #expect(t.primaryKey?.columns == ["id"])
            #expect(t.foreignKeys.count == 1)
            #expect(t.foreignKeys.first?.columns == ["owner_id"])
            #expect(t.foreignKeys.first?.referencedTable == "owners")
            #expect(t.foreignKeys.first?.referencedColumns == ["id"])
            #expect(t.foreignKeys.first?.onDelete == .cascade)
            #expect(t.foreignKeys.first?.onUpdate == .setNull)
            #expect(t.checkConstraints.map(\.name) == ["ck_amount"])
            #expect(t.checkConstraints.first?.expression.contains("amount") == true)
            #expect(t.indexes.first { $0.name == "ix_things_label_born" }?.columns == ["label", "born"])
            if backend == .mysql {
                #expect(t.uniqueConstraints.map(\.columns) == [["ref"]])
            } else {
                #expect(t.indexes.first { $0.name == "uix_things_ref" }?.unique == true)
            }
        }
    }

    /// Names no sane schema uses, and every backend must still handle.
    static func hostile(_ backend: Backend) -> Table {
        let limit = dialect(for: backend).maxIdentifierLength
        let longest = String(repeating: "l", count: min(limit, 64))
        return Table("select \"from\" `where`; -- ärger") {
            Column("id", .integer, nullable: false, autoincrement: true)
            Column("order", .string(length: 40), default: .string("it's; DROP TABLE x; -- \\"))
            Column("white space", .integer)
            Column("Ünïcødé", .text)
            Column(longest, .integer)
            Key.primary("id")
            Key.index("order", "white space", name: "ix \"q\" `b`")
            Key.unique("Ünïcødé", name: "uq; select")
            Key.check("ck'quote", "\(dialect(for: backend).quote("white space")) >= 0")
        }
    }

    @Test("names with quotes, backticks, spaces, semicolons, Unicode and keywords round-trip", arguments: Backend.allCases)
    func hostileNames(backend: Backend) throws {
        try TestDatabase.with(backend) { db in
            let c = try db.connect()
            defer { c.close() }
            let t = Self.hostile(backend)
            var logger = Logger(label: "t")
            logger.logLevel = .warning
            let reflector = NativeConnector().reflector(for: backend)
            let op = Operations(sink: ConnectionSink(connection: c, logger: logger), state: SchemaState(reflectTable: { try reflector.reflect(c, tables: [$0]).table($0) }))
            try op.createTable(t)
            try op.bulkInsert(t.name, columns: ["order", "white space"], rows: [["a'b\\c\"d`e", 1]])
            let schema = try reflector.reflect(c, tables: nil)
            let diff = SchemaComparator(dialect: dialect(for: backend)).compare(model: Schema([t]), database: schema)
            #expect(diff.map(\.summary) == [])
            #expect(schema.table(t.name)?.column("order")?.defaultValue == .string("it's; DROP TABLE x; -- \\"))
            let q = dialect(for: backend)
            #expect(try c.query("SELECT \(q.quote("order")) FROM \(q.quote(t.name))")[0][0] == .text("a'b\\c\"d`e"))
            try op.alterColumn(t.name, "white space", newName: "still white")
            try op.dropTable(t.name)
            #expect(try reflector.reflect(c, tables: nil).tables.isEmpty)
        }
    }

    /// Counts the queries a reflector sends.
    final class CountingConnection: DatabaseConnection {
        let inner: any DatabaseConnection
        var queries = 0
        init(_ inner: any DatabaseConnection) { self.inner = inner }
        var backend: Backend { inner.backend }
        func execute(_ sql: String) throws { queries += 1; try inner.execute(sql) }
        func query(_ sql: String, _ parameters: [SQLValue]) throws -> [Row] { queries += 1; return try inner.query(sql, parameters) }
        func begin() throws { try inner.begin() }
        func commit() throws { try inner.commit() }
        func rollback() throws { try inner.rollback() }
        func serverVersion() throws -> String { try inner.serverVersion() }
        func close() { inner.close() }
    }

    @Test("reflection sends the same number of queries for 10 and for 200 tables", arguments: Backend.allCases)
    func queryCount(backend: Backend) throws {
        try TestDatabase.with(backend) { db in
            let c = try db.connect()
            defer { c.close() }
            let d = dialect(for: backend)
            func make(_ range: ClosedRange<Int>) throws {
                try c.begin()
                for i in range {
                    let t = Table("t\(i)") {
                        Column("id", .integer, nullable: false)
                        Column("parent", .integer)
                        Column("name", .string(length: 20))
                        Key.primary("id")
                        Key.index("name")
                        if i > 1 { Key.foreign(["parent"], references: "t\(i - 1)", ["id"]) }
                    }
                    for s in try d.render(.createTable(t), state: SchemaState()) { try c.execute(s.text) }
                }
                try c.commit()
            }
            let reflector = NativeConnector().reflector(for: backend)
            try make(1...10)
            let small = CountingConnection(c)
            #expect(try reflector.reflect(small, tables: nil).tables.count == 10)
            try make(11...200)
            let large = CountingConnection(c)
            let schema = try reflector.reflect(large, tables: nil)
            #expect(schema.tables.count == 200)
            #expect(schema.table("t150")?.foreignKeys.first?.referencedTable == "t149")
            #expect(small.queries == large.queries, "\(small.queries) vs \(large.queries)")
            #expect(large.queries <= 8)
        }
    }

    @Test("SQLite: an unnamed UNIQUE on the primary key's columns is reported, though it shares the key's index")
    func sqliteUniqueOnPrimaryKey() throws {
        try TestDatabase.with(.sqlite) { db in
            let c = try db.connect()
            defer { c.close() }
            try c.execute("CREATE TABLE t (id BIGINT NOT NULL, name TEXT, PRIMARY KEY (id), UNIQUE (id))")
            try c.execute("CREATE TABLE u (id BIGINT NOT NULL, PRIMARY KEY (id))")
            let schema = try SQLiteReflector().reflect(c, tables: nil)
            #expect(schema.table("t")?.uniqueConstraints == [UniqueConstraint(name: "", columns: ["id"])])
            #expect(schema.table("u")?.uniqueConstraints.isEmpty == true)
        }
    }

    @Test("PostgreSQL: a covering index reports its key columns, not its INCLUDE columns as keys")
    func postgresCoveringIndex() throws {
        try TestDatabase.with(.postgresql) { db in
            let c = try db.connect()
            defer { c.close() }
            try c.execute("CREATE TABLE cov (a INTEGER, b INTEGER, c INTEGER, d TEXT)")
            try c.execute("CREATE INDEX ix_cov_ab ON cov (a, b) INCLUDE (c, d)")
            try c.execute("CREATE INDEX ix_cov_plain ON cov (d)")
            let t = try PostgreSQLReflector().reflect(c, tables: ["cov"]).table("cov")
            #expect(t?.indexes.first { $0.name == "ix_cov_ab" }?.columns == ["a", "b"])
            #expect(t?.indexes.first { $0.name == "ix_cov_plain" }?.columns == ["d"])
        }
    }
}
