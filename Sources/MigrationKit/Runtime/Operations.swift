/// What a revision's `upgrade` and `downgrade` receive: the way to change the database.
///
/// Every method ends in the run's ``SQLSink``, so the same code runs online and writes `--sql` scripts.
public final class Operations {
    let sink: any SQLSink
    /// The dialect of the database being migrated.
    public var dialect: any Dialect { sink.dialect }
    /// The backend being migrated, for the rare revision that must differ per database.
    public var backend: Backend { sink.dialect.backend }
    /// True when writing a script: nothing can be read from the database.
    public var isOffline: Bool { sink.isOffline }

    init(sink: any SQLSink) {
        self.sink = sink
    }

    /// Runs raw SQL.
    public func execute(_ sql: String) throws {
        try sink.execute(sql)
    }

    /// Runs the SQL written for the active backend, or `otherwise` when there is none for it.
    ///
    /// - Throws: ``MigrationError/noSQLForDialect(_:)`` when neither is given.
    public func execute(_ perBackend: [Backend: String], otherwise: String? = nil) throws {
        guard let sql = perBackend[backend] ?? otherwise else {
            throw MigrationError.noSQLForDialect(dialect.name)
        }
        try sink.execute(sql)
    }
}
