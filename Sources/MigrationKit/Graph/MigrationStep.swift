/// One revision to run, in one direction, and what it does to the version table.
public struct MigrationStep: Sendable {
    public enum Direction: String, Sendable { case upgrade, downgrade }
    public let direction: Direction
    public let revision: Int
    /// Version-table rows before and after the step.
    public let headsBefore: [String]
    public let headsAfter: [String]
}
