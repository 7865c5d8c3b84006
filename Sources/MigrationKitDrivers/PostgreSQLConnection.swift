import CLibPQ
import MigrationKit

#if canImport(Glibc)
import Glibc
#endif

/// A connection to PostgreSQL through libpq.
///
/// Owns one `PGconn`; not shared between threads, hence a plain final class.
/// See https://www.postgresql.org/docs/current/libpq.html
public final class PostgreSQLConnection: DatabaseConnection, BulkLoader {
    public let backend = Backend.postgresql
    private var conn: OpaquePointer?

    /// Connects with the URL's host, port, user, password and database; query options go to libpq
    /// as connection keywords (`sslmode`, `connect_timeout`, `host=/socket/dir`, `options`, …).
    public init(url: DatabaseURL, defaultConnectTimeout: Int = 10) throws {
        try LibPQ.require()
        var params: [(String, String)] = []
        if url.hosts.isEmpty {
            if let host = url.host, !host.isEmpty { params.append(("host", host)) }
            if let port = url.port { params.append(("port", String(port))) }
        } else {
            // libpq's lists: host=a,b port=1,2 (an empty entry takes the default port; one port, or
            // none, applies to every host).
            params.append(("host", url.hosts.map(\.host).joined(separator: ",")))
            if url.hosts.contains(where: { $0.port != nil }) {
                params.append(("port", url.hosts.map { $0.port.map(String.init) ?? "" }.joined(separator: ",")))
            } else if let port = url.port {
                params.append(("port", String(port)))
            }
        }
        if let user = url.username { params.append(("user", user)) }
        if let password = url.password { params.append(("password", password)) }
        if let db = url.database { params.append(("dbname", db)) }
        for (k, v) in url.query where url.hosts.isEmpty || (k != "host" && k != "port") { params.append((k, v)) }
        if url.option("load_balance_hosts") != nil, PQlibVersion() < 160000 {
            throw DatabaseError(
                kind: .connection, backend: .postgresql,
                message: "cannot connect to \(url): load_balance_hosts needs libpq 16 or newer, and the libpq loaded is \(Self.libraryVersion); remove the option (hosts are then tried in the order written)")
        }
        if url.option("connect_timeout") == nil { params.append(("connect_timeout", String(defaultConnectTimeout))) }
        if url.option("application_name") == nil { params.append(("application_name", "vdi-db-manage[\(getpid())]")) }
        // UTF-8 in the startup packet (the last value of a repeated keyword wins): no separate SET
        // round trip after connecting, and text is always decoded as it was sent.
        params.append(("client_encoding", "UTF8"))

        let keys = params.map { strdup($0.0) }
        let values = params.map { strdup($0.1) }
        defer { (keys + values).forEach { free($0) } }
        var keyPtrs: [UnsafePointer<CChar>?] = keys.map { UnsafePointer($0) } + [nil]
        var valuePtrs: [UnsafePointer<CChar>?] = values.map { UnsafePointer($0) } + [nil]
        let c = keyPtrs.withUnsafeMutableBufferPointer { k in
            valuePtrs.withUnsafeMutableBufferPointer { v in PQconnectdbParams(k.baseAddress, v.baseAddress, 0) }
        }
        guard let c else {
            throw DatabaseError(kind: .connection, backend: .postgresql, message: "out of memory while connecting")
        }
        if PQstatus(c) != CONNECTION_OK {
            var message = Self.clean(PQerrorMessage(c))
            PQfinish(c)
            if let attrs = url.option("target_session_attrs"),
                ["session is read-only", "hot standby mode", "session is not read-only"].contains(where: message.contains)
            {
                let why = attrs == "read-write"
                    ? ": the primary down and no standby promoted yet, or default_transaction_read_only on at the primary"
                    : attrs == "primary" ? ": the primary down and no standby promoted yet?" : ""
                message += " (no host the URL lists is what target_session_attrs=\(attrs) asks for\(why))"
            }
            throw DatabaseError(kind: .connection, backend: .postgresql, message: "cannot connect to \(url): \(message)")
        }
        conn = c
        // Notices (e.g. "table does not exist, skipping") would go to stderr; keep output ours.
        PQsetNoticeProcessor(c, { _, _ in }, nil)
    }

