import Foundation
import MigrationKit
import MigrationKitDrivers
import MigrationKitTestSupport
import Testing

/// A PostgreSQL primary with a streaming standby (scripts/lib/topologies.sh, start_pg_ha), reached as
/// operators reach it: a multi-host URL in libpq's spelling or SQLAlchemy's, letting libpq find the
/// writable node. The primary lost in the middle of a run is `scripts/lib/failover.sh`'s (it kills and
/// promotes servers, which tests running beside each other cannot share).
@Suite("PostgreSQL primary and standby: multi-host URLs", .serialized)
struct PostgreSQLHATests {
    static var env: [String: String] { ProcessInfo.processInfo.environment }
    static var configured: Bool { env["VDI_TEST_PGHA_PORTS"] != nil }
    static let password = "vdi-test-pw-7Q"

    /// A database of its own on the pair: created on the primary, present on the standby before the
    /// test starts (libpq stops at a host that refuses the database, so a lagging standby listed first
    /// would fail the connection), dropped afterwards.
    struct Pair {
        let name: String
        let primaryPort: Int
        let standbyPort: Int
        let ports: [Int]

        /// libpq's spelling: every node, the writable one chosen by libpq.
        var libpqURL: String {
            "postgresql://vdi:\(PostgreSQLHATests.password)@" + ports.map { "127.0.0.1:\($0)" }.joined(separator: ",") + "/\(name)?target_session_attrs=read-write"
        }
        /// SQLAlchemy's spelling, as a service's vdi.conf would have it.
        var sqlalchemyURL: String {
            "postgresql+psycopg2://vdi:\(PostgreSQLHATests.password)@/\(name)?" + ports.map { "host=127.0.0.1:\($0)" }.joined(separator: "&") + "&target_session_attrs=read-write"
        }
        func url(port: Int, _ query: String = "") -> String {
            "postgresql://vdi:\(PostgreSQLHATests.password)@127.0.0.1:\(port)/\(name)" + (query.isEmpty ? "" : "?\(query)")
        }
        /// As the superuser, over the socket (settings only a superuser may change).
        func superuser(_ port: Int, _ statement: String) throws {
            let dir = try #require(PostgreSQLHATests.env["VDI_TEST_PGHA_SOCKET_DIR"])
            let c = try NativeConnector().connect(to: try DatabaseURL(parsing: "postgresql://postgres@/postgres?host=\(dir)&port=\(port)"))
            defer { c.close() }
            try c.execute(statement)
        }
        func sql(_ port: Int, _ statement: String, database: String? = nil) throws -> [String] {
            let c = try NativeConnector().connect(to: try DatabaseURL(parsing: url(port: port).replacingOccurrences(of: "/\(name)", with: "/\(database ?? name)")))
            defer { c.close() }
            return try c.query(statement).map { $0[0].stringValue ?? "NULL" }
        }
    }

    static func with(_ label: String = #function, _ body: (Pair) throws -> Void) throws {
        guard let text = env["VDI_TEST_PGHA_PORTS"] else {
            if TestDatabase.inCI { throw TestSetupError(message: "CI: VDI_TEST_PGHA_PORTS is not set (scripts/test.sh starts the pair)") }
            try #require(Bool(false), "needs the PostgreSQL primary and standby scripts/test.sh starts")
            return
        }
        let ports = text.split(separator: " ").compactMap { Int($0) }
        try #require(ports.count == 2)
        // Which node is the primary now (the failover section of the reliability suite swaps them).
        var primary = ports[0], standby = ports[1]
        let probe = Pair(name: "vdi_test", primaryPort: 0, standbyPort: 0, ports: ports)
        if try probe.sql(ports[0], "SELECT pg_is_in_recovery()") == ["1"] { swap(&primary, &standby) }
        let name = "ha_" + String(label.lowercased().filter { $0.isLetter }.prefix(20)) + "_" + String(UInt32.random(in: 0...UInt32.max), radix: 36)
        let pair = Pair(name: name, primaryPort: primary, standbyPort: standby, ports: ports)
        _ = try pair.sql(primary, "CREATE DATABASE \(name)", database: "vdi_test")
        defer { _ = try? pair.sql(primary, "DROP DATABASE IF EXISTS \(name) WITH (FORCE)", database: "vdi_test") }
        let deadline = Date().addingTimeInterval(20)
        while (try? pair.sql(standby, "SELECT 1")) == nil {
            try #require(Date() < deadline, "the standby never had database \(name)")
            usleep(50_000)
        }
        try body(pair)
    }

    static func run(_ url: String, _ arguments: [String], environment: [String: String] = [:]) throws -> CLI.Result {
        let r = try CLI.run(["--database-connection", url] + arguments, environment: environment, timeout: 90)
        #expect(!r.output.contains(password), "the password appeared: \(r)")
        #expect(!r.output.contains("Fatal error") && !r.output.contains("Stack dump"), "\(r)")
        return r
    }

