import Logging
import MigrationKit
import MigrationKitDrivers
import MigrationKitTestSupport
import Testing

/// A server configured non-strict (`sql_mode = ''`) must not let a migration truncate data.
@Suite("MariaDB sessions are strict whatever the server's mode")
struct StrictSessionTests {
    /// Connects as a non-strict server would hand out sessions.
    struct NonStrictConnector: DatabaseConnector {
        func connect(to url: DatabaseURL) throws -> any DatabaseConnection {
            let c = try NativeConnector().connect(to: url)
            try c.execute("SET SESSION sql_mode = ''")
            return c
        }
        func reflector(for backend: Backend) -> any SchemaReflector { NativeConnector().reflector(for: backend) }
    }

    static let longName = String(repeating: "n", count: 200)

    static let history: [Revision] = [
        Revision(id: "5a0000000001", message: "wide", upgrade: { op in
            try op.createTable(Table("st_images") {
                Column("id", .integer, nullable: false, autoincrement: true)
                Column("name", .string(length: 255))
                Column("size", .bigInteger)
                Key.primary("id")
            })
            try op.bulkInsert("st_images", columns: ["name", "size"], rows: [[.text(longName), .integer(5_000_000_000)]])
        }, downgrade: { op in try op.dropTable("st_images") }),
        Revision(id: "5a0000000002", parents: ["5a0000000001"], message: "narrow", upgrade: { op in
            try op.alterColumn("st_images", "name", type: .string(length: 64))
            try op.alterColumn("st_images", "size", type: .integer)
        }),
    ]

    func context(_ db: TestDatabase, mode: String?) -> MigrationContext {
        var settings = Settings()
        settings.url = db.url
        if let mode { settings.mysqlSQLMode = mode }
        var logger = Logger(label: "test")
        logger.logLevel = .critical
        let repo = MigrationRepository(name: "strict", revisions: Self.history, sourceDirectory: "none", registryType: "R")
        return MigrationContext(repository: repo, settings: settings, connector: NonStrictConnector(), logger: logger)
    }

    func row(_ db: TestDatabase) throws -> [SQLValue] {
        let c = try db.connect()
        defer { c.close() }
        return try c.query("SELECT name, size FROM st_images").first?.values ?? []
    }

    @Test("narrowing a column with values that do not fit fails instead of truncating")
    func refusesTruncation() throws {
        try TestDatabase.with(.mysql) { db in
            let ctx = context(db, mode: nil)
            try ctx.upgrade(to: "5a0000000001")
            #expect(throws: MigrationError.self) { try ctx.upgrade(to: "head") }
            #expect(try row(db) == [.text(Self.longName), .integer(5_000_000_000)])
        }
    }

    @Test("with mysql_sql_mode empty the server's own (non-strict) mode applies: the check above is real")
    func serverModeTruncates() throws {
        try TestDatabase.with(.mysql) { db in
            let ctx = context(db, mode: "")
            try ctx.upgrade(to: "head")
            #expect(try row(db) == [.text(String(Self.longName.prefix(64))), .integer(2_147_483_647)])
        }
    }

    @Test("--sql sets the strict mode first")
    func offlineShowsMode() throws {
        try TestDatabase.with(.mysql) { db in
            var out = ""
            try context(db, mode: nil).upgrade(to: "head", mode: .offline(write: { out += $0 }))
            #expect(out.contains("SET SESSION sql_mode = 'TRADITIONAL';"))
            #expect(out.range(of: "SET SESSION sql_mode")!.lowerBound < out.range(of: "CREATE TABLE")!.lowerBound)
        }
    }
}