    deinit { close() }

    public func close() {
        if let conn { PQfinish(conn) }
        conn = nil
    }

    private func handle() throws -> OpaquePointer {
        guard let conn else {
            throw DatabaseError(kind: .connectionLost, backend: .postgresql, message: "the connection is closed")
        }
        return conn
    }

    public func execute(_ sql: String) throws {
        let c = try handle()
        let result = PQexec(c, sql)
        defer { PQclear(result) }
        try check(result, sql: sql)
    }

    public func query(_ sql: String, _ parameters: [SQLValue]) throws -> [Row] {
        let c = try handle()
        var types: [Oid] = []
        var formats: [Int32] = []
        var lengths: [Int32] = []
        var buffers: [UnsafeMutablePointer<CChar>?] = []
        defer { buffers.forEach { free($0) } }
        for p in parameters {
            switch p {
            case .null:
                types.append(0); formats.append(0); lengths.append(0); buffers.append(nil)
            case .integer(let i):
                types.append(20); formats.append(0); lengths.append(0); buffers.append(strdup(String(i)))
            case .double(let d):
                types.append(701); formats.append(0); lengths.append(0); buffers.append(strdup(Self.format(d)))
            case .text(let s):
                types.append(0); formats.append(0); lengths.append(0); buffers.append(strdup(s))
            case .bytes(let b):
                let mem = malloc(max(b.count, 1))!.assumingMemoryBound(to: CChar.self)
                b.withUnsafeBytes { raw in
                    if let base = raw.baseAddress { memcpy(mem, base, b.count) }
                }
                types.append(17); formats.append(1); lengths.append(Int32(b.count)); buffers.append(mem)
            }
        }
        var values: [UnsafePointer<CChar>?] = buffers.map { $0.map { UnsafePointer($0) } }
        let result = PQexecParams(c, sql, Int32(parameters.count), types, &values, lengths, formats, 0)
        defer { PQclear(result) }
        try check(result, sql: sql)
        return Self.rows(of: result!)
    }

    /// `COPY … FROM STDIN` in text format, sent in chunks of about 1 MiB: the way psql's `\\copy` loads.
    public var loadPrefix = ""

    public func load(_ insert: BulkInsert) throws {
        if let bad = insert.malformedRow { throw DatabaseError(kind: .statement, backend: .postgresql, message: bad, sql: insert.summary) }
        let c = try handle()
        let dialect = PostgreSQLDialect()
        let copy = loadPrefix + "COPY \(dialect.quote(insert.table)) (\(insert.columns.map(dialect.quote).joined(separator: ", "))) FROM STDIN"
        let started = PQexec(c, copy)
        guard let started, PQresultStatus(started) == PGRES_COPY_IN else {
            defer { PQclear(started) }
            try check(started, sql: copy)
            throw DatabaseError(kind: .statement, backend: .postgresql, message: "COPY did not start", sql: copy)
        }
        PQclear(started)
        var buffer: [UInt8] = []
        buffer.reserveCapacity(1 << 20 + 4096)
        var failure: DatabaseError?
        func send() {
            guard !buffer.isEmpty, failure == nil else { return }
            let ok = buffer.withUnsafeBufferPointer { b in
                b.withMemoryRebound(to: CChar.self) { PQputCopyData(c, $0.baseAddress, Int32($0.count)) }
            }
            if ok != 1 { failure = DatabaseError(kind: .connectionLost, backend: .postgresql, message: Self.clean(PQerrorMessage(c)), sql: copy) }
            buffer.removeAll(keepingCapacity: true)
        }
        for (n, row) in insert.rows.enumerated() {
            for (i, value) in row.enumerated() {
                if i > 0 { buffer.append(9) }
                Self.copyText(value, into: &buffer)
            }
            buffer.append(10)
            if buffer.count >= 1 << 20 { send() }
            if failure != nil { break }
        }
        send()
        _ = PQputCopyEnd(c, failure == nil ? nil : "aborted by vdi-db-manage")
        // The COPY's own result, then nothing: an error here (a constraint, a bad value) is the load's.
        var result: DatabaseError?
        while let r = PQgetResult(c) {
            if result == nil, failure == nil {
                do { try check(r, sql: insert.summary) } catch let e as DatabaseError { result = e }
            }
            PQclear(r)
        }
        if let e = failure ?? result { throw e }
    }

