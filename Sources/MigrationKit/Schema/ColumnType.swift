/// A column's type, independent of any database. Each dialect says how it spells it.
public enum ColumnType: Sendable, Hashable, CustomStringConvertible {
    case integer
    case smallInteger
    case bigInteger
    case boolean
    /// `VARCHAR(length)`; MySQL needs a length.
    case string(length: Int?)
    case text
    /// `NUMERIC(precision, scale)`.
    case numeric(precision: Int?, scale: Int?)
    /// A double-precision float.
    case float
    case date
    case time
    case dateTime(timezone: Bool)
    case binary
    /// A named enumeration: a PostgreSQL type, MySQL's inline `ENUM(...)`, or on SQLite a
    /// `VARCHAR` with a `CHECK` constraint.
    case enumeration(SQLEnum)
    case json
    case uuid

    public var description: String {
        switch self {
        case .integer: "integer"
        case .smallInteger: "smallInteger"
        case .bigInteger: "bigInteger"
        case .boolean: "boolean"
        case .string(let n): n.map { "string(\($0))" } ?? "string"
        case .text: "text"
        case let .numeric(p, s): "numeric(\(p.map(String.init) ?? "-"), \(s.map(String.init) ?? "-"))"
        case .float: "float"
        case .date: "date"
        case .time: "time"
        case .dateTime(let tz): tz ? "dateTime(timezone)" : "dateTime"
        case .binary: "binary"
        case .enumeration(let e): "enum \(e.name)(\(e.values.joined(separator: ", ")))"
        case .json: "json"
        case .uuid: "uuid"
        }
    }

    /// The enumeration, if this is one.
    public var enumeration: SQLEnum? {
        if case .enumeration(let e) = self { return e }
        return nil
    }
}

/// A named set of string values.
public struct SQLEnum: Sendable, Hashable, Codable {
    public var name: String
    public var values: [String]

    public init(name: String, values: [String]) {
        self.name = name
        self.values = values
    }
}
