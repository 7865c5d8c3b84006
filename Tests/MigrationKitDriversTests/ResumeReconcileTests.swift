import Logging
import MigrationKit
import MigrationKitDrivers
import MigrationKitTestSupport
import Testing

/// A run stopped after a DDL statement committed but before its progress record was written: resume
/// asks the live schema what is applied instead of trusting the count, and never runs it twice.
@Suite("Resume reconciles with the live schema (MariaDB)")
struct ResumeReconcileTests {
    static let r2Operations: [@Sendable (Operations) throws -> Void] = [
        { try $0.addColumn("rc_images", Column("checksum", .string(length: 64))) },
        { try $0.createIndex("ix_rc_images_name", on: "rc_images", ["name"]) },
        { try $0.createForeignKey("fk_rc_images_owner", from: "rc_images", ["owner_id"], to: "rc_owners", ["id"]) },
        { try $0.alterColumn("rc_images", "size", type: .bigInteger, newName: "size_bytes") },
        { try $0.execute("UPDATE rc_counter SET n = n + 1") },
        { try $0.dropColumn("rc_images", "legacy") },
        { try $0.execute("INSERT INTO rc_gate (id) VALUES (1)") },
    ]

    static let history: [Revision] = [
        Revision(id: "7c0000000001", message: "tables", upgrade: { op in
            try op.createTable(Table("rc_owners", options: .innoDBUTF8MB4) {
                Column("id", .integer, nullable: false, autoincrement: true)
                Key.primary("id")
            })
            try op.createTable(Table("rc_images", options: .innoDBUTF8MB4) {
                Column("id", .integer, nullable: false, autoincrement: true)
                Column("name", .string(length: 64))
                Column("size", .integer)
                Column("owner_id", .integer)
                Column("legacy", .string(length: 10))
                Key.primary("id")
            })
            try op.createTable(Table("rc_counter", options: .innoDBUTF8MB4) { Column("n", .integer, nullable: false) })
            try op.execute("INSERT INTO rc_counter (n) VALUES (0)")
            try op.execute("INSERT INTO rc_images (name, size) VALUES ('a', 5)")
        }),
        Revision(id: "7c0000000002", parents: ["7c0000000001"], message: "many kinds of change", upgrade: { op in
            for step in ResumeReconcileTests.r2Operations { try step(op) }
        }),
    ]

    func context(_ db: TestDatabase) -> MigrationContext {
        var settings = Settings()
        settings.url = db.url
        var logger = Logger(label: "test")
        logger.logLevel = .critical
        let repo = MigrationRepository(name: "rc", revisions: Self.history, sourceDirectory: "none", registryType: "R")
        return MigrationContext(repository: repo, settings: settings, connector: NativeConnector(), logger: logger)
    }

    func value(_ c: any DatabaseConnection, _ sql: String) throws -> String? {
        try c.query(sql).first?[0].stringValue
    }

    /// Checks the database reached the revision exactly once.
    func expectFinished(_ db: TestDatabase, _ c: any DatabaseConnection) throws {
        let t = try MariaDBReflector().reflect(c, tables: ["rc_images"]).table("rc_images")
        #expect(t?.columns.map(\.name) == ["id", "name", "size_bytes", "owner_id", "checksum"])
        #expect(t?.column("size_bytes")?.type == .bigInteger)
        #expect(t?.indexes.contains { $0.name == "ix_rc_images_name" } == true)
        #expect(t?.foreignKeys.map(\.name) == ["fk_rc_images_owner"])
        #expect(try value(c, "SELECT n FROM rc_counter") == "1")
        #expect(try value(c, "SELECT size_bytes FROM rc_images") == "5")
        #expect(try value(c, "SELECT version_num FROM alembic_version") == "7c0000000002")
        #expect(try value(c, "SELECT count(*) FROM alembic_version_progress") == "0")
    }

