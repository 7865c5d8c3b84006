import Foundation
import MigrationKit
import MigrationKitDrivers
import MigrationKitTestSupport
import Testing

/// A run paused past its lease (SIGSTOP at a statement boundary, the tool's failpoint) and continued
/// after a second run took the lock over: it sends and commits nothing more, and the second run
/// finishes. The short version of `scripts/lib/fencing.sh` (which pauses at every boundary of VDI's
/// history on every topology); here on the `linear` fixture, on both servers, and on SQLite, whose
/// file lock a paused process keeps (the second run waits instead).
@Suite("Fencing: a paused run writes nothing after a takeover")
struct FencingTests {
    /// Starts `upgrade head` over `linear`, stopped by SIGSTOP at `point`; returns once it is stopped.
    static func startPaused(_ url: String, point: String, stderr: String) throws -> Process {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: CLI.fixtureBinary)
        p.arguments = ["--debug", "--database-connection", url, "upgrade", "head"]
        var env = ProcessInfo.processInfo.environment
        env["VDI_FIXTURE_HISTORY"] = "linear"
        env["VDI_DB_MANAGE_FAILPOINT"] = point
        env["OS_MIGRATIONS__LOCK_LEASE"] = "1"
        p.environment = env
        p.standardOutput = FileHandle.nullDevice
        FileManager.default.createFile(atPath: stderr, contents: nil)
        p.standardError = FileHandle(forWritingAtPath: stderr)
        try p.run()
        let deadline = Date().addingTimeInterval(60)
        while Date() < deadline {
            let stat = (try? String(contentsOfFile: "/proc/\(p.processIdentifier)/stat", encoding: .utf8)) ?? ""
            if stat.split(separator: " ").dropFirst(2).first == "T" { return p }
            usleep(20_000)
        }
        Issue.record("the run never reached \(point)")
        return p
    }

    static func strings(_ url: DatabaseURL, _ sql: String) throws -> [String] {
        let c = try NativeConnector().connect(to: url)
        defer { c.close() }
        return try c.query(sql).map { $0[0].stringValue ?? "NULL" }
    }

    // The linear history's boundaries: 1-3 its first revision (two DDL, one data), 4 its end, then
    // 5 DDL, 6 end, …: a DDL statement, a data statement (in flight "after" it) and a revision end.
    // (Not after a DDL statement: `linear` is written in raw SQL, which --resume cannot judge against
    // the schema, so a MariaDB run stopped there needs a hand, as after a SIGKILL; VDI's own history,
    // written in operations, is paused after every statement by scripts/lib/fencing.sh.)
    @Test("paused before a DDL statement, in a data statement's flight, and before and after a revision end", arguments: [Backend.postgresql, .mysql], ["before:2", "after:3", "before:4", "after:4"])
    func pausedServer(backend: Backend, point: String) throws {
        try TestDatabase.with(backend) { db in
            let url = db.url.unmaskedString
            let dir = try TempDir()
            let a = try Self.startPaused(url, point: point, stderr: dir.path + "/a.err")
            usleep(1_400_000)  // past the 1 s lease
            let env = ["OS_MIGRATIONS__LOCK_LEASE": "1", "OS_MIGRATIONS__LOCK_TIMEOUT": "30"]
            let first = try CLI.fixtures("linear", ["--database-connection", url, "upgrade", "head"], environment: env)
            #expect(first.stderr.contains("Took over the migration lock"), "\(first)")
            var b = first
            if b.status != 0 && b.stderr.contains("--resume") {
                b = try CLI.fixtures("linear", ["--database-connection", url, "upgrade", "head", "--resume"], environment: env)
            }
            #expect(b.status == 0, "the second run: \(b)")
            kill(a.processIdentifier, SIGCONT)
            a.waitUntilExit()
            let err = (try? String(contentsOfFile: dir.path + "/a.err", encoding: .utf8)) ?? ""
            #expect(a.terminationStatus == 1, "the first run: \(err)")
            #expect(err.split(separator: "\n").filter { $0.hasPrefix("vdi-db-manage: error:") }.count == 1, "\(err)")
            #expect(err.contains("lost its migration lock"), "\(err)")
            // Nothing the first run sent after it continued, but its rollback.
            let after = err.components(separatedBy: "failpoint: pausing").last ?? ""
            let sent = after.split(separator: "\n").filter { $0.hasPrefix("DEBUG: ") && !$0.hasPrefix("DEBUG: ROLLBACK") && !$0.hasPrefix("DEBUG: releasing") }
            #expect(sent.isEmpty, "statements after the takeover: \(sent)")
            // Each revision once: in the version table, the ledger and the data it seeds.
            #expect(try Self.strings(db.url, "SELECT version_num FROM alembic_version") == [FixtureIDs.linear.last!])
            #expect(try Self.strings(db.url, "SELECT count(*) FROM fx_runs") == ["5"])  // one row per revision
            #expect(try Self.strings(db.url, "SELECT count(*) FROM fx_accounts") == ["1"])
            #expect(try Self.strings(db.url, "SELECT revision FROM alembic_version_ledger WHERE finished_ms IS NOT NULL GROUP BY revision HAVING count(*) <> 1").isEmpty)
        }
    }

    @Test("SQLite: a paused run keeps its file lock; the second run waits and times out naming it; continued, the first finishes")
    func pausedSQLite() throws {
        try TestDatabase.with(.sqlite) { db in
            let url = db.url.unmaskedString
            let dir = try TempDir()
            let a = try Self.startPaused(url, point: "before:2", stderr: dir.path + "/a.err")
            usleep(1_400_000)
            let b = try CLI.fixtures("linear", ["--database-connection", url, "upgrade", "head"], environment: ["OS_MIGRATIONS__LOCK_TIMEOUT": "1"])
            #expect(b.status == 1 && b.stderr.contains("lock timeout"), "\(b)")
            kill(a.processIdentifier, SIGCONT)
            a.waitUntilExit()
            #expect(a.terminationStatus == 0, "\((try? String(contentsOfFile: dir.path + "/a.err", encoding: .utf8)) ?? "")")
            let current = try CLI.fixtures("linear", ["--database-connection", url, "current"])
            #expect(current.stdout.contains("\(FixtureIDs.linear.last!) (head)"), "\(current)")
        }
    }
}
