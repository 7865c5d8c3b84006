import Foundation
import MigrationKit
import MigrationKitTestSupport
import Testing

/// No message may contain any part of a password, whatever its characters and wherever it was set.
@Suite("Passwords never appear in any output")
struct SecretTests {
    /// Passwords with every character that has a meaning somewhere: in URLs, INI files, shells, SQL.
    /// Mixed case and digits throughout, so that no 3-character fragment is ordinary English that an
    /// honest message could contain ("ail" of "failed").
    static let corpus = [
        "Qx$sW0Rd7Tq", "Qx7@Tz9Kw", "Zk:9/Wv%41#Jq", "h'Qe\"Rw\\Ty", "Sp Xc Ez Vq", "Üñï€ødë✓Kq", "Ka$$Zb@Qc:Wd/Xe%3f#Yg",
        "${Xq.Zk}Wy", "%ZZnQtHx7q",
        // Unencoded URL characters after an '@': the rest once read as a host, a database and an option.
        "Kx7@Wv9Hq/db?Rp3Ty=1", "Mq#Zt9@Lw/Yx?Hv=Q7:Pk%Rd", "Jw@Qz:9?Xk=Vb#Tc/Nd%zzGy@Hf",
    ]

    /// Every 3-character fragment of the password (what a partial leak would show).
    static func fragments(_ password: String) -> [String] {
        let chars = Array(password)
        guard chars.count >= 3 else { return [password] }
        return (0...(chars.count - 3)).map { String(chars[$0..<($0 + 3)]) }
    }

    static func percentEncoded(_ s: String) -> String {
        s.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? s
    }

    static func expectNoFragment(_ r: CLI.Result, _ password: String, _ context: String, sourceLocation: SourceLocation = #_sourceLocation) {
        for f in fragments(password) where r.output.contains(f) {
            Issue.record("\(context): fragment '\(f)' of the password appeared:\n\(r)", sourceLocation: sourceLocation)
            return
        }
        #expect(r.status != 0, "\(context) should fail: \(r)", sourceLocation: sourceLocation)
        #expect(!r.output.contains("Fatal error") && !r.output.contains("Stack dump"), sourceLocation: sourceLocation)
    }

    /// URLs that fail in different places: refused connection, wrong password at a real server,
    /// unknown database, a malformed port.
    static func urls(_ password: String, encoded: Bool) -> [(String, String)] {
        let p = encoded ? percentEncoded(password) : password
        var out = [
            ("refused", "postgresql://vdi:\(p)@127.0.0.1:1/vdi?connect_timeout=2"),
            ("refused-mysql", "mysql://vdi:\(p)@127.0.0.1:1/vdi?connect_timeout=2"),
            ("bad port", "mysql://vdi:\(p)@127.0.0.1:99999/vdi"),
        ]
        // Several hosts, as libpq and SQLAlchemy spell them: refused everywhere, then a wrong password at
        // each node of the primary/standby pair (libpq's message names every host it tried).
        out.append(("multi-host refused", "postgresql://vdi:\(p)@127.0.0.1:1,127.0.0.1:2/vdi?connect_timeout=2&target_session_attrs=read-write"))
        if let ports = ProcessInfo.processInfo.environment["VDI_TEST_PGHA_PORTS"]?.split(separator: " "), ports.count == 2 {
            out.append(("multi-host wrong password (libpq list)", "postgresql://vdi:\(p)@127.0.0.1:\(ports[0]),127.0.0.1:\(ports[1])/vdi_test?target_session_attrs=read-write"))
            out.append(("multi-host wrong password (SQLAlchemy ?host=)", "postgresql+psycopg2://vdi:\(p)@/vdi_test?host=127.0.0.1:\(ports[0])&host=127.0.0.1:\(ports[1])&target_session_attrs=primary"))
        }
        if let pg = TestDatabase.serverURL(.postgresql) {
            out.append(("wrong password (PostgreSQL)", "postgresql://vdi:\(p)@\(pg.host ?? "127.0.0.1"):\(pg.port ?? 5432)/vdi_test?connect_timeout=5"))
        }
        if let my = TestDatabase.serverURL(.mysql) {
            out.append(("wrong password (MariaDB)", "mysql://vdi:\(p)@\(my.host ?? "127.0.0.1"):\(my.port ?? 3306)/vdi_test?connect_timeout=5"))
        }
        return out
    }

    @Test("from the command line, the environment and a config file, encoded or not", arguments: corpus)
    func noFragment(password: String) throws {
        let dir = NSTemporaryDirectory() + "vdi-secret-\(UInt32.random(in: 0...UInt32.max))"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        for encoded in [true, false] {
            for (label, url) in Self.urls(password, encoded: encoded) {
                let ctx = "\(label), \(encoded ? "percent-encoded" : "as typed")"
                for command in [["current"], ["upgrade", "head"], ["check_connection"]] {
                    Self.expectNoFragment(try CLI.run(["--database-connection", url] + command, timeout: 30), password, "--database-connection, \(ctx), \(command[0])")
                }
                Self.expectNoFragment(try CLI.run(["current"], environment: ["OS_DATABASE__CONNECTION": url], timeout: 30), password, "environment, \(ctx)")
                let conf = dir + "/vdi.conf"
                try "[database]\nconnection = \(url)\n".write(toFile: conf, atomically: true, encoding: .utf8)
                Self.expectNoFragment(try CLI.run(["--config-file", conf, "current"], timeout: 30), password, "config file, \(ctx)")
                Self.expectNoFragment(try CLI.run(["--config-file", conf, "-v", "upgrade", "head"], timeout: 30), password, "config file, verbose, \(ctx)")
            }
        }
    }

    @Test("values from the environment and the command line are not interpolated")
    func noInterpolationOutsideFiles() throws {
        var config = try Configuration.load(files: [], environment: ["OS_DATABASE__CONNECTION": "sqlite:///a$b.db"])
        #expect(try config.string("database", "connection") == "sqlite:///a$b.db")
        config.set("database", "connection", "sqlite:///c$d.db")
        #expect(try config.string("database", "connection") == "sqlite:///c$d.db")
    }

    @Test("a config file with CRLF line endings reads like one with LF")
    func crlf() throws {
        var a = Configuration()
        try a.read(text: "[database]\r\nconnection = sqlite:///x.db\r\n\r\n[migrations]\r\nlock_timeout = 5\r\n", origin: "crlf.conf")
        #expect(try a.string("database", "connection") == "sqlite:///x.db")
        #expect(try a.double("migrations", "lock_timeout") == 5)
    }

    @Test("an unencoded '@' in the password is part of the password")
    func atInPassword() throws {
        let u = try DatabaseURL(parsing: "mysql://vdi:p@ss@Tail9@db.example.org:3307/vdi?charset=utf8mb4")
        #expect(u.password == "p@ss@Tail9")
        #expect(u.host == "db.example.org")
        #expect(u.port == 3307)
        #expect(u.query.first?.value == "utf8mb4")
    }
}