    @Test("stopped right after each DDL operation committed, before its record: resume skips exactly what is there", arguments: 1...4)
    func afterDDL(applied k: Int) throws {
        try TestDatabase.with(.mysql) { db in
            let ctx = context(db)
            try ctx.upgrade(to: "7c0000000001")
            let c = try db.connect()
            defer { c.close() }
            // What the stopped run did: the first k operations committed, the record says k - 1.
            var logger = Logger(label: "t")
            logger.logLevel = .critical
            let ops = Operations(sink: ConnectionSink(connection: c, logger: logger), state: SchemaState.live(c, reflector: MariaDBReflector()))
            for step in Self.r2Operations.prefix(k) { try step(ops) }
            let progress = ProgressTable(versionTable: "alembic_version", dialect: MySQLDialect())
            try c.execute(progress.createSQL)
            try c.execute("INSERT INTO alembic_version_progress (revision, direction, statements_done, statement_started) VALUES ('7c0000000002', 'upgrade', \(k - 1), \(k))")

            try c.execute("CREATE TABLE rc_gate (id INTEGER)")
            // Without --resume: refused, nothing changes.
            #expect(throws: MigrationError.self) { try ctx.upgrade(to: "head") }
            try ctx.upgrade(to: "head", resume: true)
            try expectFinished(db, c)
        }
    }

    @Test("stopped after the last DDL before a failure: the data statement before it is not run twice")
    func afterFailure() throws {
        try TestDatabase.with(.mysql) { db in
            let ctx = context(db)
            #expect(throws: MigrationError.self) { try ctx.upgrade(to: "head") }
            let c = try db.connect()
            defer { c.close() }
            #expect(try value(c, "SELECT statements_done FROM alembic_version_progress") == "6")
            // The record of the column drop (statement 6) was lost when the run stopped.
            try c.execute("UPDATE alembic_version_progress SET statements_done = 5, statement_started = 6, last_statement_hash = NULL")
            try c.execute("CREATE TABLE rc_gate (id INTEGER)")
            try ctx.upgrade(to: "head", resume: true)
            try expectFinished(db, c)
        }
    }

    static let indexedHistory: [Revision] = [
        Revision(id: "7d0000000001", message: "a table with indexes", upgrade: { op in
            try op.createTable(Table("rc_indexed", options: .innoDBUTF8MB4) {
                Column("id", .integer, nullable: false, autoincrement: true)
                Column("expire", .integer)
                Column("code", .string(length: 10))
                Key.primary("id")
                Key.index("expire")
                Key.index("code")
            })
        }),
    ]

    @Test("stopped between a CREATE TABLE and its indexes: resume creates exactly the missing index")
    func betweenTableAndIndex() throws {
        try TestDatabase.with(.mysql) { db in
            var settings = Settings()
            settings.url = db.url
            var logger = Logger(label: "test")
            logger.logLevel = .critical
            let repo = MigrationRepository(name: "rc", revisions: Self.indexedHistory, sourceDirectory: "none", registryType: "R")
            let ctx = MigrationContext(repository: repo, settings: settings, connector: NativeConnector(), logger: logger)
            try ctx.upgrade(to: "head")
            let c = try db.connect()
            defer { c.close() }
            let indexes = { try MariaDBReflector().reflect(c, tables: ["rc_indexed"]).table("rc_indexed")?.indexes.map(\.name).sorted() ?? [] }
            let all = try indexes()
            #expect(all.count == 2)
            // The run stopped after the table and its first index: the second index is missing.
            try c.execute("DROP INDEX \(MySQLDialect().quote(all.last!)) ON rc_indexed")
            try c.execute("DELETE FROM alembic_version")
            try c.execute("INSERT INTO alembic_version_progress (revision, direction, statements_done, statement_started) VALUES ('7d0000000001', 'upgrade', 1, 2)")
            try ctx.upgrade(to: "head", resume: true)
            #expect(try indexes() == all)
            #expect(try value(c, "SELECT version_num FROM alembic_version") == "7d0000000001")
        }
    }
}
