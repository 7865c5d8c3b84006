import MigrationKit

/// Release Icehouse of the vdi history, frozen by `freeze_release`: a module of its own,
/// which a new revision does not recompile. Released revisions are not edited.
public enum Migrations_Icehouse {
    public static let release = MigrationRelease(name: "Icehouse", sourceDirectory: "Sources/MigrationsReleases/Icehouse", scripts: scripts)

    static let scripts: [any MigrationScript.Type] = [
        // registry: begin
        Revision_icehouse.self,
        // registry: end
    ]
}
