/// MySQL/MariaDB table options.
public struct TableOptions: Sendable, Hashable {
    public var mysqlEngine: String?
    public var mysqlCharset: String?
    public var mysqlCollation: String?
    public init(mysqlEngine: String? = nil, mysqlCharset: String? = nil, mysqlCollation: String? = nil) {
        self.mysqlEngine = mysqlEngine
        self.mysqlCharset = mysqlCharset
        self.mysqlCollation = mysqlCollation
    }
    /// InnoDB with utf8mb4, as OpenStack services declare their tables.
    public static let innoDBUTF8MB4 = TableOptions(mysqlEngine: "InnoDB", mysqlCharset: "utf8mb4")
}
