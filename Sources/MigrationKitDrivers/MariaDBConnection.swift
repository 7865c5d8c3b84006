import CMariaDB
import MigrationKit

#if canImport(Glibc)
import Glibc
#endif

/// A connection to MySQL or MariaDB through MariaDB Connector/C.
///
/// Owns one `MYSQL` handle; not shared between threads, hence a plain final class.
/// Parameters are bound client-side: each value is escaped with `mysql_real_escape_string`
/// for the connection's character set (as mysqlclient and PyMySQL do), which keeps one
/// code path for statements the server cannot prepare (DDL).
/// See https://mariadb.com/kb/en/mariadb-connector-c-api-functions/
public final class MariaDBConnection: DatabaseConnection, BulkLoader {
    public let backend = Backend.mysql
    private var mysql: UnsafeMutablePointer<MYSQL>?
    /// Rows `load` streams with LOAD DATA LOCAL INFILE; the handler answers nothing else.
    private let infile = LocalInfileRows()
    /// Whether LOAD DATA LOCAL may be used: not when the URL says `local_infile=0` or the server refused it.
    private var localInfile: Bool
    private var charset: String

    static let knownOptions: Set<String> = [
        "charset", "unix_socket", "connect_timeout", "read_timeout", "write_timeout",
        "ssl_ca", "ssl_cert", "ssl_key", "ssl_capath", "ssl_cipher", "ssl", "ssl_verify_cert", "ssl_verify_identity", "ssl_mode",
        "local_infile", "autocommit",
    ]

    /// Python drivers that connect over TCP to `localhost:port`, where libmysqlclient and Connector/C
    /// (SQLAlchemy's plain `mysql://` and `mariadb://`) take `localhost` to mean the local socket.
    static let tcpDrivers: Set<String> = ["pymysql", "mysqlconnector", "aiomysql", "asyncmy", "cymysql"]

    public init(url: DatabaseURL, defaultConnectTimeout: Int = 10) throws {
        try LibMariaDB.require()
        for (k, _) in url.query where !Self.knownOptions.contains(k) {
            throw DatabaseError(
                kind: .connection, backend: .mysql,
                message: "unknown option '\(k)' in the database URL (known: \(Self.knownOptions.sorted().joined(separator: ", ")))")
        }
        guard let m = mysql_init(nil) else {
            throw DatabaseError(kind: .connection, backend: .mysql, message: "out of memory while connecting")
        }
        func uintOption(_ key: String, _ fallback: Int?) throws -> UInt32? {
            guard let text = url.option(key) else { return fallback.map(UInt32.init) }
            guard let v = UInt32(text) else {
                throw DatabaseError(kind: .connection, backend: .mysql, message: "\(key)=\(text) is not a whole number of seconds")
            }
            return v
        }
        do {
            if var t = try uintOption("connect_timeout", defaultConnectTimeout) {
                mysql_options(m, MYSQL_OPT_CONNECT_TIMEOUT, &t)
            }
            if var t = try uintOption("read_timeout", nil) { mysql_options(m, MYSQL_OPT_READ_TIMEOUT, &t) }
            if var t = try uintOption("write_timeout", nil) { mysql_options(m, MYSQL_OPT_WRITE_TIMEOUT, &t) }
        } catch {
            mysql_close(m)
            throw error
        }
        let charset = url.option("charset") ?? "utf8mb4"
        _ = charset.withCString { mysql_options(m, MYSQL_SET_CHARSET_NAME, $0) }
        self.charset = charset
        localInfile = url.option("local_infile") != "0"
        var allowInfile: UInt32 = localInfile ? 1 : 0
        mysql_options(m, MYSQL_OPT_LOCAL_INFILE, &allowInfile)
        let tls: TLSMode?
        do { tls = try TLSMode.from(url) } catch {
            mysql_close(m)
            throw error
        }
        for (key, option) in [("ssl_ca", MYSQL_OPT_SSL_CA), ("ssl_cert", MYSQL_OPT_SSL_CERT),
                              ("ssl_key", MYSQL_OPT_SSL_KEY), ("ssl_capath", MYSQL_OPT_SSL_CAPATH),
                              ("ssl_cipher", MYSQL_OPT_SSL_CIPHER)] {
            if let v = url.option(key) {
                _ = v.withCString { mysql_options(m, option, $0) }
            }
        }
        if let tls, tls != .disabled {
            var on: my_bool = 1
            mysql_options(m, MYSQL_OPT_SSL_ENFORCE, &on)
            if tls == .verifyIdentity {
                // Connector/C checks the chain and the host name together.
                mysql_options(m, MYSQL_OPT_SSL_VERIFY_SERVER_CERT, &on)
            }
        }
        var reconnect: my_bool = 0
        mysql_options(m, MYSQL_OPT_RECONNECT, &reconnect)
        // The URL must reach the server the service's own driver reaches with it: OpenStack's
        // `mysql+pymysql://…@localhost:3307/` is TCP to port 3307, never the socket of whichever
        // server listens on the default one.
        if url.option("unix_socket") == nil, let driver = url.driver, Self.tcpDrivers.contains(driver.lowercased()) {
            var tcp = UInt32(MYSQL_PROTOCOL_TCP.rawValue)
            mysql_options(m, MYSQL_OPT_PROTOCOL, &tcp)
        }

        let host = url.host.flatMap { $0.isEmpty ? nil : $0 }
        let connected = mysql_real_connect(
            m, host, url.username, url.password, url.database, UInt32(url.port ?? 0), url.option("unix_socket"),
            UInt(CLIENT_MULTI_STATEMENTS))
        if connected == nil {
            let code = mysql_errno(m)
            let message = String(cString: mysql_error(m))
            mysql_close(m)
            throw DatabaseError(
                kind: .connection, backend: .mysql, code: String(code), message: "cannot connect to \(url): \(message)")
        }
        if let tls, tls != .disabled, mysql_get_ssl_cipher(m) == nil {
            mysql_close(m)
            throw DatabaseError(kind: .connection, backend: .mysql,
                                message: "cannot connect to \(url): the URL asks for TLS (\(tls.name)) but the connection is not encrypted: the server does not offer TLS")
        }
        mysql = m
        mysql_set_local_infile_handler(
            m, LocalInfileRows.initialize, LocalInfileRows.readRows, LocalInfileRows.end, LocalInfileRows.error,
            Unmanaged.passUnretained(infile).toOpaque())
    }

