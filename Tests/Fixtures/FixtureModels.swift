import MigrationKit

/// Declared models for the autogenerate tests: `v1` is what the `modeled` history builds; `v2` changes it
/// in every way autogenerate must detect.
public enum FixtureModels {
    static func hosts(v2: Bool) -> Table {
        Table("am_hosts", options: .innoDBUTF8MB4) {
            Column("id", .integer, nullable: false, autoincrement: true)
            if v2 {
                Column("hostname", .string(length: 64), nullable: false, previousName: "name")
            } else {
                Column("name", .string(length: 64), nullable: false)
            }
            Column("enabled", .boolean, nullable: false, default: .boolean(true))
            Key.primary("id")
        }
    }

    static func pools(v2: Bool) -> Table {
        Table("am_pools", options: .innoDBUTF8MB4) {
            Column("id", .integer, nullable: false, autoincrement: true)
            Column("host_id", .integer)
            Column("name", .string(length: v2 ? 100 : 50), nullable: false)
            Column("size", .integer, nullable: false, default: .integer(0))
            Column("state", .enumeration(SQLEnum(name: "am_state", values: v2 ? ["up", "down", "maintenance"] : ["up", "down"])), nullable: false, default: .string("up"))
            if v2 { Column("quota", .integer, nullable: false, default: .integer(5)) }
            if !v2 { Column("legacy", .text) }
            Key.primary("id")
            Key.foreign(["host_id"], references: "am_hosts", ["id"], onDelete: v2 ? .cascade : .setNull)
            if v2 { Key.unique("name") } else { Key.index("name") }
            Key.check("ck_am_pools_size", "size >= 0")
        }
    }

    static let tags = Table("am_tags", options: .innoDBUTF8MB4) {
        Column("id", .integer, nullable: false, autoincrement: true)
        Column("pool_id", .integer, nullable: false)
        Column("tag", .string(length: 32), nullable: false)
        Key.primary("id")
        Key.foreign(["pool_id"], references: "am_pools", ["id"], onDelete: .cascade)
        Key.index("pool_id", "tag", unique: true)
    }

    public static let v1 = Schema([hosts(v2: false), pools(v2: false)])
    public static let v2 = Schema([hosts(v2: true), pools(v2: true), tags])

    public static func named(_ name: String) -> Schema? {
        switch name {
        case "v1": v1
        case "v2": v2
        default: nil
        }
    }

    /// A history of one revision that builds `v1` with the DSL, as a hand-written revision would.
    public static let history: [Revision] = [
        Revision(
            id: "a0a0a0a0a0a1", message: "create hosts and pools",
            upgrade: { op in
                try op.createTable(hosts(v2: false))
                try op.createTable(pools(v2: false))
            },
            downgrade: { op in
                try op.dropTable("am_pools")
                try op.dropTable("am_hosts")
            })
    ]
}
