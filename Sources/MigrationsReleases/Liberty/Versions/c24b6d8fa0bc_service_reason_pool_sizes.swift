import MigrationKit

/// service disabled reason; pool sizes checked, at least one desktop; pool_stats keyed
///
/// Revision ID: c24b6d8fa0bc
/// Revises: b13a5c7e9fab
/// Create Date: 2015-09-28 09:00:00
struct Revision_c24b6d8fa0bc: MigrationScript {
    static let id = "c24b6d8fa0bc"
    static let parents: [String] = ["b13a5c7e9fab"]
    static let milestones = ["liberty"]
    static let message = "service disabled reason; pool sizes checked, at least one desktop; pool_stats keyed"
    static let createDate: String? = "2015-09-28 09:00:00"

    func upgrade(_ op: Operations) throws {
        try op.addColumn("services", Column("disabled_reason", .string(length: 255)))
        try op.execute("UPDATE desktop_pools SET max_size = min_size WHERE min_size > max_size")
        try op.createCheckConstraint("ck_desktop_pools_size", on: "desktop_pools", "min_size <= max_size")
        try op.alterColumn("desktop_pools", "min_size", default: .integer(1))
        // One sample per pool and time: keep the first of any duplicates, then key the table.
        try op.execute("""
            DELETE FROM pool_stats WHERE EXISTS (
                SELECT 1 FROM (SELECT pool_id, sampled_at, MIN(active_count) AS keep FROM pool_stats GROUP BY pool_id, sampled_at HAVING count(*) > 1) d
                WHERE d.pool_id = pool_stats.pool_id AND d.sampled_at = pool_stats.sampled_at AND pool_stats.active_count <> d.keep)
            """)
        try op.createPrimaryKey("pk_pool_stats", on: "pool_stats", ["pool_id", "sampled_at"])
    }

    func downgrade(_ op: Operations) throws {
        try op.dropPrimaryKey("pk_pool_stats", on: "pool_stats")
        try op.alterColumn("desktop_pools", "min_size", default: .integer(0))
        try op.dropCheckConstraint("ck_desktop_pools_size", on: "desktop_pools")
        try op.dropColumn("services", "disabled_reason")
    }
}
