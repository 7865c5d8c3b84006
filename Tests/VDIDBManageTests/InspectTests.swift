import Foundation
import MigrationKit
import MigrationKitTestSupport
import Testing

@Suite("CLI: inspect")
struct InspectTests {
    @Test("inspect prints the reflected schema as ordered JSON and as compilable Swift", arguments: Backend.allCases)
    func inspect(backend: Backend) throws {
        try TestDatabase.with(backend) { db in
            let url = db.url.unmaskedString
            #expect(try CLI.fixtures("linear", ["--database-connection", url, "upgrade", "head"]).status == 0)
            let json = try CLI.fixtures("linear", ["--database-connection", url, "inspect", "--format", "json"])
            #expect(json.status == 0, "\(json)")
            #expect(json.stdout.hasPrefix("{\n  \"tables\": [\n    {\n      \"name\": \"fx_accounts\",\n      \"comment\": null,\n      \"columns\": ["), "\(json.stdout.prefix(200))")
            let doc = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any]
            let tables = doc?["tables"] as? [[String: Any]] ?? []
            #expect(tables.map { $0["name"] as? String } == ["fx_accounts", "fx_pools", "fx_runs"])
            let pools = tables.first { $0["name"] as? String == "fx_pools" }
            let indexes = pools?["indexes"] as? [[String: Any]] ?? []
            #expect(indexes.map { $0["name"] as? String } == ["ix_fx_pools_name"])
            let keys = ["name", "comment", "columns", "primary_key", "foreign_keys", "unique_constraints", "check_constraints", "indexes"]
            let positions = keys.map { json.stdout.range(of: "\"\($0)\"")?.lowerBound }
            #expect(positions.compactMap { $0 }.count == keys.count)
            #expect(positions.compactMap { $0 } == positions.compactMap { $0 }.sorted())
            // The version table is not part of the schema.
            #expect(!json.stdout.contains("alembic_version"))

            let swift = try CLI.fixtures("linear", ["--database-connection", url, "inspect", "--format", "swift"])
            #expect(swift.stdout.contains("Table(\"fx_pools\""), "\(swift)")
            #expect(swift.stdout.contains("Key.index(\"name\", name: \"ix_fx_pools_name\")"))
            let dir = try TempDir()
            let file = try dir.write("Inspected.swift", swift.stdout)
            let modules = (CLI.fixtureBinary as NSString).deletingLastPathComponent + "/Modules"
            let tc = try CLI.program("/opt/swift/usr/bin/swiftc", ["-typecheck", "-I", modules, file])
            #expect(tc.status == 0, "\(tc)")
        }
    }
}
