import Foundation
import MigrationKit
import MigrationKitTestSupport
import Testing

/// `inspect --format json` against SQLAlchemy's inspector (the reference Alembic autogenerate reads) on
/// the fidelity fixture: generated columns, covering, partial and expression indexes, on all three
/// databases. Expressions are compared as each side's spelling normalises (`Dialect.comparableExpression`).
@Suite("CLI: inspect agrees with SQLAlchemy's inspector")
struct SQLAlchemyInspectorTests {
    static let script = """
        import json, os, sqlalchemy as sa
        engine = sa.create_engine(os.environ["SA_URL"])
        insp = sa.inspect(engine)
        out = {"columns": {}, "indexes": {}}
        for c in insp.get_columns("gadgets"):
            comp = c.get("computed")
            out["columns"][c["name"]] = None if comp is None else {"expression": str(comp["sqltext"]), "stored": bool(comp.get("persisted", False))}
        for i in insp.get_indexes("gadgets"):
            opts = i.get("dialect_options", {})
            elements = i.get("expressions") or i["column_names"]
            out["indexes"][i["name"]] = {
                "elements": [str(e) for e in elements],
                "include": list(i.get("include_columns") or opts.get("postgresql_include") or []),
                "where": str(opts["postgresql_where"]) if "postgresql_where" in opts else (str(opts["sqlite_where"]) if "sqlite_where" in opts else None),
            }
        print(json.dumps(out))
        """

    static func norm(_ e: String) -> String { PostgreSQLDialect.comparableExpression(e) }

    @Test("the same generated columns, index elements, INCLUDE columns and predicates",
          .enabled(if: AlembicInteropTests.pythonOrCI, "needs VDI_TEST_ALEMBIC_PYTHON (scripts/test.sh sets it)"), arguments: Backend.allCases)
    func sameFacts(backend: Backend) throws {
        guard let python = AlembicInteropTests.python else {
            Issue.record("CI: VDI_TEST_ALEMBIC_PYTHON is not set")
            return
        }
        try TestDatabase.with(backend) { db in
            let c = try db.connect()
            for sql in FidelityFixture.handWritten[backend]! { try c.execute(sql) }
            c.close()
            let dir = try TempDir()
            let sa = try CLI.program(python, [try dir.write("sa_reflect.py", Self.script)], environment: ["SA_URL": AlembicInteropTests.sqlalchemyURL(db)])
            #expect(sa.status == 0, "\(sa)")
            let theirs = try #require(try JSONSerialization.jsonObject(with: Data(sa.stdout.utf8)) as? [String: Any])
            let ours = try CLI.run(["--database-connection", db.url.unmaskedString, "inspect", "--format", "json"])
            #expect(ours.status == 0, "\(ours)")
            let schema = try #require(try JSONSerialization.jsonObject(with: Data(ours.stdout.utf8)) as? [String: Any])
            let table = try #require((schema["tables"] as? [[String: Any]])?.first { $0["name"] as? String == "gadgets" })

            // Generated columns: which, from what, stored or not.
            let saColumns = theirs["columns"] as? [String: Any] ?? [:]
            for column in table["columns"] as? [[String: Any]] ?? [] {
                let name = column["name"] as! String
                let mine = column["generated"] as? [String: Any]
                let sas = saColumns[name] as? [String: Any]
                #expect((mine == nil) == (sas == nil), "\(name): ours \(String(describing: mine)), SQLAlchemy \(String(describing: sas))")
                if let mine, let sas {
                    // SQLAlchemy's SQLite reflection finds a generated column's expression with a pattern
                    // that fails after a type with a comma (`NUMERIC(20, 2)`): an empty expression there
                    // is SQLAlchemy knowing less, not a disagreement.
                    let theirs = sas["expression"] as! String
                    if !(backend == .sqlite && theirs.isEmpty) {
                        #expect(Self.norm(mine["expression"] as! String) == Self.norm(theirs), "\(name)")
                    }
                    #expect(mine["stored"] as? Bool == sas["stored"] as? Bool, "\(name)")
                }
            }
            // Indexes: the same names (InnoDB's foreign-key indexes aside: the fixture has none), the
            // same key elements, INCLUDE columns and predicates.
            let saIndexes = theirs["indexes"] as? [String: [String: Any]] ?? [:]
            let mine = Dictionary(uniqueKeysWithValues: (table["indexes"] as? [[String: Any]] ?? []).map { ($0["name"] as! String, $0) })
            // SQLAlchemy skips expression indexes on SQLite ("unsupported reflection"); everything else is
            // the same set.
            let expressionOnly = backend == .sqlite ? Set(mine.filter { ($0.value["columns"] as? [String] ?? []).contains(where: Index.isExpression) }.keys) : []
            #expect(Set(mine.keys).subtracting(expressionOnly) == Set(saIndexes.keys))
            for (name, i) in mine {
                guard let s = saIndexes[name] else { continue }
                #expect((i["columns"] as? [String] ?? []).map(Self.norm) == (s["elements"] as? [String] ?? []).map(Self.norm), "\(name): ours \(i), SQLAlchemy \(s)")
                #expect(i["include"] as? [String] ?? [] == s["include"] as? [String] ?? [], "\(name)")
                // SQLAlchemy reads predicates on PostgreSQL and SQLite; where it has one, ours is the same.
                if let w = s["where"] as? String {
                    #expect((i["where"] as? String).map(Self.norm) == Self.norm(w), "\(name): ours \(i), SQLAlchemy \(s)")
                }
            }
        }
    }
}
