/// How a run groups its statements into transactions: chosen once per backend and command, then the
/// run loop only asks it. Alembic's `transaction_per_migration`, with "none" for databases whose DDL
/// commits as it runs.
public enum TransactionPolicy: Sendable, Equatable {
    /// Each revision commits together with its version-table update (PostgreSQL, SQLite: the default).
    case perRevision
    /// One transaction for the whole run (`[migrations] transaction_per_migration = false`).
    case wholeRun
    /// DDL commits as it runs (MySQL/MariaDB): no revision-wide transaction; progress is recorded per
    /// statement instead.
    case none

    /// The policy for a dialect and the configured preference.
    public static func choose(for dialect: any Dialect, transactionPerMigration: Bool) -> TransactionPolicy {
        guard dialect.transactionalDDL else { return .none }
        return transactionPerMigration ? .perRevision : .wholeRun
    }

    /// Whether a failure rolls back (some of) what ran.
    public var rollsBack: Bool { self != .none }
}
