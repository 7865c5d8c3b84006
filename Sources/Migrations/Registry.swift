import MigrationKit
// release imports: begin
import Migrations_Icehouse
import Migrations_Juno
import Migrations_Kilo
import Migrations_Liberty
import Migrations_Mitaka
// release imports: end

/// VDI's core history: its frozen releases (Icehouse to Mitaka) and the revisions of the release in
/// development (Newton), in the order written.
///
/// Maintained by `vdi-db-manage revision`, `merge` and `freeze_release`; `check_migration` checks it
/// against the files in `Versions/` and in each frozen release's folder. Revisions spell out their
/// tables literally and never import `VDIModels`.
public enum VDIMigrations {
    /// Frozen releases, oldest first: modules of their own under `Sources/MigrationsReleases/`
    /// (`freeze_release`), which a new revision does not recompile.
    static let releases: [MigrationRelease] = [
        // releases: begin
        Migrations_Icehouse.release,
        Migrations_Juno.release,
        Migrations_Kilo.release,
        Migrations_Liberty.release,
        Migrations_Mitaka.release,
        // releases: end
    ]

    static let scripts: [any MigrationScript.Type] = [
        // registry: begin
        Revision_776fdf5d3930.self,
        Revision_1e72a416288c.self,
        Revision_3f7c8ff64017.self,
        Revision_a56fa8e3e984.self,
        // registry: end
    ]

    /// The core repository as the tool sees it; the executable adds the models it is compared with.
    public static var repository: MigrationRepository {
        MigrationRepository(
            name: "vdi", revisions: scripts.map { $0.revision }, releases: releases, sourceDirectory: "Sources/Migrations",
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
