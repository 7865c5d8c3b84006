/// SQLite: transactional DDL, no practical identifier limit, `?` placeholders.
/// See https://www.sqlite.org/lang_keywords.html
public struct SQLiteDialect: Dialect {
    public init() {}
    public var backend: Backend { .sqlite }
    public var name: String { "sqlite" }
    public var transactionalDDL: Bool { true }
    /// SQLite has no limit of its own; this keeps names portable and messages finite.
    public var maxIdentifierLength: Int { 1024 }
    public var identifierQuote: Character { "\"" }
    public var backslashEscapesInStrings: Bool { false }
    public func placeholder(_ index: Int) -> String { "?" }
    /// Foreign keys are off while a revision runs, so a table rebuild cannot cascade child rows away,
    /// and every key is checked before the revision commits.
    /// See https://www.sqlite.org/lang_altertable.html#otheralter
    public var revisionSetup: [String] { ["PRAGMA foreign_keys = OFF"] }
    public var revisionTeardown: [String] { ["PRAGMA foreign_keys = ON"] }
    public var revisionCheck: String? { "PRAGMA foreign_key_check" }
    public func bytesLiteral(_ bytes: [UInt8]) -> String { "X'\(hexDigits(bytes))'" }
    /// With `ddl_lock_timeout`, how long a write waits for another connection's write lock (the busy
    /// timeout, which the URL's `timeout` sets otherwise).
    public func sessionSetup(_ settings: Settings) -> [String] {
        settings.ddlLockTimeout > 0 ? ["PRAGMA busy_timeout = \(max(1, Int((settings.ddlLockTimeout * 1000).rounded())))"] : []
    }
}
