import Logging
import MigrationFixtures
import MigrationKit
import MigrationKitDrivers
import MigrationKitTestSupport
import Testing

/// The engine against real databases: upgrade, downgrade, delta, stamp, purge, branches, merges,
/// failures; the version table checked after each step.
@Suite("Engine on every backend")
struct EngineTests {
    static let backends = Backend.allCases

    func context(_ db: TestDatabase, _ history: [FixtureRevision], configure: (inout Settings) -> Void = { _ in }) -> MigrationContext {
        var settings = Settings()
        settings.url = db.url
        settings.lockTimeout = 30
        configure(&settings)
        var logger = Logger(label: "test")
        logger.logLevel = .warning
        return MigrationContext(repository: FixtureHistories.repository(history), settings: settings, connector: NativeConnector(), logger: logger)
    }

    func versionRows(_ db: TestDatabase, table: String = "alembic_version") throws -> [String] {
        let c = try db.connect()
        defer { c.close() }
        return try VersionTable(name: table, dialect: dialect(for: db.backend)).read(from: c).sorted()
    }

    /// The tables, without the progress table MariaDB runs keep beside the version table.
    func tables(_ db: TestDatabase) throws -> [String] {
        let c = try db.connect()
        defer { c.close() }
        return try c.query(dialect(for: db.backend).userTablesQuery).compactMap { $0[0].stringValue }.filter { !VersionTable.bookkeeping("alembic_version").dropFirst().contains($0) }.sorted()
    }

    func runs(_ db: TestDatabase) throws -> [String] {
        let c = try db.connect()
        defer { c.close() }
        return try c.query("SELECT revision FROM fx_runs ORDER BY revision").compactMap { $0[0].stringValue }
    }

