import Foundation
import MigrationKit
import MigrationKitTestSupport
import Testing

/// neutron-db-manage's rule: without --subproject a command acts on every repository and says which
/// line belongs to which; each repository guards only its own tables.
@Suite("CLI: every repository by default")
struct AllRepositoriesTests {
    func vdi(_ db: TestDatabase, _ args: [String]) throws -> CLI.Result {
        try CLI.run(["--database-connection", db.url.unmaskedString] + args)
    }

    @Test("current, history, heads, stamp and downgrade cover every repository, in text and JSON", arguments: Backend.allCases)
    func everyRepository(backend: Backend) throws {
        try TestDatabase.with(backend) { db in
            #expect(try vdi(db, ["upgrade", "head"]).status == 0)
            #expect(try vdi(db, ["current"]).stdout == VDIHistoryTests.vdiHead + "accounting: acct00000002 (accounting-1.1) (head)\n")
            let json = try JSONSerialization.jsonObject(with: Data(try vdi(db, ["current", "--format", "json"]).stdout.utf8)) as? [String: Any]
            #expect(Set(json?.keys.map { $0 } ?? []) == ["vdi", "accounting"])
            let history = try vdi(db, ["history"]).stdout.split(separator: "\n")
            #expect(history.contains { $0.hasPrefix("vdi: icehouse -> 1d3c5e7a9b01") } && history.contains { $0.hasPrefix("accounting: acct00000001 -> acct00000002") })
            let heads = try JSONSerialization.jsonObject(with: Data(try vdi(db, ["heads", "--format", "json"]).stdout.utf8)) as? [String: Any]
            #expect(Set(heads?.keys.map { $0 } ?? []) == ["vdi", "accounting"])
            // A relative step moves every repository (VDI's version table holds its contract head, so
            // -1 steps that back); a revision only its own.
            #expect(try vdi(db, ["downgrade", "-1"]).status == 0)
            #expect(try vdi(db, ["current"]).stdout == "vdi: 1e72a416288c (contract)\nvdi: 3f7c8ff64017 (expand) (head)\naccounting: acct00000001 (accounting-1.0)\n")
            #expect(try vdi(db, ["downgrade", "juno"]).status == 0)
            #expect(try vdi(db, ["current"]).stdout == "vdi: 4a6f8b0d2e34 (juno)\naccounting: acct00000001 (accounting-1.0)\n")
            #expect(try vdi(db, ["stamp", "accounting-1.1"]).status == 0)
            #expect(try vdi(db, ["current"]).stdout == "vdi: 4a6f8b0d2e34 (juno)\naccounting: acct00000002 (accounting-1.1) (head)\n")
            let unknown = try vdi(db, ["stamp", "nosuchrev"])
            #expect(unknown.status != 0 && unknown.stderr.contains("nosuchrev"), "\(unknown)")
            #expect(try vdi(db, ["stamp", "base"]).status == 0)
            #expect(try vdi(db, ["current"]).stdout == "vdi: base\naccounting: base\n")
        }
    }

