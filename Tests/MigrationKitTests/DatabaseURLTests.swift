import MigrationKit
import Testing

@Suite("Database URLs")
struct DatabaseURLTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var text: String
        var backend: Backend
        var user: String? = nil
        var password: String? = nil
        var host: String? = nil
        var port: Int? = nil
        var database: String? = nil
        var query: [String: String] = [:]
        var driver: String? = nil
        var testDescription: String { text }
    }

    static let valid: [Case] = [
        Case(text: "postgresql://scott:tiger@localhost/mydb", backend: .postgresql, user: "scott", password: "tiger", host: "localhost", database: "mydb"),
        Case(text: "postgresql+psycopg2://scott:tiger@db.example:5433/vdi", backend: .postgresql, user: "scott", password: "tiger", host: "db.example", port: 5433, database: "vdi", driver: "psycopg2"),
        Case(text: "postgres://u@h/d", backend: .postgresql, user: "u", host: "h", database: "d"),
        Case(text: "postgresql://u:p@h/d?sslmode=require&connect_timeout=5", backend: .postgresql, user: "u", password: "p", host: "h", database: "d", query: ["sslmode": "require", "connect_timeout": "5"]),
        Case(text: "postgresql://u:p@/vdi?host=/run/postgresql", backend: .postgresql, user: "u", password: "p", database: "vdi", query: ["host": "/run/postgresql"]),
        Case(text: "postgresql://u:p%40ss%3Aw%2Frd@h:5432/d", backend: .postgresql, user: "u", password: "p@ss:w/rd", host: "h", port: 5432, database: "d"),
        Case(text: "postgresql://us%20er:p/w@h/d", backend: .postgresql, user: "us er", password: "p/w", host: "h", database: "d"),
        Case(text: "postgresql://u:p@[::1]:5432/d", backend: .postgresql, user: "u", password: "p", host: "::1", port: 5432, database: "d"),
        Case(text: "mysql://vdi:secret@127.0.0.1:3306/vdi?charset=utf8mb4", backend: .mysql, user: "vdi", password: "secret", host: "127.0.0.1", port: 3306, database: "vdi", query: ["charset": "utf8mb4"]),
        Case(text: "mysql+pymysql://vdi:secret@db/vdi", backend: .mysql, user: "vdi", password: "secret", host: "db", database: "vdi", driver: "pymysql"),
        Case(text: "mysql+mysqldb://vdi@db/vdi", backend: .mysql, user: "vdi", host: "db", database: "vdi", driver: "mysqldb"),
        Case(text: "mariadb://vdi:x@db/vdi", backend: .mysql, user: "vdi", password: "x", host: "db", database: "vdi"),
        Case(text: "mariadb+pymysql://vdi:x@localhost/vdi?unix_socket=/run/mysqld/mysqld.sock", backend: .mysql, user: "vdi", password: "x", host: "localhost", database: "vdi", query: ["unix_socket": "/run/mysqld/mysqld.sock"], driver: "pymysql"),
        Case(text: "sqlite://", backend: .sqlite),
        Case(text: "sqlite:///relative/file.db", backend: .sqlite, database: "relative/file.db"),
        Case(text: "sqlite:////absolute/file.db", backend: .sqlite, database: "/absolute/file.db"),
        Case(text: "sqlite:///:memory:", backend: .sqlite, database: ":memory:"),
        Case(text: "  postgresql://u:p@h/d  ", backend: .postgresql, user: "u", password: "p", host: "h", database: "d"),
    ]

    @Test("parses every documented form", arguments: valid)
    func parses(c: Case) throws {
        let url = try DatabaseURL(parsing: c.text)
        #expect(url.backend == c.backend)
        #expect(url.username == c.user)
        #expect(url.password == c.password)
        #expect(url.host == c.host)
        #expect(url.port == c.port)
        #expect(url.database == c.database)
        #expect(url.driver == c.driver)
        for (k, v) in c.query { #expect(url.option(k) == v) }
        #expect(url.query.count == c.query.count)
    }

    @Test("printed form masks the password", arguments: valid.filter { $0.password != nil })
    func masks(c: Case) throws {
        let url = try DatabaseURL(parsing: c.text)
        #expect(url.description.contains(":***@"))
        #expect(!url.description.contains(":" + c.password! + "@"))
        #expect("\(url)".contains("***"))
        // The unmasked form parses back to the same URL.
        #expect(try DatabaseURL(parsing: url.unmaskedString) == url)
    }

    @Test("a password in the query string is masked too")
    func masksQueryPassword() throws {
        let url = try DatabaseURL(parsing: "postgresql://u@h/d?password=hunter2&sslmode=disable")
        #expect(url.description == "postgresql://u@h/d?password=***&sslmode=disable")
    }

    @Test("sqlite in-memory detection")
    func memory() throws {
        #expect(try DatabaseURL(parsing: "sqlite://").isInMemorySQLite)
        #expect(try DatabaseURL(parsing: "sqlite:///:memory:").isInMemorySQLite)
        #expect(try !DatabaseURL(parsing: "sqlite:///x.db").isInMemorySQLite)
    }

    static let invalid: [(String, String)] = [
        ("oracle://u:p@h/d", "unknown database URL scheme 'oracle'"),
        ("mssql+pyodbc://u:p@h/d", "unknown database URL scheme 'mssql'"),
        ("not a url", "no '://'"),
        ("postgresql:/u:p@h/d", "no '://'"),
        ("://u:p@h/d", "scheme is not a dialect name"),
        ("postgresql://u:p@h:port/d", "the port is not a number"),
        ("postgresql://u:p@h:99999/d", "the port is not a number from 1 to 65535"),
        ("postgresql://u:p@h", "names no database"),
        ("mysql://u:p@h/", "names no database"),
        ("postgresql://u:p@[::1/d", "unclosed '['"),
        ("sqlite://user:pw@host/x.db", "a sqlite URL has no user, host or port"),
        ("postgresql+://u:p@h/d", "empty driver name"),
        ("postgresql://u:p@h/d?novalue", "has no 'key=value' form"),
        ("postgresql://vdi:secretpw9db.example.org:5432/vdi", "the port is not a number"),
        ("sqlite:////var/lib/vdi.db\n?", "control character"),
    ]

    @Test("an unencoded password keeps its URL characters: '@ / ? = # : %' (the credentials end at the last '@' a host follows)")
    func unencodedPassword() throws {
        for (text, password, host, port, database) in [
            ("postgresql://vdi:Kx7@Wv9Hq/db?Rp3Ty=1@127.0.0.1:5432/vdi_test", "Kx7@Wv9Hq/db?Rp3Ty=1", "127.0.0.1", 5432, "vdi_test"),
            ("mysql://vdi:Jw@Qz:9?Xk=Vb#Tc/Nd%zzGy@db.example.org/vdi?charset=utf8mb4", "Jw@Qz:9?Xk=Vb#Tc/Nd%zzGy", "db.example.org", nil, "vdi"),
            ("postgresql://u:p%zz@h/d", "p%zz", "h", nil, "d"),
            ("postgresql://u:a%40b@[::1]:5433/d", "a@b", "::1", 5433, "d"),
        ] as [(String, String, String, Int?, String)] {
            let url = try DatabaseURL(parsing: text)
            #expect(url.password == password, "\(text)")
            #expect(url.host == host && url.port == port && url.database == database, "\(text): \(url)")
            #expect(!url.description.contains(password), "\(text)")
        }
        #expect(Secrets.scrub("a Kx7@Wv9Hq/db?Rp3Ty=1 b") == "a *** b")
    }

    @Test("refuses malformed URLs with a message that never shows the password", arguments: invalid)
    func refuses(text: String, expected: String) throws {
        let error = #expect(throws: DatabaseURLError.self) { try DatabaseURL(parsing: text) }
        #expect(error?.description.contains(expected) == true, "\(error?.description ?? "no error")")
        #expect(error?.description.contains(":p@") == false)
        #expect(error?.description.contains("pw") == false)
    }
}