    deinit { close() }

    public func close() {
        if let mysql { mysql_close(mysql) }
        mysql = nil
    }

    private func handle() throws -> UnsafeMutablePointer<MYSQL> {
        guard let mysql else {
            throw DatabaseError(kind: .connectionLost, backend: .mysql, message: "the connection is closed")
        }
        return mysql
    }

    private func fail(_ m: UnsafeMutablePointer<MYSQL>, sql: String?) -> DatabaseError {
        let code = mysql_errno(m)
        let message = String(cString: mysql_error(m))
        let kind: DatabaseError.Kind =
            switch code {
            case 2006, 2013, 2055: .connectionLost
            case 1205: .lockTimeout
            default: .statement
            }
        return DatabaseError(kind: kind, backend: .mysql, code: String(code), message: message, sql: sql)
    }

    public func execute(_ sql: String) throws {
        _ = try run(sql)
    }

    public func query(_ sql: String, _ parameters: [SQLValue]) throws -> [Row] {
        try run(parameters.isEmpty ? sql : bind(sql, parameters))
    }

    /// The size `load` fills each statement to, when not the server's packet (tests use a small one).
    public var loadStatementBytes: Int?

    /// `LOAD DATA LOCAL INFILE` streamed from memory (what the `mariadb` client's own loader does), or
    /// where the server refuses local files, multi-row `INSERT`s. LOCAL turns errors on rows into
    /// warnings and skips duplicate keys, so anything short of every row arriving cleanly is an error
    /// here (the caller's transaction takes the rest back).
    public var loadPrefix = ""

