import Foundation
import MigrationKit
import MigrationKitTestSupport
import Testing

/// Bad input through the real binary: each is one line on stderr, a non-zero status, no stack
/// trace, and never the password.
@Suite("CLI: bad input")
struct BadInputTests {
    static let secret = "S3cr3t-pw"

    /// Asserts the shape every failure must have.
    func expectCleanFailure(_ r: CLI.Result, status: Int32, contains: String, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(r.status == status, "\(r)", sourceLocation: sourceLocation)
        let lines = r.stderr.split(separator: "\n")
        #expect(lines.count == 1, "expected one line on stderr: \(r)", sourceLocation: sourceLocation)
        #expect(r.stderr.hasPrefix("vdi-db-manage: error: "), "\(r)", sourceLocation: sourceLocation)
        #expect(r.stderr.contains(contains), "\(r)", sourceLocation: sourceLocation)
        #expect(!r.output.contains(Self.secret), "password leaked: \(r)", sourceLocation: sourceLocation)
        #expect(!r.output.contains(TestDatabase.serverURL(.postgresql)?.password ?? "\u{0}"), sourceLocation: sourceLocation)
        #expect(!r.output.contains("Fatal error") && !r.output.contains("Stack dump"), sourceLocation: sourceLocation)
    }

    @Test("--help and --version exit 0")
    func help() throws {
        let h = try CLI.run(["--help"])
        #expect(h.status == 0)
        #expect(h.stdout.contains("USAGE: vdi-db-manage"))
        #expect(h.stdout.contains("--config-file"))
        let v = try CLI.run(["--version"])
        #expect(v.status == 0)
        #expect(v.stdout.first?.isNumber == true)
    }

    @Test("unknown subcommand and unknown flag are usage errors (exit 2)")
    func usage() throws {
        expectCleanFailure(try CLI.run(["frobnicate"]), status: 2, contains: "Unexpected argument 'frobnicate'")
        expectCleanFailure(try CLI.run(["--no-such-flag", "check_connection"]), status: 2, contains: "--no-such-flag")
    }

    @Test("a 10 MB configuration value is named in a short line, not echoed")
    func longValueShortened() throws {
        let dir = try TempDir()
        let big = String(repeating: "x", count: 10_000_000)
        for (file, text, says) in [
            ("timeout.conf", "[migrations]\nlock_timeout = \(big)\n", "lock_timeout: 'xxxx"),
            ("path.conf", "[database]\nconnection = sqlite:////tmp/\(big)\n", "xxxx"),
        ] {
            let f = dir.path + "/" + file
            try text.write(toFile: f, atomically: true, encoding: .utf8)
            let r = try CLI.run(["--config-file", f, "current"])
            #expect(r.status != 0, "\(file)")
            #expect(r.stderr.utf8.count < 1_000, "\(file): \(r.stderr.utf8.count) bytes on stderr")
            #expect(r.stderr.contains(says) && r.stderr.contains("characters]"), "\(file): \(r.stderr.prefix(500))")
            #expect(r.stderr.split(separator: "\n").count == 1, "\(file)")
        }
    }

    @Test("a missing config file")
    func missingConfig() throws {
        expectCleanFailure(try CLI.run(["--config-file", "/no/such/vdi.conf", "check_connection"]), status: 2, contains: "/no/such/vdi.conf: config file not found")
    }

    @Test("an unreadable config file")
    func unreadableConfig() throws {
        let dir = try TempDir()
        // A directory where a file was expected is unreadable as a config file whoever runs the test.
        try FileManager.default.createDirectory(atPath: dir.path + "/vdi.conf", withIntermediateDirectories: true)
        expectCleanFailure(try CLI.run(["--config-file", dir.path + "/vdi.conf", "check_connection"]), status: 2, contains: "is a directory")
    }

    @Test("a config line that is not key = value names file and line")
    func badLine() throws {
        let dir = try TempDir()
        let f = try dir.write("vdi.conf", "[database]\nconnection = sqlite://\nthis is wrong\n")
        expectCleanFailure(try CLI.run(["--config-file", f, "check_connection"]), status: 2, contains: "\(f):3: expected 'key = value'")
    }