    @Test("upgrade and downgrade by a relative step move every repository that can; a named revision moves the one that knows it", arguments: Backend.allCases)
    func relativeSteps(backend: Backend) throws {
        try TestDatabase.with(backend) { db in
            func current() throws -> String { try vdi(db, ["current"]).stdout }
            // A sibling's milestone, upgraded to without --subproject: the repository that knows it.
            #expect(try vdi(db, ["upgrade", "juno"]).status == 0)
            let sibling = try vdi(db, ["upgrade", "accounting-1.0"])
            #expect(sibling.status == 0, "\(sibling)")
            #expect(try current() == "vdi: 4a6f8b0d2e34 (juno)\naccounting: acct00000001 (accounting-1.0)\n")
            // Down one: both move; then accounting is at base and is left, with a line saying so.
            #expect(try vdi(db, ["downgrade", "--delta", "1"]).status == 0)
            #expect(try current() == "vdi: 3f5e7a9c1d23\naccounting: base\n")
            let left = try vdi(db, ["downgrade", "-1"])
            #expect(left.status == 0, "\(left)")
            #expect(left.stderr.contains("accounting: at base already, nothing to downgrade"), "\(left)")
            #expect(try current() == "vdi: 2e4d6f8b0c12\naccounting: base\n")
            // Up one: both move, as down one did.
            #expect(try vdi(db, ["upgrade", "--delta", "1"]).status == 0)
            #expect(try current() == "vdi: 3f5e7a9c1d23\naccounting: acct00000001 (accounting-1.0)\n")
            // With accounting at its head, up one moves VDI only.
            #expect(try vdi(db, ["--subproject", "accounting", "upgrade", "head"]).status == 0)
            let up = try vdi(db, ["upgrade", "+1"])
            #expect(up.status == 0 && up.stderr.contains("accounting: at its head(s) already, nothing to upgrade"), "\(up)")
            #expect(try current() == "vdi: 4a6f8b0d2e34 (juno)\naccounting: acct00000002 (accounting-1.1) (head)\n")
            // A step too long for one repository moves none, and names it.
            let tooFar = try vdi(db, ["downgrade", "-3"])
            #expect(tooFar.status == 1, "\(tooFar)")
            #expect(tooFar.stderr == "vdi-db-manage: error: accounting: '-3' asks for 3 step(s) but only 2 are possible from there; no repository was moved\n", "\(tooFar)")
            #expect(try current() == "vdi: 4a6f8b0d2e34 (juno)\naccounting: acct00000002 (accounting-1.1) (head)\n")
        }
    }

    @Test("an Icehouse database that sqlalchemy-migrate managed: stamp icehouse, upgrade head reaches both heads", arguments: Backend.allCases)
    func icehouseWithMigrateVersion(backend: Backend) throws {
        try TestDatabase.with(backend) { db in
            let load = try OfflineTests.runWithClient(db, script: VDIHistoryTests.fixtures + "/\(backend.rawValue).sql")
            #expect(load.status == 0, "\(load)")
            let c = try db.connect()
            try c.execute("CREATE TABLE migrate_version (repository_id VARCHAR(250) NOT NULL PRIMARY KEY, repository_path TEXT, version INTEGER)")
            try c.execute("INSERT INTO migrate_version VALUES ('vdi', '/usr/lib/vdi/migrate_repo', 45)")
            // A table a plain-SQL script made outside any repository.
            try c.execute("CREATE TABLE ops_notes (id INTEGER PRIMARY KEY)")
            c.close()
            // The refusal's advice, followed as printed.
            let refused = try vdi(db, ["upgrade", "head"])
            #expect(refused.status == 1 && refused.stderr.contains("run 'stamp RELEASE'"), "\(refused)")
            #expect(try vdi(db, ["stamp", "icehouse"]).status == 0)
            let up = try vdi(db, ["upgrade", "head"])
            #expect(up.status == 0, "\(up)")
            #expect(try vdi(db, ["current"]).stdout == VDIHistoryTests.vdiHead + "accounting: acct00000002 (accounting-1.1) (head)\n")
            let left = try db.connect()
            defer { left.close() }
            #expect(try left.query("SELECT version FROM migrate_version").first?[0].intValue == 45)
        }
    }

    @Test("the accounting repository's refusal names its own releases, and that advice works")
    func accountingAdvice() throws {
        try TestDatabase.with(.sqlite) { db in
            #expect(try vdi(db, ["--subproject", "accounting", "upgrade", "accounting-1.0"]).status == 0)
            let c = try db.connect()
            try c.execute("DROP TABLE alembic_version_accounting")
            c.close()
            let refused = try vdi(db, ["--subproject", "accounting", "upgrade", "head"])
            #expect(refused.status == 1, "\(refused)")
            #expect(refused.stderr.contains("run '--subproject accounting stamp RELEASE' with the release it is at (accounting-1.0, accounting-1.1)"), "\(refused)")
            #expect(try vdi(db, ["--subproject", "accounting", "stamp", "accounting-1.0"]).status == 0)
            #expect(try vdi(db, ["--subproject", "accounting", "upgrade", "head"]).status == 0)
        }
    }
}