    public func load(_ insert: BulkInsert) throws {
        if let bad = insert.malformedRow { throw DatabaseError(kind: .statement, backend: .mysql, message: bad, sql: insert.summary) }
        // The character set goes into the statement as a name: only a plain one (else the inserts below).
        let plainCharset = !charset.isEmpty && charset.utf8.allSatisfy { $0 == 95 || ($0 >= 48 && $0 <= 57) || (($0 | 0x20) >= 97 && ($0 | 0x20) <= 122) }
        if localInfile && loadStatementBytes == nil && plainCharset {
            let m = try handle()
            let dialect = MySQLDialect()
            let sql = loadPrefix + "LOAD DATA LOCAL INFILE 'vdi-db-manage-rows' INTO TABLE \(dialect.quote(insert.table)) CHARACTER SET \(charset) "
                + "FIELDS TERMINATED BY '\\t' ESCAPED BY '\\\\' LINES TERMINATED BY '\\n' (\(insert.columns.map(dialect.quote).joined(separator: ", ")))"
            infile.start(insert)
            defer { infile.finish() }
            let rc = sql.withCString { mysql_real_query(m, $0, UInt(strlen($0))) }
            if rc != 0 {
                let code = mysql_errno(m)
                // 1148, 4166: the server does not take local files; the inserts below do the same work.
                guard code == 1148 || code == 4166 else { throw fail(m, sql: "LOAD DATA LOCAL INFILE … -- \(insert.summary)") }
                localInfile = false
            } else {
                let loaded = mysql_affected_rows(m), warnings = mysql_warning_count(m)
                try drainResults(m, sql: insert.summary)
                if loaded != UInt64(insert.rows.count) || warnings > 0 {
                    let first = (try? run("SHOW WARNINGS LIMIT 1"))?.first.map { "\($0.values.count > 2 ? $0.values[2].stringValue ?? "" : "")" } ?? ""
                    throw DatabaseError(kind: .statement, backend: .mysql,
                                        message: "\(loaded) of \(insert.rows.count) rows loaded into \(insert.table) with \(warnings) warning(s)" + (first.isEmpty ? "" : ": \(first)"),
                                        sql: insert.summary)
                }
                return
            }
        }
        try insertRows(insert)
    }

    /// Multi-row `INSERT … VALUES` statements, each as large as the server's `max_allowed_packet` takes
    /// (at most 16 MiB), values escaped by the client library for the connection's character set.
    func insertRows(_ insert: BulkInsert) throws {
        let m = try handle()
        let dialect = MySQLDialect()
        let packet = (try? run("SELECT @@max_allowed_packet"))?.first?.values.first?.intValue ?? 4 << 20
        let limit = loadStatementBytes ?? max(64 << 10, min(Int(packet), 16 << 20) - 64 << 10)
        let head = Array((loadPrefix + "INSERT INTO \(dialect.quote(insert.table)) (\(insert.columns.map(dialect.quote).joined(separator: ", "))) VALUES ").utf8)
        var buffer: [UInt8] = []
        buffer.reserveCapacity(limit + (1 << 16))
        var scratch = [CChar](repeating: 0, count: 1024)
        var rowsInStatement = 0
        func send() throws {
            guard rowsInStatement > 0 else { return }
            let rc = buffer.withUnsafeBufferPointer { b in
                b.withMemoryRebound(to: CChar.self) { mysql_real_query(m, $0.baseAddress, UInt($0.count)) }
            }
            if rc != 0 { throw fail(m, sql: insert.summary) }
            try drainResults(m, sql: insert.summary)
            buffer.removeAll(keepingCapacity: true)
            rowsInStatement = 0
        }
        for (n, row) in insert.rows.enumerated() {
            let mark = buffer.count
            buffer.append(contentsOf: rowsInStatement == 0 ? head : [44])
            buffer.append(40)
            for (i, value) in row.enumerated() {
                if i > 0 { buffer.append(44) }
                switch value {
                case .null: buffer.append(contentsOf: "NULL".utf8)
                case .integer(let v): buffer.append(contentsOf: String(v).utf8)
                case .double(let d): buffer.append(contentsOf: (d.isFinite ? "\(d)" : "NULL").utf8)
                case .bytes(let b): buffer.append(contentsOf: dialect.bytesLiteral(b).utf8)
                case .text(let s):
                    var s = s
                    s.withUTF8 { utf8 in
                        if scratch.count < utf8.count * 2 + 1 { scratch = [CChar](repeating: 0, count: utf8.count * 2 + 1) }
                        let written = utf8.withMemoryRebound(to: CChar.self) { src in
                            scratch.withUnsafeMutableBufferPointer { mysql_real_escape_string(m, $0.baseAddress, src.baseAddress, UInt(utf8.count)) }
                        }
                        buffer.append(39)
                        scratch.withUnsafeBufferPointer { p in
                            p.withMemoryRebound(to: UInt8.self) { buffer.append(contentsOf: $0[0..<Int(written)]) }
                        }
                        buffer.append(39)
                    }
                }
            }
            buffer.append(41)
            rowsInStatement += 1
            if buffer.count > limit && rowsInStatement > 1 {
                // This row made the statement too large: send the ones before it, start again with it.
                let row = Array(buffer[(mark + 1)...])
                buffer.removeSubrange(mark...)
                rowsInStatement -= 1
                try send()
                buffer.append(contentsOf: head)
                buffer.append(contentsOf: row)
                rowsInStatement = 1
            }
        }
        try send()
    }

