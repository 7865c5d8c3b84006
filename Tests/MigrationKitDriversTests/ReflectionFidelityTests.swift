import Logging
import MigrationKit
import MigrationKitDrivers
import MigrationKitTestSupport
import Testing

/// Generated columns, covering (INCLUDE) and partial indexes: written in each database's own SQL,
/// reflected exactly, compared with a model without spurious differences, changed with exactly the
/// change, and created from the model and reflected back — on each backend that has the feature.
@Suite("Reflection fidelity: generated columns, covering and partial indexes")
struct ReflectionFidelityTests {
    static var handWritten: [Backend: [String]] { FidelityFixture.handWritten }

    /// The same table as a model declares it.
    static func model(_ backend: Backend, edited: Bool = false) -> Table {
        Table("gadgets") {
            Column("id", .integer, nullable: false)
            Column("name", .string(length: 40))
            Column("price", .numeric(precision: 10, scale: 2), nullable: false)
            Column("qty", .integer, nullable: false)
            Column("deleted", .integer, nullable: false, default: .integer(0))
            Column("total", .numeric(precision: 20, scale: 2), generated: .stored(edited ? "price * qty * 2" : "price * qty"))
            if backend != .postgresql {
                Column("half", .integer, generated: .virtual(backend == .mysql ? "qty DIV 2" : "qty / 2"))
            }
            Key.primary("id")
            if backend == .postgresql {
                Key.index("name", include: edited ? ["price"] : ["price", "qty"], name: "ix_gadgets_name")
            } else {
                Key.index("name", name: "ix_gadgets_name")
            }
            if backend != .mysql {
                Key.index("name", where: edited ? "deleted = 1" : "deleted = 0", name: "ix_gadgets_live")
                Key.index("(lower(name))", "qty", name: "ix_gadgets_lower")
            }
        }
    }

    func diff(_ c: any DatabaseConnection, _ table: Table) throws -> [MigrationOperation] {
        let reflected = try NativeConnector().reflector(for: c.backend).reflect(c, tables: ["gadgets"])
        return SchemaComparator(dialect: dialect(for: c.backend)).compare(model: Schema(tables: [table]), database: reflected)
            .filter { if case .dropTable = $0 { return false } else { return true } }
    }

    func operations(_ c: any DatabaseConnection) -> Operations {
        var logger = Logger(label: "test")
        logger.logLevel = .warning
        return Operations(sink: ConnectionSink(connection: c, logger: logger), state: SchemaState.live(c, reflector: NativeConnector().reflector(for: c.backend)))
    }

    @Test("written by hand, inspect reports each exactly", arguments: Backend.allCases)
    func reflects(backend: Backend) throws {
        try TestDatabase.with(backend) { db in
            let c = try db.connect()
            defer { c.close() }
            for sql in Self.handWritten[backend]! { try c.execute(sql) }
            let t = try #require(try NativeConnector().reflector(for: backend).reflect(c, tables: ["gadgets"]).table("gadgets"))
            let d = dialect(for: backend)
            let total = try #require(t.column("total")?.generated)
            #expect(d.comparableExpressionOf(total.expression) == "price*qty", "\(total)")
            #expect(total.stored)
            #expect(t.column("total")?.defaultValue == nil)
            if backend != .postgresql {
                let half = try #require(t.column("half")?.generated)
                #expect(!half.stored)
            }
            let byName = Dictionary(uniqueKeysWithValues: t.indexes.map { ($0.name, $0) })
            #expect(byName["ix_gadgets_name"]?.columns == ["name"])
            #expect(byName["ix_gadgets_name"]?.include == (backend == .postgresql ? ["price", "qty"] : []))
            if backend != .mysql {
                let live = try #require(byName["ix_gadgets_live"])
                #expect(live.columns == ["name"])
                #expect(live.predicate.map(d.comparableExpressionOf) == "deleted=0", "\(live)")
                let lower = try #require(byName["ix_gadgets_lower"])
                #expect(lower.columns.count == 2 && Index.isExpression(lower.columns[0]) && lower.columns[1] == "qty", "\(lower)")
                #expect(d.comparableExpressionOf(lower.columns[0]) == "lowername", "\(lower)")
            }
            // inspect's JSON carries them.
            let json = OrderedJSON.schema(Schema(tables: [t]))
            #expect(json.contains("\"generated\""))
            #expect(backend == .mysql || json.contains("\"where\""))
        }
    }

    @Test("a model that declares the same has no difference; a changed one has exactly the change", arguments: Backend.allCases)
    func compares(backend: Backend) throws {
        try TestDatabase.with(backend) { db in
            let c = try db.connect()
            defer { c.close() }
            for sql in Self.handWritten[backend]! { try c.execute(sql) }
            let same = try diff(c, Self.model(backend))
            #expect(same.isEmpty, "\(same)")
            let changed = try diff(c, Self.model(backend, edited: true))
            let summary = changed.map { op -> String in
                switch op {
                case .dropColumn(_, let col): return "drop column \(col.name)"
                case .addColumn(_, let col): return "add column \(col.name)"
                case .dropIndex(_, let i): return "drop index \(i.name)"
                case .createIndex(_, let i): return "create index \(i.name)"
                default: return "\(op)"
                }
            }.sorted()
            var expected = ["add column total", "drop column total"]
            if backend == .postgresql { expected += ["create index ix_gadgets_name", "drop index ix_gadgets_name"] }
            if backend != .mysql { expected += ["create index ix_gadgets_live", "drop index ix_gadgets_live"] }
            #expect(summary == expected.sorted())
            // Applying the change brings the database to the edited model.
            try operations(c).run(changed)
            let after = try diff(c, Self.model(backend, edited: true))
            #expect(after.isEmpty, "\(after)")
            // And back (what the autogenerated downgrade does): the original model again, no difference.
            try operations(c).run(try diff(c, Self.model(backend)))
            let back = try diff(c, Self.model(backend))
            #expect(back.isEmpty, "\(back)")
        }
    }

