import MigrationKit

/// Release Kilo of the vdi history, frozen by `freeze_release`: a module of its own,
/// which a new revision does not recompile. Released revisions are not edited.
public enum Migrations_Kilo {
    public static let release = MigrationRelease(name: "Kilo", sourceDirectory: "Sources/MigrationsReleases/Kilo", scripts: scripts)

    static let scripts: [any MigrationScript.Type] = [
        // registry: begin
        Revision_5b7a9c1e3f45.self,
        Revision_6c8b0d2f4a56.self,
        Revision_7d9c1e3a5b67.self,
        Revision_8e0d2f4b6c78.self,
        // registry: end
    ]
}
