import Foundation
import MigrationKit
import MigrationKitTestSupport
import Testing

/// Every command that prints has `--format json`, with the shape the README documents.
@Suite("CLI: JSON output of every printing command")
struct JSONFormatTests {
    static let revisionKeys: Set<String> = ["revision", "parents", "depends_on", "message", "branch_labels", "milestones", "is_head", "is_branch_point", "is_merge", "is_current", "children"]

    func json(_ r: CLI.Result, sourceLocation: SourceLocation = #_sourceLocation) throws -> Any {
        #expect(r.stderr.isEmpty || r.status == 0, "\(r)", sourceLocation: sourceLocation)
        return try JSONSerialization.jsonObject(with: Data(r.stdout.utf8))
    }

    @Test("one repository: current, history, heads, branches, show, check, check_migration, inspect", arguments: Backend.allCases)
    func oneRepository(backend: Backend) throws {
        try TestDatabase.with(backend) { db in
            let url = db.url.unmaskedString
            func fx(_ args: [String]) throws -> CLI.Result { try CLI.fixtures("modeled", ["--database-connection", url] + args) }
            #expect(try fx(["upgrade", "head"]).status == 0)
            let current = try json(try fx(["current", "--format", "json"])) as? [String: Any]
            #expect(Set(current?.keys.map { $0 } ?? []) == ["url", "version_table", "revisions"])
            let revision = (current?["revisions"] as? [[String: Any]])?.first
            #expect(Self.revisionKeys.isSubset(of: Set(revision?.keys.map { $0 } ?? [])), "\(revision ?? [:])")
            #expect(revision?["is_current"] as? Bool == true)
            for command in [["history"], ["heads"], ["branches"], ["show", "head"]] {
                let list = try json(try fx(command + ["--format", "json"])) as? [[String: Any]]
                #expect(list != nil, "\(command)")
                for r in list ?? [] { #expect(Self.revisionKeys.isSubset(of: Set(r.keys.map { $0 })), "\(command): \(r.keys)") }
            }
            let check = try json(try fx(["check", "--format", "json"])) as? [Any]
            #expect(check?.isEmpty == true)
            let gate = try json(try fx(["check_migration", "--format", "json"])) as? [String: Any]
            #expect(gate?["ok"] as? Bool == true && (gate?["problems"] as? [Any])?.isEmpty == true, "\(gate ?? [:])")
            let inspect = try json(try fx(["inspect", "--format", "json"])) as? [String: Any]
            #expect(inspect?["tables"] != nil, "\(inspect?.keys.map { $0 } ?? [])")
        }
    }

    @Test("several repositories: an object keyed by repository")
    func severalRepositories() throws {
        try TestDatabase.with(.sqlite) { db in
            let url = db.url.unmaskedString
            #expect(try CLI.run(["--database-connection", url, "upgrade", "head"]).status == 0)
            for command in [["current"], ["history"], ["heads"], ["branches"], ["check_migration"]] {
                let object = try json(try CLI.run(["--database-connection", url] + command + ["--format", "json"])) as? [String: Any]
                #expect(Set(object?.keys.map { $0 } ?? []) == ["vdi", "accounting"], "\(command)")
            }
        }
    }
}
