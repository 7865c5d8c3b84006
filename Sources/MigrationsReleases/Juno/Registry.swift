import MigrationKit

/// Release Juno of the vdi history, frozen by `freeze_release`: a module of its own,
/// which a new revision does not recompile. Released revisions are not edited.
public enum Migrations_Juno {
    public static let release = MigrationRelease(name: "Juno", sourceDirectory: "Sources/MigrationsReleases/Juno", scripts: scripts)

    static let scripts: [any MigrationScript.Type] = [
        // registry: begin
        Revision_1d3c5e7a9b01.self,
        Revision_2e4d6f8b0c12.self,
        Revision_3f5e7a9c1d23.self,
        Revision_4a6f8b0d2e34.self,
        // registry: end
    ]
}