    @Test("created from the model, reflected back equal; dropped and re-created", arguments: Backend.allCases)
    func roundTrip(backend: Backend) throws {
        try TestDatabase.with(backend) { db in
            let c = try db.connect()
            defer { c.close() }
            let ops = operations(c)
            try ops.createTable(Self.model(backend))
            let same = try diff(c, Self.model(backend))
            #expect(same.isEmpty, "\(same)")
            try c.execute("INSERT INTO gadgets (id, name, price, qty) VALUES (1, 'a', 2.50, 4)")
            #expect(try c.query("SELECT total FROM gadgets").first?[0].stringValue.flatMap(Double.init) == 10)
            try operations(c).dropTable("gadgets")
            #expect(try c.query(dialect(for: backend).userTablesQuery).isEmpty)
        }
    }

    @Test("MariaDB: the index InnoDB adds for a foreign key is left out whether the key is named or not")
    func foreignKeyIndexes() throws {
        try TestDatabase.with(.mysql) { db in
            let c = try db.connect()
            defer { c.close() }
            try c.execute("CREATE TABLE owners (id INTEGER NOT NULL PRIMARY KEY)")
            try c.execute("""
                CREATE TABLE pets (id INTEGER NOT NULL PRIMARY KEY, owner_id INTEGER, vet_id INTEGER, keeper_id INTEGER,
                    FOREIGN KEY (owner_id) REFERENCES owners (id),
                    CONSTRAINT fk_pets_vet FOREIGN KEY (vet_id) REFERENCES owners (id),
                    CONSTRAINT fk_pets_keeper FOREIGN KEY (keeper_id) REFERENCES owners (id),
                    INDEX ix_pets_keeper (keeper_id))
                """)
            let t = try #require(try NativeConnector().reflector(for: .mysql).reflect(c, tables: ["pets"]).table("pets"))
            #expect(t.foreignKeys.map(\.name).sorted() == ["fk_pets_keeper", "fk_pets_vet", "pets_ibfk_1"])
            // A declared index the key uses stays; the ones InnoDB made for the keys do not.
            #expect(t.indexes.map(\.name) == ["ix_pets_keeper"])
        }
    }

    @Test("autogenerate writes them back as the model DSL and operations")
    func swiftSource() {
        let t = Self.model(.postgresql)
        let source = SwiftSource.table(t)
        #expect(source.contains("Column(\"total\", .numeric(precision: 20, scale: 2), generated: .stored(\"price * qty\"))"), "\(source)")
        #expect(source.contains("Key.index(\"name\", include: [\"price\", \"qty\"], name: \"ix_gadgets_name\")"), "\(source)")
        #expect(source.contains("Key.index(\"name\", where: \"deleted = 0\", name: \"ix_gadgets_live\")"), "\(source)")
        #expect(source.contains("Key.index(\"(lower(name))\", \"qty\", name: \"ix_gadgets_lower\")"), "\(source)")
    }

    @Test("where a database lacks the feature, the operation is refused with one clear line")
    func refused() throws {
        let my = MySQLDialect()
        let include = Index(name: "ix_x", columns: ["a"], include: ["b"])
        #expect(throws: DialectError.self) { try my.createIndexSQL(table: "t", include) }
        let partial = Index(name: "ix_y", columns: ["a"], predicate: "a > 0")
        let e = #expect(throws: DialectError.self) { try my.createIndexSQL(table: "t", partial) }
        #expect("\(e.map { "\($0)" } ?? "")" == "MySQL/MariaDB has no partial indexes (index ix_y on t WHERE a > 0)")
        #expect(throws: DialectError.self) { try SQLiteDialect().createIndexSQL(table: "t", include) }
        #expect(throws: DialectError.self) { try my.createIndexSQL(table: "t", Index(name: "ix_z", columns: ["(lower(a))"])) }
        #expect(try SQLiteDialect().createIndexSQL(table: "t", Index(name: "ix_z", columns: ["(lower(a))", "b"])) == "CREATE INDEX \"ix_z\" ON \"t\" ((lower(a)), \"b\")")
        #expect(throws: DialectError.self) { try PostgreSQLDialect().columnSQL(Column("v", .integer, generated: .virtual("a + 1")), table: "t") }
        #expect(try PostgreSQLDialect().createIndexSQL(table: "t", Index(name: "ix", columns: ["a"], include: ["b"], predicate: "a > 0"))
            == "CREATE INDEX \"ix\" ON \"t\" (\"a\") INCLUDE (\"b\") WHERE a > 0")
    }
}

extension Dialect {
    func comparableExpressionOf(_ e: String) -> String { Self.comparableExpression(e) }
}
