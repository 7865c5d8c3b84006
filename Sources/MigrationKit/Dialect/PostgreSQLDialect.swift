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
}