    @Test("an unknown URL scheme, in a file and on the command line")
    func unknownScheme() throws {
        let dir = try TempDir()
        let f = try dir.write("vdi.conf", "[database]\nconnection = oracle://scott:\(Self.secret)@db/vdi\n")
        expectCleanFailure(try CLI.run(["--config-file", f, "check_connection"]), status: 2, contains: "\(f):2: [database] connection: unknown database URL scheme 'oracle'")
        expectCleanFailure(try CLI.run(["--database-connection", "db2://u:\(Self.secret)@h/d", "check_connection"]), status: 2, contains: "unknown database URL scheme 'db2'")
    }

    @Test("a URL that does not parse")
    func unparsable() throws {
        expectCleanFailure(try CLI.run(["--database-connection", "postgresql://u:\(Self.secret)@h:notaport/d", "check_connection"]), status: 2, contains: "the port is not a number")
        expectCleanFailure(try CLI.run(["--database-connection", "just-a-string-\(Self.secret)", "check_connection"]), status: 2, contains: "could not parse database URL")
    }

    @Test("no database configured at all")
    func noDatabase() throws {
        expectCleanFailure(try CLI.run(["check_connection"]), status: 2, contains: "no database configured")
    }

    @Test("OS_DATABASE__CONNECTION is used, and --database-connection beats it")
    func environment() throws {
        let dir = try TempDir()
        // check_connection only reads: the files must exist (an empty file is an empty SQLite database).
        for name in ["env.db", "flag.db"] { FileManager.default.createFile(atPath: dir.path + "/" + name, contents: nil) }
        let ok = try CLI.run(["check_connection"], environment: ["OS_DATABASE__CONNECTION": "sqlite:///\(dir.path)/env.db"])
        #expect(ok.status == 0, "\(ok)")
        #expect(ok.stdout.contains("env.db"))
        let flag = try CLI.run(["--database-connection", "sqlite:///\(dir.path)/flag.db", "check_connection"],
                               environment: ["OS_DATABASE__CONNECTION": "sqlite:///\(dir.path)/env.db"])
        #expect(flag.stdout.contains("flag.db"), "\(flag)")
    }

    @Test("a SQLite path in a directory that does not exist")
    func sqliteNoDir() throws {
        expectCleanFailure(try CLI.run(["--database-connection", "sqlite:////no/such/dir/vdi.db", "check_connection"]), status: 1, contains: "directory /no/such/dir does not exist")
    }

    @Test("only upgrade and stamp create an SQLite file: every other command leaves none behind")
    func sqliteNotCreated() throws {
        let dir = try TempDir()
        let path = dir.path + "/absent.db"
        for args in [["downgrade", "-1"], ["downgrade", "base"], ["online_data_migrations"], ["current"], ["history", "--indicate-current"], ["check"], ["inspect"]] {
            // --quiet: the one line is the error, without the "Running downgrade for …" progress line
            expectCleanFailure(try CLI.run(["--quiet", "--database-connection", "sqlite:///" + path] + args), status: 1, contains: "the database file \(path) does not exist (only 'upgrade' and 'stamp' create it)")
            #expect(!FileManager.default.fileExists(atPath: path), "\(args) created \(path)")
        }
        #expect(try CLI.run(["--database-connection", "sqlite:///" + path, "stamp", "base"]).status == 0)
        #expect(FileManager.default.fileExists(atPath: path))
    }

