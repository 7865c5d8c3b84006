/// A named CHECK constraint.
public struct CheckConstraint: Sendable, Hashable {
    public var name: String
    public var expression: String
    public init(name: String, expression: String) {
        self.name = name
        self.expression = expression
    }
}
