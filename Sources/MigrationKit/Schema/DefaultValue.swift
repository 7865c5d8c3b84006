/// What a column gets when a row gives it nothing: a literal, or an SQL expression.
public enum DefaultValue: Sendable, Hashable, CustomStringConvertible {
    case string(String)
    case integer(Int64)
    case double(Double)
    case boolean(Bool)
    /// An SQL expression, written as the database should see it (`CURRENT_TIMESTAMP`).
    case expression(String)

    public var description: String {
        switch self {
        case .string(let s): "'\(s)'"
        case .integer(let i): "\(i)"
        case .double(let d): "\(d)"
        case .boolean(let b): "\(b)"
        case .expression(let e): e
        }
    }
}
