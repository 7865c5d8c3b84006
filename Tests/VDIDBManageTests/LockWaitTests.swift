import Foundation
import MigrationKit
import MigrationKitTestSupport
import Testing

/// A revision whose statement needs a lock the running service holds: by default it waits as long as
/// the database lets it (and, on PostgreSQL, every later query on the table queues behind it); with
/// `[migrations] ddl_lock_timeout` it gives up in time, says why, and leaves the database as a failed
/// revision does.
@Suite("CLI: a revision behind the service's lock")
struct LockWaitTests {
    @Test("with ddl_lock_timeout a revision blocked by another session's open transaction fails in time, says why, and runs once the lock is gone",
          arguments: Backend.allCases)
    func blockedRevision(backend: Backend) throws {
        try TestDatabase.with(backend) { db in
            let url = db.url.unmaskedString
            #expect(try CLI.fixtures("linear", ["--database-connection", url, "upgrade", "a1b2c3d4e5f6"]).status == 0)
            // The service: a transaction that read `accounts` and stays open (SQLite: one that holds
            // the write lock).
            let service = try db.connect()
            try service.execute(backend == .sqlite ? "BEGIN IMMEDIATE" : dialect(for: backend).beginStatement)
            _ = try service.query("SELECT count(*) FROM fx_accounts")
            let start = Date()
            let blocked = try CLI.fixtures("linear", ["--database-connection", url, "upgrade", "head"],
                                           environment: ["OS_MIGRATIONS__DDL_LOCK_TIMEOUT": "1"], timeout: 90)
            let waited = Date().timeIntervalSince(start)
            try service.execute("ROLLBACK")
            service.close()
            #expect(blocked.status == 1, "\(blocked)")
            #expect(waited < 30, "waited \(waited) s")
            #expect(blocked.stderr.contains("upgrade a1b2c3d4e5f6 -> b2c3d4e5f6a7, add account email failed"), "\(blocked)")
            #expect(blocked.stderr.contains("longer than [migrations] ddl_lock_timeout = 1.0 s allows"), "\(blocked)")
            // Where DDL commits as it runs, the refused statement never started: no unfinished revision
            // is recorded, so the next run needs no --resume.
            #expect(blocked.stderr.contains(backend == .mysql ? "nothing of this revision ran" : "The revision was rolled back"), "\(blocked)")
            #expect(try CLI.fixtures("linear", ["--database-connection", url, "current"]).stdout == "a1b2c3d4e5f6\n")
            // The lock gone, the run goes through.
            let rerun = try CLI.fixtures("linear", ["--database-connection", url, "upgrade", "head"], environment: ["OS_MIGRATIONS__DDL_LOCK_TIMEOUT": "1"])
            #expect(rerun.status == 0, "\(rerun)")
            #expect(try CLI.fixtures("linear", ["--database-connection", url, "current"]).stdout == "e5f6a7b8c9d0 (head)\n")
        }
    }

    @Test("--sql carries the lock wait: SET LOCAL lock_timeout after each BEGIN, MariaDB's session timeouts, SQLite's busy timeout")
    func offlineScript() throws {
        let env = ["OS_MIGRATIONS__DDL_LOCK_TIMEOUT": "2.5"]
        let pg = try CLI.fixtures("linear", ["--database-connection", "postgresql://u@h/d", "upgrade", "base:head", "--sql"], environment: env)
        #expect(pg.status == 0, "\(pg)")
        #expect(pg.stdout.components(separatedBy: "BEGIN;\n\nSET LOCAL lock_timeout = '2500ms';").count - 1 == pg.stdout.components(separatedBy: "BEGIN;").count - 1, "\(pg.stdout)")
        let my = try CLI.fixtures("linear", ["--database-connection", "mysql://u@h/d", "upgrade", "base:head", "--sql"], environment: env)
        #expect(my.stdout.contains("SET SESSION lock_wait_timeout = 3;\n\nSET SESSION innodb_lock_wait_timeout = 3;"), "\(my.stdout)")
        let lite = try CLI.fixtures("linear", ["--database-connection", "sqlite:///x.db", "upgrade", "base:head", "--sql"], environment: env)
        #expect(lite.stdout.contains("PRAGMA busy_timeout = 2500;"), "\(lite.stdout)")
        // Unset, nothing is added (the golden scripts hold that).
        let plain = try CLI.fixtures("linear", ["--database-connection", "postgresql://u@h/d", "upgrade", "base:head", "--sql"])
        #expect(!plain.stdout.contains("lock_timeout"))
        let bad = try CLI.fixtures("linear", ["--database-connection", "sqlite://", "current"], environment: ["OS_MIGRATIONS__DDL_LOCK_TIMEOUT": "-1"])
        #expect(bad.status == 2 && bad.stderr.contains("ddl_lock_timeout") && bad.stderr.contains("must be between 0 and 31536000 seconds"), "\(bad)")
    }
}