    /// A value in COPY's text format: `\N` for NULL; backslash, tab, newline and carriage return escaped.
    static func copyText(_ value: SQLValue, into out: inout [UInt8]) {
        switch value {
        case .null: out.append(92); out.append(78)
        case .integer(let i): out.appendDecimal(i)
        case .double(let d): out.append(contentsOf: format(d).utf8)
        case .text(var s):
            s.withUTF8 {
                out.appendEscaped($0) { b in
                    switch b {
                    case 92: 92
                    case 9: 116  // \t
                    case 10: 110  // \n
                    case 13: 114  // \r
                    default: nil
                    }
                }
            }
        case .bytes(let bytes):
            // bytea's hex input (\x…), its backslash escaped for COPY.
            out.append(contentsOf: [92, 92, 120])
            let hex = Array("0123456789abcdef".utf8)
            for b in bytes { out.append(hex[Int(b >> 4)]); out.append(hex[Int(b & 15)]) }
        }
    }

    private static func rows(of result: OpaquePointer) -> [Row] {
        let nFields = PQnfields(result)
        let nRows = PQntuples(result)
        var names: [String] = []
        var oids: [Oid] = []
        for f in 0..<nFields {
            names.append(String(cString: PQfname(result, f)))
            oids.append(PQftype(result, f))
        }
        var rows: [Row] = []
        rows.reserveCapacity(Int(nRows))
        for r in 0..<nRows {
            var values: [SQLValue] = []
            values.reserveCapacity(Int(nFields))
            for f in 0..<nFields {
                if PQgetisnull(result, r, f) != 0 {
                    values.append(.null)
                    continue
                }
                let text = String(cString: PQgetvalue(result, r, f))
                switch oids[Int(f)] {
                case 20, 21, 23, 26: values.append(Int64(text).map(SQLValue.integer) ?? .text(text))
                case 700, 701: values.append(Double(text).map(SQLValue.double) ?? .text(text))
                case 16: values.append(.integer(text == "t" ? 1 : 0))
                case 17: values.append(decodeBytea(text).map(SQLValue.bytes) ?? .text(text))
                default: values.append(.text(text))
                }
            }
            rows.append(Row(columns: names, values: values))
        }
        return rows
    }

    /// Decodes bytea's hex output format (`\x0a0b`).
    private static func decodeBytea(_ text: String) -> [UInt8]? {
        let u = Array(text.utf8)
        guard u.count >= 2, u[0] == UInt8(ascii: "\\"), u[1] == UInt8(ascii: "x") else { return nil }
        var out: [UInt8] = []
        out.reserveCapacity((u.count - 2) / 2)
        var i = 2
        func nibble(_ c: UInt8) -> UInt8? {
            switch c {
            case 48...57: c - 48
            case 97...102: c - 87
            case 65...70: c - 55
            default: nil
            }
        }
        while i + 1 < u.count {
            guard let h = nibble(u[i]), let l = nibble(u[i + 1]) else { return nil }
            out.append(h << 4 | l)
            i += 2
        }
        return out
    }

    static func format(_ d: Double) -> String {
        if d.isNaN { return "NaN" }
        if d.isInfinite { return d > 0 ? "Infinity" : "-Infinity" }
        return "\(d)"
    }