    /// Reads the results of the statements just sent, one per statement, in order: `body` gets each
    /// statement's position and rows (nil for a statement without a result set). The server stops at a
    /// failing statement; if `body` throws, the results still to come are read and dropped first, so
    /// the connection stays in step either way.
    private func eachResult(_ m: UnsafeMutablePointer<MYSQL>, sql: (Int) -> String, _ body: (Int, [Row]?) throws -> Void) throws {
        var index = 0
        var failure: (any Error)?
        while true {
            if let result = mysql_store_result(m) {
                if failure == nil {
                    do { try body(index, Self.rows(of: result)) } catch { failure = error }
                }
                mysql_free_result(result)
            } else if mysql_field_count(m) != 0 {
                throw fail(m, sql: sql(index))
            } else if failure == nil {
                do { try body(index, nil) } catch { failure = error }
            }
            let next = mysql_next_result(m)
            index += 1
            if next == -1 { break }
            if next > 0 { throw fail(m, sql: sql(index)) }
        }
        if let failure { throw failure }
    }

    /// Reads and drops every result of the statement just sent.
    private func drainResults(_ m: UnsafeMutablePointer<MYSQL>, sql: String) throws {
        try eachResult(m, sql: { _ in sql }) { _, _ in }
    }

    /// Sends SQL (possibly several statements) and returns the rows of the last result set.
    private func run(_ sql: String) throws -> [Row] {
        let m = try handle()
        let rc = sql.withCString { mysql_real_query(m, $0, UInt(strlen($0))) }
        if rc != 0 { throw fail(m, sql: sql) }
        var rows: [Row] = []
        try eachResult(m, sql: { _ in sql }) { _, r in if let r { rows = r } }
        return rows
    }

    /// One transaction in one round trip: `START TRANSACTION; …; COMMIT`. The server stops at a failing
    /// statement with the transaction still open, which is then rolled back.
    public func executeTogether(_ statements: [String]) throws {
        if statements.count < 2 { return try statements.forEach(execute) }
        do {
            _ = try run((["START TRANSACTION"] + statements + ["COMMIT"]).joined(separator: ";\n"))
        } catch {
            // Deliberate: the statement's error is the one to report, not the rollback's.
            try? rollback()
            throw error
        }
    }

    /// All the queries in one multi-statement round trip. The server runs them one after another and
    /// writes each result as it is done, so `each` works on one while the server computes the next.
    public func queries(_ statements: [(sql: String, parameters: [SQLValue])], each: (Int, [Row]) throws -> Void) throws {
        let m = try handle()
        let bound = try statements.map { $0.parameters.isEmpty ? $0.sql : try bind($0.sql, $0.parameters) }
        let sql = bound.joined(separator: ";\n")
        let rc = sql.withCString { mysql_real_query(m, $0, UInt(strlen($0))) }
        if rc != 0 { throw fail(m, sql: bound.first ?? sql) }
        try eachResult(m, sql: { bound.indices.contains($0) ? bound[$0] : sql }) { try each($0, $1 ?? []) }
    }

