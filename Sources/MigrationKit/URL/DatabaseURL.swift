/// A database URL in SQLAlchemy's form: `dialect[+driver]://[user[:password]@]host[:port]/database[?key=value&…]`.
///
/// The printed form (`description`) always shows the password as `***`; use
/// ``password`` only to hand it to a client library.
/// See https://docs.sqlalchemy.org/en/20/core/engines.html#database-urls
public struct DatabaseURL: Sendable, Hashable, CustomStringConvertible {
    public var backend: Backend
    /// The scheme as written, without the driver (`postgres`, `mariadb`, …).
    public var dialectName: String
    /// The Python driver named after `+`; accepted and ignored.
    public var driver: String?
    public var username: String?
    public var password: String?
    public var host: String?
    public var port: Int?
    /// The servers of a PostgreSQL URL that names them as a list, in libpq's spelling
    /// (`host1:5432,host2:5432`) or SQLAlchemy's (`?host=host1:5432&host=host2:5432`,
    /// `?host=host1,host2&port=5432,5433`, or one `?host=` such as a socket directory), in order: libpq
    /// tries them as `target_session_attrs` says. Empty when the URL names its one host in the usual
    /// place (``host``, ``port``).
    public var hosts: [Endpoint] = []
    /// The database name; for SQLite, the file path (`nil` or `:memory:` for an in-memory database).
    public var database: String?
    /// Query options in the order written.
    public var query: [(key: String, value: String)]

    public init(
        backend: Backend, dialectName: String? = nil, driver: String? = nil, username: String? = nil,
        password: String? = nil, host: String? = nil, port: Int? = nil, database: String? = nil,
        query: [(key: String, value: String)] = []
    ) {
        self.backend = backend
        self.dialectName = dialectName ?? backend.rawValue
        self.driver = driver
        self.username = username
        self.password = password
        self.host = host
        self.port = port
        self.database = database
        self.query = query
    }

    /// Every server the URL names, in order (one, unless ``hosts`` lists several).
    public var endpoints: [Endpoint] {
        hosts.isEmpty ? [Endpoint(host: host ?? "", port: port)] : hosts
    }

    /// The last value given for a query option.
    public func option(_ key: String) -> String? {
        query.last(where: { $0.key == key })?.value
    }

    /// True for `sqlite://` and `sqlite:///:memory:`.
    public var isInMemorySQLite: Bool {
        backend == .sqlite && (database == nil || database == "" || database == ":memory:")
    }

    /// The URL with the password (and any `password` query option) shown as `***`.
    public var description: String { render(maskPassword: true) }

    /// The URL with the password as written; for handing to other tools, never for printing.
    public var unmaskedString: String { render(maskPassword: false) }

    private func render(maskPassword: Bool) -> String {
        var s = dialectName
        if let driver { s += "+" + driver }
        s += "://"
        if let username {
            s += PercentEncoding.encode(username)
            if let password { s += ":" + (maskPassword ? "***" : PercentEncoding.encode(password)) }
            s += "@"
        }
        if !hosts.isEmpty && option("host") == nil {
            s += hosts.map(\.description).joined(separator: ",")
        } else {
            if let host { s += host.contains(":") ? "[\(host)]" : host }
            if let port { s += ":\(port)" }
        }
        if let database { s += "/" + database }
        if !query.isEmpty {
            s += "?"
            s += query.map { item in
                let value = maskPassword && Self.secretKeys.contains(item.key.lowercased())
                    ? "***" : PercentEncoding.encode(item.value, keepSlash: true, keep: ":,")
                return PercentEncoding.encode(item.key) + "=" + value
            }.joined(separator: "&")
        }
        return s
    }

    static let secretKeys: Set<String> = ["password", "passwd", "sslpassword"]

    public static func == (a: DatabaseURL, b: DatabaseURL) -> Bool {
        a.unmaskedString == b.unmaskedString
    }

    public func hash(into hasher: inout Hasher) { hasher.combine(unmaskedString) }
}

/// One server of a URL: a host name, an address or (PostgreSQL) a socket directory, and its port if given.
public struct Endpoint: Sendable, Hashable, CustomStringConvertible {
    public var host: String
    public var port: Int?
    public init(host: String, port: Int? = nil) {
        self.host = host
        self.port = port
    }
    /// `host:port`, an IPv6 address in brackets.
    public var description: String {
        (host.contains(":") ? "[\(host)]" : host) + (port.map { ":\($0)" } ?? "")
    }
}

/// Why a database URL was refused. Messages never include the password.
public struct DatabaseURLError: Error, Sendable, CustomStringConvertible, Equatable {
    public var description: String
    public init(_ description: String) { self.description = description }
}
