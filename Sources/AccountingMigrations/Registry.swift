import MigrationKit
// release imports: begin
// release imports: end

/// Every revision of the usage-accounting history, in the order written.
///
/// Maintained by `vdi-db-manage --subproject accounting revision`; `check_migration` checks it against
/// the files in `Versions/`. Its version table is `alembic_version_accounting`.
public enum AccountingMigrations {
    /// Frozen releases, oldest first: modules of their own under `Sources/AccountingMigrationsReleases/`
    /// (`freeze_release`), which a new revision does not recompile.
    static let releases: [MigrationRelease] = [
        // releases: begin
        // releases: end
    ]

    static let scripts: [any MigrationScript.Type] = [
        // registry: begin
        Revision_acct00000001.self,
        Revision_acct00000002.self,
        // registry: end
    ]

    /// The accounting repository; the executable adds the models it is compared with.
    public static var repository: MigrationRepository {
        MigrationRepository(
            name: "accounting", revisions: scripts.map { $0.revision }, releases: releases, defaultVersionTable: "alembic_version_accounting",
            sourceDirectory: "Sources/AccountingMigrations", registryType: "AccountingMigrations",
            expectedMilestones: ["accounting-1.0", "accounting-1.1"])
    }
}
