import MigrationKit

/// Release Liberty of the vdi history, frozen by `freeze_release`: a module of its own,
/// which a new revision does not recompile. Released revisions are not edited.
public enum Migrations_Liberty {
    public static let release = MigrationRelease(name: "Liberty", sourceDirectory: "Sources/MigrationsReleases/Liberty", scripts: scripts)

    static let scripts: [any MigrationScript.Type] = [
        // registry: begin
        Revision_9f1e3a5c7d89.self,
        Revision_a02f4b6d8e9a.self,
        Revision_b13a5c7e9fab.self,
        Revision_c24b6d8fa0bc.self,
        // registry: end
    ]
}
