/// What SQLite itself stores about a table, read from `sqlite_schema` just before a rebuild: the
/// table's own `CREATE TABLE` text and the text of every index and trigger that belongs to it, plus
/// the views of the database (which a rebuild must leave working). A rebuild re-creates all of them
/// from this text, so nothing the model cannot express (partial and expression indexes, collations,
/// generated columns, AUTOINCREMENT, WITHOUT ROWID, STRICT, triggers) is lost.
public struct SQLiteStoredTable: Sendable, Hashable {
    /// One stored schema object: its name and its SQL as SQLite keeps it.
    public struct Object: Sendable, Hashable {
        public var name: String
        public var sql: String
        public init(name: String, sql: String) {
            self.name = name
            self.sql = sql
        }
    }

    public var name: String
    /// The table's own `CREATE TABLE` statement, as SQLite keeps it.
    public var tableSQL: String
    /// Explicit indexes (`CREATE INDEX`), not the automatic ones of UNIQUE and PRIMARY KEY constraints.
    public var indexes: [Object]
    public var triggers: [Object]
    /// Every view of the database, by name: each must still work after the rebuild.
    public var views: [String]

    public init(name: String, tableSQL: String, indexes: [Object], triggers: [Object], views: [String]) {
        self.name = name
        self.tableSQL = tableSQL
        self.indexes = indexes
        self.triggers = triggers
        self.views = views
    }

    /// Builds the value from rows of (type, name, tbl_name, sql) of `sqlite_master`; nil when the table does not exist.
    public init?(name: String, rows: [Row]) {
        var table: String?
        var indexes: [Object] = []
        var triggers: [Object] = []
        var views: [String] = []
        for r in rows {
            let type = r[0].stringValue ?? ""
            let objectName = r[1].stringValue ?? ""
            guard let sql = r[3].stringValue else { continue }  // automatic indexes have no SQL
            switch type {
            case "table" where objectName == name: table = sql
            case "index": indexes.append(Object(name: objectName, sql: sql))
            case "trigger": triggers.append(Object(name: objectName, sql: sql))
            case "view": views.append(objectName)
            default: break
            }
        }
        guard let table else { return nil }
        self.init(name: name, tableSQL: table, indexes: indexes, triggers: triggers, views: views)
    }
}