    static func errorLines(_ r: CLI.Result) -> [Substring] {
        r.stderr.split(separator: "\n").filter { $0.hasPrefix("vdi-db-manage: error:") }
    }

    @Test("both spellings through every command: libpq picks the primary, each command works as on one server",
          .enabled(if: configured || TestDatabase.inCI, "needs the PostgreSQL primary and standby scripts/test.sh starts"),
          arguments: ["libpq", "sqlalchemy"])
    func everyCommand(spelling: String) throws {
        try Self.with { pair in
            let url = spelling == "libpq" ? pair.libpqURL : pair.sqlalchemyURL
            let ok: [[String]] = [
                ["check_connection"], ["upgrade", "--expand"], ["online_data_migrations"], ["has_offline_migrations"],
                ["upgrade", "heads"], ["current"], ["version"], ["db_version"], ["history", "-i", "-r", "-2:"], ["history", "--applied"],
                ["heads"], ["check"], ["lint"], ["inspect", "--format", "json"], ["inspect", "--format", "swift"], ["break_lock"],
                ["downgrade", "--delta", "1"], ["upgrade", "--delta", "1"], ["stamp", "heads"], ["upgrade", "heads", "--sql"],
            ]
            for command in ok {
                let r = try Self.run(url, command)
                // has_offline_migrations exits 1 while a contract revision is pending (before 'upgrade heads').
                if command == ["has_offline_migrations"] {
                    #expect(r.status == 1 && Self.errorLines(r).count == 1, "\(command): \(r)")
                    continue
                }
                #expect(r.status == 0, "\(spelling) \(command): \(r)")
            }
            let info = try Self.run(url, ["check_connection"])
            #expect(info.stdout.contains("answered by 127.0.0.1:\(pair.primaryPort): primary"), "\(info)")
            #expect(info.stdout.contains("vdi:***@"), "\(info)")
            // Everything landed on the primary and streamed to the standby.
            let heads = try pair.sql(pair.primaryPort, "SELECT version_num FROM alembic_version ORDER BY 1")
            #expect(!heads.isEmpty, "\(heads)")
            let deadline = Date().addingTimeInterval(20)
            while try pair.sql(pair.standbyPort, "SELECT version_num FROM alembic_version ORDER BY 1") != heads && Date() < deadline { usleep(50_000) }
            #expect(try pair.sql(pair.standbyPort, "SELECT version_num FROM alembic_version ORDER BY 1") == heads)
        }
    }

    @Test("a URL that reaches only a standby: reads work, writes stop in one line naming it, nothing changed",
          .enabled(if: configured || TestDatabase.inCI, "needs the PostgreSQL primary and standby scripts/test.sh starts"))
    func standbyOnly() throws {
        try Self.with { pair in
            #expect(try Self.run(pair.libpqURL, ["upgrade", "heads"]).status == 0)
            let standby = pair.url(port: pair.standbyPort)
            let deadline = Date().addingTimeInterval(20)
            let heads = try pair.sql(pair.primaryPort, "SELECT version_num FROM alembic_version ORDER BY 1")
            while try pair.sql(pair.standbyPort, "SELECT version_num FROM alembic_version ORDER BY 1") != heads && Date() < deadline { usleep(50_000) }

            let info = try Self.run(standby, ["check_connection"])
            #expect(info.status == 0 && info.stdout.contains("answered by 127.0.0.1:\(pair.standbyPort): standby (in recovery)"), "\(info)")
            for read in [["current"], ["check"], ["history", "-i", "-r", "-1:"], ["inspect", "--format", "json"], ["history", "--applied"]] {
                let r = try Self.run(standby, read)
                #expect(r.status == 0, "\(read) on the standby: \(r)")
            }
            for write in [["upgrade", "heads"], ["downgrade", "--delta", "1"], ["stamp", "heads"], ["version_control"], ["online_data_migrations"], ["break_lock", "--yes"]] {
                let r = try Self.run(standby, write)
                let lines = Self.errorLines(r)
                #expect(r.status != 0 && lines.count == 1, "\(write) on the standby: \(r)")
                #expect(lines.first?.contains("127.0.0.1:\(pair.standbyPort), is a standby (in recovery) and refuses writes; nothing was read or changed") == true, "\(write): \(r)")
            }
            // Both nodes listed, the standby first, without target_session_attrs: libpq takes the first
            // that answers; the refusal says what to add.
            let list = "postgresql://vdi:\(Self.password)@127.0.0.1:\(pair.standbyPort),127.0.0.1:\(pair.primaryPort)/\(pair.name)"
            let listed = try Self.run(list, ["downgrade", "--delta", "1"])
            #expect(listed.status == 1 && Self.errorLines(listed).first?.contains("add target_session_attrs=read-write") == true, "\(listed)")
            // A standby chosen on purpose: the hint names the option that let libpq pick it.
            let preferred = "postgresql://vdi:\(Self.password)@127.0.0.1:\(pair.standbyPort),127.0.0.1:\(pair.primaryPort)/\(pair.name)?target_session_attrs=prefer-standby"
            let picked = try Self.run(preferred, ["stamp", "heads"])
            #expect(picked.status == 1 && Self.errorLines(picked).first?.contains("target_session_attrs=prefer-standby lets libpq choose a standby") == true, "\(picked)")
            // Asked for a writable node where there is none: libpq's account of each host, in one line.
            let none = try Self.run(pair.url(port: pair.standbyPort, "target_session_attrs=read-write"), ["current"])
            #expect(none.status == 1 && Self.errorLines(none).count == 1, "\(none)")
            #expect(Self.errorLines(none).first?.contains("no host the URL lists is what target_session_attrs=read-write asks for") == true, "\(none)")
            // Nothing moved.
            #expect(try pair.sql(pair.primaryPort, "SELECT version_num FROM alembic_version ORDER BY 1") == heads)
            #expect(try pair.sql(pair.primaryPort, "SELECT count(*) FROM alembic_version_ledger WHERE direction = 'downgrade'") == ["0"])
        }
    }

