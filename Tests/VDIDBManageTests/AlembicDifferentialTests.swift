import Foundation
import Logging
import MigrationFixtures
import MigrationKit
import MigrationKitDrivers
import MigrationKitTestSupport
import Testing

/// The same command with Python Alembic and with this tool, on the same graph, from the same version
/// rows: the exit (success or refusal) and the rows afterwards must agree, online and as `--sql`
/// scripts applied by the database's client; every difference is one of the deliberate ones the
/// README's table lists (and the test holds that table to the README). Graphs: VDI's own history, a
/// line, branches with a dependency and a merge, phases with `depends_on`. Alembic runs in-process
/// (`alembic_differential.py`, one Python process per graph); this tool through MigrationContext, on
/// SQLite files (the rows are the same on every backend: the version table is Alembic's).
@Suite("Alembic differential: every target form, every starting position")
struct AlembicDifferentialTests {
    struct Node: Codable {
        var id: String
        var parents: [String]
        var depends_on: [String]
        var branch_labels: [String]
    }

    struct Case: Codable, Hashable {
        var rows: [String]?
        var command: String
        var target: String
        var sql: Bool
        var text: String { "\(command) \(target)\(sql ? " --sql" : "") from \(rows.map { $0.isEmpty ? "an empty table" : $0.joined(separator: ",") } ?? "base")" }
    }

    struct Outcome: Codable, Equatable {
        var ok: Bool
        var rows: [String]
        var error: String
        static func == (a: Outcome, b: Outcome) -> Bool { a.ok == b.ok && (!a.ok || a.rows == b.rows) }
    }

    /// A difference this tool makes on purpose: its README key and the cases it covers.
    struct Deliberate: Sendable {
        var key: String
        var covers: @Sendable (Case, _ ours: Outcome, _ alembic: Outcome, RevisionGraph) -> Bool
    }