    private func check(_ result: OpaquePointer?, sql: String) throws {
        let status = result.map { PQresultStatus($0) } ?? PGRES_FATAL_ERROR
        switch status {
        case PGRES_COMMAND_OK, PGRES_TUPLES_OK, PGRES_EMPTY_QUERY:
            return
        default:
            var code: String?
            var message: String
            if let result, let sqlstate = PQresultErrorField(result, Int32(UInt8(ascii: "C"))) {
                code = String(cString: sqlstate)
                let primary = PQresultErrorField(result, Int32(UInt8(ascii: "M"))).map { String(cString: $0) }
                message = primary ?? Self.clean(PQresultErrorMessage(result))
                if let detail = PQresultErrorField(result, Int32(UInt8(ascii: "D"))) {
                    message += " (\(String(cString: detail)))"
                }
            } else {
                message = conn.map { Self.clean(PQerrorMessage($0)) } ?? "no connection"
            }
            let lost = conn.map { PQstatus($0) != CONNECTION_OK } ?? true
            if code == "25006", let conn {
                // cannot execute … in a read-only transaction: a standby, a demoted node, or a server
                // made read-only; say which server.
                let host = PQhost(conn).map { String(cString: $0) } ?? "?"
                let port = PQport(conn).map { String(cString: $0) } ?? ""
                message = "the server at \(host)\(port.isEmpty ? "" : ":" + port) refuses writes (a standby, a demoted primary, or default_transaction_read_only): " + message
            }
            let kind: DatabaseError.Kind =
                lost ? .connectionLost : (code == "55P03" ? .lockTimeout : .statement)
            throw DatabaseError(kind: kind, backend: .postgresql, code: code, message: message, sql: sql)
        }
    }

    static func clean(_ message: UnsafePointer<CChar>?) -> String {
        guard let message else { return "unknown error" }
        return String(cString: message).split(separator: "\n").map { $0.trimmingWhitespace() }
            .filter { !$0.isEmpty }.joined(separator: "; ")
    }

    public func begin() throws { try execute("BEGIN") }
    public func commit() throws { try execute("COMMIT") }
    public func rollback() throws { try execute("ROLLBACK") }

    /// "TLS <protocol> <cipher>" or "no TLS": libpq's own view of this connection (through a pooler,
    /// the leg to the pooler).
    public func transportSecurity() throws -> String? {
        let c = try handle()
        guard let proto = PQsslAttribute(c, "protocol") else { return "no TLS" }
        return "TLS \(String(cString: proto)) \(PQsslAttribute(c, "cipher").map { String(cString: $0) } ?? "?")"
    }

    /// libpq's version as "major.minor".
    static var libraryVersion: String {
        let v = PQlibVersion()
        return "\(v / 10000).\(v % 10000)"
    }

    /// The host libpq settled on (with several in the URL, the one `target_session_attrs` accepted) and
    /// whether it takes writes: from the parameters the server reports at connection time (PostgreSQL 14
    /// and later report `in_hot_standby` and `default_transaction_read_only`), else by asking.
    public func answeringServer() throws -> AnsweringServer? {
        let c = try handle()
        let host = PQhost(c).map { String(cString: $0) } ?? "?"
        let port = PQport(c).map { String(cString: $0) } ?? ""
        let endpoint = (host.contains(":") ? "[\(host)]" : host) + (port.isEmpty ? "" : ":\(port)")
        func status(_ name: String) -> String? { PQparameterStatus(c, name).map { String(cString: $0) } }
        var standby = status("in_hot_standby").map { $0 == "on" }
        var readOnly = status("default_transaction_read_only").map { $0 == "on" }
        if standby == nil || readOnly == nil {
            let row = try query("SELECT pg_is_in_recovery(), current_setting('default_transaction_read_only')").first
            standby = row?[0].intValue == 1
            readOnly = row?[1].stringValue == "on"
        }
        if standby == true { return AnsweringServer(endpoint: endpoint, readOnly: true, role: "standby (in recovery)", standby: true) }
        if readOnly == true { return AnsweringServer(endpoint: endpoint, readOnly: true, role: "read-only server (default_transaction_read_only = on)") }
        return AnsweringServer(endpoint: endpoint, readOnly: false, role: "primary")
    }

    public func serverVersion() throws -> String {
        let c = try handle()
        guard let v = PQparameterStatus(c, "server_version") else { return "unknown" }
        return String(cString: v)
    }
}