    private static func rows(of result: UnsafeMutablePointer<MYSQL_RES>) -> [Row] {
        let n = Int(mysql_num_fields(result))
        guard let fields = mysql_fetch_fields(result) else { return [] }
        var names: [String] = []
        var kinds: [Int] = []  // 0 text, 1 integer, 2 double, 3 bytes, 4 unsigned integer
        for i in 0..<n {
            let f = fields[i]
            names.append(String(cString: f.name))
            switch f.type {
            case MYSQL_TYPE_TINY, MYSQL_TYPE_SHORT, MYSQL_TYPE_LONG, MYSQL_TYPE_INT24, MYSQL_TYPE_YEAR:
                kinds.append(1)
            case MYSQL_TYPE_LONGLONG:
                kinds.append(f.flags & UInt32(UNSIGNED_FLAG) != 0 ? 4 : 1)
            case MYSQL_TYPE_FLOAT, MYSQL_TYPE_DOUBLE:
                kinds.append(2)
            case MYSQL_TYPE_BIT, MYSQL_TYPE_GEOMETRY:
                kinds.append(3)
            case MYSQL_TYPE_TINY_BLOB, MYSQL_TYPE_MEDIUM_BLOB, MYSQL_TYPE_LONG_BLOB, MYSQL_TYPE_BLOB,
                MYSQL_TYPE_STRING, MYSQL_TYPE_VAR_STRING, MYSQL_TYPE_VARCHAR:
                kinds.append(f.charsetnr == 63 ? 3 : 0)
            default:
                kinds.append(0)
            }
        }
        var rows: [Row] = []
        while let row = mysql_fetch_row(result) {
            guard let lengths = mysql_fetch_lengths(result) else { break }
            var values: [SQLValue] = []
            values.reserveCapacity(n)
            for i in 0..<n {
                guard let cell = row[i] else {
                    values.append(.null)
                    continue
                }
                let buffer = UnsafeRawBufferPointer(start: cell, count: Int(lengths[i]))
                switch kinds[i] {
                case 3:
                    values.append(.bytes(Array(buffer)))
                default:
                    let text = String(decoding: buffer, as: UTF8.self)
                    switch kinds[i] {
                    case 1: values.append(Int64(text).map(SQLValue.integer) ?? .text(text))
                    case 4: values.append(Int64(text).map(SQLValue.integer) ?? .text(text))
                    case 2: values.append(Double(text).map(SQLValue.double) ?? .text(text))
                    default: values.append(.text(text))
                    }
                }
            }
            rows.append(Row(columns: names, values: values))
        }
        return rows
    }

    /// Replaces each `?` outside quotes and comments with the escaped literal of the next parameter.
    private func bind(_ sql: String, _ parameters: [SQLValue]) throws -> String {
        let m = try handle()
        var out = ""
        var next = 0
        var quote: Character?
        var chars = Array(sql)
        chars.append("\0")
        var i = 0
        while i < chars.count - 1 {
            let c = chars[i]
            if let q = quote {
                out.append(c)
                if c == "\\" && q != "`" && i + 1 < chars.count - 1 {
                    out.append(chars[i + 1]); i += 2; continue
                }
                if c == q { quote = nil }
                i += 1
                continue
            }
            switch c {
            case "'", "\"", "`":
                quote = c
                out.append(c)
            case "?":
                guard next < parameters.count else {
                    throw DatabaseError(kind: .other, backend: .mysql, message: "more placeholders than parameters", sql: sql)
                }
                out += literal(parameters[next], m)
                next += 1
            default:
                out.append(c)
            }
            i += 1
        }
        guard next == parameters.count else {
            throw DatabaseError(kind: .other, backend: .mysql, message: "more parameters than placeholders", sql: sql)
        }
        return out
    }

    private func literal(_ value: SQLValue, _ m: UnsafeMutablePointer<MYSQL>) -> String {
        switch value {
        case .null: return "NULL"
        case .integer(let i): return String(i)
        case .double(let d): return d.isFinite ? "\(d)" : "NULL"
        case .bytes(let b): return MySQLDialect().bytesLiteral(b)
        case .text(let s):
            let utf8 = Array(s.utf8)
            var buffer = [CChar](repeating: 0, count: utf8.count * 2 + 1)
            let n = utf8.withUnsafeBufferPointer { src in
                src.withMemoryRebound(to: CChar.self) { mysql_real_escape_string(m, &buffer, $0.baseAddress, UInt(utf8.count)) }
            }
            let escaped = buffer[0..<Int(n)].map { UInt8(bitPattern: $0) }
            return "'" + String(decoding: escaped, as: UTF8.self) + "'"
        }
    }

    public func begin() throws { try execute("START TRANSACTION") }
    public func commit() throws { try execute("COMMIT") }
    public func rollback() throws { try execute("ROLLBACK") }

    public func serverVersion() throws -> String {
        String(cString: mysql_get_server_info(try handle()))
    }

    /// "TLS <cipher>" or "no TLS", as Connector/C negotiated this connection.
    public func transportSecurity() throws -> String? {
        guard let cipher = mysql_get_ssl_cipher(try handle()) else { return "no TLS" }
        return "TLS \(String(cString: cipher))"
    }
}

