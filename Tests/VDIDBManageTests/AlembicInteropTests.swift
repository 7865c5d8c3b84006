import Foundation
import MigrationFixtures
import MigrationKit
import MigrationKitTestSupport
import Testing

/// Python Alembic (installed in a virtual environment by scripts/test.sh) and vdi-db-manage take
/// turns on one database: each continues where the other stopped.
@Suite("CLI: Alembic interoperability")
struct AlembicInteropTests {
    static var python: String? { ProcessInfo.processInfo.environment["VDI_TEST_ALEMBIC_PYTHON"] }
    /// Shown as skipped without the virtual environment; in CI the test runs and fails instead.
    static var pythonOrCI: Bool { python != nil || TestDatabase.inCI }

    /// An Alembic environment whose revisions have the fixture's ids and run the fixture's SQL.
    static func alembicProject(_ history: [FixtureRevision], backend: Backend, in dir: TempDir) throws -> String {
        let root = dir.path + "/alembic-project"
        try FileManager.default.createDirectory(atPath: root + "/migrations/versions", withIntermediateDirectories: true)
        try "[alembic]\nscript_location = %(here)s/migrations\n".write(toFile: root + "/alembic.ini", atomically: true, encoding: .utf8)
        try """
            import os
            from alembic import context
            from sqlalchemy import create_engine
            engine = create_engine(os.environ["ALEMBIC_URL"])
            with engine.connect() as connection:
                context.configure(connection=connection, target_metadata=None, transaction_per_migration=True)
                with context.begin_transaction():
                    context.run_migrations()
            """.write(toFile: root + "/migrations/env.py", atomically: true, encoding: .utf8)
        for r in history {
            func py(_ list: [String]) throws -> String {
                String(decoding: try JSONSerialization.data(withJSONObject: list), as: UTF8.self)
            }
            var up = r.up.compactMap { $0.sql(for: backend) }
            if r.id != history[0].id { up.append("INSERT INTO fx_runs (revision) VALUES ('\(r.id)')") }
            let down = r.down.compactMap { $0.sql(for: backend) }
            let parents = r.parents.isEmpty ? "None" : (r.parents.count == 1 ? "'\(r.parents[0])'" : "(" + r.parents.map { "'\($0)'" }.joined(separator: ", ") + ")")
            try """
                import json
                from alembic import op
                import sqlalchemy as sa
                revision = '\(r.id)'
                down_revision = \(parents)
                branch_labels = \(r.branchLabels.isEmpty ? "None" : "(" + r.branchLabels.map { "'\($0)'," }.joined() + ")")
                depends_on = \(r.dependsOn.isEmpty ? "None" : "(" + r.dependsOn.map { "'\($0)'," }.joined() + ")")
                UP = json.loads(r'''\(try py(up))''')
                DOWN = json.loads(r'''\(try py(down))''')
                def upgrade():
                    for s in UP:
                        op.get_bind().exec_driver_sql(s.replace('%', '%%'))
                def downgrade():
                    for s in DOWN:
                        op.get_bind().exec_driver_sql(s.replace('%', '%%'))
                """.write(toFile: root + "/migrations/versions/\(r.id).py", atomically: true, encoding: .utf8)
        }
        return root
    }

    /// The database URL as SQLAlchemy spells it with the drivers in the virtual environment.
    static func sqlalchemyURL(_ db: TestDatabase) -> String {
        var u = db.url
        switch db.backend {
        case .postgresql: u.driver = "psycopg2"
        case .mysql: u.driver = "pymysql"
        case .sqlite: break
        }
        return u.unmaskedString
    }

    func alembic(_ project: String, _ db: TestDatabase, _ args: [String]) throws -> CLI.Result {
        try CLI.program(Self.python!, ["-m", "alembic", "-c", project + "/alembic.ini"] + args,
                        environment: ["ALEMBIC_URL": Self.sqlalchemyURL(db)], cwd: project)
    }

