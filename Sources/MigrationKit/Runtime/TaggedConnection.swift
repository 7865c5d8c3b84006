/// The run's own connection while it holds a leased lock: every statement it sends carries the run's
/// id in a comment (`/* vdi-db-manage run <id> */`), its reflection of the live schema and its lock
/// fence included, so a run that takes an expired lock over finds this run's backend by its last
/// statement and ends it (a paused run's open transaction holds the tables the next run needs). Errors
/// name statements as they were written, without the tag.
final class TaggedConnection: BulkLoader {
    let inner: any DatabaseConnection
    let tag: String

    init(_ inner: any DatabaseConnection, tag: String) {
        self.inner = inner
        self.tag = tag
        // The driver's own statements (a bulk load's COPY or LOAD DATA) carry it too.
        if var loader = inner as? any BulkLoader { loader.loadPrefix = tag }
    }

    var loadPrefix: String {
        get { tag }
        set {}
    }

    var backend: Backend { inner.backend }

    func execute(_ sql: String) throws { try untagged { try inner.execute(tag + sql) } }
    func query(_ sql: String, _ parameters: [SQLValue]) throws -> [Row] { try untagged { try inner.query(tag + sql, parameters) } }
    func queries(_ statements: [(sql: String, parameters: [SQLValue])], each: (Int, [Row]) throws -> Void) throws {
        try untagged { try inner.queries(statements.map { (tag + $0.sql, $0.parameters) }, each: each) }
    }
    func executeTogether(_ statements: [String]) throws { try untagged { try inner.executeTogether(statements.map { tag + $0 }) } }
    func load(_ insert: BulkInsert) throws { try inner.load(insert) }
    func begin() throws { try inner.begin() }
    func commit() throws { try inner.commit() }
    func rollback() throws { try inner.rollback() }
    func serverVersion() throws -> String { try inner.serverVersion() }
    func transportSecurity() throws -> String? { try inner.transportSecurity() }
    func answeringServer() throws -> AnsweringServer? { try inner.answeringServer() }
    func close() { inner.close() }

    private func untagged<T>(_ body: () throws -> T) throws -> T {
        do { return try body() } catch var e as DatabaseError {
            if let sql = e.sql { e.sql = sql.replacingAll(tag, with: "") }
            throw e
        }
    }
}
