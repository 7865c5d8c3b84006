import Logging
import MigrationKit
import MigrationKitDrivers
import MigrationKitTestSupport
import Migrations
import Testing
import VDIModels

/// oslo.db's two suites for VDI's history, on every backend: models ↔ migrations sync, and walk
/// versions (base → head one revision at a time, head → base, then a snake walk) with hooks that seed
/// data before each data migration and check it after, in both directions.
@Suite("VDI migrations")
struct WalkVersionsTests {
    func context(_ db: TestDatabase) -> MigrationContext {
        var settings = Settings()
        settings.url = db.url
        var logger = Logger(label: "t")
        logger.logLevel = .warning
        return MigrationContext(repository: VDIMigrations.repository.with(models: VDIModels.schema), settings: settings, connector: NativeConnector(), logger: logger)
    }

    /// What to do around one revision.
    struct Hook {
        var beforeUpgrade: (any DatabaseConnection) throws -> Void = { _ in }
        var afterUpgrade: (any DatabaseConnection) throws -> Void = { _ in }
        var afterDowngrade: (any DatabaseConnection) throws -> Void = { _ in }
    }

    static func strings(_ c: any DatabaseConnection, _ sql: String) throws -> [String?] {
        try c.query(sql).map { $0[0].stringValue }
    }

