import Foundation
import MigrationKit
import MigrationKitTestSupport
import Testing

/// A revision interrupted midway on MariaDB (DDL commits as it runs): reported, refused until the
/// operator decides, resumed without running applied statements twice.
@Suite("CLI: interrupted revisions")
struct ResumeTests {
    func strings(_ db: TestDatabase, _ sql: String) throws -> [String?] {
        let c = try db.connect()
        defer { c.close() }
        return try c.query(sql).map { $0[0].stringValue }
    }

    @Test("MariaDB: interrupted, reported, refused, resumed, at head")
    func mariadbResume() throws {
        try TestDatabase.with(.mysql) { db in
            let url = db.url.unmaskedString
            let first = try CLI.fixtures("resumable", ["--database-connection", url, "upgrade"])
            #expect(first.status == 1)
            #expect(first.stderr.contains("failed at statement 3"), "\(first)")
            #expect(first.stderr.contains("statement(s) 1–2 of this revision ran and stay applied"))
            #expect(first.stderr.contains("--resume"))
            #expect(try strings(db, "SELECT revision FROM alembic_version_progress") == ["f1f1f1f1f1f2"])
            #expect(try strings(db, "SELECT statements_done FROM alembic_version_progress") == ["2"])

            // Without --resume the tool refuses to guess, and changes nothing.
            let again = try CLI.fixtures("resumable", ["--database-connection", url, "upgrade"])
            #expect(again.status == 1)
            #expect(again.stderr.contains("a previous run stopped in the middle of upgrade f1f1f1f1f1f2 after 2 of its statements"), "\(again)")
            #expect(try strings(db, "SELECT count(*) FROM fx_step") == ["1"])
            #expect(try strings(db, "SELECT version_num FROM alembic_version") == ["a1b2c3d4e5f6"])

            // The operator fixes the cause and resumes: statements 1 and 2 are not run again.
            let c = try db.connect()
            try c.execute("CREATE TABLE fx_gate (id INTEGER)")
            c.close()
            let resumed = try CLI.fixtures("resumable", ["--database-connection", url, "upgrade", "--resume"])
            #expect(resumed.status == 0, "\(resumed)")
            #expect(resumed.stderr.contains("skipping the 2 statement(s) already applied"))
            #expect(try strings(db, "SELECT count(*) FROM fx_step") == ["1"])
            #expect(try strings(db, "SELECT count(*) FROM fx_gate") == ["1"])
            #expect(try strings(db, "SELECT version_num FROM alembic_version") == ["f1f1f1f1f1f2"])
            #expect(try strings(db, "SELECT count(*) FROM alembic_version_progress") == ["0"])
            let nothing = try CLI.fixtures("resumable", ["--database-connection", url, "upgrade", "--resume"])
            #expect(nothing.status == 1)
            #expect(nothing.stderr.contains("no revision was left unfinished"))
            // A stamp after a manual repair also clears the record.
            #expect(try CLI.fixtures("resumable", ["--database-connection", url, "downgrade", "base"]).status == 0)
        }
    }

    @Test("where DDL is transactional there is nothing to resume: the revision rolled back", arguments: [Backend.postgresql, .sqlite])
    func transactional(backend: Backend) throws {
        try TestDatabase.with(backend) { db in
            let url = db.url.unmaskedString
            let first = try CLI.fixtures("resumable", ["--database-connection", url, "upgrade"])
            #expect(first.status == 1)
            #expect(first.stderr.contains("rolled back"))
            let resume = try CLI.fixtures("resumable", ["--database-connection", url, "upgrade", "--resume"])
            #expect(resume.stderr.contains("no revision was left unfinished"))
            let c = try db.connect()
            try c.execute("CREATE TABLE fx_gate (id INTEGER)")
            c.close()
            #expect(try CLI.fixtures("resumable", ["--database-connection", url, "upgrade"]).status == 0)
            #expect(try strings(db, "SELECT count(*) FROM fx_step") == ["1"])
        }
    }

    @Test("stamp after a manual repair clears an unfinished revision's record")
    func stampClears() throws {
        try TestDatabase.with(.mysql) { db in
            let url = db.url.unmaskedString
            #expect(try CLI.fixtures("resumable", ["--database-connection", url, "upgrade"]).status == 1)
            let c = try db.connect()
            try c.execute("CREATE TABLE fx_gate (id INTEGER)")
            try c.execute("INSERT INTO fx_gate (id) VALUES (1)")
            try c.execute("CREATE INDEX ix_fx_step_id ON fx_step (id)")
            c.close()
            #expect(try CLI.fixtures("resumable", ["--database-connection", url, "stamp", "f1f1f1f1f1f2"]).status == 0)
            #expect(try strings(db, "SELECT count(*) FROM alembic_version_progress") == ["0"])
            #expect(try CLI.fixtures("resumable", ["--database-connection", url, "upgrade"]).stderr.contains("Nothing to upgrade"))
        }
    }
}

@Suite("CLI: names over the limit")
struct NameLimitTests {
    @Test("a name over the backend's limit is refused with a clear error, and nothing of the revision stays", arguments: Backend.allCases)
    func refused(backend: Backend) throws {
        try TestDatabase.with(backend) { db in
            let url = db.url.unmaskedString
            let r = try CLI.fixtures("longname", ["--database-connection", url, "upgrade"])
            #expect(r.status == 1)
            #expect(r.stderr.contains("table name 'nnnn"), "\(r)")
            #expect(r.stderr.contains("is 1100 bytes long; \(dialect(for: backend).name) allows at most \(dialect(for: backend).maxIdentifierLength)"), "\(r)")
            #expect(r.stderr.split(separator: "\n").last?.hasPrefix("vdi-db-manage: error: upgrade a1b2c3d4e5f6 -> 10a9101a9101") == true)
            let c = try db.connect()
            defer { c.close() }
            let tables = try c.query(dialect(for: backend).userTablesQuery).compactMap { $0[0].stringValue }
            #expect(!tables.contains("fx_first"), "the revision's first statement stayed: \(tables)")
            #expect(try c.query("SELECT version_num FROM alembic_version").map { $0[0] } == [.text("a1b2c3d4e5f6")])
        }
    }
}