/// PostgreSQL URLs that name several hosts, as libpq and SQLAlchemy spell them.
@Suite("Multi-host PostgreSQL URLs")
struct MultiHostURLTests {
    @Test("libpq's host list and SQLAlchemy's ?host= forms give the same servers, in order")
    func spellings() throws {
        let expected = [Endpoint(host: "HostA", port: 5432), Endpoint(host: "HostB", port: 5433)]
        for text in [
            "postgresql://u:pw@HostA:5432,HostB:5433/db?target_session_attrs=primary",
            "postgresql+psycopg2://u:pw@/db?host=HostA:5432&host=HostB:5433&target_session_attrs=primary",
            "postgresql://u:pw@/db?host=HostA,HostB&port=5432,5433&target_session_attrs=primary",
        ] {
            let url = try DatabaseURL(parsing: text)
            #expect(url.hosts == expected, "\(text)")
            #expect(url.endpoints == expected, "\(text)")
            #expect(url.password == "pw" && url.database == "db" && url.option("target_session_attrs") == "primary", "\(text)")
            #expect(url.description.contains(":***@") && !url.description.contains("pw"), "\(url)")
            #expect(try DatabaseURL(parsing: url.unmaskedString) == url, "\(url.unmaskedString)")
        }
        // The printed form keeps the spelling: a list before the database, or the query as written.
        #expect(try DatabaseURL(parsing: "postgresql://u:pw@HostA:5432,HostB:5433/db").description == "postgresql://u:***@HostA:5432,HostB:5433/db")
        #expect(try DatabaseURL(parsing: "postgresql://u:pw@/db?host=HostA:5432&host=HostB:5433").description
            == "postgresql://u:***@/db?host=HostA:5432&host=HostB:5433")
    }

    @Test("hosts without ports, IPv6 addresses, a socket directory, one port for all")
    func shapes() throws {
        #expect(try DatabaseURL(parsing: "postgresql://u@a,b,c/db").hosts.map(\.host) == ["a", "b", "c"])
        #expect(try DatabaseURL(parsing: "postgresql://u@[::1]:5432,[fe80::2]/db").hosts
            == [Endpoint(host: "::1", port: 5432), Endpoint(host: "fe80::2")])
        #expect(try DatabaseURL(parsing: "postgresql://u@a:1,b/db").hosts == [Endpoint(host: "a", port: 1), Endpoint(host: "b")])
        let socket = try DatabaseURL(parsing: "postgresql://u@/db?host=/run/postgresql")
        #expect(socket.hosts == [Endpoint(host: "/run/postgresql")] && socket.host == nil)
        let one = try DatabaseURL(parsing: "postgresql://u@/db?host=db.example:6432")
        #expect(one.hosts == [Endpoint(host: "db.example", port: 6432)])
        // libpq's readings: an empty port is the default; ?port= pairs with the list, or one applies to all.
        #expect(try DatabaseURL(parsing: "postgresql://u@a:,b:2/db").hosts == [Endpoint(host: "a"), Endpoint(host: "b", port: 2)])
        #expect(try DatabaseURL(parsing: "postgresql://u@a,b/db?port=5,6").hosts == [Endpoint(host: "a", port: 5), Endpoint(host: "b", port: 6)])
        #expect(try DatabaseURL(parsing: "postgresql://u@a:1,b:2/db?port=7").hosts == [Endpoint(host: "a", port: 7), Endpoint(host: "b", port: 7)])
        let single = try DatabaseURL(parsing: "postgresql://u@h:5432/db")
        #expect(single.hosts.isEmpty && single.endpoints == [Endpoint(host: "h", port: 5432)])
    }

    @Test("an unencoded password before a host list stays whole")
    func passwordBeforeList() throws {
        let url = try DatabaseURL(parsing: "postgresql://vdi:Kx7@Wv9,Hq/db?Rp3@127.0.0.1:5432,127.0.0.1:5433/vdi")
        #expect(url.password == "Kx7@Wv9,Hq/db?Rp3")
        #expect(url.hosts == [Endpoint(host: "127.0.0.1", port: 5432), Endpoint(host: "127.0.0.1", port: 5433)])
        #expect(!url.description.contains("Wv9"))
    }

    static let invalid: [(String, String)] = [
        ("postgresql://u:pw@a:5432,b:99999/db", "port 2 of the host list is not a number from 1 to 65535"),
        ("postgresql://u:pw@a:1,b:2/db?host=c", "hosts both before the database and in ?host="),
        ("postgresql://u:pw@a,b,c/db?port=1,2", "3 hosts before the database but 2 ports in ?port="),
        ("mysql://u:pw@/db?host=a:1&host=b:2", "several hosts in one URL are understood for PostgreSQL only"),
        ("mysql://u:pw@/db?host=a,b", "several hosts in one URL are understood for PostgreSQL only"),
        ("postgresql://u:pw@127.0.0.1:5432:5,b/db", "entry 1 of the host list has more than one ':'"),
        ("postgresql://u:pw@a,,b/db", "an empty host in the host list"),
        ("postgresql://u:pw@/db?host=a:1&host=b:2&port=3", "hosts given both ways"),
        ("postgresql://u:pw@/db?host=a,b&port=1,2,3", "2 hosts in ?host= but 3 ports in ?port="),
        ("postgresql://u:pw@/db?host=a,b&port=1,x", "port 2 of the ?port= list is not a number"),
        ("postgresql://u:pw@/db?port=1,2", "several ?port= values but no ?host= list"),
        ("mysql://u:pw@a:3306,b:3306/db", "several hosts in one URL are understood for PostgreSQL only"),
    ]

    @Test("malformed host lists are refused in one line that never shows the password", arguments: invalid)
    func refuses(text: String, expected: String) throws {
        let error = #expect(throws: DatabaseURLError.self) { try DatabaseURL(parsing: text) }
        #expect(error?.description.contains(expected) == true, "\(error?.description ?? "no error")")
        #expect(error?.description.contains("pw") == false)
        #expect(error?.description.contains("\n") == false)
    }
}
