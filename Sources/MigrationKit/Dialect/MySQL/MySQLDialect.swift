/// MySQL and MariaDB: DDL commits implicitly, 64-character identifiers, backtick quoting,
/// backslash escapes in strings (unless NO_BACKSLASH_ESCAPES, which the literal renderer does not assume).
/// See https://mariadb.com/kb/en/identifier-names/
public struct MySQLDialect: Dialect {
    public init() {}
    public var backend: Backend { .mysql }
    public var name: String { "mysql" }
    public var transactionalDDL: Bool { false }
    public var maxIdentifierLength: Int { 64 }
    public var identifierQuote: Character { "`" }
    public var backslashEscapesInStrings: Bool { true }
    public var beginStatement: String { "START TRANSACTION" }
    public func placeholder(_ index: Int) -> String { "?" }
    public func bytesLiteral(_ bytes: [UInt8]) -> String { "X'\(hexDigits(bytes))'" }

    /// A strict session, as oslo.db sets it (`[database] mysql_sql_mode`, TRADITIONAL by default): on a
    /// server configured non-strict, narrowing a column would otherwise truncate values silently.
    /// See https://mariadb.com/kb/en/sql-mode/
    /// With `ddl_lock_timeout`, a statement waits that long for a metadata lock (an ALTER behind the
    /// service's open transaction) or a row lock, not a year.
    public func sessionSetup(_ settings: Settings) -> [String] {
        var out = settings.mysqlSQLMode.isEmpty ? [] : ["SET SESSION sql_mode = \(stringLiteral(settings.mysqlSQLMode))"]
        if settings.ddlLockTimeout > 0 {
            let seconds = max(1, Int(settings.ddlLockTimeout.rounded(.up)))
            out += ["SET SESSION lock_wait_timeout = \(seconds)", "SET SESSION innodb_lock_wait_timeout = \(seconds)"]
        }
        return out
    }

    public func sessionComment(_ settings: Settings) -> String {
        [settings.mysqlSQLMode.isEmpty ? nil : "Strict session ([database] mysql_sql_mode): a value that does not fit is an error, never truncated",
         lockWaitNote(settings)].compactMap { $0 }.joined(separator: "\n")
    }
}
