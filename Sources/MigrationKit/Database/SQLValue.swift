/// A value bound to a query parameter or read from a result row.
public enum SQLValue: Sendable, Hashable {
    case null
    case integer(Int64)
    case double(Double)
    case text(String)
    case bytes([UInt8])

    /// The value as a string, if it is text (or a number, rendered in decimal).
    public var stringValue: String? {
        switch self {
        case .text(let s): s
        case .integer(let i): String(i)
        case .double(let d): String(d)
        case .null, .bytes: nil
        }
    }

    /// The value as an integer, if it is one (or text that parses as one).
    public var intValue: Int64? {
        switch self {
        case .integer(let i): i
        case .text(let s): Int64(s)
        case .double(let d): Int64(exactly: d)
        case .null, .bytes: nil
        }
    }

    public var isNull: Bool { self == .null }
}

extension SQLValue: ExpressibleByStringLiteral, ExpressibleByIntegerLiteral, ExpressibleByNilLiteral,
    ExpressibleByFloatLiteral
{
    public init(stringLiteral value: String) { self = .text(value) }
    public init(integerLiteral value: Int64) { self = .integer(value) }
    public init(nilLiteral: ()) { self = .null }
    public init(floatLiteral value: Double) { self = .double(value) }
}

/// One result row: values in column order, with the column names alongside.
public struct Row: Sendable, Hashable {
    public let columns: [String]
    public let values: [SQLValue]

    public init(columns: [String], values: [SQLValue]) {
        precondition(columns.count == values.count, "a row needs one value per column")
        self.columns = columns
        self.values = values
    }

    public subscript(index: Int) -> SQLValue { values[index] }

    /// The value of the named column, or `.null` when there is no such column.
    public subscript(name: String) -> SQLValue {
        guard let i = columns.firstIndex(of: name) else { return .null }
        return values[i]
    }
}
