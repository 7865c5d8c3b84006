/// PostgreSQL: transactional DDL, 63-byte identifiers, `$n` placeholders.
/// See https://www.postgresql.org/docs/current/sql-syntax-lexical.html
public struct PostgreSQLDialect: Dialect {
    public init() {}
    public var backend: Backend { .postgresql }
    public var name: String { "postgresql" }
    public var transactionalDDL: Bool { true }
    public var maxIdentifierLength: Int { 63 }
    public var identifierQuote: Character { "\"" }
    /// With `standard_conforming_strings` on (the default since 9.1) backslash is an ordinary character.
    public var backslashEscapesInStrings: Bool { false }
    public func placeholder(_ index: Int) -> String { "$\(index)" }
    public func bytesLiteral(_ bytes: [UInt8]) -> String { "'\\x\(hexDigits(bytes))'::bytea" }
    /// With `ddl_lock_timeout`, a statement that waits longer for a lock fails instead of queueing
    /// every later query on the table behind it. SET LOCAL: it ends with the transaction, so it holds
    /// behind PgBouncer's transaction pooling and leaks into no other client's session.
    public func transactionSetup(_ settings: Settings) -> [String] {
        settings.ddlLockTimeout > 0 ? ["SET LOCAL lock_timeout = '\(max(1, Int((settings.ddlLockTimeout * 1000).rounded())))ms'"] : []
    }
}
