import Foundation
import MigrationKit
import MigrationKitTestSupport
import Testing

/// A run killed with SIGKILL in the middle of a long revision.
@Suite("CLI: crashes")
struct CrashTests {
    func strings(_ db: TestDatabase, _ sql: String) throws -> [String?] {
        let c = try db.connect()
        defer { c.close() }
        return try c.query(sql).map { $0[0].stringValue }
    }

    func tables(_ db: TestDatabase) throws -> [String] {
        try strings(db, dialect(for: db.backend).userTablesQuery).compactMap { $0 }
    }

    /// Starts `upgrade head` over the slow history and returns once its long revision is under way.
    /// A killed run's lock is taken over once its lease has expired: a short one keeps the test short.
    static func slowUpgrade(_ url: String, marker: String, stderr: FileHandle?, sourceLocation: SourceLocation = #_sourceLocation) throws -> Process {
        try CLI.startPausedUpgrade(history: "slow", url: url, pause: 30, marker: marker, stderr: stderr,
                                   environment: ["OS_MIGRATIONS__LOCK_LEASE": "2"], sourceLocation: sourceLocation)
    }

    @Test("SIGKILL mid-revision: consistent reported state, lock free, and the re-run finishes", arguments: Backend.allCases)
    func killed(backend: Backend) throws {
        try TestDatabase.with(backend) { db in
            let url = db.url.unmaskedString
            let dir = try TempDir()
            let marker = dir.path + "/started"
            #expect(try CLI.fixtures("slow", ["--database-connection", url, "upgrade", "a1b2c3d4e5f6"]).status == 0)
            let p = try Self.slowUpgrade(url, marker: marker, stderr: FileHandle.nullDevice)
            kill(p.processIdentifier, SIGKILL)
            p.waitUntilExit()
            #expect(p.terminationReason == .uncaughtSignal)

            // The state is consistent and the tool reports it.
            #expect(try strings(db, "SELECT version_num FROM alembic_version") == ["a1b2c3d4e5f6"])
            let current = try CLI.fixtures("slow", ["--database-connection", url, "current"])
            #expect(current.stdout == "a1b2c3d4e5f6\n")
            if dialect(for: backend).transactionalDDL {
                // Rolled back: the half-done revision left nothing.
                #expect(!(try tables(db)).contains("fx_slow_a"))
                let rerun = try CLI.fixtures("slow", ["--database-connection", url, "upgrade", "head"], environment: ["OS_MIGRATIONS__LOCK_TIMEOUT": "5"])
                #expect(rerun.status == 0, "lock not free or re-run failed: \(rerun)")
            } else {
                // MariaDB kept the first statement and says so. The next run takes the killed run's lock
                // over and finishes the revision it left, as --resume does.
                #expect(try tables(db).contains("fx_slow_a"))
                #expect(try strings(db, "SELECT statements_done FROM alembic_version_progress") == ["1"])
                let next = try CLI.fixtures("slow", ["--database-connection", url, "upgrade", "head"], environment: ["OS_MIGRATIONS__LOCK_TIMEOUT": "5"])
                #expect(next.status == 0, "\(next)")
                #expect(next.stderr.contains("unfinished after 1 statement(s): resuming it"), "\(next)")
            }
            #expect(try strings(db, "SELECT version_num FROM alembic_version") == ["5105105105f1"])
            #expect(try strings(db, "SELECT count(*) FROM fx_slow_a") == ["1"])
        }
    }

    /// `upgrade head` over the slow history, sent `signal` once its long revision is under way; the
    /// finished process and its stderr. The tool starts with every signal's default action, as a
    /// terminal's foreground job has it (a test runner started in a script's background ignores
    /// SIGINT, and a child inherits that), then under `wrapper`.
    static func signalledUpgrade(_ url: String, pause: Int, signal: Int32, under wrapper: [String] = []) throws -> (Process, String) {
        let dir = try TempDir()
        let errFile = dir.path + "/stderr"
        FileManager.default.createFile(atPath: errFile, contents: nil)
        let p = try CLI.startPausedUpgrade(history: "slow", url: url, pause: pause, marker: dir.path + "/started", stderr: FileHandle(forWritingAtPath: errFile),
                                           environment: ["OS_MIGRATIONS__LOCK_LEASE": "2"], under: ["/usr/bin/env", "--default-signal"] + wrapper)
        kill(p.processIdentifier, signal)
        p.waitUntilExit()
        return (p, (try? String(contentsOfFile: errFile, encoding: .utf8)) ?? "")
    }