    @Test("Alembic starts, vdi-db-manage continues; vdi-db-manage starts, Alembic continues",
          .enabled(if: pythonOrCI, "needs VDI_TEST_ALEMBIC_PYTHON (scripts/test.sh sets it)"), arguments: Backend.allCases)
    func bothWays(backend: Backend) throws {
        guard Self.python != nil else {
            Issue.record("CI: VDI_TEST_ALEMBIC_PYTHON is not set")
            return
        }
        try TestDatabase.with(backend, label: "alembic_first") { db in
            let dir = try TempDir()
            let project = try Self.alembicProject(FixtureHistories.linear, backend: backend, in: dir)
            let a = try alembic(project, db, ["upgrade", "b2c3d4e5f6a7"])
            #expect(a.status == 0, "\(a)")
            let cur = try CLI.fixtures("linear", ["--database-connection", db.url.unmaskedString, "current"])
            #expect(cur.stdout == "b2c3d4e5f6a7\n", "\(cur)")
            let up = try CLI.fixtures("linear", ["--database-connection", db.url.unmaskedString, "upgrade", "head"])
            #expect(up.status == 0, "\(up)")
            let back = try alembic(project, db, ["current"])
            #expect(back.stdout.contains("e5f6a7b8c9d0 (head)"), "\(back)")
            let down = try alembic(project, db, ["downgrade", "c3d4e5f6a7b8"])
            #expect(down.status == 0, "\(down)")
            #expect(try CLI.fixtures("linear", ["--database-connection", db.url.unmaskedString, "current"]).stdout == "c3d4e5f6a7b8 (juno)\n")
        }
        try TestDatabase.with(backend, label: "vdi_first") { db in
            let dir = try TempDir()
            let project = try Self.alembicProject(FixtureHistories.linear, backend: backend, in: dir)
            #expect(try CLI.fixtures("linear", ["--database-connection", db.url.unmaskedString, "upgrade", "juno"]).status == 0)
            let cur = try alembic(project, db, ["current"])
            #expect(cur.stdout.contains("c3d4e5f6a7b8"), "\(cur)")
            let up = try alembic(project, db, ["upgrade", "head"])
            #expect(up.status == 0, "\(up)")
            #expect(try CLI.fixtures("linear", ["--database-connection", db.url.unmaskedString, "current"]).stdout == "e5f6a7b8c9d0 (head)\n")
            let c = try db.connect()
            defer { c.close() }
            let runs = try c.query("SELECT revision FROM fx_runs ORDER BY revision").map { $0[0].stringValue! }
            #expect(runs == FixtureHistories.linear.map(\.id))
        }
    }

    @Test("a history Alembic wrote with expand and contract branch labels is read as phases",
          .enabled(if: pythonOrCI, "needs VDI_TEST_ALEMBIC_PYTHON (scripts/test.sh sets it)"), arguments: Backend.allCases)
    func phases(backend: Backend) throws {
        guard Self.python != nil else {
            Issue.record("CI: VDI_TEST_ALEMBIC_PYTHON is not set")
            return
        }
        try TestDatabase.with(backend, label: "alembic_phases") { db in
            let dir = try TempDir()
            let project = try Self.alembicProject(FixtureHistories.phasedSQL, backend: backend, in: dir)
            let url = db.url.unmaskedString
            let expand = try alembic(project, db, ["upgrade", "expand@head"])
            #expect(expand.status == 0, "\(expand)")
            let cur = try CLI.fixtures("phased-sql", ["--database-connection", url, "current"])
            #expect(cur.stdout == "e0e0e0e0e0e1 (expand) (head)\n", "\(cur)")
            let pending = try CLI.fixtures("phased-sql", ["--database-connection", url, "has_offline_migrations"])
            #expect(pending.status == 1 && pending.stderr.contains("(fixtures: c0c0c0c0c0c1)"), "\(pending)")
            let contract = try CLI.fixtures("phased-sql", ["--database-connection", url, "upgrade", "--contract"])
            #expect(contract.status == 0, "\(contract)")
            // The version table holds the contract head alone (it depends on the expand head), as Alembic
            // writes it; both say the expand head is an effective head.
            let ours = try CLI.fixtures("phased-sql", ["--database-connection", url, "current"])
            #expect(ours.stdout == "e0e0e0e0e0e1 (expand) (effective head)\nc0c0c0c0c0c1 (contract) (head)\n", "\(ours)")
            let back = try alembic(project, db, ["current"])
            // Alembic reads the same: the contract head, and the expand head as an effective head.
            #expect(back.stdout.contains("e0e0e0e0e0e1 (effective head)") && back.stdout.contains("c0c0c0c0c0c1 (head)"), "\(back)")
        }
    }
}
