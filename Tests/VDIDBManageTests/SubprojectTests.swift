import Foundation
import MigrationKit
import MigrationKitTestSupport
import Testing

/// VDI's core history and the usage-accounting history in one database, each with its own version table.
@Suite("CLI: subprojects")
struct SubprojectTests {
    func vdi(_ db: TestDatabase, _ args: [String]) throws -> CLI.Result {
        try CLI.run(["--database-connection", db.url.unmaskedString] + args)
    }

    func rows(_ db: TestDatabase, _ table: String) throws -> [String] {
        let c = try db.connect()
        defer { c.close() }
        return try c.query("SELECT version_num FROM \(dialect(for: db.backend).quote(table))").compactMap { $0[0].stringValue }
    }

    @Test("core and accounting upgraded, downgraded and checked independently and together", arguments: Backend.allCases)
    func independent(backend: Backend) throws {
        try TestDatabase.with(backend) { db in
            // Accounting alone first: no core tables needed, and none created.
            #expect(try vdi(db, ["--subproject", "accounting", "upgrade", "accounting-1.0"]).status == 0)
            #expect(try rows(db, "alembic_version_accounting") == ["acct00000001"])
            #expect(try vdi(db, ["--subproject", "all", "current"]).stdout == "vdi: base\naccounting: acct00000001 (accounting-1.0)\n")
            // Core next, on a database that already has accounting's tables: not refused as untracked.
            let core = try vdi(db, ["upgrade", "juno"])
            #expect(core.status == 0, "\(core)")
            // Plain upgrade brings both to head, core first.
            let both = try vdi(db, ["upgrade"])
            #expect(both.status == 0, "\(both)")
            #expect(both.stderr.contains("Running upgrade for vdi") && both.stderr.contains("Running upgrade for accounting"))
            #expect(try rows(db, "alembic_version") == ["a56fa8e3e984"])
            #expect(try rows(db, "alembic_version_accounting") == ["acct00000002"])
            #expect(try vdi(db, ["--subproject", "all", "check"]).status == 0)
            #expect(try vdi(db, ["--subproject", "all", "check_migration"]).status == 0)

            // Core behind: its check fails, accounting's is clean.
            #expect(try vdi(db, ["downgrade", "kilo"]).status == 0)
            #expect(try vdi(db, ["check"]).status == 1)
            let acct = try vdi(db, ["--subproject", "accounting", "check"])
            #expect(acct.status == 0, "\(acct)")
            // Accounting behind: its check fails, core's (back at head) is clean.
            #expect(try vdi(db, ["upgrade", "head"]).status == 0)
            #expect(try vdi(db, ["--subproject", "accounting", "downgrade", "base"]).status == 0)
            #expect(try rows(db, "alembic_version_accounting") == [])
            #expect(try rows(db, "alembic_version") == ["a56fa8e3e984"])
            #expect(try vdi(db, ["check"]).status == 0)
            #expect(try vdi(db, ["--subproject", "accounting", "check"]).status == 1)
            // Each version table holds only its own revisions; history is per repository.
            let history = try vdi(db, ["--subproject", "accounting", "history"])
            #expect(history.stdout == "acct00000001 -> acct00000002 (accounting-1.1) (head), rates per project; records marked when billed\n<base> -> acct00000001 (accounting-1.0), session records for billing\n")
            // Everything down, in reverse order.
            #expect(try vdi(db, ["upgrade"]).status == 0)
            #expect(try vdi(db, ["--subproject", "all", "downgrade", "base"]).status == 0)
            #expect(try rows(db, "alembic_version") == [])
            #expect(try rows(db, "alembic_version_accounting") == [])
        }
    }

    @Test("subproject mistakes are usage errors")
    func mistakes() throws {
        let dir = try TempDir()
        let url = "sqlite:///\(dir.path)/s.db"
        let unknown = try CLI.run(["--database-connection", url, "--subproject", "billing", "current"])
        #expect(unknown.status == 2)
        #expect(unknown.stderr == "vdi-db-manage: error: unknown subproject 'billing' (this build has vdi, accounting, or all)\n")
        // Commands that need one repository say so.
        let one = try CLI.run(["--database-connection", url, "--subproject", "all", "revision", "-m", "x"])
        #expect(one.status == 2)
        #expect(one.stderr.contains("one repository at a time"), "\(one)")
        // The config file may choose the repository too.
        let conf = try dir.write("vdi.conf", "[database]\nconnection = \(url)\n[migrations]\nsubproject = accounting\n")
        #expect(try CLI.run(["--config-file", conf, "heads"]).stdout == "acct00000002 (accounting-1.1) (head)\n")
    }

    /// A run that stopped in the middle of `revision` of one repository (MariaDB keeps the record).
    func leaveUnfinished(_ db: TestDatabase, versionTable: String, revision: String) throws {
        let c = try db.connect()
        defer { c.close() }
        let progress = ProgressTable(versionTable: versionTable, dialect: MySQLDialect())
        try c.execute(progress.createSQL)
        try c.execute(progress.startSQL(revision, .upgrade))
    }

    @Test("upgrade --resume over both repositories resumes the unfinished one and runs the other (MariaDB)")
    func resumeAcrossRepositories() throws {
        try TestDatabase.with(.mysql) { db in
            // Accounting stopped before its second revision's first statement.
            #expect(try vdi(db, ["upgrade", "head"]).status == 0)
            #expect(try vdi(db, ["--subproject", "accounting", "downgrade", "accounting-1.0"]).status == 0)
            try leaveUnfinished(db, versionTable: "alembic_version_accounting", revision: "acct00000002")
            let refused = try vdi(db, ["upgrade"])
            #expect(refused.status == 1 && refused.stderr.contains("acct00000002"), "\(refused)")
            let resumed = try vdi(db, ["upgrade", "--resume"])
            #expect(resumed.status == 0, "\(resumed)")
            #expect(try rows(db, "alembic_version_accounting") == ["acct00000002"])

            // Core stopped before its contract head: resume finishes core, then accounting runs as usual.
            #expect(try vdi(db, ["downgrade", "1e72a416288c"]).status == 0)
            #expect(try vdi(db, ["--subproject", "accounting", "downgrade", "accounting-1.0"]).status == 0)
            try leaveUnfinished(db, versionTable: "alembic_version", revision: "a56fa8e3e984")
            let both = try vdi(db, ["upgrade", "--resume"])
            #expect(both.status == 0, "\(both)")
            #expect(try rows(db, "alembic_version") == ["a56fa8e3e984"])
            #expect(try rows(db, "alembic_version_accounting") == ["acct00000002"])
            #expect(try vdi(db, ["--subproject", "all", "check"]).status == 0)

            // Nothing unfinished anywhere: --resume says so.
            let nothing = try vdi(db, ["upgrade", "--resume"])
            #expect(nothing.status == 1 && nothing.stderr.contains("no revision was left unfinished"), "\(nothing)")
        }
    }
}
