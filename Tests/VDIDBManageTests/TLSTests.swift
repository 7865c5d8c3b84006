import Foundation
import MigrationKit
import MigrationKitTestSupport
import Testing

/// TLS when asked for, verified, or an error; never plaintext. The test servers run with TLS on, their
/// certificate made for the name "localhost" only by a CA made at test time (scripts/lib/servers.sh):
/// verified connections go to localhost, and 127.0.0.1 must fail on the name. A server without TLS (a
/// Galera node, PgBouncer) must be refused when TLS was asked for.
@Suite("TLS: verified or refused")
struct TLSTests {
    static var tls: String? { ProcessInfo.processInfo.environment["VDI_TEST_TLS_DIR"] }

    /// The server's URL with host, scheme and query replaced.
    static func url(_ backend: Backend, scheme: String? = nil, host: String, _ query: String) throws -> String {
        let base = try #require(TestDatabase.serverURL(backend), "\(backend) server not configured")
        let s = scheme ?? (backend == .postgresql ? "postgresql" : "mysql")
        return "\(s)://vdi:\(base.password ?? "")@\(host):\(base.port ?? 0)/vdi_test" + (query.isEmpty ? "" : "?\(query)")
    }

    static func check(_ url: String) throws -> CLI.Result { try CLI.run(["--database-connection", url, "check_connection"], timeout: 30) }

    static func requireTLS() throws -> String {
        if let dir = tls { return dir }
        if TestDatabase.inCI { throw TestSetupError(message: "CI: VDI_TEST_TLS_DIR is not set (scripts/test.sh makes the certificates)") }
        try #require(Bool(false), "the TLS tests need VDI_TEST_TLS_DIR (scripts/test.sh sets it)")
        return ""
    }

    @Test("MariaDB: every TLS option enforced; a verified connection names its cipher; wrong name, wrong CA, missing file, no TLS refused",
          .enabled(if: tls != nil || TestDatabase.inCI, "needs the TLS servers scripts/test.sh starts"))
    func mariadb() throws {
        let dir = try Self.requireTLS()
        let ca = "\(dir)/ca.pem", other = "\(dir)/other-ca.pem"
        // PyMySQL's spelling reaches localhost over TCP, where TLS applies.
        let pymysql = "mysql+pymysql"
        let verified = try Self.check(Self.url(.mysql, scheme: pymysql, host: "localhost", "ssl_ca=\(ca)"))
        #expect(verified.status == 0 && verified.stdout.contains("(TLS "), "\(verified)")
        let withClient = try Self.check(Self.url(.mysql, scheme: pymysql, host: "localhost", "ssl_ca=\(ca)&ssl_cert=\(dir)/client.pem&ssl_key=\(dir)/client.key&ssl_verify_cert=true"))
        #expect(withClient.status == 0 && withClient.stdout.contains("(TLS "), "\(withClient)")
        let modeVerify = try Self.check(Self.url(.mysql, scheme: pymysql, host: "localhost", "ssl_mode=VERIFY_IDENTITY&ssl_ca=\(ca)"))
        #expect(modeVerify.status == 0 && modeVerify.stdout.contains("(TLS "), "\(modeVerify)")
        // Encrypted without verification only when asked for by name.
        let required = try Self.check(Self.url(.mysql, host: "127.0.0.1", "ssl_mode=REQUIRED"))
        #expect(required.status == 0 && required.stdout.contains("(TLS "), "\(required)")
        let plain = try Self.check(Self.url(.mysql, host: "127.0.0.1", ""))
        #expect(plain.status == 0 && plain.stdout.contains("(no TLS)"), "\(plain)")

        for (query, host, says) in [
            ("ssl_ca=\(ca)", "127.0.0.1", "cannot connect"),               // the name is not in the certificate
            ("ssl_verify_cert=true&ssl_ca=\(ca)", "127.0.0.1", "cannot connect"),
            ("ssl_ca=\(other)", "localhost", "cannot connect"),            // another CA
            ("ssl=true", "localhost", "cannot connect"),                   // the test CA is not in the system's store
            ("ssl_ca=/no/such/ca.pem", "localhost", "ssl_ca=/no/such/ca.pem: No such file or directory"),
            ("ssl_cert=\(dir)/client.pem", "localhost", "ssl_cert and ssl_key go together"),
            ("ssl_mode=PREFERRED", "localhost", "would fall back to plaintext"),
            ("ssl_mode=sometimes", "localhost", "is not one of DISABLED, REQUIRED, VERIFY_CA, VERIFY_IDENTITY"),
            ("ssl=false&ssl_ca=\(ca)", "localhost", "contradicts"),
        ] {
            let r = try Self.check(Self.url(.mysql, scheme: pymysql, host: host, query))
            #expect(r.status == 1, "\(query) to \(host): \(r)")
            #expect(r.stderr.contains(says), "\(query) to \(host): \(r)")
            #expect(r.stderr.split(separator: "\n").count == 1, "\(query): one line: \(r)")
            #expect(!r.stdout.contains("(no TLS)"), "\(query): never plaintext: \(r)")
        }

        // And commands other than check_connection are held to it too.
        let upgrade = try CLI.run(["--database-connection", Self.url(.mysql, scheme: pymysql, host: "127.0.0.1", "ssl_ca=\(ca)"), "current"], timeout: 30)
        #expect(upgrade.status == 1, "\(upgrade)")
    }

