/// A unique constraint.
public struct UniqueConstraint: Sendable, Hashable {
    public var name: String
    public var columns: [String]
    public init(name: String, columns: [String]) {
        self.name = name
        self.columns = columns
    }
}
