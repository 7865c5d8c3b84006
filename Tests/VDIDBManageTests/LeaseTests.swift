import Foundation
import Logging
import MigrationKit
import MigrationKitDrivers
import MigrationKitTestSupport
import Testing

/// The lock's lease on every server target (single servers, Galera, PgBouncer in both modes): a live
/// run is never taken for dead, even during one long statement; a dead run's lock is taken over once
/// its lease expires, naming the dead owner; `lock_timeout` is kept; the ledger names who ran what.
@Suite("Lock lease and run ledger")
struct LeaseTests {
    static func strings(_ t: any MigrationTarget, _ sql: String) throws -> [String] {
        let c = try t.connect()
        defer { c.close() }
        return try c.query(sql).map { $0[0].stringValue ?? "NULL" }
    }

    /// Starts `upgrade head` over the `sleeping` history (one statement of `pause` seconds on the
    /// server) and returns once that statement is under way; its stderr goes to the file `stderr`.
    static func sleepingUpgrade(_ url: String, pause: Int, lease: String, stderr: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> Process {
        FileManager.default.createFile(atPath: stderr, contents: nil)
        return try CLI.startPausedUpgrade(
            history: "sleeping", url: url, pause: pause, marker: stderr + ".started", stderr: FileHandle(forWritingAtPath: stderr),
            environment: ["OS_MIGRATIONS__LOCK_LEASE": lease], sourceLocation: sourceLocation)
    }

    static let servers = ServerTarget.allCases

    @Test("a live run in one long statement keeps its lock: another run times out naming it, never takes over", arguments: servers)
    func liveRunKeepsLock(target: ServerTarget) throws {
        try ServerTarget.with(target) { t in
            let dir = try TempDir()
            // The statement lasts four leases: only the keeper's renewals keep the lock.
            let a = try Self.sleepingUpgrade(t.url(for: 0).unmaskedString, pause: 5, lease: "1", stderr: dir.path + "/a.err")
            let b = try CLI.fixtures("sleeping", ["--database-connection", t.url(for: 1).unmaskedString, "upgrade", "head"],
                                     environment: ["OS_MIGRATIONS__LOCK_TIMEOUT": "2.5", "OS_MIGRATIONS__LOCK_LEASE": "1"])
            a.waitUntilExit()
            #expect(b.status == 1, "\(b)")
            #expect(b.stderr.contains("lock timeout: waited 2.5 s for the migration lock, held by another run (host "), "\(b)")
            #expect(b.stderr.contains("pid \(a.processIdentifier), run "), "\(b)")
            #expect(b.stderr.contains("applying upgrade a1b2c3d4e5f6 -> 51ee951ee9f1, one long statement"), "\(b)")
            #expect(!b.stderr.contains("Took over"), "\(b)")
            #expect(a.terminationStatus == 0, "\((try? String(contentsOfFile: dir.path + "/a.err", encoding: .utf8)) ?? "")")
            #expect(try Self.strings(t, "SELECT version_num FROM alembic_version") == ["51ee951ee9f1"])
            #expect(try Self.strings(t, "SELECT count(*) FROM fx_runs WHERE revision = '51ee951ee9f1'") == ["1"])
        }
    }

    @Test("a killed run's lock is taken over once its lease expires, naming the dead owner; resume finishes", arguments: servers)
    func deadRunTakenOver(target: ServerTarget) throws {
        try ServerTarget.with(target) { t in
            let dir = try TempDir()
            let a = try Self.sleepingUpgrade(t.url(for: 0).unmaskedString, pause: 6, lease: "1", stderr: dir.path + "/a.err")
            kill(a.processIdentifier, SIGKILL)
            a.waitUntilExit()
            let url = t.url(for: 1).unmaskedString
            let env = ["OS_MIGRATIONS__LOCK_TIMEOUT": "60", "OS_MIGRATIONS__LOCK_LEASE": "1"]
            let b = try CLI.fixtures("sleeping", ["--database-connection", url, "upgrade", "head"], environment: env)
            #expect(b.stderr.contains("Took over the migration lock of a run that stopped renewing it (host "), "\(b)")
            #expect(b.stderr.contains("pid \(a.processIdentifier), run "), "\(b)")
            // No lock outlives its owner by much more than the lease (1 s) plus one poll.
            if let m = b.stderr.firstMatch(of: /its lease expired ([0-9.]+) (ms|s) ago/) {
                let seconds = Double(m.1)! / (m.2 == "ms" ? 1000 : 1)
                #expect(seconds < 2, "\(b)")
            }
            if dialect(for: t.backend).transactionalDDL {
                // The killed run's revision rolled back: this run did it whole.
                #expect(b.status == 0, "\(b)")
            } else {
                // MariaDB keeps DDL: the run that took the dead run's lock over finishes the revision it
                // left, as --resume does, naming it and its owner (it does not fail because of the other run).
                #expect(b.status == 0, "\(b)")
                #expect(b.stderr.contains("left upgrade 51ee951ee9f1 unfinished after 1 statement(s): resuming it"), "\(b)")
                #expect(b.stderr.contains("pid \(a.processIdentifier), run "), "\(b)")
            }
            #expect(try Self.strings(t, "SELECT version_num FROM alembic_version") == ["51ee951ee9f1"])
            #expect(try Self.strings(t, "SELECT count(*) FROM fx_runs WHERE revision = '51ee951ee9f1'") == ["1"])
            // The ledger has the dead run's unfinished row (where DDL is not transactional) and the finished one.
            let ledger = try CLI.fixtures("sleeping", ["--database-connection", url, "history", "--applied"])
            #expect(ledger.status == 0)
            #expect(ledger.stdout.contains("upgrade    51ee951ee9f1"), "\(ledger)")
        }
    }

    @Test("lock_timeout is kept to within 10% behind every topology", arguments: servers)
    func lockTimeoutKept(target: ServerTarget) throws {
        try ServerTarget.with(target) { t in
            let url = t.url(for: 0)
            let c = try NativeConnector().connect(to: url)
            defer { c.close() }
            let holder = LeaseLock(
                versionTable: "alembic_version", dialect: dialect(for: t.backend), owner: RunOwner(runID: "0123456789abcdef", host: "ctl-2", pid: 7),
                lease: 5, connect: { try NativeConnector().connect(to: url) })
            try holder.acquire(on: c, timeout: 5, onWait: { _ in }, onTakeOver: { _ in })
            defer { holder.release(on: c, logger: Logger(label: "test")) }
            // What a run costs without waiting (process start, connecting, reading the lock), measured.
            let quick = Date()
            _ = try CLI.fixtures("linear", ["--database-connection", t.url(for: 1).unmaskedString, "current"])
            let overhead = Date().timeIntervalSince(quick)
            let start = Date()
            let r = try CLI.fixtures("linear", ["--database-connection", t.url(for: 1).unmaskedString, "upgrade", "head"], environment: ["OS_MIGRATIONS__LOCK_TIMEOUT": "3"])
            let elapsed = Date().timeIntervalSince(start)
            #expect(r.status == 1 && r.stderr.contains("lock timeout: waited 3.0 s"), "\(r)")
            #expect(elapsed >= 2.7 && elapsed <= 3.3 + overhead + 0.5, "waited \(elapsed) s for a 3 s lock_timeout (a run costs \(overhead) s)")
        }
    }

    @Test("an applied revision whose script changed is reported by upgrade and check_migration", arguments: Backend.allCases)
    func checksumMismatch(backend: Backend) throws {
        try TestDatabase.with(backend) { db in
            let url = db.url.unmaskedString
            #expect(try CLI.fixtures("linear", ["--database-connection", url, "upgrade", "head"]).status == 0)
            let same = try CLI.fixtures("linear", ["--database-connection", url, "upgrade", "head"])
            #expect(same.status == 0 && !same.stderr.contains("no longer renders"), "\(same)")
            let edited = try CLI.fixtures("linear-edited", ["--database-connection", url, "upgrade", "head"])
            #expect(edited.status == 0)
            #expect(edited.stderr.contains("WARNING: revision b2c3d4e5f6a7 was applied on "), "\(edited)")
            #expect(edited.stderr.contains("from SQL that its script no longer renders (checksum "), "\(edited)")
            #expect(!edited.stderr.contains("revision c3d4e5f6a7b8 was applied"), "\(edited)")
            let gate = try CLI.fixtures("linear-edited", ["--database-connection", url, "check_migration"])
            #expect(gate.stderr.contains("revision b2c3d4e5f6a7 was applied on "), "\(gate)")
            // The ledger lists each revision once, finished, with its statement count; JSON too.
            let ledger = try CLI.fixtures("linear", ["--database-connection", url, "history", "--applied", "--format", "json"])
            let rows = try JSONSerialization.jsonObject(with: Data(ledger.stdout.utf8)) as? [[String: Any]] ?? []
            #expect(rows.compactMap { $0["revision"] as? String } == FixtureIDs.linear, "\(ledger)")
            #expect(rows.allSatisfy { $0["finished"] is String && $0["duration_ms"] is Int && $0["checksum"] is String && $0["host"] is String })
        }
    }
}
