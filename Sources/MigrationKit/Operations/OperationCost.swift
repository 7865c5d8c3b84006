/// What one operation costs on one database, before it runs: the lock it takes, whether it reads or
/// rewrites the whole table, whether other sessions' writes wait for it, and a safer form when there is
/// one. `lint` prints it for each operation of a planned upgrade, with the table's size; the gate fails
/// an expand revision whose operation blocks writes on an existing table, unless the revision accepts it.
public struct OperationCost: Sendable, Equatable, Codable {
    public enum Work: String, Sendable, Codable {
        /// The catalog only: quick whatever the table's size.
        case metadata = "metadata only"
        /// Reads every row (a check of existing rows).
        case scan = "scans the table"
        /// Builds an index over every row.
        case build = "builds an index over the table"
        /// Writes a new copy of the table.
        case rewrite = "rewrites the table"
    }

    /// The lock as the database names it (PostgreSQL's lock mode; MariaDB's ALGORITHM and LOCK).
    public var lock: String
    public var work: Work
    /// Whether other sessions' writes to the table wait while the work runs.
    public var blocksWrites: Bool
    /// A form that does not block (or blocks briefly), when the database has one.
    public var saferForm: String?

    public init(lock: String, work: Work, blocksWrites: Bool, saferForm: String? = nil) {
        self.lock = lock
        self.work = work
        self.blocksWrites = blocksWrites
        self.saferForm = saferForm
    }

    /// One line: `ACCESS EXCLUSIVE; rewrites the table; blocks writes — safer: …`.
    public var summary: String {
        "\(lock); \(work.rawValue); \(blocksWrites ? "blocks writes" : "writes continue")" + (saferForm.map { " — safer: \($0)" } ?? "")
    }
}
