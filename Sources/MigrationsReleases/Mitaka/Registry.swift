import MigrationKit

/// Release Mitaka of the vdi history, frozen by `freeze_release`: a module of its own,
/// which a new revision does not recompile. Released revisions are not edited.
public enum Migrations_Mitaka {
    public static let release = MigrationRelease(name: "Mitaka", sourceDirectory: "Sources/MigrationsReleases/Mitaka", scripts: scripts)

    static let scripts: [any MigrationScript.Type] = [
        // registry: begin
        Revision_d35c7e9ab1cd.self,
        Revision_e46d8fabc2de.self,
        Revision_f57e9abcd3ef.self,
        // registry: end
    ]
}