    @Test("Ctrl-C or a closed terminal (SIGHUP) mid-revision: stops between statements, exits 130 (129) with where the database stands, lock free",
          arguments: Backend.allCases, [SIGINT, SIGHUP])
    func interrupted(backend: Backend, signal: Int32) throws {
        try TestDatabase.with(backend) { db in
            let url = db.url.unmaskedString
            #expect(try CLI.fixtures("slow", ["--database-connection", url, "upgrade", "a1b2c3d4e5f6"]).status == 0)
            let (p, stderr) = try Self.signalledUpgrade(url, pause: 30, signal: signal)
            #expect(p.terminationReason == .exit && p.terminationStatus == 128 + signal, "\(p.terminationStatus): \(stderr)")
            let errorLines = stderr.split(separator: "\n").filter { $0.hasPrefix("vdi-db-manage: error:") }
            let name = signal == SIGINT ? "Ctrl-C (SIGINT)" : "SIGHUP (the terminal closed)"
            #expect(errorLines.count == 1 && errorLines[0].contains("\(name): stopped during upgrade a1b2c3d4e5f6 -> 5105105105f1"), "\(stderr)")
            #expect(try strings(db, "SELECT version_num FROM alembic_version") == ["a1b2c3d4e5f6"])
            if dialect(for: backend).transactionalDDL {
                #expect(errorLines.first?.contains("rolled back") == true)
                #expect(!(try tables(db)).contains("fx_slow_a"))
                let rerun = try CLI.fixtures("slow", ["--database-connection", url, "upgrade", "head"], environment: ["OS_MIGRATIONS__LOCK_TIMEOUT": "2", "VDI_FIXTURE_PAUSE": "0"])
                #expect(rerun.status == 0, "lock not free or re-run failed: \(rerun)")
            } else {
                #expect(errorLines.first?.contains("--resume") == true)
                #expect(try strings(db, "SELECT statements_done FROM alembic_version_progress") == ["1"])
                let resumed = try CLI.fixtures("slow", ["--database-connection", url, "upgrade", "head", "--resume"], environment: ["OS_MIGRATIONS__LOCK_TIMEOUT": "2", "VDI_FIXTURE_PAUSE": "0"])
                #expect(resumed.status == 0, "\(resumed)")
            }
            #expect(try strings(db, "SELECT version_num FROM alembic_version") == ["5105105105f1"])
            #expect(try strings(db, "SELECT count(*) FROM fx_slow_a") == ["1"])
        }
    }

    @Test("started under nohup, a hangup stays ignored as the operator asked: the run finishes", arguments: Backend.allCases)
    func nohup(backend: Backend) throws {
        try TestDatabase.with(backend) { db in
            // nohup sets SIGHUP to ignored and execs the tool, as `nohup vdi-db-manage upgrade head &` does.
            let (p, stderr) = try Self.signalledUpgrade(db.url.unmaskedString, pause: 2, signal: SIGHUP, under: ["/usr/bin/nohup"])
            #expect(p.terminationReason == .exit && p.terminationStatus == 0, "\(p.terminationStatus): \(stderr)")
            #expect(try strings(db, "SELECT version_num FROM alembic_version") == ["5105105105f1"])
        }
    }

    @Test("output to a reader that went away (| head): the run is not killed by SIGPIPE, it finishes and says so in its status", arguments: Backend.allCases)
    func brokenPipe(backend: Backend) throws {
        try TestDatabase.with(backend) { db in
            let url = db.url.unmaskedString
            let p = Process()
            // The test process ignores SIGPIPE and a child inherits that: start the tool with the
            // default action, as a shell pipeline does.
            p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            p.arguments = ["--default-signal=PIPE", CLI.fixtureBinary, "--database-connection", url, "upgrade", "head"]
            p.environment = ProcessInfo.processInfo.environment.merging(["VDI_FIXTURE_HISTORY": "linear"]) { $1 }
            let pipe = Pipe()
            p.standardOutput = pipe
            p.standardError = pipe
            // The reader is gone before the first line: every write the run makes fails with EPIPE.
            try pipe.fileHandleForReading.close()
            try p.run()
            try pipe.fileHandleForWriting.close()
            p.waitUntilExit()
            #expect(p.terminationReason == .exit && p.terminationStatus == 0, "\(p.terminationReason.rawValue) \(p.terminationStatus)")
            #expect(try strings(db, "SELECT version_num FROM alembic_version") == ["e5f6a7b8c9d0"])
        }
    }

