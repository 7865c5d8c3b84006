import Foundation
import MigrationKit
import MigrationKitTestSupport
import Testing

/// Revisions written as SQL files, in the same graph and transactions as Swift revisions.
@Suite("CLI: plain-SQL revisions")
struct SQLFileRevisionTests {
    func strings(_ db: TestDatabase, _ sql: String) throws -> [String?] {
        let c = try db.connect()
        defer { c.close() }
        return try c.query(sql).map { $0[0].stringValue }
    }

    @Test("a SQL-file revision with per-dialect variants upgrades and downgrades, online and via --sql", arguments: Backend.allCases)
    func upAndDown(backend: Backend) throws {
        try TestDatabase.with(backend) { (db: TestDatabase) throws in
            let url = db.url.unmaskedString
            let up = try CLI.fixtures("sqlfiles", ["--database-connection", url, "upgrade"])
            #expect(up.status == 0, "\(up)")
            #expect(try strings(db, "SELECT note FROM fx_sql ORDER BY id") == ["semi;colon -- not a comment", "it's quoted"])
            if backend == .postgresql { #expect(try strings(db, "SELECT fx_sql_count()") == ["2"]) }
            #expect(try CLI.fixtures("sqlfiles", ["--database-connection", url, "downgrade", "a1b2c3d4e5f6"]).status == 0)
            #expect(try strings(db, dialect(for: backend).userTablesQuery).compactMap { $0 }.filter { $0 == "fx_sql" }.isEmpty)

            // Offline: the files' statements appear verbatim, and the script runs with the database's client.
            let script = try CLI.fixtures("sqlfiles", ["--database-connection", url, "upgrade", "a1b2c3d4e5f6:head", "--sql"])
            #expect(script.status == 0)
            if backend == .postgresql {
                #expect(script.stdout.contains("CREATE FUNCTION fx_sql_count() RETURNS integer AS $body$\nBEGIN\n    -- a semicolon; and a quote ' in a comment inside the body\n    RETURN (SELECT count(*) FROM fx_sql);\nEND;\n$body$ LANGUAGE plpgsql;"), "\(script.stdout)")
            }
            #expect(script.stdout.contains("/* a block comment; with a semicolon */\nINSERT INTO fx_sql") || backend != .sqlite, "\(script.stdout)")
            let dir = try TempDir()
            let applied = try OfflineTests.runWithClient(db, script: try dir.write("up.sql", script.stdout))
            #expect(applied.status == 0, "\(applied)")
            #expect(try strings(db, "SELECT note FROM fx_sql ORDER BY id") == ["semi;colon -- not a comment", "it's quoted"])
            #expect(try CLI.fixtures("sqlfiles", ["--database-connection", url, "current"]).stdout == "s0l0f11e0001 (head)\n")
            let down = try CLI.fixtures("sqlfiles", ["--database-connection", url, "downgrade", "head:base", "--sql"])
            #expect(try OfflineTests.runWithClient(db, script: try dir.write("down.sql", down.stdout)).status == 0)
        }
    }

    @Test("a missing variant with no generic file is a clear error before anything runs", arguments: [Backend.sqlite, .mysql])
    func missingVariant(backend: Backend) throws {
        try TestDatabase.with(backend) { (db: TestDatabase) throws in
            let r = try CLI.fixtures("sqlmissing", ["--database-connection", db.url.unmaskedString, "upgrade"])
            #expect(r.status == 1)
            #expect(r.stderr.contains("has no upgrade.\(dialect(for: backend).name).sql and no upgrade.sql (it has: downgrade.postgresql.sql, upgrade.postgresql.sql). Nothing was run."), "\(r)")
            // Nothing but the lock the run took (a table of the tool's own).
            #expect(try strings(db, dialect(for: backend).userTablesQuery).allSatisfy { $0 == "alembic_version_lock" })
            let offline = try CLI.fixtures("sqlmissing", ["--database-connection", db.url.unmaskedString, "upgrade", "--sql"])
            #expect(offline.status == 1)
            #expect(offline.stdout.isEmpty)
        }
    }

    @Test("the PostgreSQL-only revision runs on PostgreSQL")
    func postgresqlOnly() throws {
        try TestDatabase.with(.postgresql) { (db: TestDatabase) throws in
            #expect(try CLI.fixtures("sqlmissing", ["--database-connection", db.url.unmaskedString, "upgrade"]).status == 0)
        }
    }
}

@Suite("CLI: revision --sql-files")
struct SQLFilesScaffoldTests {
    @Test("writes upgrade.sql and downgrade.sql and a registered declaration that compiles with the embedded files")
    func scaffold() throws {
        let dir = try TempDir()
        let src = dir.path + "/Migrations"
        try FileManager.default.createDirectory(atPath: src, withIntermediateDirectories: true)
        try "import MigrationKit\n\nenum FixtureRegistry {\n    static let scripts: [any MigrationScript.Type] = [\n        // registry: begin\n        // registry: end\n    ]\n}\n"
            .write(toFile: src + "/Registry.swift", atomically: true, encoding: .utf8)
        let r = try CLI.fixtures("linear", ["--database-connection", "sqlite:///\(dir.path)/x.db", "revision", "-m", "add pool quota", "--sql-files", "--rev-id", "c0ffee000001"],
                                 environment: ["OS_MIGRATIONS__SOURCE_DIR": src])
        #expect(r.status == 0, "\(r)")
        let revDir = src + "/Versions/c0ffee000001_add_pool_quota"
        #expect(r.stdout == revDir + "\n")
        let upgrade = try String(contentsOfFile: revDir + "/upgrade.sql", encoding: .utf8)
        #expect(upgrade.contains("upgrade.postgresql.sql"))
        #expect(FileManager.default.fileExists(atPath: revDir + "/downgrade.sql"))
        let decl = try String(contentsOfFile: revDir + ".swift", encoding: .utf8)
        #expect(decl.contains("struct Revision_c0ffee000001: SQLFileScript"))
        #expect(decl.contains("static let parents: [String] = [\"e5f6a7b8c9d0\"]"))
        #expect(decl.contains("EmbeddedSQL.files(in: \"Versions/c0ffee000001_add_pool_quota\")"))
        #expect(try String(contentsOfFile: src + "/Registry.swift", encoding: .utf8).contains("Revision_c0ffee000001.self,"))
        // What the build does: embed the SQL files, then compile the declaration with them.
        let products = (CLI.fixtureBinary as NSString).deletingLastPathComponent
        let embedded = dir.path + "/EmbeddedSQL.swift"
        let embed = try CLI.program(products + "/EmbedSQLTool", [src, embedded, revDir + "/upgrade.sql", revDir + "/downgrade.sql"])
        #expect(embed.status == 0, "\(embed)")
        let tc = try CLI.program("/opt/swift/usr/bin/swiftc", ["-typecheck", "-I", products + "/Modules", "-module-name", "Migrations", src + "/Registry.swift", revDir + ".swift", embedded])
        #expect(tc.status == 0, "\(tc)")
        let both = try CLI.fixtures("linear", ["--database-connection", "sqlite:///\(dir.path)/x.db", "revision", "-m", "x", "--sql-files", "--autogenerate"], environment: ["OS_MIGRATIONS__SOURCE_DIR": src])
        #expect(both.status == 2)
    }
}
