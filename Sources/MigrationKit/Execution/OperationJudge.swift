/// Decides, while an unfinished revision is resumed, which of an operation's statements already took
/// effect (the runtime's `ResumeReconciler` asks the live schema).
public protocol OperationJudge: AnyObject {
    /// One flag per statement: skip it (its effect is there) or run it; nil when it cannot tell.
    func skips(_ op: MigrationOperation, statements count: Int) throws -> [Bool]?
    /// Records that an operation was skipped, in whole or in part, for the log.
    func noteSkipped(_ op: MigrationOperation, partly: Bool)
}

/// A sink that can be told to skip or run its next statements, whatever else it would decide.
protocol StatementGate: AnyObject {
    func decide(_ skips: [Bool])
}
