import Foundation
import Logging
import MigrationKit
import MigrationKitDrivers
import MigrationKitTestSupport
import Testing

/// Operators see and clear the migration lock: `current` names the holder and when its lease ends; a
/// wedged lease (2099: a clock gone wrong, a hand edit) makes runs time out with the way out named, and
/// `break_lock` clears it after confirmation; a live lease is refused unless forced.
@Suite("Seeing and breaking the migration lock")
struct BreakLockTests {
    static func execute(_ url: DatabaseURL, _ sql: String) throws -> [Row] {
        let c = try NativeConnector().connect(to: url)
        defer { c.close() }
        return try c.query(sql)
    }

    @Test("a wedged lease: current names its end, a run times out naming break_lock, break_lock --yes clears it", arguments: [Backend.postgresql, .mysql])
    func wedged(backend: Backend) throws {
        try TestDatabase.with(backend) { db in
            let url = db.url.unmaskedString
            #expect(try CLI.fixtures("linear", ["--database-connection", url, "upgrade", "a1b2c3d4e5f6"]).status == 0)
            _ = try Self.execute(db.url, "INSERT INTO alembic_version_lock (name, run_id, host, pid, started_ms, expires_ms) "
                + "VALUES ('migrations', 'deadbeefdeadbeef', 'ghost', 1, 1764000000000, 4070908800000)")
            let current = try CLI.fixtures("linear", ["--database-connection", url, "current"])
            #expect(current.status == 0, "\(current)")
            #expect(current.stderr.contains("lock: held by host ghost, pid 1, run deadbeefdeadbeef"), "\(current)")
            #expect(current.stderr.contains("its lease ends 2099-01-01 00:00:00 UTC (in "), "\(current)")
            #expect(current.stderr.contains("'break_lock' clears it"), "\(current)")
            let json = try CLI.fixtures("linear", ["--database-connection", url, "current", "--format", "json"])
            let report = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any]
            let active = report?["active_run"] as? [String: Any]
            #expect(active?["lease_ends"] as? String == "2099-01-01T00:00:00Z", "\(json)")
            #expect(active?["wedged"] as? Bool == true, "\(json)")

            let blocked = try CLI.fixtures("linear", ["--database-connection", url, "upgrade", "head"], environment: ["OS_MIGRATIONS__LOCK_TIMEOUT": "1"])
            #expect(blocked.status == 1, "\(blocked)")
            #expect(blocked.stderr.contains("lease ends 2099-01-01 00:00:00 UTC"), "\(blocked)")
            #expect(blocked.stderr.contains("'break_lock' clears it"), "\(blocked)")

            // No terminal to ask and no --yes: refused in one line, the row kept.
            let unconfirmed = try CLI.fixtures("linear", ["--database-connection", url, "break_lock"])
            #expect(unconfirmed.status == 1, "\(unconfirmed)")
            #expect(unconfirmed.stderr.split(separator: "\n").count == 1, "\(unconfirmed)")
            #expect(unconfirmed.stderr.contains("give --yes to break it"), "\(unconfirmed)")
            #expect(try Self.execute(db.url, "SELECT run_id FROM alembic_version_lock").count == 1)

            let broken = try CLI.fixtures("linear", ["--database-connection", url, "break_lock", "--yes"])
            #expect(broken.status == 0, "\(broken)")
            #expect(broken.stdout.contains("broke the migration lock of host ghost, pid 1, run deadbeefdeadbeef"), "\(broken)")
            #expect(broken.stdout.contains("further ahead than any run renews one"), "\(broken)")
            #expect(try Self.execute(db.url, "SELECT run_id FROM alembic_version_lock").isEmpty)
            #expect(try CLI.fixtures("linear", ["--database-connection", url, "upgrade", "head"]).status == 0)
            let again = try CLI.fixtures("linear", ["--database-connection", url, "break_lock", "--yes"])
            #expect(again.status == 0 && again.stdout.contains("no run holds the migration lock"), "\(again)")
        }
    }

    @Test("a live lease is refused, named with its end; --force breaks it and the holder then commits nothing", arguments: [Backend.postgresql, .mysql])
    func live(backend: Backend) throws {
        try TestDatabase.with(backend) { db in
            let url = db.url.unmaskedString
            #expect(try CLI.fixtures("linear", ["--database-connection", url, "upgrade", "a1b2c3d4e5f6"]).status == 0)
            let c = try NativeConnector().connect(to: db.url)
            defer { c.close() }
            let holder = LeaseLock(
                versionTable: "alembic_version", dialect: dialect(for: backend), owner: RunOwner(runID: "0123456789abcdef", host: "ctl-2", pid: 7),
                lease: 30, connect: { try NativeConnector().connect(to: db.url) })
            try holder.acquire(on: c, timeout: 5, onWait: { _ in }, onTakeOver: { _ in })
            defer { holder.release(on: c, logger: Logger(label: "test")) }
            let current = try CLI.fixtures("linear", ["--database-connection", url, "current"])
            #expect(current.stderr.contains("running: host ctl-2, pid 7, run 0123456789abcdef"), "\(current)")
            #expect(current.stderr.contains("; lease ends "), "\(current)")
            let refused = try CLI.fixtures("linear", ["--database-connection", url, "break_lock", "--yes"])
            #expect(refused.status == 1, "\(refused)")
            #expect(refused.stderr.contains("the migration lock is held by a live run (host ctl-2, pid 7, run 0123456789abcdef"), "\(refused)")
            #expect(refused.stderr.contains("give --force if you know that run is gone"), "\(refused)")
            let forced = try CLI.fixtures("linear", ["--database-connection", url, "break_lock", "--yes", "--force"])
            #expect(forced.status == 0, "\(forced)")
            #expect(forced.stdout.contains("broke the migration lock of host ctl-2"), "\(forced)")
            // The holder whose lock was broken cannot commit any more: its fence fails.
            if dialect(for: backend).transactionalDDL { try c.begin() }
            #expect(throws: MigrationError.self) { try holder.fence(on: c) }
            if dialect(for: backend).transactionalDDL { try c.rollback() }
        }
    }

    @Test("lock_timeout holds when another session keeps the lock row in an open transaction (a run paused in its renewal)", arguments: [Backend.postgresql, .mysql])
    func rowHeldOpen(backend: Backend) throws {
        try TestDatabase.with(backend) { db in
            let url = db.url.unmaskedString
            #expect(try CLI.fixtures("linear", ["--database-connection", url, "upgrade", "a1b2c3d4e5f6"]).status == 0)
            _ = try Self.execute(db.url, "INSERT INTO alembic_version_lock (name, run_id, host, pid, started_ms, expires_ms) "
                + "VALUES ('migrations', 'deadbeefdeadbeef', 'ghost', 1, 1764000000000, 1764000001000)")
            let holder = try NativeConnector().connect(to: db.url)
            defer { holder.close() }
            try holder.begin()
            try holder.execute("UPDATE alembic_version_lock SET activity = 'held' WHERE name = 'migrations'")
            let start = Date()
            let r = try CLI.fixtures("linear", ["--database-connection", url, "upgrade", "head"], environment: ["OS_MIGRATIONS__LOCK_TIMEOUT": "3"])
            let took = Date().timeIntervalSince(start)
            #expect(r.status == 1 && r.stderr.contains("lock timeout: waited 3.0 s"), "\(r)")
            #expect(took < 9, "waited \(took) s for a 3 s lock_timeout")
            try holder.rollback()
        }
    }

    @Test("SQLite: the lock is a file lock; break_lock says there is nothing to break")
    func sqlite() throws {
        try TestDatabase.with(.sqlite) { db in
            let url = db.url.unmaskedString
            #expect(try CLI.fixtures("linear", ["--database-connection", url, "upgrade", "head"]).status == 0)
            let r = try CLI.fixtures("linear", ["--database-connection", url, "break_lock", "--yes"])
            #expect(r.status == 0 && r.stdout.contains("no run holds the migration lock"), "\(r)")
        }
    }
}
