extension DatabaseURL {
    /// The schemes accepted, and the backend each means.
    static let schemes: [String: Backend] = [
        "postgresql": .postgresql, "postgres": .postgresql, "pgsql": .postgresql,
        "mysql": .mysql, "mariadb": .mysql,
        "sqlite": .sqlite,
    ]

    /// Parses a URL the way SQLAlchemy's `make_url` does.
    ///
    /// - Throws: ``DatabaseURLError`` with a message that never repeats the password.
    public init(parsing text: String) throws {
        let shape = "expected dialect://user:password@host:port/database"
        let input = text.trimmingWhitespace()
        if input.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7f }) {
            throw DatabaseURLError("could not parse database URL: it contains a control character (a line break?)")
        }
        guard let sep = input.firstRange(of: "://") else {
            throw DatabaseURLError("could not parse database URL: no '://' (\(shape))")
        }
        let name = String(input[..<sep.lowerBound])
        guard !name.isEmpty, name.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_" || $0 == "+") })
        else {
            throw DatabaseURLError("could not parse database URL: the scheme is not a dialect name (\(shape))")
        }
        let parts = name.split(separator: "+", maxSplits: 1, omittingEmptySubsequences: false)
        let dialect = parts[0].lowercased()
        guard let backend = Self.schemes[dialect] else {
            let known = ["postgresql", "mysql", "mariadb", "sqlite"].joined(separator: ", ")
            throw DatabaseURLError("unknown database URL scheme '\(printable(dialect))' (supported: \(known))")
        }
        let driver = parts.count > 1 ? String(parts[1]) : nil
        if let driver, driver.isEmpty {
            throw DatabaseURLError("could not parse database URL: empty driver name after '+'")
        }

        var rest = Substring(input[sep.upperBound...])
        // user[:password]@ — the user part stops at ':' or '/', the password at the last '@' that a host
        // follows (a host name or [address], an optional :port, then '/', '?' or the end). An unencoded
        // '@', '/', '?', '=' or '#' in a password thus belongs to the password: taking the first '@', or the
        // last before the first '?', would print the rest of the password as a host or an option. (An '@'
        // in a query value must then be percent-encoded, as it should be anyway.)
        var username: String?
        var password: String?
        let stop = rest.firstIndex(where: { $0 == ":" || $0 == "/" }) ?? rest.endIndex
        if stop < rest.endIndex, rest[stop] == ":", rest[stop...].contains("@"),
            let at = rest[stop...].indices.filter({ rest[$0] == "@" }).last(where: { Self.hostFollows(rest[rest.index(after: $0)...]) })
                ?? rest[stop...].lastIndex(of: "@")
        {
            username = String(rest[..<stop])
            password = String(rest[rest.index(after: stop)..<at])
            rest = rest[rest.index(after: at)...]
        } else if let at = rest[..<stop].lastIndex(of: "@") {
            username = String(rest[..<at])
            rest = rest[rest.index(after: at)...]
        }

        // host[:port], or libpq's list host1[:port1],host2[:port2],…
        var host: String?
        var port: Int?
        var hosts: [Endpoint] = []
        let authorityEnd = rest.firstIndex(where: { $0 == "/" || $0 == "?" }) ?? rest.endIndex
        if rest[..<authorityEnd].contains(",") {
            guard backend == .postgresql else {
                throw DatabaseURLError("could not parse database URL: several hosts in one URL are understood for PostgreSQL only (for MariaDB, name the cluster's load balancer or one node)")
            }
            hosts = try rest[..<authorityEnd].split(separator: ",", omittingEmptySubsequences: false).enumerated()
                .map { try Self.endpoint($0.element, context: "host list", position: $0.offset + 1) }
            rest = rest[authorityEnd...]
        } else if rest.first == "[" {
            guard let close = rest.firstIndex(of: "]") else {
                throw DatabaseURLError("could not parse database URL: unclosed '[' in the host")
            }
            host = String(rest[rest.index(after: rest.startIndex)..<close])
            rest = rest[rest.index(after: close)...]
        } else {
            let end = rest.firstIndex(where: { $0 == "/" || $0 == ":" || $0 == "?" }) ?? rest.endIndex
            if end > rest.startIndex { host = String(rest[..<end]) }
            rest = rest[end...]
        }
        if rest.first == ":" {
            let end = rest.firstIndex(where: { $0 == "/" || $0 == "?" }) ?? rest.endIndex
            let text = rest[rest.index(after: rest.startIndex)..<end]
            // The text is not repeated: in a malformed URL it may be part of the password.
            guard let value = Int(text), (1...65535).contains(value) else {
                throw DatabaseURLError("could not parse database URL: the port is not a number from 1 to 65535 (a '@' or ':' in the password must be percent-encoded)")
            }
            port = value
            rest = rest[end...]
        }

        // /database
        var database: String?
        if rest.first == "/" {
            let end = rest.firstIndex(of: "?") ?? rest.endIndex
            database = String(rest[rest.index(after: rest.startIndex)..<end])
            rest = rest[end...]
        }

        // ?query
        var query: [(key: String, value: String)] = []
        if rest.first == "?" {
            for pair in rest.dropFirst().split(separator: "&", omittingEmptySubsequences: true) {
                let kv = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
                guard kv.count == 2, !kv[0].isEmpty else {
                    throw DatabaseURLError("could not parse database URL: a query option has no 'key=value' form")
                }
                query.append((try Self.decode(kv[0], form: true), try Self.decode(kv[1], form: true)))
            }
        }

        // SQLAlchemy's multi-host spellings in the query (PostgreSQL): ?host=h1:p1&host=h2:p2, or
        // ?host=h1,h2&port=p1,p2, or one ?host= (a name, name:port, or a socket directory).
        // With libpq's list before the database, the query's port list pairs with it (or one port
        // applies to all), as libpq reads it; a ?host= as well would say two different things.
        if backend == .postgresql, hosts.isEmpty {
            hosts = try Self.queryEndpoints(query)
        } else if backend == .postgresql {
            if query.contains(where: { $0.key == "host" }) {
                throw DatabaseURLError("could not parse database URL: hosts both before the database and in ?host=: use one of the two")
            }
            let portValues = query.filter { $0.key == "port" }.map(\.value)
            if let last = portValues.last {
                let ports = last.split(separator: ",", omittingEmptySubsequences: false)
                guard ports.count == hosts.count || ports.count == 1 else {
                    throw DatabaseURLError("could not parse database URL: \(hosts.count) hosts before the database but \(ports.count) ports in ?port=")
                }
                for i in hosts.indices {
                    let text = ports.count == 1 ? ports[0] : ports[i]
                    hosts[i].port = text.isEmpty ? nil : try Self.port(text, context: "?port= list", position: ports.count == 1 ? nil : i + 1)
                }
            }
        } else if query.filter({ $0.key == "host" }).count > 1 || query.contains(where: { $0.key == "host" && $0.value.contains(",") }) {
            throw DatabaseURLError("could not parse database URL: several hosts in one URL are understood for PostgreSQL only (for MariaDB, name the cluster's load balancer or one node)")
        }

        // As Python's unquote (and so SQLAlchemy) does, a '%' that starts no valid escape is kept as it is:
        // a password typed unencoded may hold one.
        if let u = username { username = PercentEncoding.decode(Substring(u), plusIsSpace: false) ?? u }
        if let p = password {
            Secrets.register(p)
            password = PercentEncoding.decode(Substring(p), plusIsSpace: false) ?? p
            Secrets.register(password ?? p)
        }

        if backend == .sqlite {
            if username != nil || port != nil || (host.map { !$0.isEmpty } ?? false) {
                throw DatabaseURLError(
                    "a sqlite URL has no user, host or port: use sqlite:///relative.db or sqlite:////absolute.db")
            }
            host = nil
            if database == "" { database = nil }
        } else if database == nil || database == "" {
            throw DatabaseURLError("the database URL names no database: add /DATABASE after the host")
        }

        self.init(
            backend: backend, dialectName: dialect, driver: driver, username: username, password: password,
            host: host, port: port, database: database, query: query)
        self.hosts = hosts
    }

    /// One `host[:port]` or `[address][:port]` of a host list. The text is not repeated in errors: in a
    /// malformed URL it may be part of the password.
    static func endpoint(_ text: Substring, context: String, position: Int? = nil) throws -> Endpoint {
        var hostText = text
        var portText: Substring?
        if text.first == "[" {
            guard let close = text.firstIndex(of: "]") else {
                throw DatabaseURLError("could not parse database URL: unclosed '[' in the \(context)")
            }
            hostText = text[text.index(after: text.startIndex)..<close]
            let after = text[text.index(after: close)...]
            if !after.isEmpty {
                guard after.first == ":" else { throw DatabaseURLError("could not parse database URL: text after ']' in the \(context)") }
                portText = after.dropFirst()
            }
        } else if let colon = text.lastIndex(of: ":"), !text.hasPrefix("/") {
            hostText = text[..<colon]
            portText = text[text.index(after: colon)...]
            if hostText.contains(":") {
                let which = position.map { "entry \($0) of the \(context)" } ?? "the \(context)"
                throw DatabaseURLError("could not parse database URL: \(which) has more than one ':' (write an IPv6 address in brackets: [::1]:5432)")
            }
        }
        guard !hostText.isEmpty else {
            throw DatabaseURLError("could not parse database URL: an empty host in the \(context)")
        }
        // An empty port (`host:`) is the default port, as libpq takes it.
        return Endpoint(host: String(hostText), port: try portText.flatMap { $0.isEmpty ? nil : try port($0, context: context, position: position) })
    }

    static func port(_ text: Substring, context: String, position: Int? = nil) throws -> Int {
        guard let value = Int(text), (1...65535).contains(value) else {
            let which = position.map { "port \($0) of the \(context)" } ?? "a port in the \(context)"
            throw DatabaseURLError("could not parse database URL: \(which) is not a number from 1 to 65535")
        }
        return value
    }

    /// The hosts SQLAlchemy's PostgreSQL dialects read from the query, as they read them; empty when
    /// the query names none.
    static func queryEndpoints(_ query: [(key: String, value: String)]) throws -> [Endpoint] {
        let hostValues = query.filter { $0.key == "host" }.map(\.value)
        let portValues = query.filter { $0.key == "port" }.map(\.value)
        guard !hostValues.isEmpty else {
            if !portValues.isEmpty, portValues.count > 1 || portValues[0].contains(",") {
                throw DatabaseURLError("could not parse database URL: several ?port= values but no ?host= list to match them")
            }
            return []
        }
        let mixed = DatabaseURLError(
            "could not parse database URL: hosts given both ways: use ?host=h1:p1&host=h2:p2, or ?host=h1,h2&port=p1,p2")
        if hostValues.count > 1 {
            // ?host=h1:p1&host=h2:p2
            guard portValues.isEmpty else { throw mixed }
            return try hostValues.enumerated().map { try endpoint(Substring($0.element), context: "?host= list", position: $0.offset + 1) }
        }
        let names = hostValues[0].split(separator: ",", omittingEmptySubsequences: false)
        if portValues.isEmpty {
            if names.count == 1, !names[0].hasPrefix("/") {
                return [try endpoint(names[0], context: "?host= option")]
            }
            return try names.map {
                guard !$0.isEmpty else { throw DatabaseURLError("could not parse database URL: an empty host in the ?host= list") }
                return Endpoint(host: String($0))
            }
        }
        guard portValues.count == 1 else { throw mixed }
        let ports = portValues[0].split(separator: ",", omittingEmptySubsequences: false)
        guard ports.count == names.count || (names.count == 1 && ports.count == 1) else {
            throw DatabaseURLError("could not parse database URL: \(names.count) hosts in ?host= but \(ports.count) ports in ?port=")
        }
        return try zip(names, ports).enumerated().map { i, pair in
            let (name, p) = pair
            guard !name.isEmpty else { throw DatabaseURLError("could not parse database URL: an empty host in the ?host= list (entry \(i + 1))") }
            return Endpoint(host: String(name), port: p.isEmpty ? nil : try port(p, context: "?port= list", position: names.count > 1 ? i + 1 : nil))
        }
    }

    /// Whether `text` starts with what follows the credentials: a host ([address] or a name), an
    /// optional :port, then '/', '?' or the end.
    static func hostFollows(_ text: Substring) -> Bool {
        let end = text.firstIndex(where: { $0 == "/" || $0 == "?" }) ?? text.endIndex
        // libpq's host list: every entry must be a host.
        return text[..<end].split(separator: ",", omittingEmptySubsequences: false).allSatisfy(isAuthority)
    }

    private static func isAuthority(_ text: Substring) -> Bool {
        var authority = text
        if authority.first == "[" {
            guard let close = authority.firstIndex(of: "]") else { return false }
            authority = authority[authority.index(after: close)...]
        } else {
            let hostEnd = authority.firstIndex(of: ":") ?? authority.endIndex
            guard authority[..<hostEnd].allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "._-%".contains($0)) }) else { return false }
            authority = authority[hostEnd...]
        }
        return authority.isEmpty || (authority.first == ":" && authority.dropFirst().allSatisfy { $0.isASCII && $0.isNumber })
    }

    private static func decode(_ text: Substring, form: Bool) throws -> String {
        guard let value = PercentEncoding.decode(text, plusIsSpace: form) else {
            throw DatabaseURLError("could not parse database URL: bad percent-encoding")
        }
        return value
    }
}
