/// An index over one or more columns.
public struct Index: Sendable, Hashable {
    public var name: String
    public var columns: [String]
    public var unique: Bool
    public init(name: String, columns: [String], unique: Bool = false) {
        self.name = name
        self.columns = columns
        self.unique = unique
    }
}