    @Test("localhost means what the URL's Python driver makes of it: TCP for mysql+pymysql, the socket for plain mysql",
          .enabled(if: TestDatabase.serverURL(.mysql) != nil || TestDatabase.inCI, "needs VDI_TEST_MYSQL_URL (scripts/test.sh sets it)"))
    func mysqlLocalhost() throws {
        // In CI the server must be there: a missing one fails here.
        var url = try #require(TestDatabase.serverURL(.mysql), "MySQL/MariaDB not configured in CI")
        // The test server listens on 127.0.0.1:port and on a socket in its own folder, not on the
        // default socket.
        url.host = "localhost"
        url.query = []
        url.driver = "pymysql"
        let tcp = try CLI.run(["--database-connection", url.unmaskedString, "check_connection"])
        #expect(tcp.status == 0, "PyMySQL connects over TCP to localhost:port: \(tcp)")
        url.driver = nil
        let socket = try CLI.run(["--database-connection", url.unmaskedString, "check_connection"])
        #expect(socket.status == 1 && socket.stderr.contains("socket"), "libmysqlclient takes localhost as the default socket: \(socket)")
        let socketPath = ProcessInfo.processInfo.environment["VDI_TEST_MYSQL_SOCKET"]
        if socketPath == nil && TestDatabase.inCI { Issue.record("VDI_TEST_MYSQL_SOCKET not set in CI (scripts/test.sh sets it)") }
        if let path = socketPath {
            for driver in [nil, "pymysql"] {
                url.driver = driver
                url.query = [(key: "unix_socket", value: path)]
                let viaSocket = try CLI.run(["--database-connection", url.unmaskedString, "check_connection"])
                #expect(viaSocket.status == 0, "unix_socket wins for \(driver ?? "mysql"): \(viaSocket)")
            }
        }
    }

    @Test("a wrong password", arguments: [Backend.postgresql, .mysql])
    func wrongPassword(backend: Backend) throws {
        guard var url = TestDatabase.serverURL(backend) else {
            if TestDatabase.inCI { Issue.record("\(backend) not configured in CI") }
            return
        }
        url.password = Self.secret
        let r = try CLI.run(["--database-connection", url.unmaskedString, "check_connection"])
        expectCleanFailure(r, status: 1, contains: backend == .postgresql ? "password authentication failed" : "Access denied")
        #expect(r.stderr.contains(":***@"))
    }

    @Test("an unknown database", arguments: [Backend.postgresql, .mysql])
    func unknownDatabase(backend: Backend) throws {
        guard var url = TestDatabase.serverURL(backend) else {
            if TestDatabase.inCI { Issue.record("\(backend) not configured in CI") }
            return
        }
        url.database = "vdi_no_such_db"
        let r = try CLI.run(["--database-connection", url.unmaskedString, "check_connection"])
        expectCleanFailure(r, status: 1, contains: "vdi_no_such_db")
    }

    @Test("an unreachable host answers within the connect timeout", arguments: [Backend.postgresql, .mysql])
    func unreachable(backend: Backend) throws {
        // A loopback socket that accepts connections but never speaks: the client waits for a
        // greeting until its connect timeout. (Only loopback addresses are used by the tests.)
        let listener = try SilentListener()
        defer { listener.close() }
        let scheme = backend == .postgresql ? "postgresql" : "mysql"
        let url = "\(scheme)://vdi:\(Self.secret)@127.0.0.1:\(listener.port)/vdi?connect_timeout=2"
        let start = Date()
        let r = try CLI.run(["--database-connection", url, "check_connection"], timeout: 30)
        let elapsed = Date().timeIntervalSince(start)
        expectCleanFailure(r, status: 1, contains: "cannot connect")
        #expect(elapsed < 10, "took \(elapsed) s")
    }

    @Test("nothing listening on the port is a clear error", arguments: [Backend.postgresql, .mysql])
    func refused(backend: Backend) throws {
        let listener = try SilentListener()
        let port = listener.port
        listener.close()
        let scheme = backend == .postgresql ? "postgresql" : "mysql"
        let r = try CLI.run(["--database-connection", "\(scheme)://vdi:\(Self.secret)@127.0.0.1:\(port)/vdi", "check_connection"])
        expectCleanFailure(r, status: 1, contains: "cannot connect")
    }
}

/// A TCP listener on 127.0.0.1 that never accepts: connections complete the handshake into the
/// backlog and then hear nothing.
final class SilentListener {
    let fd: Int32
    let port: Int

    init() throws {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        addr.sin_port = 0
        var len = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafePointer(to: &addr) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, len) } }
        guard bound == 0, listen(fd, 16) == 0 else { throw CLI.TimeoutError(arguments: ["listener"]) }
        _ = withUnsafeMutablePointer(to: &addr) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &len) } }
        self.fd = fd
        port = Int(UInt16(bigEndian: addr.sin_port))
    }

    func close() { Glibc.close(fd) }
}