    @Test("a primary that turns read-only during a run: the run stops in one line naming the server",
          .enabled(if: configured || TestDatabase.inCI, "needs the PostgreSQL primary and standby scripts/test.sh starts"))
    func readOnlyDuringRun() throws {
        try Self.with { pair in
            // Read-only for this database from the start: refused before anything is read.
            _ = try pair.sql(pair.primaryPort, "ALTER DATABASE \(pair.name) SET default_transaction_read_only = on", database: "vdi_test")
            let refused = try Self.run(pair.url(port: pair.primaryPort), ["upgrade", "heads"])
            #expect(refused.status == 1 && Self.errorLines(refused).first?.contains("127.0.0.1:\(pair.primaryPort), is a read-only server (default_transaction_read_only = on) and refuses writes") == true, "\(refused)")
            #expect(Self.errorLines(refused).first?.contains("turn default_transaction_read_only off there") == true, "\(refused)")
            // With target_session_attrs=read-write libpq itself passes over it: one line all the same.
            let passed = try Self.run(pair.libpqURL, ["upgrade", "heads"])
            #expect(passed.status == 1 && Self.errorLines(passed).count == 1 && passed.stderr.contains("session is read-only"), "\(passed)")
            _ = try pair.sql(pair.primaryPort, "ALTER DATABASE \(pair.name) RESET default_transaction_read_only", database: "vdi_test")

            // Made read-only while a run is paused between revisions (the server's setting, reloaded:
            // every session's next transaction is read-only, as on a node being demoted).
            let dir = try TempDir()
            let p = Process()
            p.executableURL = URL(fileURLWithPath: CLI.binary)
            p.arguments = ["--database-connection", pair.libpqURL, "--subproject", "vdi", "upgrade", "heads"]
            var env = ProcessInfo.processInfo.environment
            env["VDI_DB_MANAGE_FAILPOINT"] = "after:4"
            p.environment = env
            p.standardOutput = FileHandle.nullDevice
            FileManager.default.createFile(atPath: dir.path + "/err", contents: nil)
            p.standardError = FileHandle(forWritingAtPath: dir.path + "/err")
            try p.run()
            let deadline = Date().addingTimeInterval(60)
            while Date() < deadline {
                let stat = (try? String(contentsOfFile: "/proc/\(p.processIdentifier)/stat", encoding: .utf8)) ?? ""
                if stat.split(separator: " ").dropFirst(2).first == "T" { break }
                usleep(20_000)
            }
            try pair.superuser(pair.primaryPort, "ALTER SYSTEM SET default_transaction_read_only = on")
            _ = try pair.superuser(pair.primaryPort, "SELECT pg_reload_conf()")
            defer {
                try? pair.superuser(pair.primaryPort, "ALTER SYSTEM RESET default_transaction_read_only")
                try? pair.superuser(pair.primaryPort, "SELECT pg_reload_conf()")
            }
            usleep(300_000)  // the reload reaches every backend
            kill(p.processIdentifier, SIGCONT)
            p.waitUntilExit()
            let err = (try? String(contentsOfFile: dir.path + "/err", encoding: .utf8)) ?? ""
            let lines = err.split(separator: "\n").filter { $0.hasPrefix("vdi-db-manage: error:") }
            #expect(p.terminationStatus == 1 && lines.count == 1, "\(err)")
            #expect(lines.first?.contains("the server at 127.0.0.1:\(pair.primaryPort) refuses writes") == true, "\(err)")
            #expect(!err.contains(Self.password))
        }
    }
}
