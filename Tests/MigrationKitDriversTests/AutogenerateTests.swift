import Logging
import MigrationFixtures
import MigrationKit
import MigrationKitDrivers
import MigrationKitTestSupport
import Testing

@Suite("Autogenerate on every backend")
struct AutogenerateTests {
    func context(_ db: TestDatabase, models: Schema) -> MigrationContext {
        var settings = Settings()
        settings.url = db.url
        var logger = Logger(label: "t")
        logger.logLevel = .warning
        return MigrationContext(repository: FixtureHistories.modeledRepository(models: models), settings: settings, connector: NativeConnector(), logger: logger)
    }

    /// Applies operations as a revision would (one transaction where DDL is transactional).
    func apply(_ ops: [MigrationOperation], _ db: TestDatabase) throws {
        let c = try db.connect()
        defer { c.close() }
        var logger = Logger(label: "t")
        logger.logLevel = .warning
        let reflector = NativeConnector().reflector(for: db.backend)
        let d = dialect(for: db.backend)
        let op = Operations(sink: ConnectionSink(connection: c, logger: logger), state: SchemaState.live(c, reflector: reflector))
        for s in d.revisionSetup { try c.execute(s) }
        if d.transactionalDDL { try c.begin() }
        try op.run(ops)
        if d.transactionalDDL { try c.commit() }
        for s in d.revisionTeardown { try c.execute(s) }
    }

    @Test("no false positives: models created from the DSL compare equal on every backend", arguments: Backend.allCases)
    func zeroDiff(backend: Backend) throws {
        try TestDatabase.with(backend) { db in
            try context(db, models: FixtureModels.v1).upgrade()
            #expect(try context(db, models: FixtureModels.v1).diff().map(\.summary) == [])
        }
    }

    @Test("each kind of change is detected with the exact operation, applied, and reversed", arguments: Backend.allCases)
    func roundTrip(backend: Backend) throws {
        try TestDatabase.with(backend) { db in
            try context(db, models: FixtureModels.v1).upgrade()
            let c = try db.connect()
            try c.execute("INSERT INTO am_hosts (id, name, enabled) VALUES (1, 'h1', \(backend == .postgresql ? "true" : "1"))")
            try c.execute("INSERT INTO am_pools (id, host_id, name, size, state) VALUES (1, 1, 'p1', 3, 'up')")
            c.close()
            let ops = try context(db, models: FixtureModels.v2).diff()
            let kinds = ops.map(\.kind)
            #expect(kinds.contains("add_table"))
            #expect(kinds.contains("add_column"))
            #expect(kinds.contains("remove_column"))
            #expect(kinds.contains("add_unique_constraint"))
            #expect(kinds.contains("remove_index"))
            #expect(ops.contains { if case .alterColumn(let a) = $0 { return a.column == "name" && a.newName == "hostname" && a.table == "am_hosts" } else { return false } }, "rename, not drop and add")
            #expect(!ops.contains { if case .dropColumn(_, let col) = $0 { return col.name == "name" } else { return false } })
            #expect(ops.contains { if case .alterColumn(let a) = $0 { return a.column == "name" && a.type == .string(length: 100) } else { return false } })
            #expect(ops.contains { if case .addForeignKey(_, let f) = $0 { return f.onDelete == .cascade } else { return false } })
            try apply(ops, db)
            #expect(try context(db, models: FixtureModels.v2).diff().map(\.summary) == [])
            // The rename kept the data.
            let c2 = try db.connect()
            #expect(try c2.query("SELECT hostname FROM am_hosts WHERE id = 1")[0][0] == .text("h1"))
            #expect(try c2.query("SELECT quota FROM am_pools WHERE id = 1")[0][0] == .integer(5))
            c2.close()
            // And the reverse brings the database back to v1.
            try apply(ops.reversed().compactMap { try? $0.reversed() }, db)
            #expect(try context(db, models: FixtureModels.v1).diff().map(\.summary) == [])
        }
    }

    @Test("the version table and excluded tables are ignored")
    func excluded() throws {
        try TestDatabase.with(.sqlite) { db in
            var ctx = context(db, models: FixtureModels.v1)
            try ctx.upgrade()
            let c = try db.connect()
            try c.execute("CREATE TABLE scratch_one (x INTEGER)")
            c.close()
            #expect(try ctx.diff().map(\.summary) == ["remove table scratch_one"])
            ctx.settings.excludeTables = ["scratch_*"]
            #expect(try ctx.diff().isEmpty)
        }
    }
}