    @Test("SIGKILL in the middle of a bulk load: all of its rows or none, and the re-run loads them once", arguments: Backend.allCases)
    func killedDuringBulkLoad(backend: Backend) throws {
        let bulkRows = "300000"  // FixtureHistories.bulkRows: the `bulk` history's load
        try TestDatabase.with(backend) { db in
            let url = db.url.unmaskedString
            let dir = try TempDir()
            let marker = dir.path + "/started"
            let env = ["OS_MIGRATIONS__LOCK_LEASE": "2", "OS_MIGRATIONS__LOCK_TIMEOUT": "10"]
            #expect(try CLI.fixtures("bulk", ["--database-connection", url, "upgrade", "a1b2c3d4e5f6"]).status == 0)
            let p = try CLI.startPausedUpgrade(history: "bulk", url: url, pause: 0, marker: marker, stderr: FileHandle.nullDevice, environment: env)
            // Wait until the server is taking the rows (LOAD DATA on MariaDB, COPY on PostgreSQL); SQLite
            // loads in the process, a moment after the marker.
            let watcher = try db.connect()
            let loading: String? =
                switch backend {
                // (The run's statements carry its id in a comment first: /* vdi-db-manage run … */ COPY …)
                case .mysql: "SELECT count(*) FROM information_schema.PROCESSLIST WHERE INFO LIKE '%*/ LOAD DATA%' AND ID <> CONNECTION_ID()"
                case .postgresql: "SELECT count(*) FROM pg_stat_activity WHERE query LIKE '%*/ COPY%' AND state = 'active' AND pid <> pg_backend_pid()"
                case .sqlite: nil
                }
            var seenLoading = false
            if let loading {
                let deadline = Date().addingTimeInterval(30)
                while !seenLoading && Date() < deadline && p.isRunning {
                    seenLoading = try watcher.query(loading).first?[0].intValue ?? 0 > 0
                    if !seenLoading { usleep(2_000) }
                }
            } else {
                usleep(100_000)
                seenLoading = p.isRunning
            }
            watcher.close()
            kill(p.processIdentifier, SIGKILL)
            p.waitUntilExit()
            #expect(seenLoading, "the load was never seen under way")

            #expect(try strings(db, "SELECT version_num FROM alembic_version") == ["a1b2c3d4e5f6"])
            if dialect(for: backend).transactionalDDL {
                // The whole revision rolled back, its table with it.
                #expect(!(try tables(db)).contains("fx_bulk"))
                let rerun = try CLI.fixtures("bulk", ["--database-connection", url, "upgrade", "head"], environment: env)
                #expect(rerun.status == 0, "\(rerun)")
            } else {
                // DDL stays; the load is all of its rows or none, and it commits with its progress record.
                let rows = try strings(db, "SELECT count(*) FROM fx_bulk").first ?? nil
                #expect(rows == "0" || rows == bulkRows, "a stopped load left \(rows ?? "?") rows")
                let done = try strings(db, "SELECT statements_done FROM alembic_version_progress")
                #expect(done == [rows == "0" ? "1" : "2"], "\(rows ?? "?") rows, progress \(done)")
                let resumed = try CLI.fixtures("bulk", ["--database-connection", url, "upgrade", "head", "--resume"], environment: env)
                #expect(resumed.status == 0, "\(resumed)")
            }
            #expect(try strings(db, "SELECT count(*) FROM fx_bulk") == [bulkRows])
            #expect(try strings(db, "SELECT count(DISTINCT id) FROM fx_bulk") == [bulkRows])
            #expect(try strings(db, "SELECT version_num FROM alembic_version") == ["b01b01b01b01"])
        }
    }
}
