/// Statements that must land together: one of them runs as it is; several run between `begin` and
/// `commit`, and a failure rolls back and is the error reported (the rollback's own error is not).
/// Shared by the default `executeTogether` of connections and of sinks.
func runTogether(
    _ statements: [String], execute: (String) throws -> Void,
    begin: () throws -> Void, commit: () throws -> Void, rollback: () -> Void
) throws {
    if statements.count < 2 { return try statements.forEach(execute) }
    try begin()
    do {
        for sql in statements { try execute(sql) }
        try commit()
    } catch {
        rollback()
        throw error
    }
}
