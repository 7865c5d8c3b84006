/// An online data migration (nova's `online_data_migrations`, keystone's `--migrate` step): rows moved
/// from the old shape to the new one in batches, between the expand and the contract phases, while the
/// service runs. It is registered with its repository, needs the revision that made the new shape
/// (`after`), and is done when `remaining` is zero; `upgrade --contract` and `has_offline_migrations`
/// refuse while rows remain.
public struct DataMigration: Sendable {
    public let name: String
    /// The revision whose schema it needs (it does nothing before that revision is applied).
    public let after: String
    /// The revision that ends its need (a contract revision that does the rest offline and drops the
    /// old shape): once applied, the data migration is done whatever its query would say.
    public let until: String?
    /// How many rows are still to migrate.
    public let remaining: @Sendable (any DatabaseConnection) throws -> Int
    /// Migrates at most `limit` rows in one transaction; returns how many it migrated.
    public let migrate: @Sendable (any DatabaseConnection, _ limit: Int) throws -> Int

    public init(
        name: String, after: String, until: String? = nil, remaining: @escaping @Sendable (any DatabaseConnection) throws -> Int,
        migrate: @escaping @Sendable (any DatabaseConnection, Int) throws -> Int
    ) {
        self.name = name
        self.after = after
        self.until = until
        self.remaining = remaining
        self.migrate = migrate
    }

    /// The common case: copy into rows matching `pending` (a WHERE condition) with `set`, keyed by
    /// `key`, a batch at a time: the batch's keys are read first, then updated in one transaction.
    public static func backfill(name: String, after: String, until: String? = nil, table: String, set: String, pending: String, key: String = "id") -> DataMigration {
        DataMigration(name: name, after: after, until: until, remaining: { c in
            let q = dialect(for: c.backend).quote(table)
            return Int(try c.query("SELECT count(*) FROM \(q) WHERE \(pending)").first?[0].intValue ?? 0)
        }, migrate: { c, limit in
            // The batch is chosen by key first, so the count is this batch's own even while the
            // service keeps writing rows that need migrating.
            let d = dialect(for: c.backend)
            let q = d.quote(table)
            let k = d.quote(key)
            let keys = try c.query("SELECT \(k) FROM \(q) WHERE \(pending) ORDER BY \(k) LIMIT \(limit)").map { $0[0] }
            guard !keys.isEmpty else { return 0 }
            let list = keys.map { v -> String in
                if let i = v.intValue { return String(i) }
                return d.stringLiteral(v.stringValue ?? "")
            }.joined(separator: ", ")
            try c.begin()
            do {
                try c.execute("UPDATE \(q) SET \(set) WHERE \(k) IN (\(list)) AND (\(pending))")
                try c.commit()
            } catch {
                try? c.rollback()
                throw error
            }
            let left = Int(try c.query("SELECT count(*) FROM \(q) WHERE \(k) IN (\(list)) AND (\(pending))").first?[0].intValue ?? 0)
            return keys.count - left
        })
    }
}
