/// A row of a catalog query (a reflector's), read by column name with typed accessors that throw
/// instead of guessing: a NULL where the catalog always has a value, or a column the query does not
/// return, is a reflection error naming the table and the column, never a silent `""` or `0`.
public struct CatalogRow {
    let row: Row
    let index: [String: Int]
    /// What was read (`pg_attribute`, `information_schema.COLUMNS`, …), for messages.
    let source: String
    /// The column holding the table's name, for messages.
    let tableColumn: String?

    /// The rows of one catalog query; the name index is built once for all of them.
    public static func rows(_ rows: [Row], from source: String, table tableColumn: String? = nil) -> [CatalogRow] {
        guard let first = rows.first else { return [] }
        var index: [String: Int] = [:]
        for (i, name) in first.columns.enumerated() where index[name] == nil { index[name] = i }
        return rows.map { CatalogRow(row: $0, index: index, source: source, tableColumn: tableColumn) }
    }

    private func value(_ column: String) throws -> SQLValue {
        guard let i = index[column] else { throw failure(column, "is not among the columns the query returned (a bug)") }
        return row.values[i]
    }

    private func failure(_ column: String, _ problem: String) -> CatalogError {
        var table: String?
        if let t = tableColumn, let i = index[t] { table = row.values[i].stringValue }
        return CatalogError(source: source, table: table, column: column, problem: problem)
    }

    /// Text that is never NULL in the catalog.
    public func string(_ column: String) throws -> String {
        let v = try value(column)
        guard let s = v.stringValue else { throw failure(column, v.isNull ? "is NULL" : "is not text") }
        return s
    }

    /// Text that may be NULL.
    public func optionalString(_ column: String) throws -> String? {
        let v = try value(column)
        if v.isNull { return nil }
        guard let s = v.stringValue else { throw failure(column, "is not text") }
        return s
    }

    /// A number that is never NULL.
    public func int(_ column: String) throws -> Int64 {
        let v = try value(column)
        guard let i = v.intValue else { throw failure(column, v.isNull ? "is NULL" : "is not a number") }
        return i
    }

    /// A yes/no the catalog spells as a boolean, 0/1, `t`/`f` or `YES`/`NO`; never NULL.
    public func flag(_ column: String) throws -> Bool {
        let v = try value(column)
        switch v {
        case .integer(let i): return i != 0
        case .text(let s):
            switch s.uppercased() {
            case "T", "TRUE", "YES", "1": return true
            case "F", "FALSE", "NO", "0": return false
            default: throw failure(column, "is not a yes or no")
            }
        default: throw failure(column, v.isNull ? "is NULL" : "is not a yes or no")
        }
    }
}

/// A catalog row that did not say what the reflector needs: the schema is not guessed at.
public struct CatalogError: Error, Sendable, CustomStringConvertible {
    public var source: String
    public var table: String?
    public var column: String
    public var problem: String

    public init(source: String, table: String?, column: String, problem: String) {
        self.source = source
        self.table = table
        self.column = column
        self.problem = problem
    }

    public var description: String {
        "cannot read the schema" + (table.map { " of table \($0)" } ?? "") + ": \(source).\(column) \(problem)"
    }
}
