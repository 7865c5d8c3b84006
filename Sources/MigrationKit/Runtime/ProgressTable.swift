/// Where an unfinished revision stands, on databases whose DDL commits as it runs (MySQL/MariaDB).
///
/// Before a revision's first statement the runner records it here; after each statement it records
/// how many have run (and a hash of the last), and the row goes when the revision is recorded in the
/// version table. A row left behind means a run stopped midway: the next run refuses to guess, and
/// `--resume` skips exactly the statements already applied. The version table itself stays Alembic's.
public struct ProgressTable: Sendable {
    public let name: String
    public let dialect: any Dialect

    public init(versionTable: String, dialect: any Dialect) {
        self.name = versionTable + "_progress"
        self.dialect = dialect
    }

    var q: String { dialect.quote(name) }

    public var createSQL: String {
        "CREATE TABLE IF NOT EXISTS \(q) (revision VARCHAR(32) NOT NULL, direction VARCHAR(10) NOT NULL, "
            + "statements_done INTEGER NOT NULL, statement_started INTEGER, last_statement_hash VARCHAR(16), PRIMARY KEY (revision))"
    }

    public func startSQL(_ revision: String, _ direction: MigrationStep.Direction) -> String {
        "INSERT INTO \(q) (revision, direction, statements_done) VALUES (\(dialect.stringLiteral(revision)), \(dialect.stringLiteral(direction.rawValue)), 0)"
    }

    /// Written before statement `number` runs: if the run stops now, that statement may or may not
    /// have taken effect, and the next run says so.
    public func startingSQL(_ revision: String, number: Int) -> String {
        "UPDATE \(q) SET statement_started = \(number) WHERE revision = \(dialect.stringLiteral(revision))"
    }

    public func advanceSQL(_ revision: String, done: Int, hash: String) -> String {
        "UPDATE \(q) SET statements_done = \(done), last_statement_hash = \(dialect.stringLiteral(hash)) WHERE revision = \(dialect.stringLiteral(revision))"
    }

    public func finishSQL(_ revision: String) -> String {
        "DELETE FROM \(q) WHERE revision = \(dialect.stringLiteral(revision))"
    }

    public var clearSQL: String { "DELETE FROM \(q)" }

    /// The unfinished revision, if a run left one.
    public func read(from connection: any DatabaseConnection) throws -> RevisionProgress? {
        let (exists, params) = dialect.tableExistsQuery(name)
        guard try !connection.query(exists, params).isEmpty else { return nil }
        guard let row = try connection.query("SELECT revision, direction, statements_done, last_statement_hash, statement_started FROM \(q)").first else { return nil }
        let done = Int(row[2].intValue ?? 0)
        let started = row[4].intValue.map(Int.init)
        return RevisionProgress(
            revision: row[0].stringValue ?? "", direction: MigrationStep.Direction(rawValue: row[1].stringValue ?? "") ?? .upgrade,
            statementsDone: done, lastStatementHash: row[3].stringValue, inFlight: started.flatMap { $0 > done ? $0 : nil })
    }

    /// A short, stable fingerprint of a statement.
    public static func hash(_ sql: String) -> String {
        let hex = String(StableHash.fnv1a64(sql), radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }
}

/// A revision a run left unfinished.
public struct RevisionProgress: Sendable, Equatable {
    public var revision: String
    public var direction: MigrationStep.Direction
    public var statementsDone: Int
    public var lastStatementHash: String?
    /// A statement that had started when the run stopped: it may or may not have taken effect.
    public var inFlight: Int? = nil
    /// The run that left it, as the ledger recorded it (when it did).
    public var owner: RunOwner? = nil
}
