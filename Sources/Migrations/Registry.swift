import MigrationKit

/// Every revision of VDI's core history, in the order written.
///
/// Maintained by `vdi-db-manage revision` and `merge`; `check_migration` checks it against the files
/// in `Versions/`. Revisions spell out their tables literally and never import `VDIModels`.
public enum VDIMigrations {
    static let scripts: [any MigrationScript.Type] = [
        // registry: begin
        // registry: end
    ]

    /// The core repository as the tool sees it.
    public static var repository: MigrationRepository {
        MigrationRepository(
            name: "vdi", revisions: scripts.map { $0.revision }, sourceDirectory: "Sources/Migrations",
            registryType: "VDIMigrations", expectedMilestones: [])
    }
}
