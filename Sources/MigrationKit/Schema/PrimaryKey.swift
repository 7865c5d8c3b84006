/// A primary key.
public struct PrimaryKey: Sendable, Hashable {
    public var name: String?
    public var columns: [String]
    public init(name: String? = nil, columns: [String]) {
        self.name = name
        self.columns = columns
    }
}