    @Test("upgrade to head, step by step down to base, and up by delta", arguments: backends)
    func linearWalk(backend: Backend) throws {
        try TestDatabase.with(backend) { db in
            let ctx = context(db, FixtureHistories.linear)
            #expect(try versionRows(db) == [])
            try ctx.upgrade(to: "head")
            #expect(try versionRows(db) == ["e5f6a7b8c9d0"])
            #expect(try tables(db) == ["alembic_version", "fx_accounts", "fx_pools", "fx_runs"])
            #expect(try runs(db).count == 5)
            // Data written by a revision, with a quote and a backslash, arrived intact.
            let c = try db.connect()
            #expect(try c.query("SELECT name FROM fx_accounts WHERE id = 1")[0][0] == .text("O'Brien \\ admin"))
            c.close()

            let expectedDown = ["d4e5f6a7b8c9", "c3d4e5f6a7b8", "b2c3d4e5f6a7", "a1b2c3d4e5f6"]
            for expected in expectedDown {
                try ctx.downgrade(to: "-1")
                #expect(try versionRows(db) == [expected])
            }
            try ctx.downgrade(to: "-1")
            #expect(try versionRows(db) == [])
            #expect(try tables(db) == ["alembic_version"])
            #expect(throws: RevisionGraphError.relativeOutOfRange(argument: "-1", steps: 1, available: 0)) {
                try ctx.downgrade(to: "-1")
            }

            try ctx.upgrade(to: "+2")
            #expect(try versionRows(db) == ["b2c3d4e5f6a7"])
            try ctx.upgrade(to: "juno")
            #expect(try versionRows(db) == ["c3d4e5f6a7b8"])
            let nothing = try ctx.upgrade(to: "juno")
            #expect(nothing.steps.isEmpty)
            try ctx.upgrade(to: "heads")
            try ctx.downgrade(to: "juno")
            #expect(try versionRows(db) == ["c3d4e5f6a7b8"])
            try ctx.downgrade(to: "base")
            #expect(try versionRows(db) == [])
        }
    }

    @Test("stamp writes the version table only; --purge clears what is there, even unknown ids", arguments: backends)
    func stamp(backend: Backend) throws {
        try TestDatabase.with(backend) { db in
            let ctx = context(db, FixtureHistories.linear)
            try ctx.stamp("juno")
            #expect(try versionRows(db) == ["c3d4e5f6a7b8"])
            #expect(try tables(db) == ["alembic_version"])
            try ctx.stamp("a1b2")
            #expect(try versionRows(db) == ["a1b2c3d4e5f6"])
            try ctx.stamp("base")
            #expect(try versionRows(db) == [])

            // A revision this tool does not know: reading refuses, purge recovers.
            let c = try db.connect()
            try c.execute("INSERT INTO alembic_version (version_num) VALUES ('ffffffffffff')")
            c.close()
            let e = #expect(throws: RevisionGraphError.self) { try ctx.current() }
            #expect(e == .unknownDatabaseRevisions(ids: ["ffffffffffff"], table: "alembic_version"))
            #expect(e?.description.contains("which this history does not have") == true)
            #expect(throws: RevisionGraphError.unknownDatabaseRevisions(ids: ["ffffffffffff"], table: "alembic_version")) { try ctx.upgrade() }
            try ctx.stamp("heads", purge: true)
            #expect(try versionRows(db) == ["e5f6a7b8c9d0"])
        }
    }

    @Test("branches: label@head, one branch at a time, dependencies, merge", arguments: backends)
    func branches(backend: Backend) throws {
        try TestDatabase.with(backend) { db in
            var ctx = context(db, FixtureHistories.branched)
            #expect(throws: RevisionGraphError.self) { try ctx.upgrade(to: "head") }
            try ctx.upgrade(to: "alpha@head")
            #expect(try versionRows(db) == ["2000bbbb0002"])
            try ctx.upgrade(to: "beta@3000cccc0001")
            #expect(try versionRows(db) == ["2000bbbb0002", "3000cccc0001"])
            try ctx.upgrade(to: "heads")
            #expect(try versionRows(db) == ["2000bbbb0002", "3000cccc0002"])
            #expect(try ctx.current().revisions.map(\.revision).sorted() == ["2000bbbb0002", "3000cccc0002"])

            // Take one branch out, leave the other.
            try ctx.downgrade(to: "beta@base")
            #expect(try versionRows(db) == ["2000bbbb0002"])
            #expect(!(try tables(db)).contains("fx_beta"))
            try ctx.upgrade(to: "heads")

            // The same database continued with the merge revision.
            ctx = context(db, FixtureHistories.merged)
            try ctx.upgrade(to: "head")
            #expect(try versionRows(db) == ["4000dddd0001"])
            try ctx.downgrade(to: "-1")
            #expect(try versionRows(db) == ["2000bbbb0002", "3000cccc0002"])
            try ctx.downgrade(to: "base")
            #expect(try versionRows(db) == [])
            #expect(try tables(db) == ["alembic_version"])
        }
    }

    @Test("a revision that fails halfway: rolled back where DDL is transactional, reported exactly on MariaDB", arguments: backends)
    func failure(backend: Backend) throws {
        try TestDatabase.with(backend) { db in
            let ctx = context(db, FixtureHistories.failing)
            let error = #expect(throws: MigrationError.self) { try ctx.upgrade() }
            let text = error?.description ?? ""
            #expect(text.contains("upgrade b2c3d4e5f6a7 -> f0f0f0f0f0f1, fails halfway failed at statement 3"), "\(text)")
            #expect(text.contains("fx_no_such_table"), "\(text)")
            // The two good revisions committed before the failure.
            #expect(try versionRows(db) == ["b2c3d4e5f6a7"])
            let c = try db.connect()
            defer { c.close() }
            let halfRow = try c.query("SELECT count(*) FROM fx_accounts WHERE id = 77")[0][0]
            if dialect(for: backend).transactionalDDL {
                #expect(text.contains("rolled back: the database is at b2c3d4e5f6a7"), "\(text)")
                #expect(!(try tables(db)).contains("fx_half"))
                #expect(halfRow == .integer(0))
            } else {
                #expect(text.contains("statement(s) 1–2 of this revision ran and stay applied"), "\(text)")
                #expect(text.contains("the version table says b2c3d4e5f6a7"), "\(text)")
                #expect(try tables(db).contains("fx_half"))
            }
        }
    }

    @Test("one transaction for the whole run rolls everything back", arguments: [Backend.postgresql, .sqlite])
    func wholeRunTransaction(backend: Backend) throws {
        try TestDatabase.with(backend) { (db: TestDatabase) throws in
            let ctx = context(db, FixtureHistories.failing) { $0.transactionPerMigration = false }
            let error = #expect(throws: MigrationError.self) { try ctx.upgrade() }
            #expect(error?.description.contains("whole run was rolled back") == true)
            #expect(try versionRows(db) == [])
            #expect(try tables(db) == [])
        }
    }

    @Test("upgrade refuses a database with its own tables but no version table; another's tables are not its business", arguments: backends)
    func untracked(backend: Backend) throws {
        try TestDatabase.with(backend) { db in
            let c = try db.connect()
            try c.execute("CREATE TABLE fx_accounts (id INTEGER PRIMARY KEY, name VARCHAR(50))")
            try c.execute("CREATE TABLE legacy_things (id INTEGER PRIMARY KEY)")
            let ctx = context(db, FixtureHistories.linear)
            let e = #expect(throws: MigrationError.self) { try ctx.upgrade() }
            let message = e.map { "\($0)" } ?? ""
            #expect(message.contains("fx_accounts") && !message.contains("legacy_things"), "\(message)")
            #expect(message.contains("run 'stamp RELEASE' with the release it is at (juno)"), "\(message)")
            let left = try tables(db)
            #expect(left == ["fx_accounts", "legacy_things"], "\(left)")
            // Without the history's own tables (a sqlalchemy-migrate table, a sibling's) it installs.
            try c.execute("DROP TABLE fx_accounts")
            c.close()
            try ctx.upgrade()
            #expect(try tables(db).contains("legacy_things") && tables(db).contains("fx_accounts"))
        }
    }

    @Test("a custom version table name", arguments: backends)
    func customVersionTable(backend: Backend) throws {
        try TestDatabase.with(backend) { (db: TestDatabase) throws in
            let ctx = context(db, FixtureHistories.linear) {
                $0.versionTable = "vdi_version"
                $0.versionTableExplicit = true
            }
            try ctx.upgrade(to: "juno")
            #expect(try versionRows(db, table: "vdi_version") == ["c3d4e5f6a7b8"])
            #expect(!(try tables(db)).contains("alembic_version"))
        }
    }
}
