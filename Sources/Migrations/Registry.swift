import MigrationKit

/// Every revision of VDI's core history, in the order written.
///
/// Maintained by `vdi-db-manage revision` and `merge`; `check_migration` checks it against the files
/// in `Versions/`. Revisions spell out their tables literally and never import `VDIModels`.
public enum VDIMigrations {
    static let scripts: [any MigrationScript.Type] = [
        // registry: begin
        Revision_icehouse.self,
        Revision_1d3c5e7a9b01.self,
        Revision_2e4d6f8b0c12.self,
        Revision_3f5e7a9c1d23.self,
        Revision_4a6f8b0d2e34.self,
        Revision_5b7a9c1e3f45.self,
        Revision_6c8b0d2f4a56.self,
        Revision_7d9c1e3a5b67.self,
        Revision_8e0d2f4b6c78.self,
        Revision_9f1e3a5c7d89.self,
        Revision_a02f4b6d8e9a.self,
        Revision_b13a5c7e9fab.self,
        Revision_c24b6d8fa0bc.self,
        Revision_d35c7e9ab1cd.self,
        Revision_e46d8fabc2de.self,
        Revision_f57e9abcd3ef.self,
        Revision_776fdf5d3930.self,
        Revision_1e72a416288c.self,
        Revision_3f7c8ff64017.self,
        Revision_a56fa8e3e984.self,
        // registry: end
    ]

    /// The core repository as the tool sees it; the executable adds the models it is compared with.
    public static var repository: MigrationRepository {
        MigrationRepository(
            name: "vdi", revisions: scripts.map { $0.revision }, sourceDirectory: "Sources/Migrations",
            registryType: "VDIMigrations",
            expectedMilestones: ["icehouse", "juno", "kilo", "liberty", "mitaka"],
            migrateVersions: migrateVersions, dataMigrations: dataMigrations)
    }

    /// Newton's online data migrations, run between `upgrade --expand` and `upgrade --contract`.
    static let dataMigrations: [DataMigration] = [
        .backfill(name: "desktop display names", after: "3f7c8ff64017", until: "a56fa8e3e984", table: "desktops",
                  set: "display_name = name", pending: "display_name IS NULL AND name IS NOT NULL"),
        .backfill(name: "desktop power states", after: "3f7c8ff64017", until: "a56fa8e3e984", table: "desktops",
                  set: "power_state = CASE state WHEN 'active' THEN 'running' WHEN 'suspended' THEN 'paused' ELSE 'shutdown' END",
                  pending: "power_state IS NULL"),
    ]

    /// sqlalchemy-migrate's version numbers, for databases it managed before this history: VDI's
    /// sqlalchemy-migrate repository (`vdi/db/sqlalchemy/migrate_repo`) ended at version 45, the
    /// Icehouse schema; earlier versions predate what this history can adopt.
    ///
    /// | migrate_version | revision |
    /// |---|---|
    /// | 45 | icehouse |
    public static var migrateVersions: [Int: String] {
        [45: "icehouse"]
    }
}