/// What the URL's TLS options ask of a MariaDB connection: `ssl_mode` (MySQL's names), or `ssl=true`,
/// `ssl_verify_cert=true` and the certificate options, which ask for verified TLS. Whatever asks for TLS
/// gets it or an error: never a connection in plaintext.
enum TLSMode: Equatable {
    case disabled
    /// Encrypted, the certificate not checked (`ssl_mode=REQUIRED`, or `ssl_verify_cert=false`).
    case required
    /// Encrypted, the certificate checked against `ssl_ca`/`ssl_capath` (or the system's store) and the
    /// host name against it (`ssl=true`, `ssl_verify_cert=true`, `ssl_ca=…`, `VERIFY_CA`, `VERIFY_IDENTITY`).
    case verifyIdentity

    var name: String {
        switch self {
        case .disabled: "ssl_mode=DISABLED"
        case .required: "ssl_mode=REQUIRED"
        case .verifyIdentity: "a verified certificate"
        }
    }

    static func flag(_ url: DatabaseURL, _ key: String) throws -> Bool? {
        guard let v = url.option(key) else { return nil }
        switch v.lowercased() {
        case "1", "true", "yes", "on": return true
        case "0", "false", "no", "off": return false
        default: throw DatabaseError(kind: .connection, backend: .mysql, message: "\(key)=\(String(v.prefix(40))) is not true or false")
        }
    }

    /// The mode, or nil when the URL says nothing of TLS; throws for a contradiction, an unknown mode
    /// or a certificate file that is not there.
    static func from(_ url: DatabaseURL) throws -> TLSMode? {
        func fail(_ m: String) -> DatabaseError { DatabaseError(kind: .connection, backend: .mysql, message: m) }
        for key in ["ssl_ca", "ssl_cert", "ssl_key"] {
            if let path = url.option(key), access(path, R_OK) != 0 {
                throw fail("\(key)=\(String(path.prefix(200))): \(String(cString: strerror(errno))) (a certificate file TLS was asked to use)")
            }
        }
        if let dir = url.option("ssl_capath") {
            var st = stat()
            guard stat(dir, &st) == 0, (st.st_mode & S_IFMT) == S_IFDIR else { throw fail("ssl_capath=\(String(dir.prefix(200))): not a directory") }
        }
        if (url.option("ssl_cert") == nil) != (url.option("ssl_key") == nil) {
            throw fail("ssl_cert and ssl_key go together: a client certificate needs its key")
        }
        // ssl_verify_identity is PyMySQL's spelling of the host-name check; Connector/C checks the chain
        // and the name together, so it means what ssl_verify_cert does.
        let ssl = try flag(url, "ssl"), verifyCert = try flag(url, "ssl_verify_cert"), verifyIdentity = try flag(url, "ssl_verify_identity")
        if let a = verifyCert, let b = verifyIdentity, a != b { throw fail("ssl_verify_cert and ssl_verify_identity disagree: Connector/C checks the certificate and the host name together") }
        let verify = verifyCert ?? verifyIdentity
        let certificates = ["ssl_ca", "ssl_capath", "ssl_cert", "ssl_key", "ssl_cipher"].contains { url.option($0) != nil }
        if let mode = url.option("ssl_mode") {
            let m: TLSMode
            switch mode.uppercased() {
            case "DISABLED": m = .disabled
            case "REQUIRED": m = .required
            case "VERIFY_CA", "VERIFY_IDENTITY": m = .verifyIdentity
            case "PREFERRED":
                throw fail("ssl_mode=PREFERRED would fall back to plaintext: give REQUIRED, VERIFY_CA or VERIFY_IDENTITY (or DISABLED)")
            default:
                throw fail("ssl_mode=\(String(mode.prefix(40))) is not one of DISABLED, REQUIRED, VERIFY_CA, VERIFY_IDENTITY")
            }
            if m == .disabled && (ssl == true || verify == true || certificates) { throw fail("ssl_mode=DISABLED contradicts the URL's other TLS options") }
            if m != .disabled && ssl == false { throw fail("ssl_mode=\(mode.uppercased()) contradicts ssl=false") }
            if m == .required && verify == true { throw fail("ssl_mode=REQUIRED contradicts ssl_verify_cert=true") }
            if m == .verifyIdentity && verify == false { throw fail("ssl_mode=\(mode.uppercased()) contradicts ssl_verify_cert=false") }
            return m
        }
        if ssl == false {
            if verify == true || certificates { throw fail("ssl=false contradicts the URL's other TLS options") }
            return .disabled
        }
        if verify == false { return ssl == true || certificates ? .required : nil }
        return ssl == true || verify == true || certificates ? .verifyIdentity : nil
    }
}