    static var galeraNode: String? { ProcessInfo.processInfo.environment["VDI_TEST_GALERA_URLS"]?.split(separator: " ").first.map(String.init) }

    @Test("MariaDB: a server without TLS (a Galera node) is refused whenever TLS was asked for",
          .enabled(if: galeraNode != nil || TestDatabase.inCI, "needs the Galera cluster scripts/test.sh starts"))
    func mariadbWithoutTLS() throws {
        let dir = try Self.requireTLS()
        let node = try #require(Self.galeraNode.flatMap { try? DatabaseURL(parsing: $0) }, "CI: no Galera node to test a server without TLS")
        for query in ["ssl=true", "ssl_mode=REQUIRED", "ssl_ca=\(dir)/ca.pem", "ssl_verify_cert=true"] {
            let r = try Self.check("mysql://vdi:\(node.password ?? "")@127.0.0.1:\(node.port ?? 0)/vdi_test?\(query)")
            #expect(r.status == 1, "\(query), a server without TLS: \(r)")
            #expect(r.stderr.contains("TLS") || r.stderr.contains("SSL"), "\(query): \(r)")
        }
    }

    @Test("PostgreSQL: verify-full with the test CA connects over TLS to localhost; 127.0.0.1 and another CA are refused",
          .enabled(if: tls != nil || TestDatabase.inCI, "needs the TLS servers scripts/test.sh starts"))
    func postgresql() throws {
        let dir = try Self.requireTLS()
        let ca = "\(dir)/ca.pem"
        let verified = try Self.check(Self.url(.postgresql, host: "localhost", "sslmode=verify-full&sslrootcert=\(ca)"))
        #expect(verified.status == 0 && verified.stdout.contains("(TLS TLSv1"), "\(verified)")
        let client = try Self.check(Self.url(.postgresql, host: "localhost", "sslmode=verify-full&sslrootcert=\(ca)&sslcert=\(dir)/client.pem&sslkey=\(dir)/client.key"))
        #expect(client.status == 0 && client.stdout.contains("(TLS "), "\(client)")
        for (query, host) in [
            ("sslmode=verify-full&sslrootcert=\(ca)", "127.0.0.1"),
            ("sslmode=verify-ca&sslrootcert=\(dir)/other-ca.pem", "localhost"),
            ("sslmode=verify-full&sslrootcert=/no/such/ca.pem", "localhost"),
        ] {
            let r = try Self.check(Self.url(.postgresql, host: host, query))
            #expect(r.status == 1, "\(query) to \(host): \(r)")
            #expect(r.stderr.split(separator: "\n").count == 1, "\(r)")
        }
    }

    static var bouncer: String? { ProcessInfo.processInfo.environment["VDI_TEST_PGBOUNCER_TX_URL"] }

    @Test("PostgreSQL: a server without TLS (PgBouncer) is refused with sslmode=require",
          .enabled(if: bouncer != nil || TestDatabase.inCI, "needs the PgBouncer scripts/test.sh starts"))
    func postgresqlWithoutTLS() throws {
        let bouncer = try #require(Self.bouncer, "CI: no PgBouncer to test a server without TLS")
        let r = try Self.check(bouncer + "?sslmode=require")
        #expect(r.status == 1, "PgBouncer without TLS, sslmode=require: \(r)")
    }
}