    static func hooks(_ backend: Backend) -> [String: Hook] {
        let t = backend == .postgresql ? "TRUE" : "1"
        return [
            "1d3c5e7a9b01": Hook(
                beforeUpgrade: { (c: any DatabaseConnection) throws in
                    try c.execute("INSERT INTO services (id, host, topic, report_count, disabled, deleted) VALUES (1, 'cmp-1', 'agent', 0, \(t == "1" ? "0" : "FALSE"), 0)")
                    try c.execute("INSERT INTO hosts (id, service_id, hostname, vcpus, memory_mb, state, deleted) VALUES (1, 1, 'cmp-1', 8, 1024, 'up', 0)")
                    try c.execute("INSERT INTO images (id, uuid, name, os, size, deleted) VALUES (1, 'img-1', 'Ubuntu', 'ubuntu 14.04', 100, 0), (2, 'img-2', 'Windows', 'windows', -1, 0)")
                    try c.execute("INSERT INTO pools (id, uuid, name, project_id, image_id, pool_type, min_size, max_size, deleted) VALUES (1, 'pool-1', 'eng', 'proj', 1, 'pooled', 6, 3, 0)")
                    try c.execute("""
                        INSERT INTO desktops (id, pool_id, host_id, name, state, assigned_user, last_login_at, created_at, deleted) VALUES
                        (1, 1, 1, 'd1', 'active', 'alice', '2014-05-02 08:00:00', '2014-05-01 00:00:00', 0),
                        (2, 1, 1, 'd2', 'stopped', NULL, NULL, '2014-05-01 00:00:00', 0)
                        """)
                },
                afterUpgrade: { (c: any DatabaseConnection) throws in
                    let uuids = try strings(c, "SELECT uuid FROM desktops ORDER BY id")
                    #expect(uuids.count == 2 && uuids.allSatisfy { ($0?.count ?? 0) == 36 } && Set(uuids).count == 2, "\(uuids)")
                }),
            "3f5e7a9c1d23": Hook(
                afterUpgrade: { (c: any DatabaseConnection) throws in
                    #expect(try strings(c, "SELECT user_id FROM desktop_assignments") == ["alice"])
                    #expect(try strings(c, "SELECT project_id FROM desktop_assignments") == ["proj"])
                },
                afterDowngrade: { (c: any DatabaseConnection) throws in
                    #expect(try strings(c, "SELECT assigned_user FROM desktops ORDER BY id") == ["alice", nil])
                }),
            "4a6f8b0d2e34": Hook(
                afterUpgrade: { (c: any DatabaseConnection) throws in
                    #expect(try strings(c, "SELECT resource FROM quotas WHERE project_id = '__default__' ORDER BY resource") == ["desktops", "pools", "sessions"])
                },
                afterDowngrade: { (c: any DatabaseConnection) throws in
                    #expect(try c.query("SELECT count(*) FROM quotas")[0][0] == .integer(0))
                }),
            "6c8b0d2f4a56": Hook(
                afterUpgrade: { (c: any DatabaseConnection) throws in
                    #expect(try strings(c, "SELECT os_type FROM images ORDER BY id") == ["ubuntu", "windows"])
                    #expect(try strings(c, "SELECT os_version FROM images ORDER BY id") == ["14.04", nil])
                },
                afterDowngrade: { (c: any DatabaseConnection) throws in
                    #expect(try strings(c, "SELECT os FROM images ORDER BY id") == ["ubuntu 14.04", "windows"])
                }),
            "8e0d2f4b6c78": Hook(
                afterUpgrade: { (c: any DatabaseConnection) throws in
                    #expect(try strings(c, "SELECT user_id FROM desktop_sessions") == ["alice"])
                    #expect(try strings(c, "SELECT started_at FROM desktop_sessions").first??.hasPrefix("2014-05-02 08:00:00") == true)
                },
                afterDowngrade: { (c: any DatabaseConnection) throws in
                    #expect(try strings(c, "SELECT last_login_at FROM desktops WHERE id = 1").first??.hasPrefix("2014-05-02 08:00:00") == true)
                }),
            "9f1e3a5c7d89": Hook(
                afterUpgrade: { (c: any DatabaseConnection) throws in try c.execute("UPDATE desktops SET state = 'suspended' WHERE id = 2") },
                afterDowngrade: { (c: any DatabaseConnection) throws in #expect(try strings(c, "SELECT state FROM desktops WHERE id = 2") == ["stopped"]) }),
            "b13a5c7e9fab": Hook(
                afterUpgrade: { (c: any DatabaseConnection) throws in #expect(try strings(c, "SELECT size_bytes FROM images ORDER BY id") == ["100", nil]) },
                afterDowngrade: { (c: any DatabaseConnection) throws in #expect(try strings(c, "SELECT size FROM images ORDER BY id") == ["100", nil]) }),
            "c24b6d8fa0bc": Hook(
                afterUpgrade: { (c: any DatabaseConnection) throws in #expect(try strings(c, "SELECT max_size FROM desktop_pools") == ["6"]) }),
        ]
    }

    @Test("walk versions: up one at a time, down one at a time, snake; data hooks green; synced with the models", arguments: Backend.allCases)
    func walk(backend: Backend) throws {
        try TestDatabase.with(backend) { db in
            let ctx = context(db)
            let graph = try ctx.repository.graph()
            let ids = graph.ids(graph.order)
            let hooks = Self.hooks(backend)
            let c = try db.connect()
            defer { c.close() }
            // One revision at a time, in the graph's order (Newton's expand and contract branches too).
            for id in ids {
                try hooks[id]?.beforeUpgrade(c)
                try ctx.upgrade(to: id)
                #expect(try ctx.current().revisions.map(\.revision).contains(id))
                try hooks[id]?.afterUpgrade(c)
            }
            #expect(try ctx.diff().map(\.summary) == [], "models and migrations out of sync on \(backend)")
            // Down one at a time: each revision to its parent ("REV-1"), newest first.
            for id in ids.reversed() {
                try ctx.downgrade(to: id + "-1")
                try hooks[id]?.afterDowngrade(c)
            }
            #expect(try ctx.current().revisions.isEmpty)
            // The snake: each revision up, down, up again.
            for id in ids {
                try ctx.upgrade(to: id)
                try ctx.downgrade(to: id + "-1")
                try ctx.upgrade(to: id)
            }
            #expect(Set(try ctx.current().revisions.map(\.revision)) == Set(graph.ids(graph.heads)))
            #expect(try ctx.diff().map(\.summary) == [])
        }
    }

    @Test("the history is sound: one head per phase, milestones in order, 15 to 25 revisions")
    func historyShape() throws {
        let graph = try VDIMigrations.repository.graph()
        #expect((15...25).contains(graph.count))
        #expect(graph.ids(graph.bases) == ["icehouse"])
        // Newton is VDI's first release in expand and contract phases: one head each.
        #expect(graph.heads.count == 2 && graph.phaseHeads(.expand).count == 1 && graph.phaseHeads(.contract).count == 1)
        var previous = -1
        for m in ["icehouse", "juno", "kilo", "liberty", "mitaka"] {
            guard case .revisions(let r) = try graph.resolve(m, current: []) else { Issue.record("\(m)"); continue }
            #expect(graph.rank[r[0]] > previous)
            previous = graph.rank[r[0]]
        }
    }
}
