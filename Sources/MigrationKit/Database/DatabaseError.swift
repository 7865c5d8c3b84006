/// An error reported by a database server or client library.
///
/// Carries the server's own code and message and, where there was one, the SQL that failed,
/// so that a message reads like a bug report.
public struct DatabaseError: Error, Sendable, CustomStringConvertible {
    /// What kind of failure this was, for callers that react to it.
    public enum Kind: Sendable, Hashable {
        /// Could not connect or authenticate.
        case connection
        /// A statement failed on the server.
        case statement
        /// The connection was lost while in use.
        case connectionLost
        /// A lock could not be had in time.
        case lockTimeout
        /// Anything else the client library reported.
        case other
    }

    public var kind: Kind
    public var backend: Backend
    /// The server's error code (SQLSTATE on PostgreSQL, the error number on MySQL, the result code on SQLite).
    public var code: String?
    public var message: String
    public var sql: String?

    public init(kind: Kind, backend: Backend, code: String? = nil, message: String, sql: String? = nil) {
        self.kind = kind
        self.backend = backend
        self.code = code
        self.message = message
        self.sql = sql
    }

    public var description: String {
        var text = "\(backend)"
        if let code { text += " error \(code)" }
        text += ": \(message)"
        if let sql { text += " — while executing `\(SQLText.abbreviate(sql))`" }
        return text
    }
}

/// Helpers for showing SQL in one-line messages.
public enum SQLText {
    /// The statement on one line, cut to `limit` characters.
    public static func abbreviate(_ sql: String, limit: Int = 300) -> String {
        var oneLine = ""
        var lastWasSpace = false
        for ch in sql {
            if ch.isWhitespace {
                if !lastWasSpace && !oneLine.isEmpty { oneLine.append(" ") }
                lastWasSpace = true
            } else {
                oneLine.append(ch)
                lastWasSpace = false
            }
        }
        while oneLine.hasSuffix(" ") { oneLine.removeLast() }
        if oneLine.count > limit { return String(oneLine.prefix(limit)) + "…" }
        return oneLine
    }
}
