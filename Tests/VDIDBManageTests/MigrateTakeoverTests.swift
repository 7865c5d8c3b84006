import Foundation
import MigrationKit
import MigrationKitTestSupport
import Testing

/// A database sqlalchemy-migrate managed (migrate_version) is recognised and adopted in one command.
@Suite("CLI: taking over a sqlalchemy-migrate database")
struct MigrateTakeoverTests {
    func vdi(_ db: TestDatabase, _ args: [String]) throws -> CLI.Result {
        try CLI.run(["--database-connection", db.url.unmaskedString] + args)
    }

    func icehouseManagedByMigrate(_ db: TestDatabase, version: Int) throws {
        let load = try OfflineTests.runWithClient(db, script: VDIHistoryTests.fixtures + "/\(db.backend.rawValue).sql")
        #expect(load.status == 0, "\(load)")
        let c = try db.connect()
        defer { c.close() }
        try c.execute("CREATE TABLE migrate_version (repository_id VARCHAR(250) NOT NULL PRIMARY KEY, repository_path TEXT, version INTEGER)")
        try c.execute("INSERT INTO migrate_version VALUES ('vdi', '/usr/lib/python3/dist-packages/vdi/db/sqlalchemy/migrate_repo', \(version))")
    }

    @Test("current names the migrate version; stamp --from-migrate (after a dry run) adopts it; upgrade reaches both heads", arguments: Backend.allCases)
    func adopt(backend: Backend) throws {
        try TestDatabase.with(backend) { db in
            try icehouseManagedByMigrate(db, version: 45)
            let cur = try vdi(db, ["current"])
            #expect(cur.stdout.contains("vdi: migrate_version 45 (sqlalchemy-migrate, revision icehouse; adopt it with 'stamp --from-migrate')"), "\(cur)")
            let json = try JSONSerialization.jsonObject(with: Data(try vdi(db, ["--subproject", "vdi", "current", "--format", "json"]).stdout.utf8)) as? [String: Any]
            #expect((json?["migrate_version"] as? [String: Any])?["revision"] as? String == "icehouse")

            let dry = try vdi(db, ["stamp", "--from-migrate", "--dry-run"])
            #expect(dry.status == 0 && dry.stderr.contains("would record it; nothing was changed"), "\(dry)")
            #expect(try vdi(db, ["db_version"]).stdout.contains("migrate_version 45"))
            let stamp = try vdi(db, ["stamp", "--from-migrate"])
            #expect(stamp.status == 0, "\(stamp)")
            #expect(try vdi(db, ["db_version"]).stdout == "vdi: icehouse\naccounting: base\n")
            let up = try vdi(db, ["upgrade", "head"])
            #expect(up.status == 0, "\(up)")
            #expect(try vdi(db, ["current"]).stdout == VDIHistoryTests.vdiHead + "accounting: acct00000002 (accounting-1.1) (head)\n")
            #expect(try vdi(db, ["--subproject", "all", "check"]).status == 0)
            let c = try db.connect()
            defer { c.close() }
            #expect(try c.query("SELECT version FROM migrate_version").first?[0].intValue == 45)
            // Already adopted: refused, nothing changes.
            #expect(try vdi(db, ["stamp", "--from-migrate"]).status == 1)
        }
    }

    @Test("a migrate version the history cannot adopt is refused with the versions it knows")
    func unknownVersion() throws {
        try TestDatabase.with(.sqlite) { db in
            try icehouseManagedByMigrate(db, version: 31)
            let r = try vdi(db, ["stamp", "--from-migrate"])
            #expect(r.status == 1 && r.stderr.contains("version 31") && r.stderr.contains("45 = icehouse"), "\(r)")
            #expect(try vdi(db, ["current"]).stdout.contains("a version this history cannot adopt"))
        }
    }

    @Test("version_control adopts a migrate database, or records base on a new one")
    func versionControl() throws {
        try TestDatabase.with(.sqlite) { db in
            try icehouseManagedByMigrate(db, version: 45)
            #expect(try vdi(db, ["version_control"]).status == 0)
            #expect(try vdi(db, ["--subproject", "vdi", "current"]).stdout == "icehouse\n")
        }
        try TestDatabase.with(.sqlite) { (db: TestDatabase) throws in
            _ = FileManager.default.createFile(atPath: db.name, contents: nil)
            #expect(try vdi(db, ["version_control"]).status == 0)
            #expect(try vdi(db, ["current"]).stdout == "vdi: base\naccounting: base\n")
        }
        // Already under version control: refused, as sqlalchemy-migrate refuses it; nothing changes.
        try TestDatabase.with(.sqlite) { db in
            try icehouseManagedByMigrate(db, version: 45)
            #expect(try vdi(db, ["version_control"]).status == 0)
            let again = try vdi(db, ["version_control"])
            #expect(again.status == 1 && again.stderr.contains("already under version control"), "\(again)")
            #expect(again.stderr.split(separator: "\n").filter { $0.hasPrefix("vdi-db-manage: error:") }.count == 1, "\(again)")
            #expect(try vdi(db, ["--subproject", "vdi", "current"]).stdout == "icehouse\n")
        }
    }
}