    /// The deliberate differences; each key is a row of the README's table ("Deliberate differences
    /// from Alembic").
    static let deliberate: [Deliberate] = [
        // Alembic walks children and refuses a step at a branch point; this tool takes the next
        // revision of the upgrade plan (expand before contract) when only one order is possible.
        Deliberate(key: "relative-plan-order") { c, ours, alembic, _ in
            ours.ok && !alembic.ok && (c.target.hasPrefix("+") || c.target.hasPrefix("-") || c.target.contains("@+") || c.target.contains("@-")
                || c.target.contains("+") || c.target.range(of: #"-[0-9]+$"#, options: .regularExpression) != nil)
        },
        // Alembic downgrades to the revision N below, which removes every revision above it on every
        // branch (and what depends on them); this tool removes exactly N, or refuses.
        Deliberate(key: "relative-never-more") { c, ours, alembic, _ in
            (c.target.hasPrefix("-") || c.target.hasPrefix("+") || c.target.contains("@-") || c.target.contains("@+")
                || c.target.range(of: #"[-+][0-9]+$"#, options: .regularExpression) != nil)
                && c.command != "stamp" && (!ours.ok || ours.rows != alembic.rows)
        },
        // A downgrade target the database's head only depends on, or that stands on a line the head
        // depends on, is refused, naming it: going back there would take out what depends on it.
        // Alembic refuses the first and accepts the second.
        Deliberate(key: "downgrade-dependency") { c, ours, alembic, _ in
            c.command == "downgrade" && !ours.ok && ours.error.contains("is not below the database's current revision") && alembic.ok
        },
        // LABEL@base downgrades only the branch's own revisions; Alembic goes to base.
        Deliberate(key: "label-base") { c, _, _, _ in c.target.hasSuffix("@base") },
        // An upgrade to a revision the database is already past is refused (exit 1, nothing changed);
        // Alembic does nothing and exits 0.
        Deliberate(key: "upgrade-behind") { c, ours, alembic, _ in
            c.command == "upgrade" && !ours.ok && ours.error.contains("already past") && alembic.ok && alembic.rows == (c.rows ?? []).sorted()
        },
        // In a history split into phases, `head` (and `PHASE@head`) is both phase heads, as
        // neutron-db-manage reads it; Alembic refuses `head` with several heads.
        Deliberate(key: "head-phases") { c, ours, alembic, graph in
            graph.hasPhases && c.target.contains("head") && ours.ok && !alembic.ok && alembic.error.contains("Multiple head")
        },
        // `stamp` with a relative target counts from where the database is, as upgrade and downgrade
        // do; Alembic counts a stamp's -N from the heads of the history.
        Deliberate(key: "stamp-relative") { c, _, _, _ in
            c.command == "stamp" && (c.target.hasPrefix("+") || c.target.hasPrefix("-") || c.target.contains("@+") || c.target.contains("@-"))
        },
    ]

    static var python: String? { ProcessInfo.processInfo.environment["VDI_TEST_ALEMBIC_PYTHON"] }

    // MARK: - Graph shapes

    static func nodes(_ revisions: [Revision]) -> [Node] {
        revisions.map { Node(id: $0.id, parents: $0.parents, depends_on: $0.dependsOn, branch_labels: $0.branchLabels) }
    }

    static func line() -> [Node] {
        (1...8).map { i in Node(id: "11110000000\(i)", parents: i == 1 ? [] : ["11110000000\(i - 1)"], depends_on: [], branch_labels: []) }
    }

    /// VDI's own history as `history --format json` reports it (ids, parents, dependencies, labels).
    static func vdi() throws -> [Node] {
        let r = try CLI.run(["--database-connection", "sqlite://", "--subproject", "vdi", "history", "--format", "json"])
        let list = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [[String: Any]], "\(r)")
        return list.reversed().map { e in
            Node(id: e["revision"] as? String ?? "", parents: e["parents"] as? [String] ?? [],
                 depends_on: e["depends_on"] as? [String] ?? [], branch_labels: e["branch_labels"] as? [String] ?? [])
        }
    }

    static func shapes() throws -> [(String, [Node])] {
        [("VDI's history", try vdi()), ("a line", line()), ("branches, a dependency and a merge", nodes(FixtureHistories.merged.map(\.revision))),
         ("phases with depends_on", nodes(FixtureHistories.phased))]
    }

    // MARK: - Cases

    /// Starting positions (base, each revision, the heads, two branches' heads together) and every
    /// target form the README documents, for upgrade, downgrade and stamp, online and as ranges.
    static func cases(_ graph: RevisionGraph, full: Bool) -> [Case] {
        let all = Array(0..<graph.count)
        var positions: [[String]?] = [nil, []]
        for (k, r) in graph.order.enumerated() where full || k % 4 == 0 || graph.isHead(r) || graph.isBranchPoint(r) || graph.isMerge(r) {
            positions.append([graph.revision(r).id])
        }
        positions.append(graph.ids(graph.maximal(graph.heads)))
        // Two revisions on different branches (one branch applied further than the other).
        var pairs = 0
        for a in all where pairs < (full ? 20 : 4) {
            for b in all where b > a && pairs < (full ? 20 : 4) {
                let anc = graph.ancestors(of: [a]), anb = graph.ancestors(of: [b])
                if !anc[b] && !anb[a] { positions.append(graph.ids(graph.maximal([a, b]))); pairs += 1 }
            }
        }
        var targets = ["head", "heads", "base", "+1", "+2", "-1", "-2", "head-1", "heads-1", "head+1"]
        for (k, r) in graph.order.enumerated() where full || k % 2 == 0 || graph.isHead(r) || !graph.revision(r).branchLabels.isEmpty {
            targets.append(graph.revision(r).id)
        }
        if let first = graph.order.first { targets.append(String(graph.revision(first).id.prefix(6))) }
        for r in graph.order.prefix(3) { targets += [graph.revision(r).id + "+1", graph.revision(r).id + "+2"] }
        for r in graph.order.suffix(3) { targets += [graph.revision(r).id + "-1", graph.revision(r).id + "-2"] }
        for label in graph.labelNames.keys.sorted() where graph.revision(graph.labelNames[label]!).branchLabels.contains(label) {
            targets += ["\(label)@head", "\(label)@base", "\(label)@+1", "\(label)@+2", "\(label)@-1"]
        }
        var out: [Case] = []
        for rows in positions {
            for t in targets {
                for command in ["upgrade", "downgrade", "stamp"] {
                    out.append(Case(rows: rows, command: command, target: t, sql: false))
                }
            }
        }
        // Ranges as scripts, from a few positions: FROM:TO with ids and head/heads/base.
        let ends = ["base", "heads"] + graph.order.enumerated().filter { full || $0.offset % 5 == 0 }.map { graph.revision($0.element).id }
        for from in ends {
            for to in ends where from != to {
                let rows: [String]? = from == "base" ? nil : (from == "heads" ? graph.ids(graph.maximal(graph.heads)) : [from])
                for command in ["upgrade", "downgrade", "stamp"] {
                    out.append(Case(rows: rows, command: command, target: "\(from):\(to)", sql: true))
                }
            }
        }
        return out
    }

    // MARK: - Running

    static func alembic(_ graph: [Node], _ cases: [Case], dir: String, server: TestDatabase? = nil) throws -> [Outcome] {
        struct Input: Codable { var graph: [Node]; var dir: String; var cases: [Case]; var url: String?; var client: [String]? }
        let input = dir + "/cases.json"
        var client: [String]?
        if let db = server {
            let u = db.url
            client = db.backend == .postgresql
                ? ["/usr/bin/psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", u.unmaskedString]
                : ["/usr/bin/mariadb", "--no-defaults", "-h", u.host ?? "127.0.0.1", "-P", "\(u.port ?? 3306)", "-u", u.username ?? "", "-p\(u.password ?? "")", u.database ?? ""]
        }
        try JSONEncoder().encode(Input(graph: graph, dir: dir, cases: cases, url: server.map(AlembicInteropTests.sqlalchemyURL), client: client))
            .write(to: URL(fileURLWithPath: input))
        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().path + "/alembic_differential.py"
        let r = try CLI.program(try #require(python), [script, input], timeout: 600)
        try #require(r.status == 0, "the Alembic driver failed: \(r.stderr.suffix(2000))")
        return try JSONDecoder().decode([Outcome].self, from: Data(r.stdout.utf8))
    }

    static func ours(_ graph: [Node], _ c: Case, dir: String, server: TestDatabase? = nil) throws -> Outcome {
        let path = dir + "/ours.db"
        if server == nil { try? FileManager.default.removeItem(atPath: path) }
        let url = try server?.url ?? DatabaseURL(parsing: "sqlite:///" + path)
        let connection = try NativeConnector().connect(to: url)
        if let server {
            let d = dialect(for: server.backend)
            for t in ["alembic_version", "alembic_version_lock", "alembic_version_ledger", "alembic_version_progress"] {
                try connection.execute("DROP TABLE IF EXISTS \(d.quote(t))")
            }
        }
        if let rows = c.rows {
            try connection.execute("CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL, CONSTRAINT alembic_version_pkc PRIMARY KEY (version_num))")
            for r in rows { try connection.execute("INSERT INTO alembic_version VALUES ('\(r)')") }
        }
        connection.close()
        var settings = Settings()
        settings.url = url
        var logger = Logger(label: "differential")
        logger.logLevel = .critical
        let revisions = graph.map { Revision(id: $0.id, parents: $0.parents, dependsOn: $0.depends_on, branchLabels: $0.branch_labels) }
        let repository = MigrationRepository(name: "diff", revisions: revisions, sourceDirectory: "none", registryType: "none")
        let context = MigrationContext(repository: repository, settings: settings, connector: NativeConnector(), logger: logger)
        var script = ""
        let mode: RunMode = c.sql ? .offline(write: { script += $0 }) : .online
        var ok = true
        var error = ""
        do {
            switch c.command {
            case "upgrade": try context.upgrade(to: c.target, mode: mode)
            case "downgrade": try context.downgrade(to: c.target, mode: mode)
            default: try context.stamp(c.target, mode: mode)
            }
            if ProcessInfo.processInfo.environment["VDI_DIFFERENTIAL_TRACE"] != nil { print("TRACE \(c.text):\n\(script)") }
            if c.sql {
                // The script, applied by the database's own client, to a database where FROM is.
                try script.write(toFile: dir + "/script.sql", atomically: true, encoding: .utf8)
                let r = try server.map { try OfflineTests.runWithClient($0, script: dir + "/script.sql") }
                    ?? CLI.program("/usr/bin/sqlite3", ["-bail", path], stdin: dir + "/script.sql")
                if r.status != 0 { ok = false; error = "client: " + r.stderr }
            }
        } catch let e {
            ok = false
            error = "\(e)"
        }
        let check = try NativeConnector().connect(to: url)
        defer { check.close() }
        let rows = ((try? check.query("SELECT version_num FROM alembic_version")) ?? []).compactMap { $0[0].stringValue }.sorted()
        return Outcome(ok: ok, rows: rows, error: error)
    }

    @Test("on PostgreSQL and MariaDB too: a sample of the cases, online and --sql through each database's client", arguments: [Backend.postgresql, .mysql])
    func onServers(backend: Backend) throws {
        guard Self.python != nil || TestDatabase.inCI else {
            try #require(Bool(false), "the differential test needs VDI_TEST_ALEMBIC_PYTHON (scripts/test.sh makes the venv)")
            return
        }
        try TestDatabase.with(backend) { db in
            var unexplained: [String] = []
            var compared = 0
            for (name, nodes) in try Self.shapes() where name == "VDI's history" || name == "phases with depends_on" {
                let dir = try TempDir()
                let graph = try RevisionGraph(nodes.map { Revision(id: $0.id, parents: $0.parents, dependsOn: $0.depends_on, branchLabels: $0.branch_labels) })
                // Every 9th case: each command, target form and kind of position still comes up.
                let cases = Self.cases(graph, full: false).enumerated().filter { $0.offset % 9 == 0 }.map(\.element)
                let theirs = try Self.alembic(nodes, cases, dir: dir.path, server: db)
                try #require(theirs.count == cases.count)
                for (c, alembic) in zip(cases, theirs) {
                    let ours = try Self.ours(nodes, c, dir: dir.path, server: db)
                    compared += 1
                    if ours == alembic || Self.deliberate.contains(where: { $0.covers(c, ours, alembic, graph) }) { continue }
                    unexplained.append("\(name): \(c.text): ours \(ours.ok ? "ok \(ours.rows)" : "refused (\(ours.error.prefix(160)))"); "
                        + "Alembic \(alembic.ok ? "ok \(alembic.rows)" : "refused (\(alembic.error.prefix(160)))")")
                }
            }
            let report = "\(backend): \(unexplained.count) unexplained difference(s) of \(compared):\n" + unexplained.prefix(30).joined(separator: "\n")
            #expect(unexplained.isEmpty, "\(report)")
            print("differential on \(backend): \(compared) cases compared")
        }
    }

    @Test("the same exit and the same version rows as Alembic, or a deliberate difference the README lists")
    func differential() throws {
        guard Self.python != nil || TestDatabase.inCI else {
            try #require(Bool(false), "the differential test needs VDI_TEST_ALEMBIC_PYTHON (scripts/test.sh makes the venv)")
            return
        }
        let full = ProcessInfo.processInfo.environment["VDI_DIFFERENTIAL_FULL"] != nil
        let readme = try String(contentsOfFile: URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().path + "/README.md", encoding: .utf8)
        var compared = 0
        var byKey: [String: Int] = [:]
        for (name, nodes) in try Self.shapes() {
            let dir = try TempDir()
            let graph = try RevisionGraph(nodes.map { Revision(id: $0.id, parents: $0.parents, dependsOn: $0.depends_on, branchLabels: $0.branch_labels) })
            let only = ProcessInfo.processInfo.environment["VDI_DIFFERENTIAL_ONLY"]
            let cases = Self.cases(graph, full: full).filter { only == nil || $0.text.hasPrefix(only!) }
            let theirs = try Self.alembic(nodes, cases, dir: dir.path)
            try #require(theirs.count == cases.count)
            var unexplained: [String] = []
            for (c, alembic) in zip(cases, theirs) {
                let ours = try Self.ours(nodes, c, dir: dir.path)
                compared += 1
                if ours == alembic { continue }
                if let d = Self.deliberate.first(where: { $0.covers(c, ours, alembic, graph) }) {
                    byKey[d.key, default: 0] += 1
                    continue
                }
                unexplained.append("\(c.text): ours \(ours.ok ? "ok \(ours.rows)" : "refused (\(ours.error.prefix(160)))"); "
                    + "Alembic \(alembic.ok ? "ok \(alembic.rows)" : "refused (\(alembic.error.prefix(160)))")")
            }
            if let dump = ProcessInfo.processInfo.environment["VDI_DIFFERENTIAL_DUMP"] {
                try? ("== \(name)\n" + unexplained.joined(separator: "\n") + "\n").appendLine(to: dump)
            }
            let report = "\(name): \(unexplained.count) unexplained difference(s) of \(cases.count):\n" + unexplained.prefix(40).joined(separator: "\n")
            #expect(unexplained.isEmpty, "\(report)")
        }
        print("differential: \(compared) cases compared; deliberate differences: \(byKey.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", "))")
        for d in Self.deliberate {
            #expect(readme.contains("| `\(d.key)` |"), "README's table of deliberate differences has no row `\(d.key)`")
        }
    }
}

extension String {
    func appendLine(to path: String) throws {
        if !FileManager.default.fileExists(atPath: path) { FileManager.default.createFile(atPath: path, contents: nil) }
        let h = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        defer { try? h.close() }
        try h.seekToEnd()
        try h.write(contentsOf: Data(utf8))
    }
}
